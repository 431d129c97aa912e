"""``blueprint-editor stats`` and ``blueprint-editor check``, run as real processes with no display."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import no_display_environment, one_error_line, run_cli

from blueprint_editor.analysis import document_findings
from blueprint_editor.io import load_document, save_document
from blueprint_editor.model import Document, Flow, Step
from blueprint_editor.model.document import blank_scenario
from blueprint_editor.resources import example_path

JSON_KEYS = [
    "scenario",
    "steps",
    "steps_by_lane",
    "flows",
    "crossings",
    "fail_points",
    "wait_points",
    "lead_time_min",
    "touch_time_min",
    "flow_efficiency",
]


def _step(step_id: str, lane: str, x: float = 40, **fields: object) -> Step:
    return Step.model_validate({"id": step_id, "lane": lane, "x": x} | fields)


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    """Two scenarios; the second, "Rush hour", has a longest path of 15 + 20 + 90 = 125 minutes, 85 of them work."""
    quiet = blank_scenario("quiet", "Quiet day")
    quiet.steps = [_step("c1", "customer", duration_min=1)]
    rush = blank_scenario("rush", "Rush hour")
    rush.steps = [
        _step("e1", "evidence"),
        _step("c1", "customer", wait_min=10, duration_min=5, fail_point=True, owner="Desk"),
        _step("f1", "frontstage", duration_min=20),
        _step("b1", "backstage", wait_min=30, duration_min=60),
        _step("s1", "support", duration_min=0.5, wait_min=0.25),
        _step("c2", "customer", x=640),
        _step("f2", "frontstage", x=640),
    ]
    ends = [("e1", "c1"), ("c1", "f1"), ("f1", "b1"), ("b1", "c2"), ("s1", "b1"), ("c2", "f2")]
    rush.flows = [Flow(id=f"l{i}", source=a, target=b) for i, (a, b) in enumerate(ends, start=1)]
    path = tmp_path / "small.json"
    save_document(Document(title="Small", scenarios=[quiet, rush]), path)
    return path


@pytest.fixture
def broken_references_file(tmp_path: Path) -> Path:
    """A flow to a missing step and a step id used twice: the editor refuses it, check reports it."""
    scenario = blank_scenario()
    scenario.steps = [
        _step("c1", "customer", label="Arrive"),
        _step("c1", "customer", label="Arrive again"),
        _step("f1", "frontstage"),
    ]
    scenario.flows = [Flow(id="l1", source="c1", target="f1"), Flow(id="l2", source="f1", target="gone")]
    path = tmp_path / "broken.json"
    save_document(Document(scenarios=[scenario]), path)
    return path


# --- stats -------------------------------------------------------------------------------------------------------


def test_stats_json_of_a_scenario_by_name(small_file: Path) -> None:
    result = run_cli("stats", small_file, "--scenario", "Rush hour", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    data = json.loads(result.stdout)
    assert list(data) == JSON_KEYS
    assert list(data["steps_by_lane"]) == ["evidence", "customer", "frontstage", "backstage", "support"]
    assert list(data["crossings"]) == ["interaction", "visibility", "internal"]
    assert data == {
        "scenario": "Rush hour",
        "steps": 7,
        "steps_by_lane": {"evidence": 1, "customer": 2, "frontstage": 2, "backstage": 1, "support": 1},
        "flows": 6,
        # c1-f1, b1-c2 and c2-f2 cross the line of interaction; f1-b1 and b1-c2 the line of visibility; s1-b1 the
        # line of internal interaction.
        "crossings": {"interaction": 3, "visibility": 2, "internal": 1},
        "fail_points": 1,
        "wait_points": 3,
        "lead_time_min": 125,
        "touch_time_min": 85,
        "flow_efficiency": 0.68,
    }
    # Whole numbers are written as integers.
    assert '"lead_time_min": 125,' in result.stdout
    assert '"touch_time_min": 85,' in result.stdout


def test_stats_picks_the_first_scenario_by_default_and_by_id(small_file: Path) -> None:
    first = json.loads(run_cli("stats", small_file, "--json").stdout)
    assert first["scenario"] == "Quiet day"
    assert (first["lead_time_min"], first["touch_time_min"], first["flow_efficiency"]) == (1, 1, 1)
    assert json.loads(run_cli("stats", small_file, "--scenario", "rush", "--json").stdout)["scenario"] == "Rush hour"


def test_stats_of_the_example() -> None:
    result = run_cli("stats", example_path(), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == JSON_KEYS
    assert (data["scenario"], data["steps"], data["flows"]) == ("First visit", 70, 73)
    assert '"lead_time_min": 680, "touch_time_min": 653, "flow_efficiency": 0.96}' in result.stdout


def test_stats_as_text(small_file: Path) -> None:
    result = run_cli("stats", small_file, "--scenario", "Rush hour")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Scenario", "Rush", "hour"]
    assert lines[1].split() == ["Steps", "7"]
    assert "  backstage" in result.stdout
    assert next(line for line in lines if line.startswith("Lead time")).split()[-2:] == ["125", "min"]
    assert next(line for line in lines if line.startswith("Touch time")).split()[-2:] == ["85", "min"]
    assert next(line for line in lines if line.startswith("Flow efficiency")).split()[-1] == "0.68"
    # The values line up in one column.
    columns = {len(line) - len(line.split("  ")[-1].lstrip()) for line in lines}
    assert len(columns) == 1, lines


def test_stats_as_text_says_why_there_is_no_lead_time(tmp_path: Path) -> None:
    document = load_document(example_path())
    document.scenarios[0].flows.append(Flow(id="back", source="s5", target="b4"))
    path = tmp_path / "loop.json"
    save_document(document, path)
    result = run_cli("stats", path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert next(line for line in lines if line.startswith("Lead time")).endswith("none (the flows contain a cycle)")
    assert next(line for line in lines if line.startswith("Flow efficiency")).endswith("none")
    assert (
        '"lead_time_min": null, "touch_time_min": null, "flow_efficiency": null}'
        in run_cli("stats", path, "--json").stdout
    )


def test_stats_counts_dangling_flows_but_loads_the_file(broken_references_file: Path) -> None:
    result = run_cli("stats", broken_references_file, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["flows"] == 2
    assert data["crossings"]["interaction"] == 1


def test_stats_of_a_missing_scenario(small_file: Path) -> None:
    line = one_error_line(run_cli("stats", small_file, "--scenario", "Nope", "--json"))
    assert "no scenario 'Nope'" in line
    assert "Quiet day" in line and "Rush hour" in line


def test_stats_imports_no_qt(small_file: Path) -> None:
    code = (
        "import sys; from blueprint_editor.cli import main; "
        f"status = main(['stats', {str(small_file)!r}, '--json']); print(status, 'PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=no_display_environment(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 False"


# --- check -------------------------------------------------------------------------------------------------------


def test_check_of_a_sound_file_prints_its_warnings_and_exits_0(small_file: Path) -> None:
    result = run_cli("check", small_file)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    findings = document_findings(load_document(small_file))
    assert lines == [finding.line() for finding in findings]
    # The quiet day's lone customer action has no flows and nothing frontstage with it.
    assert lines == [
        "warning: scenario 'Quiet day': customer action 'c1' has no frontstage or evidence step in its phase 'Phase 1'",
        "warning: scenario 'Quiet day': step 'c1' has no flows",
    ]


def test_check_of_the_example_warns_but_passes() -> None:
    result = run_cli("check", example_path())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(document_findings(load_document(example_path())))
    assert lines and all(line.startswith("warning: scenario 'First visit': ") for line in lines)
    assert any("'s5' (\"Payment gateway authorises hold\") leads to nothing" in line for line in lines)


def test_check_of_a_clean_file_prints_nothing(tmp_path: Path) -> None:
    scenario = blank_scenario()
    scenario.steps = [_step("e1", "evidence"), _step("c1", "customer"), _step("f1", "frontstage")]
    scenario.flows = [Flow(id="l1", source="e1", target="c1"), Flow(id="l2", source="c1", target="f1")]
    path = tmp_path / "clean.json"
    save_document(Document(scenarios=[scenario]), path)
    result = run_cli("check", path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_reports_broken_references_and_exits_1(broken_references_file: Path) -> None:
    result = run_cli("check", broken_references_file)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(document_findings(load_document(broken_references_file, check_references=False)))
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors == [
        "error: scenario 'Main': the id 'c1' is used by 2 steps",
        "error: scenario 'Main': flow 'l2' names a missing step 'gone' as its target (its other end is step 'f1')",
    ]
    assert all(line.split(":")[0] in {"error", "warning", "info"} for line in lines)


@pytest.mark.parametrize("verb", [["check"], ["stats", "--json"]])
def test_a_file_that_cannot_be_read_is_one_line_on_stderr(tmp_path: Path, verb: list[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "blueprint-editor", "version": 2,', encoding="utf-8")
    line = one_error_line(run_cli(verb[0], broken, *verb[1:]))
    assert "broken.json is not valid JSON" in line
    line = one_error_line(run_cli(verb[0], tmp_path / "absent.json", *verb[1:]))
    assert "does not exist" in line
