"""``blueprint-editor export`` with several inputs, scenarios and formats, run as a real process with no display."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_helpers import run_cli

from blueprint_editor.io import load_document, save_document
from blueprint_editor.model import Scenario
from blueprint_editor.resources import example_path

PROGRESS = re.compile(r"^blueprint-editor: exported (.+?) -> (.+)$")
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def progress(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(input name, output path) of each progress line on stderr."""
    return [m.groups() for line in result.stderr.splitlines() if (m := PROGRESS.match(line))]  # type: ignore[misc]


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(PAGE_OBJECT.findall(data)) == len(MEDIA_BOX.findall(data))
    return [(float(w), float(h)) for w, h in MEDIA_BOX.findall(data)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the example (hotel-stay.json), a copy with a second scenario (Two visits.json), a broken file."""
    folder = tmp_path_factory.mktemp("inputs")
    document = load_document(example_path())
    save_document(document, folder / "hotel-stay.json")
    first = document.scenarios[0]
    document.scenarios.append(Scenario.model_validate({**first.model_dump(), "id": "again", "name": "Second visit"}))
    save_document(document, folder / "Two visits.json")
    (folder / "broken.json").write_text('{\n  "format": "blueprint-editor",\n  oops\n}\n', encoding="utf-8")
    return folder


def test_several_inputs_into_a_new_folder_one_file_per_scenario(inputs: Path) -> None:
    out = inputs / "exports" / "png"  # missing, with a missing parent
    result = run_cli("export", "hotel-stay.json", "Two visits.json", "hotel-stay.json", "-o", out, "--all-scenarios",
                     cwd=inputs)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    expected = [
        ("hotel-stay.json", "hotel-stay--first-visit.png"),
        ("Two visits.json", "two-visits--first-visit.png"),
        ("Two visits.json", "two-visits--second-visit.png"),
        ("hotel-stay.json", "hotel-stay--first-visit-2.png"),  # the same input twice: names stay unique
    ]
    assert [(source, Path(path).name) for source, path in progress(result)] == expected
    assert len(result.stderr.splitlines()) == len(expected)
    assert sorted(p.name for p in out.iterdir()) == sorted(name for _, name in expected)
    for _, name in expected:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert progress(result)[0][1] == str(out / "hotel-stay--first-visit.png")


def test_a_bad_input_among_good_ones(inputs: Path) -> None:
    """--format svg into a folder, the customer view; the broken and the missing file fail, the others export."""
    out = inputs / "svg"
    result = run_cli("export", "hotel-stay.json", "broken.json", "gone.json", "Two visits.json", "-o", out,
                     "--format", "svg", "--customer-view", cwd=inputs)  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert all(line.startswith("blueprint-editor: ") for line in lines)
    errors = [line for line in lines if not PROGRESS.match(line)]
    assert len(errors) == 2
    assert "broken.json" in errors[0] and "line 3" in errors[0]
    assert "gone.json" in errors[1] and "does not exist" in errors[1]
    assert sorted(p.name for p in out.iterdir()) == ["hotel-stay--first-visit.svg", "two-visits--first-visit.svg"]

    svg = out / "hotel-stay--first-visit.svg"
    text = " ".join(
        "".join(node.itertext()) for node in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")
    )
    assert "Customer actions" in text
    assert "Backstage actions" not in text  # the customer view


def test_pdf_of_all_scenarios_on_a4(inputs: Path) -> None:
    """One input, --all-scenarios, -o FILE.pdf: one PDF with a page per scenario; progress only for folders."""
    result = run_cli("export", "Two visits.json", "-o", "both.pdf", "--all-scenarios", "--page", "a4", cwd=inputs)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    pages = pdf_pages(inputs / "both.pdf")
    assert len(pages) == 2
    for width, height in pages:
        assert abs(width - 842) <= 1 and abs(height - 595) <= 1


def test_pdfs_into_a_folder_tiled(inputs: Path) -> None:
    """--format pdf into a folder: one PDF per input holding all its scenarios, tiled across A3 sheets."""
    out = inputs / "pdf"
    result = run_cli("export", "hotel-stay.json", "Two visits.json", "-o", out, "--format", "pdf",
                     "--all-scenarios", "--page", "a3", "--tile", cwd=inputs)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [Path(path).name for _, path in progress(result)] == ["hotel-stay.pdf", "two-visits.pdf"]
    one, two = pdf_pages(out / "hotel-stay.pdf"), pdf_pages(out / "two-visits.pdf")
    assert len(one) >= 2, "the example is too wide for one A3 sheet at natural size"
    assert len(two) == 2 * len(one)
    assert all(abs(w - 1191) <= 1 and abs(h - 842) <= 1 for w, h in two)


def test_format_overrides_the_extension(inputs: Path) -> None:
    result = run_cli("export", "hotel-stay.json", "-o", "drawing.out", "--format", "svg", "--scenario", "First visit",
                     cwd=inputs)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert ET.parse(inputs / "drawing.out").getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_several_outputs_need_a_folder(inputs: Path) -> None:
    result = run_cli("export", "hotel-stay.json", "Two visits.json", "-o", "one.png", cwd=inputs)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("blueprint-editor: ") and "folder" in line and "one.png" in line
    assert not (inputs / "one.png").exists()


def test_scenario_and_all_scenarios_exclude_each_other(inputs: Path) -> None:
    result = run_cli("export", "hotel-stay.json", "-o", "x", "--scenario", "main", "--all-scenarios", cwd=inputs)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not allowed with argument" in result.stderr
    assert not (inputs / "x").exists()
