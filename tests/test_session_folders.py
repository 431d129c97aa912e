"""Each test session keeps its settings and autosaves in a folder of its own (see conftest.py): what a test
remembers never reaches the developer's editor or another test run, and theirs never reach the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import no_display_environment
from gui_helpers import open_editor
from PySide6.QtCore import QSettings, QStandardPaths
from pytestqt.qtbot import QtBot

from blueprint_editor.ui import themes
from blueprint_editor.ui.autosave import autosave_folder

# Where the editor would keep its settings, data and caches on a desktop with nothing configured; plus where
# QStandardPaths' test mode puts them, which every process shares.
REAL_FOLDERS = [Path.home() / name for name in (".config", ".local/share", ".cache", ".local/state", ".qttest")]

# The folders the editor, started as ``blueprint-editor`` (with its application names), would use.
CHILD = (
    "import json\n"
    "from PySide6.QtCore import QCoreApplication, QSettings\n"
    "from blueprint_editor.ui import themes\n"
    "from blueprint_editor.ui.autosave import autosave_folder\n"
    "app = QCoreApplication(['blueprint-editor'])\n"
    "app.setApplicationName('Blueprint Editor')\n"
    "app.setOrganizationName('Blueprint Editor')\n"
    "paths = [QSettings().fileName(), QSettings(*themes.SETTINGS_SCOPE).fileName(), str(autosave_folder())]\n"
    "print(json.dumps(paths))\n"
)


def assert_in_session_folder(path: str | Path, session_folder: Path) -> None:
    path = Path(path).resolve()
    assert path.is_relative_to(session_folder.resolve()), f"{path} lies outside the session's folder"
    assert not any(path.is_relative_to(real) for real in REAL_FOLDERS), f"{path} lies in the real home folders"


@pytest.mark.usefixtures("qapp")
def test_settings_autosaves_and_caches_lie_in_the_session_folder(session_folder: Path) -> None:
    location = QStandardPaths.StandardLocation
    for path in (
        QSettings().fileName(),  # snap-to-grid, the window layout, the autosave interval, the last folder
        QSettings(*themes.SETTINGS_SCOPE).fileName(),  # the theme
        autosave_folder(),  # the work offered back after a crash
        QStandardPaths.writableLocation(location.AppDataLocation),
        QStandardPaths.writableLocation(location.CacheLocation),
        QStandardPaths.writableLocation(location.GenericConfigLocation),
    ):
        assert_in_session_folder(path, session_folder)


def test_a_window_writes_its_settings_and_autosaves_into_the_session_folder(
    qtbot: QtBot, session_folder: Path, example_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "stay.json"
    path.write_bytes(example_file.read_bytes())
    window = open_editor(qtbot, path)
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Edited in the test")
    assert window.files.autosaver.autosave_now()
    entry = autosave_folder() / f"{window.files.autosaver.entry_id}.json"
    assert entry.is_file()
    assert_in_session_folder(entry, session_folder)

    snap = window.actions["snap_to_grid"]
    snap.trigger()
    try:
        settings = Path(QSettings().fileName())
        assert_in_session_folder(settings, session_folder)
        assert f"snap_to_grid={str(snap.isChecked()).lower()}" in settings.read_text(encoding="utf-8")
    finally:
        snap.trigger()  # as it was, for the tests after this one


def test_a_child_process_uses_the_session_folder_too(session_folder: Path, tmp_path: Path) -> None:
    """The editor and the command line that tests start inherit the session's folders."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=no_display_environment(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    settings, theme_settings, autosaves = json.loads(result.stdout.splitlines()[-1])
    for path in (settings, theme_settings, autosaves):
        assert_in_session_folder(path, session_folder)
