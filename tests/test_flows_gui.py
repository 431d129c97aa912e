"""Flows driven as a user drives them: real mouse and key events on the view's viewport and the inspector."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from gui_helpers import open_editor, viewport_point
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QPainter, QPainterPathStroker
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import style
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.flow_menu import fill_flow_menu
from blueprint_editor.canvas.flow_router import to_rect
from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.io import dumps_document
from blueprint_editor.model import StepPlace
from blueprint_editor.model.document import FlowArrows, FlowStyle
from blueprint_editor.model.routing import crossings, search_area
from blueprint_editor.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, example_file: Path) -> MainWindow:
    return open_editor(qtbot, example_file)


def _flow_between(window: MainWindow, source: str, target: str) -> FlowItem:
    flow = next(f for f in window.scene.scenario.flows if (f.source, f.target) == (source, target))
    item = window.scene.flow_item(flow.id)
    assert item is not None
    return item


def _on_the_line(item: FlowItem) -> QPointF:
    """The middle of the flow's longest leg: a point on the arrow, clear of its cards."""
    points = item.route.points
    a, b = max(pairwise(points), key=lambda ab: abs(ab[1][0] - ab[0][0]) + abs(ab[1][1] - ab[0][1]))
    return QPointF((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _click_flow(qtbot: QtBot, window: MainWindow, item: FlowItem) -> None:
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window, _on_the_line(item)))
    assert window.scene.selected_flow_ids() == {item.flow_id}


def _assert_routed_as_drawn_afresh(scene: BlueprintScene, message: str = "") -> None:
    """Every arrow is routed as a scene drawn afresh from the model routes it."""
    live = {i.flow_id: i.route for i in scene.flow_items()}
    scene.rebuild()
    assert {i.flow_id: i.route for i in scene.flow_items()} == live, message


def _drag(qtbot: QtBot, window: MainWindow, start: QPointF, end: QPointF) -> None:
    viewport = window.view.viewport()
    a = viewport_point(window, start)
    b = window.view.mapFromScene(end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 9):
        p = a + (b - a) * (i / 8)
        qtbot.mouseMove(viewport, QPoint(round(p.x()), round(p.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def _card_centre(window: MainWindow, step_id: str) -> QPointF:
    item = window.scene.step_item(step_id)
    assert item is not None
    return item.scene_card_rect().center()


def _shows_the_arrow(window: MainWindow, point: QPointF) -> bool:
    """Whether the canvas shows an arrow's line at a scene point (give or take a pixel)."""
    centre = window.view.mapFromScene(point)
    image = window.view.viewport().grab(QRect(centre - QPoint(2, 2), QSize(5, 5))).toImage()
    ink = style.FLOW
    return any(
        max(abs(c.red() - ink.red()), abs(c.green() - ink.green()), abs(c.blue() - ink.blue())) < 40
        for c in (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    )


def _render(scene: BlueprintScene, rect: QRectF) -> QImage:
    image = QImage(round(rect.width()), round(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def _dark_pixels(image: QImage) -> int:
    return sum(
        1 for x in range(image.width()) for y in range(image.height()) if QColor(image.pixel(x, y)).lightness() < 110
    )


# Reconnecting an end


def test_dragging_the_target_handle_onto_another_card_reconnects_the_flow(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    item = _flow_between(window, "c1", "c2")
    assert not item.handles[1].isVisible()
    _click_flow(qtbot, window, item)
    source_handle, target_handle = item.handles
    assert source_handle.isVisible() and target_handle.isVisible(), "a selected flow shows a handle at each end"
    assert target_handle.scenePos() == item.end_point("target")

    _drag(qtbot, window, target_handle.scenePos(), _card_centre(window, "c3"))

    flow = window.controller.flow(window.scene.scenario_id, item.flow_id)
    assert (flow.source, flow.target) == ("c1", "c3")
    assert item.target is window.scene.step_item("c3")
    assert item in window.scene.step_item("c3").flows and item not in window.scene.step_item("c2").flows
    c3 = window.scene.step_item("c3").scene_card_rect()
    end = item.end_point("target")
    assert c3.adjusted(-1, -1, 1, 1).contains(end), "the arrow now ends on the new card"
    c2 = window.scene.step_item("c2").scene_card_rect()
    assert crossings(item.route.points, [to_rect(c2)]) == 0, "the new arrow goes around the card it skips"
    assert window.controller.undo_stack.count() == 1
    assert window.controller.undo_stack.undoText() == "Reconnect flow"
    assert window.scene.selected_flow_ids() == {item.flow_id}, "the flow stays selected"

    window.actions["undo"].trigger()
    assert dumps_document(window.controller.document) == original
    assert item.target is window.scene.step_item("c2")


def test_dragging_the_source_handle_reconnects_the_source(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c2", "f1")
    _click_flow(qtbot, window, item)
    _drag(qtbot, window, item.handles[0].scenePos(), _card_centre(window, "b1"))
    flow = window.controller.flow(window.scene.scenario_id, item.flow_id)
    assert (flow.source, flow.target) == ("b1", "f1")


@pytest.mark.parametrize(
    "where",
    ["the other end", "a card it is already joined to that way", "empty canvas", "its own card"],
)
def test_a_drop_the_flow_cannot_take_changes_nothing(qtbot: QtBot, window: MainWindow, where: str) -> None:
    before = dumps_document(window.controller.document)
    # c2 -> f1 with its arrowhead dragged: onto c2 it would be a loop; onto c3 it would repeat c2 -> c3.
    item = _flow_between(window, "c2", "f1")
    _click_flow(qtbot, window, item)
    spots = {
        "the other end": "c2",
        "a card it is already joined to that way": "c3",
        "empty canvas": None,
        "its own card": "f1",
    }
    card = spots[where]
    target_card = window.scene.step_item(card or "c2")
    handle = item.handles[1]
    end = _card_centre(window, card) if card else QPointF(60, _card_centre(window, "b1").y())
    marked: list[bool] = []
    viewport = window.view.viewport()
    a = viewport_point(window, handle.scenePos())
    b = window.view.mapFromScene(end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewport, (a + b) / 2)
    qtbot.mouseMove(viewport, b)
    marked.append(target_card._drop_target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
    assert marked == [False], "a card that would not take the end does not light up"
    assert dumps_document(window.controller.document) == before
    assert window.controller.undo_stack.count() == 0
    assert all(i.pen().style() != Qt.PenStyle.DashLine for i in window.scene.items() if hasattr(i, "pen")), (
        "the dashed preview line is gone"
    )


def test_a_card_that_would_take_the_end_lights_up_during_the_drag(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    _click_flow(qtbot, window, item)
    viewport = window.view.viewport()
    a = viewport_point(window, item.handles[1].scenePos())
    b = window.view.mapFromScene(_card_centre(window, "c3"))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewport, (a + b) / 2)
    qtbot.mouseMove(viewport, b)
    assert window.scene.step_item("c3")._drop_target
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
    assert not window.scene.step_item("c3")._drop_target


# The inspector


def test_typing_a_label_in_the_inspector_is_one_undo_step_and_the_label_is_drawn(
    qtbot: QtBot, window: MainWindow
) -> None:
    item = _flow_between(window, "c1", "c2")
    region = item.sceneBoundingRect().adjusted(-40, -60, 40, 20)
    before_image = _render(window.scene, region)
    _click_flow(qtbot, window, item)
    form = window.inspector.flow_form
    assert form.isVisible() and form.flow_id == item.flow_id
    assert not window.inspector._form_widget.isVisible(), "the step form makes way for the flow's"
    qtbot.mouseClick(form.label, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.label, "<b>online</b>")

    flow = window.controller.flow(window.scene.scenario_id, item.flow_id)
    assert flow.label == "<b>online</b>"
    assert window.controller.undo_stack.count() == 1, "typing a label is one undo step"
    assert item.label_lines == ["<b>online</b>"], "drawn as plain text, tags and all"
    plate = item.label_rect()
    assert not plate.isEmpty()
    stroke = QPainterPathStroker()
    stroke.setWidth(3)
    assert not stroke.createStroke(item.path()).intersects(plate), "the label sits beside the line, not on it"
    window.scene.clearSelection()
    after_image = _render(window.scene, region)
    assert after_image != before_image
    local = plate.translated(-region.topLeft())
    crop = after_image.copy(local.toAlignedRect())
    assert _dark_pixels(crop) > 20, "there is text on the plate"

    window.actions["undo"].trigger()
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).label == ""
    assert item.label_lines == [] and item.label_rect().isEmpty()


def test_two_way_arrows_from_the_inspector_draw_a_head_at_both_ends(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    start = item.end_point("source")
    near_source = QRectF(start.x() - 2, start.y() - 10, 16, 20)
    window.scene.clearSelection()
    line_only = _dark_pixels(_render(window.scene, near_source))
    _click_flow(qtbot, window, item)
    combo = window.inspector.flow_form.arrowheads
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).arrows == FlowArrows.BOTH
    assert item.arrows == FlowArrows.BOTH
    window.scene.clearSelection()
    assert _dark_pixels(_render(window.scene, near_source)) > line_only + 25, "an arrowhead sits at the source too"
    assert window.controller.undo_stack.undoText() == "Change flow arrowheads"


def test_straight_style_draws_one_straight_line_between_the_facing_sides(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "s1", "f1")  # support to frontstage, ahead: an elbow with bends
    assert item.route.bends >= 2
    _click_flow(qtbot, window, item)
    combo = window.inspector.flow_form.line_style
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).style == FlowStyle.STRAIGHT
    assert len(item.route.points) == 2
    source = window.scene.step_item("s1").scene_card_rect()
    target = window.scene.step_item("f1").scene_card_rect()
    (x0, _), (x1, _) = item.route.points
    assert (x0, x1) == (source.right(), target.left()), "from the source's right side to the target's left side"
    path = item.path()
    assert path.elementCount() == 2, "one straight segment"
    window.actions["undo"].trigger()
    assert item.route.bends >= 2


def test_the_reverse_button_turns_the_flow_around(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    _click_flow(qtbot, window, item)
    qtbot.mouseClick(window.inspector.flow_form.reverse, Qt.MouseButton.LeftButton)
    flow = window.controller.flow(window.scene.scenario_id, item.flow_id)
    assert (flow.source, flow.target) == ("c2", "c1")
    assert item.source is window.scene.step_item("c2")
    c1 = window.scene.step_item("c1").scene_card_rect()
    assert c1.adjusted(-1, -1, 1, 1).contains(item.end_point("target")), "the arrowhead is at c1 now"


# On the canvas


def test_double_click_on_a_flow_edits_its_label_in_place(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c2", "c3")
    point = viewport_point(window, _on_the_line(item))
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    editor = window.scene.label_editor
    assert editor is not None, "the label opens for typing"
    qtbot.keyClicks(viewport, "if <i>paid</i>!")
    qtbot.keyClick(viewport, Qt.Key.Key_Backspace)  # edits the text; never deletes the selected flow
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).label == "if <i>paid</i>"
    assert item.label_lines == ["if <i>paid</i>"]
    assert window.scene.label_editor is None
    assert window.controller.undo_stack.count() == 1

    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.keyClicks(viewport, "something else")
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).label == "if <i>paid</i>"
    assert window.controller.undo_stack.count() == 1, "Esc changes nothing"


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """A key pressed on the canvas, the window active as it is when the user types (F2 is a menu shortcut)."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, key)


def _drawn_label_ink(window: MainWindow, item: FlowItem) -> int:
    """How much text the canvas draws on the flow's label plate."""
    return _dark_pixels(_render(window.scene, item.label_rect()))


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_Return])
def test_f2_on_a_selected_flow_types_its_label_in_place_as_one_undo_step(
    qtbot: QtBot, window: MainWindow, key: Qt.Key
) -> None:
    item = _flow_between(window, "c1", "c2")
    before = window.controller.document.model_dump()
    viewport = window.view.viewport()
    _click_flow(qtbot, window, item)
    _press(qtbot, window, key)
    editor = window.scene.label_editor
    assert editor is not None and editor.isVisible(), "the label opens for typing"
    assert editor.sceneBoundingRect().contains(item.label_anchor()), "over the middle of the arrow: it has no label"
    qtbot.keyClicks(viewport, "<b>online</b> & paid")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)

    assert window.scene.label_editor is None
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).label == "<b>online</b> & paid"
    assert item.label_lines == ["<b>online</b> & paid"], "drawn as typed: the tags are text"
    assert _drawn_label_ink(window, item) > 20, "the label is drawn on the canvas"
    assert window.scene.selected_flow_ids() == {item.flow_id}, "the flow stays selected"
    assert window.controller.undo_stack.count() == 1
    assert window.controller.undo_stack.undoText() == "Change flow label"

    window.actions["undo"].trigger()
    assert window.controller.document.model_dump() == before, "one undo gives the flow back as it was"
    assert item.label_lines == [] and item.label_rect().isEmpty()


def test_escape_keeps_a_flows_label_and_an_emptied_label_goes(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c2", "c3")
    scenario_id, viewport = window.scene.scenario_id, window.view.viewport()
    window.controller.set_flow_fields(scenario_id, item.flow_id, label="if paid")
    window.controller.undo_stack.clear()
    plate = item.label_rect()
    _click_flow(qtbot, window, item)
    _press(qtbot, window, Qt.Key.Key_F2)
    editor = window.scene.label_editor
    assert editor is not None and editor.toPlainText() == "if paid", "the label opens with its text"
    assert editor.sceneBoundingRect().intersects(plate), "over the label"
    qtbot.keyClicks(viewport, "something else")
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert window.scene.label_editor is None
    assert window.controller.flow(scenario_id, item.flow_id).label == "if paid"
    assert window.controller.undo_stack.count() == 0, "Esc changes nothing"
    assert _drawn_label_ink(window, item) > 20, "the label is drawn again"

    _press(qtbot, window, Qt.Key.Key_F2)
    qtbot.keyClick(viewport, Qt.Key.Key_Backspace)  # the whole text is selected: it goes
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert window.controller.flow(scenario_id, item.flow_id).label == ""
    assert item.label_lines == [] and item.label_rect().isEmpty(), "no label left on the arrow"
    assert window.controller.undo_stack.count() == 1


def test_f2_with_a_card_and_a_flow_selected_edits_the_card(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    _click_flow(qtbot, window, item)
    card = window.scene.step_item("c3")
    assert card is not None
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        window.view.mapFromScene(card.scene_card_rect().center()),
    )
    assert window.scene.selected_step_ids() == {"c3"} and window.scene.selected_flow_ids() == {item.flow_id}
    _press(qtbot, window, Qt.Key.Key_F2)
    editor = window.scene.label_editor
    assert editor is not None and editor.parentItem() is card, "the card's text, as before flows had F2"
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)


def test_a_flow_deleted_while_its_label_is_typed_takes_the_editor_with_it(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    _click_flow(qtbot, window, item)
    _press(qtbot, window, Qt.Key.Key_F2)
    editor = window.scene.label_editor
    assert editor is not None
    window.controller.delete_items(window.scene.scenario_id, set(), {item.flow_id})  # as an undo elsewhere would
    assert window.scene.label_editor is None
    assert not editor.isVisible(), "no editor is left over where the arrow was"
    assert window.controller.undo_stack.count() == 1, "the deletion only: the label edit sent nothing"


def test_a_read_only_canvas_opens_no_editor_on_an_arrow(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.compare_scenarios()  # a comparison draws the scenarios on read-only canvases
    qtbot.addWidget(dialog)
    scene, view = dialog.left_scene, dialog.left_view
    qtbot.waitExposed(view)
    view.reset_zoom()
    item = scene.flow_item(_flow_between(window, "c2", "c3").flow_id)
    assert item is not None
    view.ensureVisible(item.sceneBoundingRect())
    point = view.mapFromScene(_on_the_line(item))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert scene.label_editor is None
    assert scene.edit_flow_label(item.flow_id) is None
    assert window.controller.undo_stack.count() == 0


def test_right_click_on_a_flow_offers_the_flow_verbs(qtbot: QtBot, window: MainWindow) -> None:
    item = _flow_between(window, "c1", "c2")
    point = viewport_point(window, _on_the_line(item))
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=point)
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    )
    menu = window.context_menus.menu
    assert menu is not None and menu.isVisible(), "a menu pops up"
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    ours = ["Edit Label", "Elbow", "Straight", "One-way", "Two-way", "Reverse Direction", "Delete Flow"]
    assert [t for t in texts if t in ours] == ours
    assert window.scene.selected_flow_ids() == {item.flow_id}, "right-click selects the flow"
    checked = {a.text() for a in menu.actions() if a.isChecked()}
    assert {"Elbow", "One-way"} <= checked
    next(a for a in menu.actions() if a.text() == "Two-way").trigger()
    menu.close()
    assert window.controller.flow(window.scene.scenario_id, item.flow_id).arrows == FlowArrows.BOTH
    assert window.controller.undo_stack.count() == 1


def test_the_context_menu_deletes_and_reverses(window: MainWindow) -> None:
    scene, controller = window.scene, window.controller
    item = _flow_between(window, "c1", "c2")
    menu = QMenu()
    fill_flow_menu(menu, controller, scene, item.flow_id)
    next(a for a in menu.actions() if a.text() == "Reverse Direction").trigger()
    assert (controller.flow(scene.scenario_id, item.flow_id).source) == "c2"
    menu = QMenu()
    fill_flow_menu(menu, controller, scene, item.flow_id)
    next(a for a in menu.actions() if a.text() == "Delete Flow").trigger()
    assert scene.flow_item(item.flow_id) is None
    assert controller.undo_stack.count() == 2


# Routing on the canvas


def test_moving_a_card_reroutes_only_the_flows_it_can_affect(qtbot: QtBot, window: MainWindow) -> None:
    scene = window.scene
    card = scene.step_item("c2")
    before = {i.flow_id: i.route for i in scene.flow_items()}
    assert len(before) > 60
    was = to_rect(card.scene_card_rect())
    router = scene.flow_router
    router.routed = 0
    start = _card_centre(window, "c2")
    _drag(qtbot, window, start, start + QPointF(0, 30))
    now = to_rect(card.scene_card_rect())
    assert now != was
    assert all(scene.flow_item(f.flow_id).route != before[f.flow_id] for f in card.flows), "its arrows follow it"
    for flow_id, route in before.items():
        item = scene.flow_item(flow_id)
        if item.route != route:
            area = search_area(to_rect(item.source.scene_card_rect()), to_rect(item.target.scene_card_rect()))
            assert item in card.flows or area.intersects(was) or area.intersects(now), flow_id
    # Eight pointer moves and the drop: a handful of arrows each time, never all of them.
    assert 0 < router.routed < 9 * 15, router.routed


def test_a_card_moved_into_an_arrows_way_is_gone_around_and_the_canvas_matches_a_fresh_drawing(
    qtbot: QtBot, window: MainWindow
) -> None:
    scene = window.scene
    item = _flow_between(window, "c3", "c4")  # a long level line in Customer actions
    (x0, y), (x1, _) = item.route.points
    assert item.route.bends == 0
    blocker = window.scene.step_item("e2")
    start = blocker.scene_card_rect().center()
    _drag(qtbot, window, start, QPointF((x0 + x1) / 2, y))
    rect = blocker.scene_card_rect()
    assert window.controller.step(scene.scenario_id, "e2").lane == "customer"
    assert crossings(item.route.points, [to_rect(rect)]) == 0, (
        "the arrow that did not touch the moved card now goes around it"
    )
    _assert_routed_as_drawn_afresh(scene)


def test_while_dragging_arrows_follow_as_drafts_and_are_routed_in_full_on_release(
    qtbot: QtBot, window: MainWindow
) -> None:
    scene = window.scene
    router = scene.flow_router
    card = scene.step_item("c2")
    routes = {f.flow_id: f.route for f in card.flows}
    viewport = window.view.viewport()
    a = viewport_point(window, _card_centre(window, "c2"))
    router.routed = 0
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for dy in (10, 20, 30, 40):
        qtbot.mouseMove(viewport, a + QPoint(0, dy))
    assert all(f.route != routes[f.flow_id] for f in card.flows), "the arrows follow the card while it moves"
    assert router.routed == 0, "no search for a clear path at each pointer move"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a + QPoint(0, 40))
    assert router.routed > 0 and not router.drafting
    _assert_routed_as_drawn_afresh(scene, "after the drop, as a fresh drawing")


def test_an_arrow_between_cards_dragged_together_keeps_its_shape_and_is_routed_in_full_on_release(
    qtbot: QtBot, window: MainWindow
) -> None:
    scene = window.scene
    router = scene.flow_router
    between = _flow_between(window, "f3", "f6")  # goes round the two cards between them
    card = scene.step_item("f3")
    left_behind = next(flow for flow in card.flows if flow is not between)
    route, other = between.route, left_behind.route
    assert route.bends == 2
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport_point(window, _card_centre(window, "f3")))
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, shift, viewport_point(window, _card_centre(window, "f6")))
    assert scene.selected_step_ids() == {"f3", "f6"}
    was = card.pos()
    a = viewport_point(window, _card_centre(window, "f3"))
    router.routed = 0
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for step in range(1, 5):
        qtbot.mouseMove(viewport, a + QPoint(7 * step, 11 * step))
    moved = card.pos() - was
    assert moved.x() > 0 and moved.y() > 0
    assert between.route.points == tuple((x + moved.x(), y + moved.y()) for x, y in route.points), "moved as it was"
    assert _shows_the_arrow(window, _on_the_line(between)), "and drawn there"
    assert left_behind.route != other, "the arrow to the card left behind follows too"
    assert router.routed == 0, "no search for a clear path at each pointer move"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a + QPoint(28, 44))
    assert router.routed > 0 and not router.drafting
    _assert_routed_as_drawn_afresh(scene, "after the drop, as a fresh drawing")


def test_a_card_dragged_away_and_back_leaves_its_arrows_as_a_fresh_drawing_has_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    scene = window.scene
    card = scene.step_item("f3")  # one of its arrows goes round two cards: a draft would cut through them
    was = card.pos()
    viewport = window.view.viewport()
    a = viewport_point(window, _card_centre(window, "f3"))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for offset in (QPoint(40, 200), QPoint(80, 400), QPoint(40, 200), QPoint(0, 0)):
        qtbot.mouseMove(viewport, a + offset)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    assert card.pos() == was and window.controller.undo_stack.count() == 0
    _assert_routed_as_drawn_afresh(scene)


def test_undoing_a_move_of_many_cards_routes_each_arrow_at_most_once(window: MainWindow) -> None:
    scene, controller = window.scene, window.controller
    scenario = controller.scenario(scene.scenario_id)
    moved = [s for s in scenario.steps if s.lane in ("customer", "frontstage")][:20]
    controller.move_steps(scene.scenario_id, {s.id: StepPlace(s.lane, s.x + 300, s.y) for s in moved})
    router = scene.flow_router
    router.routed = 0
    controller.undo_stack.undo()
    assert 0 < router.routed <= len(scene.flow_items()), router.routed
    _assert_routed_as_drawn_afresh(scene)


def test_the_arrows_of_a_card_in_a_collapsed_lane_follow_it_when_it_moves(window: MainWindow) -> None:
    scene, controller = window.scene, window.controller
    scenario_id = scene.scenario_id
    controller.set_lane_collapsed(scenario_id, "backstage", True)
    step = next(s for s in controller.scenario(scenario_id).steps if s.lane == "backstage")
    card = scene.step_item(step.id)
    assert card is not None and not card.isVisible() and card.flows
    for shift in (40, 80):  # moved twice while hidden: the second move must not be taken for no move at all
        controller.move_steps(scenario_id, {step.id: StepPlace(step.lane, step.x + shift, step.y)})
    _assert_routed_as_drawn_afresh(scene)
