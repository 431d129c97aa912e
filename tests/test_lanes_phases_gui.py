"""Lanes and phases edited as a user does it: real mouse and keys on the canvas, the menus, the inspector."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import open_editor, viewport_point
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas.background import BlueprintLineItem
from blueprint_editor.canvas.structure_items import LaneEdgeGrip, LaneTitleGrip, PhaseEdgeGrip, PhaseHeaderGrip
from blueprint_editor.io import dumps_document
from blueprint_editor.model import LaneKind
from blueprint_editor.model.geometry import COLLAPSED_LANE_HEIGHT, LANE_GUTTER, PHASE_HEADER, band_of, phase_of
from blueprint_editor.ui import prompts, structure_menus
from blueprint_editor.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, example_file: Path) -> MainWindow:
    return open_editor(qtbot, example_file)


# Helpers


def _drag(qtbot: QtBot, window: MainWindow, start: QPointF, end: QPointF, *, check_midway=None) -> None:
    """Press at ``start``, move to ``end`` in steps, release there (scene coordinates)."""
    viewport = window.view.viewport()
    a = viewport_point(window, start)
    b = window.view.mapFromScene(end)
    qtbot.mouseMove(viewport, a)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 9):
        p = a + (b - a) * (i / 8)
        qtbot.mouseMove(viewport, QPoint(round(p.x()), round(p.y())))
    if check_midway is not None:
        check_midway()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def _double_click(qtbot: QtBot, window: MainWindow, scene_pos: QPointF) -> None:
    viewport = window.view.viewport()
    point = viewport_point(window, scene_pos)
    # As a hand does it: the pointer gets there, clicks, and clicks again.
    qtbot.mouseMove(viewport, point)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def _type(qtbot: QtBot, window: MainWindow, text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    viewport = window.view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(viewport, text)
    qtbot.keyClick(viewport, key)


def _line(window: MainWindow, key: str) -> BlueprintLineItem:
    return next(i for i in window.scene.items() if isinstance(i, BlueprintLineItem) and i.line.key == key)


def _free_spot_on(window: MainWindow, y: float, grip_type: type) -> QPointF:
    """A point at height ``y`` where the topmost thing is a grip of ``grip_type`` (no card or arrow on it)."""
    for x in range(40, 3000, 10):
        items = window.scene.items(QPointF(x, y))
        if items and isinstance(items[0], grip_type):
            return QPointF(x, y)
    raise AssertionError(f"no free spot at y={y}")


def _phase_names(window: MainWindow) -> dict[str, str]:
    scenario = window.scene.scenario
    return {s.id: phase_of(scenario, s).name for s in scenario.steps}


def _menu_action(menu: QMenu, text: str):
    return next(a for a in menu.actions() if a.text() == text)


def _undo_all(window: MainWindow) -> str:
    while window.controller.undo_stack.canUndo():
        window.actions["undo"].trigger()
    return dumps_document(window.controller.document)


# Lanes


def test_dragging_the_line_of_visibility_makes_frontstage_taller(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    scene, scenario = window.scene, window.scene.scenario
    front = band_of(scenario, "frontstage")
    line = _line(window, "visibility")
    assert line.y == front.bottom
    below = {s.id: scene.step_item(s.id).pos().y() for s in scenario.steps if s.lane in ("backstage", "support")}
    start = _free_spot_on(window, line.y, LaneEdgeGrip)

    qtbot.mouseMove(window.view.viewport(), viewport_point(window, start))
    assert window.view.viewport().cursor().shape() == Qt.CursorShape.SplitVCursor, "the line offers to be dragged"
    previews: list[float] = []

    def midway() -> None:
        preview = scene.structure.preview
        assert preview is not None and preview.edge is not None
        previews.append(preview.edge[0].y())

    _drag(qtbot, window, start, start + QPointF(0, 60), check_midway=midway)

    assert previews == [pytest.approx(line.y + 60, abs=1)], "the new edge shows while dragging"
    assert scene.structure.preview is None, "and goes on release"
    assert scenario.lane("frontstage").height == pytest.approx(front.height + 60, abs=1)
    assert _line(window, "visibility").y == pytest.approx(line.y + 60, abs=1), "the line moved with the edge"
    for step_id, y in below.items():
        assert scene.step_item(step_id).pos().y() == pytest.approx(y + 60, abs=1), f"{step_id} moved down"
    assert window.controller.undo_stack.count() == 1, "one drag, one undo step"
    assert window.controller.undo_stack.undoText() == "Resize lane Frontstage actions"
    window.actions["undo"].trigger()
    assert dumps_document(window.controller.document) == original
    assert _line(window, "visibility").y == line.y


def test_a_shorter_lane_keeps_its_cards_inside_and_undo_puts_them_back(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    scenario = window.scene.scenario
    front = band_of(scenario, "frontstage")
    start = _free_spot_on(window, front.bottom, LaneEdgeGrip)
    _drag(qtbot, window, start, QPointF(start.x(), front.top + 20))  # far above what a card needs
    band = band_of(scenario, "frontstage")
    assert band.height >= 80, "a lane stays tall enough for a card"
    for step in scenario.steps:
        if step.lane == "frontstage":
            rect = window.scene.step_item(step.id).scene_card_rect()
            assert band.top <= rect.top() and rect.bottom() <= band.bottom, f"{step.id} sticks out of its lane"
    assert window.controller.undo_stack.count() == 1
    assert _undo_all(window) == original


def test_double_click_a_lane_title_to_rename_it(qtbot: QtBot, window: MainWindow) -> None:
    band = band_of(window.scene.scenario, "customer")
    _double_click(qtbot, window, QPointF(-LANE_GUTTER / 2, band.top + band.height / 2 + 20))
    assert window.scene.structure.title_editor is not None, "the title opens for typing in place"
    _type(qtbot, window, "Guest <b>actions</b>")
    assert window.scene.scenario.lane("customer").title == "Guest <b>actions</b>", "plain text, markup and all"
    assert window.scene.structure.title_editor is None
    assert window.controller.undo_stack.undoText() == "Rename lane Customer actions"
    # Esc leaves the title as it was.
    _double_click(qtbot, window, QPointF(-LANE_GUTTER / 2, band.top + band.height / 2 + 20))
    _type(qtbot, window, "Something else", Qt.Key.Key_Escape)
    assert window.scene.scenario.lane("customer").title == "Guest <b>actions</b>"
    assert window.controller.undo_stack.count() == 1


def test_a_custom_lane_between_customer_and_frontstage_lies_below_the_line_of_interaction(
    qtbot: QtBot, window: MainWindow
) -> None:
    scenario = window.scene.scenario
    menu = QMenu(window)
    structure_menus.fill_lane_menu(menu, window, window.controller, window.scene, "customer")
    _menu_action(menu, "Insert Lane Below").trigger()
    assert window.scene.structure.title_editor is not None, "the new lane's title is ready for typing"
    _type(qtbot, window, "Policies")
    lane = scenario.lanes[2]
    assert (lane.kind, lane.title) == (LaneKind.CUSTOM, "Policies")
    customer, policies, front = (band_of(scenario, i) for i in ("customer", lane.id, "frontstage"))
    line = _line(window, "interaction")
    assert line.y == customer.bottom, "the line stays at the bottom of the customer lane"
    assert customer.bottom <= line.y <= front.top and line.y <= policies.top
    assert _line(window, "visibility").y == front.bottom
    # The custom lane holds cards: a double-click there adds one.
    _double_click(qtbot, window, QPointF(100, policies.top + policies.height / 2))
    qtbot.keyClicks(window.view.viewport(), "Late check-out costs extra")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    assert scenario.steps[-1].lane == lane.id and scenario.steps[-1].label == "Late check-out costs extra"


def test_clicking_the_chevron_collapses_a_lane_and_hides_its_cards(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    scene, scenario = window.scene, window.scene.scenario
    cards = [s.id for s in scenario.steps if s.lane == "backstage"]
    flows = [f.id for f in scenario.flows_touching(set(cards))]
    assert cards and flows and all(scene.step_item(c).isVisible() for c in cards)
    grip = next(i for i in scene.items() if isinstance(i, LaneTitleGrip) and i.lane_id == "backstage")
    viewport = window.view.viewport()
    chevron = viewport_point(window, grip.chevron_rect().center())
    qtbot.mouseMove(viewport, chevron)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=chevron)

    assert scenario.lane("backstage").collapsed
    band = band_of(scenario, "backstage")
    assert band.height == COLLAPSED_LANE_HEIGHT
    assert not any(scene.step_item(c).isVisible() for c in cards), "a collapsed lane hides its cards"
    assert not any(scene.flow_item(f).isVisible() for f in flows), "and the arrows to and from them"
    assert scene.lane_item("backstage").card_count == len(cards), "its strip counts what it hides"
    assert band_of(scenario, "support").top == band.bottom, "the lanes below move up"
    assert window.controller.undo_stack.undoText() == "Collapse lane Backstage actions"

    grip = next(i for i in scene.items() if isinstance(i, LaneTitleGrip) and i.lane_id == "backstage")
    chevron = viewport_point(window, grip.chevron_rect().center())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=chevron)
    assert not scenario.lane("backstage").collapsed
    assert all(scene.step_item(c).isVisible() for c in cards)
    assert _undo_all(window) == original


def test_removing_a_custom_lane_with_cards_asks_first(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    controller, sid = window.controller, window.scene.scenario_id
    lane_id = controller.add_custom_lane(sid, 5, "Metrics")
    step_id = controller.add_step(sid, lane_id, 40, 40, "NPS after check-out")
    controller.connect_steps(sid, "c1", step_id)
    saved = dumps_document(controller.document)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask", lambda parent, title, text, info, choices: asked.append(text) or "Cancel")
    assert not structure_menus.remove_lane(window, controller, window.scene, lane_id)
    assert asked == ["Remove the lane “Metrics” and its 1 card?"]
    assert dumps_document(controller.document) == saved
    monkeypatch.setattr(prompts, "ask", lambda *args: "Remove Lane and Cards")
    assert structure_menus.remove_lane(window, controller, window.scene, lane_id)
    assert window.scene.scenario.lane(lane_id) is None and window.scene.step_item(step_id) is None
    window.actions["undo"].trigger()
    assert dumps_document(controller.document) == saved
    assert window.scene.step_item(step_id) is not None


def test_a_custom_lane_moves_up_and_down_but_standard_lanes_stay(qtbot: QtBot, window: MainWindow) -> None:
    controller, scene = window.controller, window.scene
    lane_id = controller.add_custom_lane(scene.scenario_id, 1, "Channels")
    menu = QMenu(window)
    structure_menus.fill_lane_menu(menu, window, controller, scene, "customer")
    assert not _menu_action(menu, "Move Lane Up").isEnabled()
    assert not _menu_action(menu, "Remove Lane…").isEnabled()
    menu = QMenu(window)
    structure_menus.fill_lane_menu(menu, window, controller, scene, lane_id)
    _menu_action(menu, "Move Lane Down").trigger()
    assert [lane.id for lane in scene.scenario.lanes][:3] == ["evidence", "customer", lane_id]
    assert _line(window, "interaction").y == band_of(scene.scenario, "customer").bottom
    assert controller.undo_stack.undoText() == "Move lane Channels down"


def test_add_lane_from_the_blueprint_menu(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    def answer(dialog: structure_menus.AddLaneDialog) -> int:
        dialog.title.setEditText("  Emotions\n(notes) ")
        dialog.position.setCurrentIndex(0)  # above everything
        return 1

    monkeypatch.setattr(structure_menus.AddLaneDialog, "exec", answer)
    window.actions["add_lane"].trigger()
    lane = window.scene.scenario.lanes[0]
    assert (lane.kind, lane.title) == (LaneKind.CUSTOM, "Emotions (notes)")
    assert window.scene.lane_item(lane.id) is not None


# Phases


def test_double_click_a_phase_header_to_rename_it(qtbot: QtBot, window: MainWindow) -> None:
    _double_click(qtbot, window, QPointF(300, -PHASE_HEADER / 2))
    assert window.scene.structure.title_editor is not None
    _type(qtbot, window, "Choosing & booking")
    assert window.scene.scenario.phases[0].name == "Choosing & booking"
    assert window.controller.undo_stack.undoText() == "Rename phase Booking"
    # An emptied name is no name: the old one stays.
    _double_click(qtbot, window, QPointF(300, -PHASE_HEADER / 2))
    _type(qtbot, window, "   ")
    assert window.scene.scenario.phases[0].name == "Choosing & booking"


def test_dragging_a_phase_edge_resizes_it_and_moves_the_later_steps(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    scene, scenario = window.scene, window.scene.scenario
    names = _phase_names(window)
    booking = scenario.phases[0]
    later = {s.id: s.x for s in scenario.steps if names[s.id] != "Booking"}
    card = viewport_point(window, scene.step_item("c5").scene_card_rect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=card)
    assert window.inspector.step_id == "c5"
    edge = QPointF(booking.width, -PHASE_HEADER / 2)
    assert isinstance(scene.items(edge)[0], PhaseEdgeGrip)
    qtbot.mouseMove(window.view.viewport(), viewport_point(window, edge))
    assert window.view.viewport().cursor().shape() == Qt.CursorShape.SplitHCursor
    _drag(qtbot, window, edge, edge + QPointF(-120, 0))
    assert scenario.phases[0].width == pytest.approx(booking.width - 120, abs=1)
    shift = scenario.phases[0].width - 720
    for step_id, x in later.items():
        assert scenario.step(step_id).x == pytest.approx(x + shift), step_id
    assert _phase_names(window) == names, "every step stays in its phase"
    assert scene.selected_step_ids() == {"c5"} and window.inspector.step_id == "c5", "the selection stays"
    assert window.controller.undo_stack.count() == 1
    assert _undo_all(window) == original


def test_dragging_a_phase_header_reorders_the_phases_with_their_steps(qtbot: QtBot, window: MainWindow) -> None:
    original = dumps_document(window.controller.document)
    window.view.set_zoom(0.4)
    scenario = window.scene.scenario
    names = _phase_names(window)
    arrival = next(p for p in scenario.phases if p.id == "arrival")
    start = QPointF(720 + arrival.width / 2, -PHASE_HEADER / 2)
    assert isinstance(window.scene.items(start)[0], PhaseHeaderGrip)
    stay_right = 720 + 800 + 800
    _drag(qtbot, window, start, QPointF(stay_right + 30, -PHASE_HEADER / 2))
    assert [p.id for p in scenario.phases] == ["booking", "stay", "arrival", "departure", "after"]
    assert _phase_names(window) == names, "each step is still in the phase it was in"
    for step_id in names:
        item = window.scene.step_item(step_id)
        assert item.pos().x() == window.controller.step(window.scene.scenario_id, step_id).x
    assert window.controller.undo_stack.count() == 1
    assert _undo_all(window) == original


def test_a_click_on_a_phase_header_moves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    point = viewport_point(window, QPointF(300, -PHASE_HEADER / 2))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.controller.undo_stack.count() == 0


def test_insert_a_phase_from_its_menu_and_name_it(qtbot: QtBot, window: MainWindow) -> None:
    names = _phase_names(window)
    menu = QMenu(window)
    structure_menus.fill_phase_menu(menu, window, window.controller, window.scene, "arrival")
    _menu_action(menu, "Insert Phase After").trigger()
    _type(qtbot, window, "Upgrade")
    assert [p.name for p in window.scene.scenario.phases][1:4] == ["Arrival", "Upgrade", "Stay"]
    assert _phase_names(window) == names


def test_add_phase_appends_one_at_the_end(qtbot: QtBot, window: MainWindow) -> None:
    count = len(window.scene.scenario.phases)
    window.actions["add_phase"].trigger()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Escape)  # keep the name it was given
    phases = window.scene.scenario.phases
    assert len(phases) == count + 1 and phases[-1].name == f"Phase {count + 1}"
    assert window.controller.undo_stack.undoText() == f"Add phase Phase {count + 1}"


@pytest.mark.parametrize("choice", ["move", "delete"])
def test_deleting_a_phase_asks_what_becomes_of_its_steps(
    qtbot: QtBot, window: MainWindow, monkeypatch, choice: str
) -> None:
    original = dumps_document(window.controller.document)
    scenario = window.scene.scenario
    names = _phase_names(window)
    in_stay = {s for s, name in names.items() if name == "Stay"}
    flows = {f.id for f in scenario.flows_touching(in_stay)}
    asked: list[list[str]] = []

    def answer(parent, title, text, info, choices):
        asked.append(choices)
        return choices[0] if choice == "move" else choices[1]

    monkeypatch.setattr(prompts, "ask", answer)
    menu = QMenu(window)
    structure_menus.fill_phase_menu(menu, window, window.controller, window.scene, "stay")
    _menu_action(menu, "Delete Phase…").trigger()

    assert asked == [["Move Them to “Arrival”", "Delete the Steps", "Cancel"]]
    assert "stay" not in [p.id for p in scenario.phases]
    if choice == "move":
        after = _phase_names(window)
        assert all(after[s] == "Arrival" for s in in_stay)
        assert {f.id for f in scenario.flows} >= flows
    else:
        assert not in_stay & {s.id for s in scenario.steps}
        assert not any(window.scene.step_item(s) for s in in_stay)
        assert not flows & {f.id for f in scenario.flows}
    assert window.controller.undo_stack.count() == 1
    assert _undo_all(window) == original


def test_the_last_phase_cannot_be_deleted(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text, **kw: told.append(text))
    controller, scene = window.controller, window.scene
    for phase in list(scene.scenario.phases[1:]):
        controller.remove_phase(scene.scenario_id, phase.id, keep_steps=True)
    menu = QMenu(window)
    structure_menus.fill_phase_menu(menu, window, controller, scene, scene.scenario.phases[0].id)
    assert not _menu_action(menu, "Delete Phase…").isEnabled()
    assert not structure_menus.delete_phase(window, controller, scene, scene.scenario.phases[0].id)
    assert told and "at least one phase" in told[0]


# Menus and the inspector


def test_right_clicking_a_lane_title_or_phase_header_opens_its_menu(qtbot: QtBot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    band = band_of(window.scene.scenario, "frontstage")
    for scene_pos, expected in (
        (QPointF(-LANE_GUTTER / 2, band.top + 30), "Rename Lane…"),
        (QPointF(300, -PHASE_HEADER / 2), "Rename Phase…"),
    ):
        point = viewport_point(window, scene_pos)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
        QApplication.sendEvent(viewport, event)
        popup = QApplication.activePopupWidget()
        assert isinstance(popup, QMenu), "a menu pops up"
        texts = [a.text() for a in popup.actions() if a.text()]
        assert expected in texts
        popup.close()
    # The lane's menu acts on the lane that was right-clicked.
    point = viewport_point(window, QPointF(-LANE_GUTTER / 2, band.top + 30))
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    )
    popup = QApplication.activePopupWidget()
    _menu_action(popup, "Collapse Lane (13 cards)").trigger()
    popup.close()
    assert window.scene.scenario.lane("frontstage").collapsed


def test_the_inspector_moves_a_step_to_another_phase_and_lane(qtbot: QtBot, window: MainWindow) -> None:
    scene, controller = window.scene, window.controller
    lane_id = controller.add_custom_lane(scene.scenario_id, 2, "Policies")
    item = scene.step_item("c1")
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window, item.scene_card_rect().center())
    )
    inspector = window.inspector
    assert inspector.step_id == "c1"
    before = controller.step(scene.scenario_id, "c1").model_copy()
    index = inspector.phase.findData("arrival")
    inspector.phase.setCurrentIndex(index)
    inspector.phase.activated.emit(index)
    step = controller.step(scene.scenario_id, "c1")
    assert phase_of(scene.scenario, step).name == "Arrival"
    assert step.x - 720 == before.x, "the same place within the new phase"
    assert "Policies" in [inspector.lane.itemText(i) for i in range(inspector.lane.count())]
    index = inspector.lane.findData(lane_id)
    inspector.lane.setCurrentIndex(index)
    inspector.lane.activated.emit(index)
    step = controller.step(scene.scenario_id, "c1")
    assert (step.lane, step.y) == (lane_id, before.y)
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert controller.step(scene.scenario_id, "c1") == before
