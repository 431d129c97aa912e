"""Shared test set-up: Qt draws offscreen, and each session keeps settings and autosaves of its own."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from blueprint_editor.io import load_document
from blueprint_editor.model import Document
from blueprint_editor.resources import example_path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Each test session (each pytest process) gets settings, data and cache folders of its own, made fresh: a theme, a
# snap-to-grid, a window layout or an autosave that one run leaves never reaches another run going on at the same
# time, the next run or the developer's own editor, and theirs never reach the tests. Set here, before any
# QApplication exists (QSettings fixes its folder on first use), so that Qt in this process and every child process
# a test starts use them. QStandardPaths' test mode would not do: it sends every process to the one shared
# ~/.qttest. BLUEPRINT_EDITOR_AUTOSAVE_DIR goes, so that the autosave folder is found as the editor finds it.
SESSION_FOLDER = Path(tempfile.mkdtemp(prefix="blueprint-editor-tests-"))
XDG_FOLDERS = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}
for _variable, _name in XDG_FOLDERS.items():
    os.environ[_variable] = str(SESSION_FOLDER / _name)
os.environ.pop("BLUEPRINT_EDITOR_AUTOSAVE_DIR", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_FOLDER, ignore_errors=True)


@pytest.fixture(scope="session")
def session_folder() -> Path:
    """The folder this test session's settings, autosaves and caches live under (see the top of this file)."""
    return SESSION_FOLDER


@pytest.fixture(scope="session", autouse=True)
def _empty_clipboard_at_exit() -> Iterator[None]:
    from PySide6.QtGui import QGuiApplication

    yield
    # The clipboard holds the last QMimeData a test copied, made in Python. Qt's offscreen clipboard outlives the
    # interpreter and frees it from an exit handler, which calls back into a Python already gone: a segfault
    # after every test passed. Emptied here, while Python still runs.
    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def example_file() -> Path:
    """The bundled hotel-stay example."""
    return example_path()


@pytest.fixture
def example_document(example_file: Path) -> Document:
    return load_document(example_file)
