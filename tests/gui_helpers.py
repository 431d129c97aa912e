"""Opening the editor as a user sees it, for the GUI tests: a shown 1600x1000 window, the file open at 100 %; or
just the canvas of a document, shown at 100 %."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.view import BlueprintView
from blueprint_editor.editing import DocumentController
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.model import Document
from blueprint_editor.ui.main_window import MainWindow


def open_editor(
    qtbot: QtBot,
    path: Path | None = None,
    *,
    store: AutosaveStore | None = None,
    reset_zoom: bool = True,
    activate: bool = False,
    focus: bool = False,
) -> MainWindow:
    """A shown main window, ``path`` open in it; closed at teardown without the "save changes?" question."""
    win = MainWindow(store) if store is not None else MainWindow()
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    if path is not None:
        assert win.open_path(path)
    if reset_zoom:
        win.view.reset_zoom()
    if activate:
        win.activateWindow()
    if focus:
        win.view.setFocus()
    return win


def viewport_point(window: MainWindow, scene_pos: QPointF) -> QPoint:
    """Where a scene point is on the canvas's viewport, scrolled into view first as a user would."""
    window.view.ensureVisible(scene_pos.x() - 5, scene_pos.y() - 5, 10, 10, 200, 200)
    return window.view.mapFromScene(scene_pos)


def show_canvas(qtbot: QtBot, document: Document) -> tuple[DocumentController, BlueprintScene, BlueprintView]:
    """The document's first scenario in a shown 1200x800 view at 100 %, without the rest of the window."""
    controller = DocumentController(document)
    scene = BlueprintScene(controller)
    view = BlueprintView()
    qtbot.addWidget(view)
    view.setScene(scene)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.reset_zoom()
    return controller, scene, view


def show_built_in_slices(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, document: Document
) -> tuple[DocumentController, BlueprintScene, BlueprintView]:
    """The document's first scenario in a shown view, built a slice at a time as a large one is (from 50 steps on,
    in slices of 2 ms), so that a test can act while the last cards are still to be made."""
    from blueprint_editor.canvas import progressive_build

    monkeypatch.setattr(progressive_build, "THRESHOLD", 50)
    monkeypatch.setattr(progressive_build, "FIRST_SLICE_S", 0.002)
    monkeypatch.setattr(progressive_build, "SLICE_S", 0.002)
    controller = DocumentController(document)
    scene = BlueprintScene(controller)
    view = BlueprintView()
    qtbot.addWidget(view)
    view.setScene(scene)
    view.show()
    return controller, scene, view
