"""The house rules that a machine can check: lint, format, layers, strict types, and edits only via commands."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "blueprint_editor"
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: install the project with its test extra")
    return str(path)


def test_ruff_lint() -> None:
    result = _run(_tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(_tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_import_downwards_and_the_core_never_imports_qt() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_core_is_strictly_typed() -> None:
    result = _run(
        _tool("mypy"), "blueprint_editor/model", "blueprint_editor/io", "blueprint_editor/analysis", "--strict"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _calls_to_primitives(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno} calls {node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr.startswith("apply_")
    ]


def test_only_commands_call_the_controllers_primitives() -> None:
    """Every change outside editing/ goes through an undoable command, never straight to the model."""
    offenders = [
        call for path in PACKAGE.rglob("*.py") if path.parent.name != "editing" for call in _calls_to_primitives(path)
    ]
    assert offenders == []


def test_the_primitive_check_sees_a_bypass(tmp_path: Path) -> None:
    bypass = tmp_path / "bypass.py"
    bypass.write_text("self.controller.apply_step_fields('main', 'c1', label='x')\n", encoding="utf-8")
    assert _calls_to_primitives(bypass) == ["bypass.py:1 calls apply_step_fields"]
