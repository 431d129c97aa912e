"""Start-up does only what the first window needs (issue #7: an empty window within 0.5 s, a file within 1 s).

Not timed here (benchmarks live in tests/perf): the editor is started in a child process, told to quit once its
window is shown (BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN), and what it imported and wrote on the way is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import open_editor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.resources import example_path
from blueprint_editor.ui.quit_when_shown import ENVIRONMENT_VARIABLE, MARKER

# Made on demand, by a menu or a key: importing any of them before the first window is shown delays every start.
NOT_AT_START = (
    "blueprint_editor.render",  # exports and printing (File > Export, Print, Copy as Image)
    "blueprint_editor.ui.export_dialog",
    "blueprint_editor.ui.shortcuts_sheet",  # F1
    "blueprint_editor.ui.find_bar",  # Ctrl+F
    "blueprint_editor.ui.presentation",  # F5
    "blueprint_editor.ui.compare_dialog",
    "blueprint_editor.io.csv_io",  # File > Import CSV, Export as CSV
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "networkx",  # the Analysis dock's graph figures, computed only once the dock is seen
    "blueprint_editor.analysis",  # the Analysis dock's figures and findings, and Tidy
    "blueprint_editor.canvas.inline_editor",  # typing a card's text, a flow's label, a lane or phase name
)

# Runs the editor as ``blueprint-editor ARGS`` does, then prints the modules it had imported once it was shown.
CHILD = (
    "import json, sys\n"
    "from blueprint_editor.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}))\n"
)


def start(tmp_path: Path, *args: str) -> list[str]:
    """Start the editor (offscreen, with settings and autosaves under ``tmp_path``) until its window is shown;
    the modules imported by then."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[ENVIRONMENT_VARIABLE] = "1"
    env["BLUEPRINT_EDITOR_AUTOSAVE_DIR"] = str(tmp_path / "autosave")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert MARKER in result.stderr, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["status"] == 0, result.stderr
    return list(report["modules"])


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START)]


def settings_files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("with_file", [False, True], ids=["empty window", "a file"])
def test_the_first_window_imports_no_exporter_dialog_or_graph_library(tmp_path: Path, with_file: bool) -> None:
    args = [str(example_path())] if with_file else []
    modules = start(tmp_path, *args)
    assert "blueprint_editor.ui.main_window" in modules, "the window was made by this code"
    assert heavy(modules) == []

    # Each settings write is a file written and synced before the window shows: a second start writes nothing.
    before = settings_files(tmp_path / "config")
    assert before or not with_file, "the folder of an opened file is remembered"
    start(tmp_path, *args)
    assert settings_files(tmp_path / "config") == before, "a setting was written again, unchanged"


def test_the_find_bar_made_on_the_first_ctrl_f_sits_between_the_tabs_and_the_docks_in_tab_order(
    qtbot: QtBot,
) -> None:
    window = open_editor(qtbot, activate=True, focus=True)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    reached = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached[:3] == [bar.previous_button, bar.next_button, bar.close_button]
    assert window.inspector.isAncestorOf(reached[3]), "after the bar comes the inspector, not the canvas again"
    qtbot.keyClick(reached[3], Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is bar.close_button
