"""Shared test set-up: Qt draws offscreen and keeps away from the user's real settings."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Autosaves of the windows that tests open go to a folder of their own, never the user's.
os.environ["BLUEPRINT_EDITOR_AUTOSAVE_DIR"] = tempfile.mkdtemp(prefix="blueprint-editor-autosave-")

from collections.abc import Iterator
from pathlib import Path

import pytest

from blueprint_editor.io import load_document
from blueprint_editor.model import Document
from blueprint_editor.resources import example_path


@pytest.fixture(scope="session", autouse=True)
def _qt_test_mode() -> Iterator[None]:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtGui import QGuiApplication

    QStandardPaths.setTestModeEnabled(True)
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
