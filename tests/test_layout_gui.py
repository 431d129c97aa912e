"""Layout aids and navigation driven as a user drives them: Arrange menu, snapping, guides, overview, zoom slider,
right-click menus and the shortcut sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from gui_helpers import open_editor, viewport_point
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsLineItem, QMenu
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import style
from blueprint_editor.io import dumps_document
from blueprint_editor.ui import themes
from blueprint_editor.ui.main_window import MainWindow
from blueprint_editor.ui.shortcuts_sheet import ShortcutsSheet
from blueprint_editor.ui.zoom_widget import slider_value

ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot: QtBot, example_file: Path) -> Iterator[MainWindow]:
    win = open_editor(qtbot, example_file)
    snap = win.actions["snap_to_grid"]
    assert not snap.isChecked(), "the editor starts without snapping (each session's settings start empty)"
    if not win.actions["overview"].isChecked():  # every test starts with the overview shown
        win.actions["overview"].trigger()
    yield win
    if snap.isChecked():
        snap.trigger()  # the setting is remembered: leave it off for the next test
    if not win.actions["overview"].isChecked():
        win.actions["overview"].trigger()


def _menu_action(window: MainWindow, menu_title: str, text: str) -> QAction:
    """The action of a menu bar menu, found as a user finds it: by the menu's and the entry's text."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_title:
            menu = top.menu()
            assert isinstance(menu, QMenu)
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu_title} > {text}")


def _card_centre(window: MainWindow, step_id: str) -> QPointF:
    item = window.scene.step_item(step_id)
    assert item is not None
    return item.scene_card_rect().center()


def _step(window: MainWindow, step_id: str):
    return window.controller.step(window.scene.scenario_id, step_id)


def _drag(
    qtbot: QtBot,
    window: MainWindow,
    start: QPointF,
    end: QPointF,
    *,
    modifiers: Qt.KeyboardModifier = NONE,
    midway: Callable[[], None] | None = None,
) -> None:
    """Press, move in steps and release (scene coordinates), with keys such as Alt held throughout.

    QTest's moves carry no keys, so the moves are sent as the window system sends them: mouse events with the
    button and the keys held.
    """
    viewport = window.view.viewport()
    a = viewport_point(window, start)
    b = window.view.mapFromScene(end)
    qtbot.mousePress(viewport, LEFT, modifiers, a)
    steps = 8
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        point = QPointF(round(p.x()), round(p.y()))
        move = QMouseEvent(
            QEvent.Type.MouseMove, point, QPointF(viewport.mapToGlobal(point.toPoint())), Qt.MouseButton.NoButton,
            LEFT, modifiers,
        )  # fmt: skip
        QApplication.sendEvent(viewport, move)
    if midway is not None:
        midway()
    qtbot.mouseRelease(viewport, LEFT, modifiers, b)


def _right_click(qtbot: QtBot, window: MainWindow, scene_pos: QPointF) -> QMenu:
    """A right-click as the window system delivers it (the button, then a context menu event); the menu shown."""
    viewport = window.view.viewport()
    point = viewport_point(window, scene_pos)
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, NONE, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, NONE, point)
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    )
    menu = window.context_menus.menu
    assert menu is not None and menu.isVisible(), "a menu pops up"
    return menu


def _texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def _overlapping_cards(window: MainWindow) -> list[tuple[str, str]]:
    items = sorted(window.scene.step_items(), key=lambda i: i.scene_card_rect().left())
    found = []
    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            if a.scene_card_rect().intersects(b.scene_card_rect()):
                found.append((a.step_id, b.step_id))
    return found


# Arrange menu


def test_tidy_from_the_arrange_menu_is_one_undo_step_back_to_the_very_same_file(
    qtbot: QtBot, window: MainWindow
) -> None:
    # A card dropped onto the next one in its phase, as happens in a hurry.
    _drag(qtbot, window, _card_centre(window, "c5"), _card_centre(window, "c6") + QPointF(10, 6))
    assert _overlapping_cards(window)
    messy = dumps_document(window.controller.document)
    stack = window.controller.undo_stack
    count = stack.count()

    _menu_action(window, "Arrange", "Tidy").trigger()

    assert stack.count() == count + 1 and stack.undoText() == "Tidy", "one undo step"
    assert _overlapping_cards(window) == []
    assert _step(window, "c2").x == _step(window, "f1").x, "a customer action above the frontstage step it starts"
    customer = sorted((s for s in window.scene.scenario.steps if s.lane == "customer"), key=lambda s: s.x)
    assert [s.id for s in customer] == [f"c{i}" for i in range(1, 18)], "the journey reads left to right again"
    for step in window.scene.scenario.steps:
        item = window.scene.step_item(step.id)
        assert item is not None and item.pos().x() == step.x, "the cards follow the model"

    window.actions["undo"].trigger()
    assert dumps_document(window.controller.document) == messy


def test_align_left_from_the_menu_lines_up_the_selected_cards(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, LEFT, NONE, viewport_point(window, _card_centre(window, "c3")))
    qtbot.mouseClick(
        viewport, LEFT, Qt.KeyboardModifier.ControlModifier, window.view.mapFromScene(_card_centre(window, "b1"))
    )
    assert window.scene.selected_step_ids() == {"c3", "b1"}
    align = _menu_action(window, "Arrange", "Align Left Edges")
    assert align.isEnabled()
    assert not _menu_action(window, "Arrange", "Distribute Horizontally").isEnabled(), "three cards are needed"
    before = _step(window, "c3").model_copy()
    align.trigger()
    assert _step(window, "c3").x == _step(window, "b1").x == 260
    assert (_step(window, "c3").lane, _step(window, "c3").y) == (before.lane, before.y)
    assert window.scene.step_item("c3").pos().x() == 260
    assert window.controller.undo_stack.undoText() == "Align left edges"
    window.actions["undo"].trigger()
    assert _step(window, "c3").x == before.x


# Snapping and guides


def test_a_drag_with_snap_on_lands_on_the_grid_and_with_alt_held_does_not(qtbot: QtBot, window: MainWindow) -> None:
    _menu_action(window, "View", "Snap to Grid").trigger()
    assert window.actions["snap_to_grid"].isChecked()
    start = _card_centre(window, "c2")
    _drag(qtbot, window, start, QPointF(start.x() + 37, start.y() + 3))
    step = _step(window, "c2")
    assert (step.x, step.y) == (300, 40), "260 + 37 settles on the grid at 300; the top stays in its row"
    assert window.scene.step_item("c2").pos().x() == 300

    start = _card_centre(window, "c2")
    _drag(qtbot, window, start, QPointF(start.x() + 37, start.y() + 3), modifiers=ALT)
    step = _step(window, "c2")
    assert (step.x, step.y) == (337, 43), "Alt places the card exactly where it is dropped"


def test_snap_to_grid_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.actions["snap_to_grid"].trigger()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.actions["snap_to_grid"].isChecked()
    assert again.scene.drag_aids.snap_to_grid


def test_an_alignment_guide_shows_while_dragging_and_goes_on_release(qtbot: QtBot, window: MainWindow) -> None:
    scene = window.scene
    top = scene.step_item("c1").scene_card_rect().top()
    start = _card_centre(window, "c2")
    seen: list[list] = []

    def look() -> None:
        seen.append(scene.drag_aids.guides)
        lines = scene.drag_aids.visible_guide_rects()
        assert lines, "guide lines are drawn on the canvas"

    _drag(qtbot, window, start, QPointF(start.x() + 31, start.y() + 4), midway=look)
    horizontal = [g for g in seen[0] if not g.vertical]
    assert any(g.at == top for g in horizontal), "a guide along the tops of the cards in the row"
    assert _step(window, "c2").y == 40, "pulled onto the guide: 4 units off is close enough"
    assert scene.drag_aids.guides == [] and scene.drag_aids.visible_guide_rects() == []

    start = _card_centre(window, "c2")
    far: list[list] = []
    _drag(qtbot, window, start, QPointF(start.x(), start.y() + 25), midway=lambda: far.append(scene.drag_aids.guides))
    assert not [g for g in far[0] if not g.vertical and g.at == top], "25 units off the row: no guide along it"
    assert abs(_step(window, "c2").y - 65) <= 6, "nor a pull back into it"


def _guide_colours_in_a_drag(qtbot: QtBot, window: MainWindow) -> set[str]:
    """Drag c2 to just off its row, so that guides show, and say in which colours the guide lines are drawn midway;
    the drag is undone."""
    rects: list[QRectF] = []
    colours: set[str] = set()

    def look() -> None:
        rects.extend(window.scene.drag_aids.visible_guide_rects())
        for item in window.scene.items():
            if isinstance(item, QGraphicsLineItem) and item.isVisible() and item.sceneBoundingRect() in rects:
                colours.add(item.pen().color().name())

    start = _card_centre(window, "c2")
    _drag(qtbot, window, start, QPointF(start.x() + 31, start.y() + 4), midway=look)
    window.actions["undo"].trigger()
    assert rects, "guides showed"
    return colours


def test_the_guides_are_drawn_in_the_colour_of_each_theme(qtbot: QtBot, window: MainWindow) -> None:
    before = style.screen_palette()
    try:
        # One window: the lines that show the guides in one theme show them again in the next.
        for theme in style.THEMES:
            for colour_blind_safe in (False, True):
                themes.show_theme(theme, colour_blind_safe=colour_blind_safe, remember=False)
                wanted = style.palette(theme, colour_blind_safe=colour_blind_safe).colours["GUIDE"]
                assert _guide_colours_in_a_drag(qtbot, window) == {wanted}, (theme, colour_blind_safe)
    finally:
        themes.show_theme(before.name, colour_blind_safe=before.colour_blind_safe, remember=False)


# Overview and zoom


def test_a_click_in_the_overview_shows_that_part_of_the_blueprint(qtbot: QtBot, window: MainWindow) -> None:
    overview = window.overview
    assert overview.isVisible()
    overview_map = overview.map
    qtbot.waitUntil(lambda: overview_map.redraws > 0)
    target = _card_centre(window, "c16")  # far right: not in view at 100 %
    view = window.view
    assert not view.mapToScene(view.viewport().rect()).boundingRect().contains(target)
    point = overview_map.to_widget(target).toPoint()
    qtbot.mouseClick(overview_map, LEFT, NONE, point)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(target), "the canvas now shows what was clicked"
    assert abs(shown.center().x() - target.x()) < 30
    frame = overview_map.visible_rect()
    assert frame.contains(QPointF(point)), "the overview frames the new visible area"

    start = overview_map.to_widget(_card_centre(window, "c1")).toPoint()
    qtbot.mousePress(overview_map, LEFT, NONE, point)
    qtbot.mouseMove(overview_map, start)
    qtbot.mouseRelease(overview_map, LEFT, NONE, start)
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(_card_centre(window, "c1"))


def test_the_overview_redraws_once_for_a_burst_of_changes(qtbot: QtBot, window: MainWindow) -> None:
    overview_map = window.overview.map
    qtbot.waitUntil(lambda: overview_map.redraws > 0)
    qtbot.wait(300)
    before = overview_map.redraws
    for step_id in ("c1", "c2", "c3", "c4"):
        window.controller.set_step_fields(window.scene.scenario_id, step_id, fail_point=True)
    qtbot.waitUntil(lambda: overview_map.redraws > before)
    qtbot.wait(300)
    assert overview_map.redraws == before + 1


def test_the_overview_can_be_hidden_from_the_view_menu(qtbot: QtBot, window: MainWindow) -> None:
    _menu_action(window, "View", "Overview").trigger()
    assert not window.overview.isVisible()
    _menu_action(window, "View", "Overview").trigger()
    assert window.overview.isVisible()


def test_the_zoom_slider_zooms_and_follows_the_view(qtbot: QtBot, window: MainWindow) -> None:
    widget = window.zoom_widget
    assert widget.label.text() == "100 %"
    widget.slider.setFocus()
    qtbot.keyClick(widget.slider, Qt.Key.Key_PageUp)
    assert window.view.zoom() == pytest.approx(1.25, abs=0.01)
    assert widget.label.text() == "125 %"

    window.actions["zoom_in"].trigger()
    zoom = window.view.zoom()
    assert zoom == pytest.approx(1.25 * 1.25, abs=0.02)
    assert widget.slider.value() == slider_value(zoom), "the slider follows the view"
    assert window.view.zoom() == zoom, "and does not zoom again in return"
    assert widget.label.text() == f"{zoom * 100:.0f} %"

    qtbot.keyClick(widget.slider, Qt.Key.Key_Home)
    assert window.view.zoom() == pytest.approx(0.1, abs=0.002)
    assert widget.label.text() == "10 %"


def test_the_zoom_slider_clicks_into_one_hundred_percent(qtbot: QtBot, window: MainWindow) -> None:
    window.view.set_zoom(0.5)
    window.zoom_widget.slider.setValue(3)
    assert window.view.zoom() == 1.0


# Right-click menus


def test_the_menu_of_a_step_offers_the_step_actions(qtbot: QtBot, window: MainWindow) -> None:
    menu = _right_click(qtbot, window, _card_centre(window, "c2"))
    texts = _texts(menu)
    for wanted in ("Edit Text", "Cut", "Copy", "Duplicate", "Delete", "Mark Fail Point", "Mark Wait…"):
        assert wanted in texts, wanted
    assert window.scene.selected_step_ids() == {"c2"}, "the card right-clicked is the selection"
    assert not any("Align" in t for t in texts), "nothing to align with one card"
    fail = next(a for a in menu.actions() if a.text() == "Mark Fail Point")
    fail.trigger()
    menu.close()
    assert _step(window, "c2").fail_point
    assert window.controller.undo_stack.count() == 1
    assert window.scene.step_item("c2").face.fail_point, "the card shows its F badge"


def test_the_menu_of_several_steps_offers_to_align_them(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, LEFT, NONE, viewport_point(window, _card_centre(window, "c1")))
    for step_id in ("f2", "b2"):
        qtbot.mouseClick(
            viewport, LEFT, Qt.KeyboardModifier.ControlModifier, window.view.mapFromScene(_card_centre(window, step_id))
        )
    menu = _right_click(qtbot, window, _card_centre(window, "b2"))
    assert window.scene.selected_step_ids() == {"c1", "f2", "b2"}, "a right-click inside the selection keeps it"
    assert "Edit Text" not in _texts(menu)
    arrange = next(a.menu() for a in menu.actions() if a.text() == "Align and Distribute")
    assert {"Align Left Edges", "Align Tops", "Distribute Horizontally"} <= set(_texts(arrange))
    next(a for a in arrange.actions() if a.text().replace("&", "") == "Align Left Edges").trigger()
    menu.close()
    assert _step(window, "c1").x == _step(window, "f2").x == _step(window, "b2").x == 40
    marks = [s.fail_point for s in window.scene.scenario.steps if s.id in ("c1", "f2", "b2")]
    assert marks == [False, False, False]


def test_the_menu_of_the_canvas_adds_a_step_where_it_was_opened(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.model.geometry import band_of

    band = band_of(window.scene.scenario, "backstage")
    spot = QPointF(1540, band.top + band.height / 2)  # an empty spot in Backstage actions
    assert window.scene.items(spot) and not any(hasattr(i, "step_id") for i in window.scene.items(spot))
    menu = _right_click(qtbot, window, spot)
    texts = _texts(menu)
    assert "Add Step Here (Backstage actions)" in texts
    assert {"Paste", "Select All", "Tidy"} <= set(texts)
    count = len(window.scene.scenario.steps)
    next(a for a in menu.actions() if a.text().startswith("Add Step Here")).trigger()
    menu.close()
    assert len(window.scene.scenario.steps) == count + 1
    new = window.scene.scenario.steps[-1]
    assert new.lane == "backstage" and abs(new.x + 80 - spot.x()) <= 1
    assert window.scene.label_editor is not None, "ready for typing"


def test_another_module_can_add_entries_to_a_menu(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.ui.context_menus import register_menu_filler, unregister_menu_filler

    def filler(menu: QMenu, context) -> None:
        menu.addAction(f"Look at {context.item_id}")

    register_menu_filler("step", filler)
    try:
        menu = _right_click(qtbot, window, _card_centre(window, "c3"))
        assert _texts(menu)[-1] == "Look at c3"
        menu.close()
    finally:
        unregister_menu_filler("step", filler)
    with pytest.raises(ValueError, match="unknown context menu kind"):
        register_menu_filler("teapot", filler)


# The shortcut sheet


def _open_sheet(qtbot: QtBot, window: MainWindow) -> ShortcutsSheet:
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    sheets = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsSheet) and w.isVisible()]
    assert len(sheets) == 1, "F1 opens the sheet"
    qtbot.addWidget(sheets[0])
    return sheets[0]


def test_f1_lists_the_shortcuts_by_menu_and_the_canvas_keys(qtbot: QtBot, window: MainWindow) -> None:
    sheet = _open_sheet(qtbot, window)
    rows = sheet.rows()
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert ("File", "Save", "Ctrl+S") in rows
    assert ("Help", "Keyboard Shortcuts", "F1") in rows
    assert ("Edit", "Edit Text", "F2") in rows, "F2 edits a step's text or a flow's label: one name for both"
    assert any(group == "On the canvas" and "Alt" in keys for group, _, keys in rows)
    sheet.filter.setText("undo")
    assert [r[1] for r in sheet.rows()] == ["Undo"]
    sheet.close()


def test_the_sheet_lists_an_action_added_while_the_editor_runs(qtbot: QtBot, window: MainWindow) -> None:
    action = QAction("Frobnicate the Blueprint", window)
    action.setShortcut("Ctrl+Alt+K")
    window.actions["frobnicate"] = action
    window.menuBar().actions()[-1].menu().addAction(action)  # the Help menu
    sheet = _open_sheet(qtbot, window)
    assert ("Help", "Frobnicate the Blueprint", "Ctrl+Alt+K") in sheet.rows()
    sheet.close()
    action.setShortcut("Ctrl+Alt+J")
    sheet = _open_sheet(qtbot, window)
    assert ("Help", "Frobnicate the Blueprint", "Ctrl+Alt+J") in sheet.rows(), "made afresh at each opening"
    sheet.close()


def test_a_right_click_knows_what_it_is_on(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.canvas.context_target import context_target
    from blueprint_editor.model.geometry import band_of

    scene = window.scene
    customer = band_of(scene.scenario, "customer")
    assert customer is not None
    flow = scene.flow_item("l14")  # c2 -> c3, a straight run between two cards
    assert flow is not None
    on_flow = flow.path().pointAtPercent(0.5)
    assert context_target(scene, _card_centre(window, "c1")) == ("step", "c1")
    assert context_target(scene, flow.mapToScene(on_flow)) == ("flow", "l14")
    assert context_target(scene, QPointF(-100, customer.top + 20)) == ("lane", "customer")
    assert context_target(scene, QPointF(900, -20)) == ("phase", "arrival")
    assert context_target(scene, QPointF(1540, customer.top + 5)) == ("canvas", "")


def test_the_flow_lane_and_phase_menus_come_through_the_same_framework(qtbot: QtBot, window: MainWindow) -> None:
    menus = window.context_menus
    at, screen = QPointF(0, 0), QPoint(0, 0)
    assert "Reverse Direction" in _texts(menus.build("flow", "l14", at, screen))
    assert "Rename Lane…" in _texts(menus.build("lane", "customer", at, screen))
    assert "Rename Phase…" in _texts(menus.build("phase", "arrival", at, screen))
    assert _texts(menus.build("flow", "no-such-flow", at, screen)) == [], "a stale id gives an empty menu"


def test_the_zoom_label_never_reads_zero_when_a_landscape_is_fitted(window: MainWindow) -> None:
    window.zoom_widget.show_zoom(0.004)
    assert window.zoom_widget.label.text() == "0.4 %"
    window.zoom_widget.show_zoom(0.031)
    assert window.zoom_widget.label.text() == "3.1 %"
