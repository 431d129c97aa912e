"""The JSON Schema that other tools validate blueprint files against."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import one_error_line, run_cli

from blueprint_editor.model import FORMAT_VERSION


def test_schema_describes_the_current_format() -> None:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert str(FORMAT_VERSION) in schema["title"]
    assert schema["properties"]["version"]["const"] == FORMAT_VERSION
    step = schema["$defs"]["Step"]
    assert {"label", "fail_point", "wait_min", "colour"} <= set(step["properties"])
    assert step["additionalProperties"] is False, "unknown keys are refused, as the loader does"
    flow = schema["$defs"]["Flow"]
    assert {"label", "style", "arrows"} <= set(flow["properties"])


def test_schema_written_to_a_file_matches_stdout(tmp_path: Path) -> None:
    out = tmp_path / "blueprint.schema.json"
    assert run_cli("schema", "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == run_cli("schema").stdout


def test_schema_into_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    line = one_error_line(run_cli("schema", "-o", tmp_path / "nowhere" / "s.json"))
    assert "nowhere" in line
