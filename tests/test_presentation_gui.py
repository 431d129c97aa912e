"""Presentation mode driven from the keyboard, as a facilitator (or a presenter remote) drives it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import style
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.model.geometry import phase_columns, phase_of
from blueprint_editor.ui.main_window import MainWindow
from blueprint_editor.ui.presentation import PresentationWindow


@pytest.fixture(autouse=True)
def _usual_scale_afterwards():
    yield
    style.set_presentation_scale(1.0, 1.0)  # even when a test fails inside presentation mode


@pytest.fixture
def window(qtbot: QtBot, example_file: Path, tmp_path: Path) -> MainWindow:
    win = MainWindow(AutosaveStore(tmp_path / "autosave"))
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1280, 720)
    win.show()
    assert win.open_path(example_file)
    return win


@pytest.fixture
def presentation(qtbot: QtBot, window: MainWindow) -> Iterator[PresentationWindow]:
    window.actions["present"].trigger()
    shown = window._presentation
    qtbot.waitExposed(shown)
    yield shown
    # Left open, the full-screen window stays over later tests' windows, and the cursors they read are its own.
    if shiboken6.isValid(shown) and shown.isVisible():
        shown.close()


def _centre_x(presentation: PresentationWindow) -> float:
    view = presentation.view
    return view.mapToScene(view.viewport().rect().center()).x()


def test_f5_goes_full_screen_on_the_first_phase(presentation: PresentationWindow, window: MainWindow) -> None:
    assert presentation.isVisible()
    assert presentation.geometry() == window.screen().geometry()
    assert presentation.current == 0
    first = phase_columns(presentation.scene.scenario)[0]
    assert first.left - 200 <= _centre_x(presentation) <= first.right
    assert style.card_font().pixelSize() > 13, "type is larger for the room"


def test_arrow_keys_and_remote_keys_move_phase_by_phase(qtbot: QtBot, presentation: PresentationWindow) -> None:
    columns = phase_columns(presentation.scene.scenario)
    qtbot.keyClick(presentation.view, Qt.Key.Key_Right)
    assert presentation.current == 1
    qtbot.waitUntil(lambda: columns[1].left <= _centre_x(presentation) <= columns[1].right, timeout=3000)
    qtbot.keyClick(presentation.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(presentation.view, Qt.Key.Key_PageDown)
    assert presentation.current == 3
    qtbot.keyClick(presentation.view, Qt.Key.Key_PageUp)
    assert presentation.current == 2
    qtbot.keyClick(presentation.view, Qt.Key.Key_End)
    assert presentation.current == len(columns) - 1
    qtbot.keyClick(presentation.view, Qt.Key.Key_Right)
    assert presentation.current == len(columns) - 1, "the last phase is the end"
    qtbot.keyClick(presentation.view, Qt.Key.Key_Home)
    assert presentation.current == 0


def test_reveal_spotlight_and_customer_view(qtbot: QtBot, presentation: PresentationWindow) -> None:
    scene = presentation.scene
    qtbot.keyClick(presentation.view, Qt.Key.Key_R)
    assert presentation.overlay.reveal
    assert presentation.overlay.spotlight, "the current phase is spotlit by default"
    qtbot.keyClick(presentation.view, Qt.Key.Key_S)
    assert not presentation.overlay.spotlight
    qtbot.keyClick(presentation.view, Qt.Key.Key_V)
    assert scene.customer_view
    lanes = {scene.controller.step("main", card.step_id).lane for card in scene.step_items()}
    assert lanes == {"evidence", "customer", "frontstage"}, "nothing below the line of visibility is drawn"
    assert presentation.overlay.scene() is scene, "the presentation aids survive the redraw"
    qtbot.keyClick(presentation.view, Qt.Key.Key_V)
    assert not scene.customer_view and scene.step_item("b1") is not None


def test_n_captures_a_step_in_the_focused_lane_of_the_current_phase(
    qtbot: QtBot, presentation: PresentationWindow, window: MainWindow
) -> None:
    scenario = presentation.scene.scenario
    qtbot.keyClick(presentation.view, Qt.Key.Key_Right)
    qtbot.keyClick(presentation.view, Qt.Key.Key_Down)
    assert presentation.overlay.focused_lane == "frontstage"
    before = len(scenario.steps)
    qtbot.keyClick(presentation.view, Qt.Key.Key_N)
    assert len(scenario.steps) == before + 1
    new = scenario.steps[-1]
    assert new.lane == "frontstage" and phase_of(scenario, new).name == "Arrival"
    assert presentation.scene.label_editor is not None
    qtbot.keyClicks(presentation.view, "Offer a late check-out")
    qtbot.keyClick(presentation.view, Qt.Key.Key_Return)
    assert new.label == "Offer a late check-out"
    assert presentation.current == 1, "typing did not move the presentation"
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert len(scenario.steps) == before, "the capture is undone like any edit"


def test_escape_leaves_and_puts_everything_back(qtbot: QtBot, presentation: PresentationWindow) -> None:
    scene = presentation.scene
    qtbot.keyClick(presentation.view, Qt.Key.Key_V)
    qtbot.keyClick(presentation.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not presentation.isVisible(), timeout=2000)
    assert not scene.customer_view
    assert presentation.overlay.scene() is None and presentation.halo.scene() is None
    assert style.card_font().pixelSize() == 13
    assert scene.step_item("b1") is not None


@pytest.mark.parametrize("customer_view", [False, True], ids=["drawn-in-place", "customer-view-drawn-afresh"])
def test_a_phase_resized_while_presenting_moves_the_phase_frame_with_it(
    qtbot: QtBot, presentation: PresentationWindow, window: MainWindow, customer_view: bool
) -> None:
    """A lane or phase edit is drawn in place, without a rebuild, except in the customer's view, where the scene is
    drawn afresh: the phase frames must follow it either way."""
    if customer_view:
        qtbot.keyClick(presentation.view, Qt.Key.Key_V)
    assert presentation.scene.customer_view == customer_view
    scenario = presentation.scene.scenario
    first = scenario.phases[0]
    wider = first.width + 400
    assert window.controller.resize_phase(scenario.id, first.id, wider)
    assert presentation.overlay.columns == phase_columns(presentation.scene.scenario)
    assert presentation.overlay.columns[1].left == presentation.overlay.columns[0].left + wider
