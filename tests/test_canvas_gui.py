"""The canvas driven as a user drives it: real mouse and key events on the view's viewport."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from gui_helpers import open_editor, viewport_point
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.model.geometry import band_of
from blueprint_editor.ui import prompts
from blueprint_editor.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, example_file: Path) -> MainWindow:
    return open_editor(qtbot, example_file)


def _card_centre(window: MainWindow, step_id: str) -> QPointF:
    item = window.scene.step_item(step_id)
    assert item is not None
    return item.scene_card_rect().center()


def _lane_centre_y(window: MainWindow, lane_id: str) -> float:
    band = band_of(window.scene.scenario, lane_id)
    assert band is not None
    return band.top + band.height / 2


def _drag(qtbot: QtBot, window: MainWindow, start: QPointF, end: QPointF, *, check_midway=None) -> None:
    """Press at ``start``, move there in steps, release at ``end`` (scene coordinates)."""
    viewport = window.view.viewport()
    a = viewport_point(window, start)
    b = window.view.mapFromScene(end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    steps = 8
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        qtbot.mouseMove(viewport, QPoint(round(p.x()), round(p.y())))
    if check_midway is not None:
        check_midway()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def _double_click(qtbot: QtBot, window: MainWindow, point: QPoint) -> None:
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    # QTest's double click leaves its own record of the left button as held down, so that later moves in the
    # same process would carry a pressed button (and no hover). A release puts that record right.
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def _step(window: MainWindow, step_id: str):
    return window.controller.step(window.scene.scenario_id, step_id)


def test_drag_across_the_line_of_interaction_makes_a_frontstage_action(qtbot: QtBot, window: MainWindow) -> None:
    before = _step(window, "c2").model_copy()
    start = _card_centre(window, "c2")
    end = QPointF(start.x() + 30, _lane_centre_y(window, "frontstage"))
    highlighted: list[str] = []
    _drag(qtbot, window, start, end, check_midway=lambda: highlighted.append(window.scene.highlighted_lane()))

    assert highlighted == ["frontstage"], "the lane under the pointer lights up while dragging"
    assert window.scene.highlighted_lane() == "", "the highlight goes when the step is dropped"
    step = _step(window, "c2")
    assert step.lane == "frontstage"
    assert step.x == pytest.approx(before.x + 30, abs=2)
    item = window.scene.step_item("c2")
    band = band_of(window.scene.scenario, "frontstage")
    assert band.top <= item.scene_card_rect().center().y() <= band.bottom, "the card sits in its new lane"
    assert window.controller.undo_stack.count() == 1, "one drag is one undo step"

    window.actions["undo"].trigger()
    step = _step(window, "c2")
    assert (step.lane, step.x, step.y) == (before.lane, before.x, before.y)
    assert window.scene.step_item("c2").pos().y() == pytest.approx(
        band_of(window.scene.scenario, "customer").top + before.y
    )


def test_drag_across_the_line_of_visibility_makes_a_backstage_action(qtbot: QtBot, window: MainWindow) -> None:
    start = _card_centre(window, "f2")
    _drag(qtbot, window, start, QPointF(start.x(), _lane_centre_y(window, "backstage")))
    assert _step(window, "f2").lane == "backstage"
    assert window.controller.undo_stack.undoText() == "Move step to Backstage actions"
    window.actions["undo"].trigger()
    assert _step(window, "f2").lane == "frontstage"


def test_a_drag_into_another_phase_changes_the_phase(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.model.geometry import phase_of

    scenario = window.scene.scenario
    assert phase_of(scenario, _step(window, "c1")).name == "Booking"
    start = _card_centre(window, "c1")
    arrival_x = next(p for p in scenario.phases if p.id == "arrival")
    x_arrival = scenario.phases[0].width + arrival_x.width / 2
    _drag(qtbot, window, start, QPointF(x_arrival, start.y() + 10))
    assert phase_of(scenario, _step(window, "c1")).name == "Arrival"


def test_a_multi_selection_drag_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    first = viewport_point(window, _card_centre(window, "c1"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    second = window.view.mapFromScene(_card_centre(window, "c2"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, second)
    assert window.scene.selected_step_ids() == {"c1", "c2"}
    x1, x2 = _step(window, "c1").x, _step(window, "c2").x
    start = _card_centre(window, "c2")
    _drag(qtbot, window, start, QPointF(start.x() + 60, start.y()))
    assert (_step(window, "c1").x, _step(window, "c2").x) == (x1 + 60, x2 + 60)
    assert window.controller.undo_stack.count() == 1


def _ink_on_card(window: MainWindow, step_id: str) -> int:
    """Pixels of ink inside a card as the canvas shows it now (its text, where the zoom lets text be drawn; not the
    coloured alignment guides that may cross it): grey pixels well apart from the card's fill, in any theme."""
    item = window.scene.step_item(step_id)
    inside = item.scene_card_rect().adjusted(16, 16, -16, -20)  # clear of the edge, the stripe and the badges
    box = window.view.mapFromScene(inside).boundingRect()
    image = window.view.viewport().grab(box).toImage()
    colours = [QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())]
    fill = Counter(colour.lightness() for colour in colours).most_common(1)[0][0]
    return sum(1 for colour in colours if abs(colour.lightness() - fill) > 60 and colour.hslSaturation() < 60)


@pytest.mark.parametrize("zoom", [1.0, 0.3])
def test_a_dragged_card_looks_as_it_does_at_rest(qtbot: QtBot, window: MainWindow, zoom: float) -> None:
    window.view.set_zoom(zoom)
    start = _card_centre(window, "c2")
    viewport_point(window, start)  # scrolled into view
    at_rest = _ink_on_card(window, "c2")
    midway: list[int] = []
    _drag(qtbot, window, start, start + QPointF(0, 40), check_midway=lambda: midway.append(_ink_on_card(window, "c2")))
    if zoom == 1.0:
        assert at_rest > 50, "its text is drawn at 100 %"
        assert abs(midway[0] - at_rest) < at_rest * 0.2, "and still while it is dragged"
    else:
        assert at_rest == 0 and midway == [0], "text too small to read is drawn neither at rest nor while dragged"
    assert window.controller.undo_stack.count() == 1


def test_double_click_in_a_lane_adds_a_step_there_and_edits_it(qtbot: QtBot, window: MainWindow) -> None:
    scenario = window.scene.scenario
    count = len(scenario.steps)
    # An empty spot in Backstage actions, in the first phase.
    spot = QPointF(60, _lane_centre_y(window, "backstage"))
    assert window.scene.items(spot) and not any(hasattr(i, "step_id") for i in window.scene.items(spot)), (
        "the spot is empty"
    )
    point = viewport_point(window, spot)
    _double_click(qtbot, window, point)
    assert len(scenario.steps) == count + 1
    new = scenario.steps[-1]
    assert new.lane == "backstage"
    editor = window.scene.label_editor
    assert editor is not None, "the new card opens for typing"
    qtbot.keyClicks(window.view.viewport(), "Check <b>ID</b> & log")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    assert new.label == "Check <b>ID</b> & log"
    assert window.scene.step_item(new.id).label == "Check <b>ID</b> & log"
    assert window.scene.label_editor is None


def test_escape_on_a_new_empty_step_takes_it_back(qtbot: QtBot, window: MainWindow) -> None:
    before = window.controller.document.model_dump()
    _double_click(qtbot, window, viewport_point(window, QPointF(60, _lane_centre_y(window, "backstage"))))
    assert len(window.scene.scenario.steps) == len(before["scenarios"][0]["steps"]) + 1
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)
    assert window.controller.document.model_dump() == before
    assert window.controller.undo_stack.count() == 0, "nothing left to undo or redo"
    assert not window.actions["redo"].isEnabled()


def test_the_toolbar_adds_a_step_after_the_selected_one(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window, _card_centre(window, "f1"))
    )
    window.actions["add_step"].trigger()
    new = window.scene.scenario.steps[-1]
    assert new.lane == "frontstage" and new.x > _step(window, "f1").x
    qtbot.keyClicks(window.view.viewport(), "Confirm by email")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    assert new.label == "Confirm by email"


def test_double_click_a_card_edits_its_text_and_escape_cancels(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    point = viewport_point(window, _card_centre(window, "c1"))
    old = _step(window, "c1").label
    _double_click(qtbot, window, point)
    assert window.scene.label_editor is not None
    qtbot.keyClicks(viewport, "Something else")
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert _step(window, "c1").label == old
    assert window.controller.undo_stack.count() == 0

    _double_click(qtbot, window, point)
    qtbot.keyClicks(viewport, "Compare hotels online")
    qtbot.keyClick(viewport, Qt.Key.Key_Enter)
    assert _step(window, "c1").label == "Compare hotels online"
    assert window.controller.undo_stack.undoText() == "Edit step text"


def test_f2_edits_the_selected_cards_text(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport_point(window, _card_centre(window, "c1")))
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.scene.label_editor
    assert editor is not None and editor.parentItem() is window.scene.step_item("c1"), "the card opens for typing"
    qtbot.keyClicks(viewport, "Compare <i>hotels</i>")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert _step(window, "c1").label == "Compare <i>hotels</i>"
    assert window.controller.undo_stack.undoText() == "Edit step text"


def test_dragging_from_a_handle_to_another_card_adds_a_flow(qtbot: QtBot, window: MainWindow) -> None:
    scenario = window.scene.scenario
    assert not any(f.source == "c1" and f.target == "b2" for f in scenario.flows)
    viewport = window.view.viewport()
    # Hovering the card shows its handle.
    over = viewport_point(window, _card_centre(window, "c1"))
    qtbot.mouseMove(viewport, over - QPoint(120, 0))
    qtbot.mouseMove(viewport, over)
    source = window.scene.step_item("c1")
    assert source.handle.isVisible()
    handle = source.handle.scenePos()
    _drag(qtbot, window, handle, _card_centre(window, "b2"))
    flows = [f for f in scenario.flows if f.source == "c1" and f.target == "b2"]
    assert len(flows) == 1
    assert window.scene.flow_item(flows[0].id) is not None
    assert window.controller.undo_stack.undoText() == "Connect steps"
    window.actions["undo"].trigger()
    assert not any(f.source == "c1" and f.target == "b2" for f in scenario.flows)


def test_the_handle_of_a_selected_card_draws_a_flow_too(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport_point(window, _card_centre(window, "b1")))
    source = window.scene.step_item("b1")
    assert source.isSelected() and source.handle.isVisible()
    target = window.scene.step_item("s3")
    assert not any(f.source == "b1" and f.target == "s3" for f in window.scene.scenario.flows)
    marked: list[bool] = []
    _drag(qtbot, window, source.handle.scenePos(), _card_centre(window, "s3"),
          check_midway=lambda: marked.append(target._drop_target))  # fmt: skip
    assert marked == [True], "the card under the pointer shows it would take the flow"
    assert not target._drop_target
    assert any(f.source == "b1" and f.target == "s3" for f in window.scene.scenario.flows)


def test_a_handle_dropped_on_empty_canvas_adds_nothing(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    over = viewport_point(window, _card_centre(window, "c1"))
    qtbot.mouseMove(viewport, over - QPoint(120, 0))
    qtbot.mouseMove(viewport, over)
    flows = len(window.scene.scenario.flows)
    _drag(
        qtbot, window, window.scene.step_item("c1").handle.scenePos(), QPointF(60, _lane_centre_y(window, "backstage"))
    )
    assert len(window.scene.scenario.flows) == flows
    assert window.controller.undo_stack.count() == 0


def test_delete_key_removes_the_selected_step_with_its_flows(qtbot: QtBot, window: MainWindow) -> None:
    scenario = window.scene.scenario
    flows = {f.id for f in scenario.flows_touching({"c2"})}
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport_point(window, _card_centre(window, "c2")))
    window.actions["delete"].trigger()
    assert scenario.step("c2") is None
    assert all(window.scene.flow_item(f) is None for f in flows)
    window.actions["undo"].trigger()
    assert scenario.step("c2") is not None
    assert all(window.scene.flow_item(f) is not None for f in flows)
    window.actions["redo"].trigger()
    assert window.scene.step_item("c2") is None


def test_undo_and_redo_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Typed")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _step(window, "c1").label != "Typed"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _step(window, "c1").label == "Typed"


def test_zoom_keys_and_fit(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom() == pytest.approx(1.25)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom() == pytest.approx(0.8)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    whole = window.view.mapFromScene(window.scene.content_rect()).boundingRect()
    assert window.view.viewport().rect().contains(whole), "fit shows the whole blueprint"


def test_ctrl_wheel_zooms_around_the_pointer(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = window.view.viewport()
    point = viewport_point(window, _card_centre(window, "c2"))
    under = window.view.mapToScene(point)
    event = QWheelEvent(
        QPointF(point), QPointF(viewport.mapToGlobal(point)), P(0, 0), P(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)
    assert window.view.zoom() == pytest.approx(1.25)
    after = window.view.mapToScene(point)
    assert abs(after.x() - under.x()) < 3 and abs(after.y() - under.y()) < 3, "the point under the pointer stays put"


def test_middle_drag_and_space_drag_pan(qtbot: QtBot, window: MainWindow) -> None:
    view, viewport = window.view, window.view.viewport()
    bar = view.horizontalScrollBar()
    bar.setValue((bar.minimum() + bar.maximum()) // 2)
    start = bar.value()
    a, b = QPoint(700, 400), QPoint(500, 400)
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=a)
    qtbot.mouseMove(viewport, b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=b)
    assert bar.value() == start + 200
    steps_before = window.scene.scenario.model_dump()
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=b)
    qtbot.mouseMove(viewport, a)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert bar.value() == start
    assert window.scene.scenario.model_dump() == steps_before, "panning never moves a step"


def test_title_shows_file_name_and_unsaved_mark(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert window.windowTitle().startswith("hotel-stay.json[*]")
    assert not window.isWindowModified()
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Changed")
    assert window.isWindowModified()
    target = tmp_path / "stay.json"
    assert window.save_to(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("stay.json[*]")
    assert "Changed" in target.read_text(encoding="utf-8")
    window.actions["undo"].trigger()
    assert window.isWindowModified(), "undoing past the save point is a change again"


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    asked: list[str] = []

    def answer(parent, title, text, informative, choices):
        asked.append(text)
        return "Cancel"

    monkeypatch.setattr(prompts, "ask", answer)
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Changed")
    window.close()
    assert asked and "hotel-stay.json" in asked[0]
    assert window.isVisible(), "Cancel keeps the window open"
    monkeypatch.setattr(prompts, "ask", lambda *args: "Don't Save")
    window.close()
    assert not window.isVisible()


def test_a_broken_file_leaves_the_open_document_as_it_was(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text, **kw: shown.append(text))
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Unsaved work")
    before = window.controller.document.model_dump()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "blueprint-editor", "version": 1,', encoding="utf-8")
    assert not window.open_path(broken)
    assert shown and "broken.json" in shown[0] and "line 1" in shown[0]
    assert window.controller.document.model_dump() == before
    assert window.windowTitle().startswith("hotel-stay.json")
    assert window.controller.undo_stack.canUndo(), "the undo history survives a failed open"


def test_labels_are_plain_text_on_the_card(window: MainWindow) -> None:
    window.controller.set_step_label(window.scene.scenario_id, "c1", "<img src=x> & <b>")
    item = window.scene.step_item("c1")
    assert " ".join(item._lines) == "<img src=x> & <b>"
    shown = QTextDocument()
    shown.setHtml(item.toolTip())  # tooltips are rendered as rich text whenever they look like it
    assert shown.toPlainText().splitlines()[0] == "<img src=x> & <b>"


def test_the_rebuilt_scene_looks_the_same_as_the_live_one(qtbot: QtBot, window: MainWindow) -> None:
    start = _card_centre(window, "c3")
    _drag(qtbot, window, start, QPointF(start.x() + 80, _lane_centre_y(window, "backstage")))
    window.controller.connect_steps(window.scene.scenario_id, "c3", "e1")
    window.controller.delete_items(window.scene.scenario_id, {"f1"}, set())

    def snapshot(scene: BlueprintScene) -> tuple:
        steps = sorted((i.step_id, i.pos().x(), i.pos().y(), i.label, i.height) for i in scene.step_items())
        flows = sorted((i.flow_id, i.path().boundingRect().getRect()) for i in scene.flow_items())
        return steps, flows

    live = snapshot(window.scene)
    window.scene.rebuild()
    assert snapshot(window.scene) == live


def test_export_png_from_the_window(window: MainWindow, tmp_path: Path) -> None:
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    assert window.export_to(one, 1)
    assert window.export_to(two, 2)
    a, b = QImage(str(one)), QImage(str(two))
    assert a.width() > 1000 and a.width() > a.height()
    assert abs(b.width() - 2 * a.width()) <= 2
