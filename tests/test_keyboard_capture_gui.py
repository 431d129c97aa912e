"""Building and walking a blueprint from the keyboard alone, and Find: real key events on the canvas."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import open_editor
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.model.geometry import phase_of
from blueprint_editor.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


def _window(qtbot: QtBot, path: Path | None) -> MainWindow:
    return open_editor(qtbot, path, activate=True, focus=True)


@pytest.fixture
def blank(qtbot: QtBot) -> MainWindow:
    return _window(qtbot, None)


@pytest.fixture
def hotel(qtbot: QtBot, example_file: Path) -> MainWindow:
    return _window(qtbot, example_file)


def _key(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier=NONE) -> None:
    qtbot.keyClick(window.view, key, modifier)


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.view, text)


def _chain(window: MainWindow) -> list[str]:
    """The labels along the flows, from the step nothing leads to."""
    scenario = window.scene.scenario
    following = {f.source: f.target for f in scenario.flows}
    targets = set(following.values())
    start = next(s.id for s in scenario.steps if s.id not in targets)
    labels = []
    while start is not None:
        labels.append(scenario.step(start).label)  # type: ignore[union-attr]
        start = following.get(start)
    return labels


def _card_rects(window: MainWindow) -> list[QRectF]:
    return [item.scene_card_rect() for item in window.scene.step_items()]


def _assert_no_overlaps(window: MainWindow) -> None:
    rects = _card_rects(window)
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), f"cards overlap: {a} and {b}"


def _select(qtbot: QtBot, window: MainWindow, step_id: str) -> None:
    item = window.scene.step_item(step_id)
    assert item is not None
    centre = item.scene_card_rect().center()
    window.view.ensureVisible(item)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, NONE, window.view.mapFromScene(centre))
    window.view.setFocus()


def test_ten_steps_with_flows_from_the_keyboard_alone(qtbot: QtBot, blank: MainWindow) -> None:
    window = blank
    _key(qtbot, window, Qt.Key.Key_Return, CTRL)  # Add Step: a first card, ready for typing
    _type(qtbot, window, "Step 1")
    _key(qtbot, window, Qt.Key.Key_Return)
    for n in range(2, 11):
        _key(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is window.view, "Tab stays on the canvas"
        _type(qtbot, window, f"Step {n}")
        _key(qtbot, window, Qt.Key.Key_Return)

    scenario = window.scene.scenario
    assert len(scenario.steps) == 10
    assert len(scenario.flows) == 9
    labels = [f"Step {n}" for n in range(1, 11)]
    assert [s.label for s in sorted(scenario.steps, key=lambda s: s.x)] == labels, "left to right"
    assert _chain(window) == labels, "each flow leads from one step to the next"
    assert len({s.lane for s in scenario.steps}) == 1 and len({s.y for s in scenario.steps}) == 1
    _assert_no_overlaps(window)
    assert [item.label for item in sorted(window.scene.step_items(), key=lambda i: i.x())] == labels
    assert len(window.scene.flow_items()) == 9, "the arrows are drawn"
    assert window.scene.selected_step_ids() == {scenario.steps[-1].id}, "the last step stays selected"

    # Each Tab is one undo step (the step with its flow), each text another.
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert len(scenario.steps) == 9 and len(scenario.flows) == 8


def test_twenty_steps_typing_tab_to_go_on(qtbot: QtBot, blank: MainWindow) -> None:
    """Tab while typing keeps the text and goes on to the next step, as in a spreadsheet."""
    window = blank
    _key(qtbot, window, Qt.Key.Key_Return, CTRL)
    for n in range(1, 21):
        _type(qtbot, window, f"Task {n}")
        _key(qtbot, window, Qt.Key.Key_Tab if n < 20 else Qt.Key.Key_Return)
    scenario = window.scene.scenario
    assert len(scenario.steps) == 20 and len(scenario.flows) == 19
    assert _chain(window) == [f"Task {n}" for n in range(1, 21)]
    _assert_no_overlaps(window)
    assert window.scene.label_editor is None, "nothing is left half-typed"
    # The chain outgrew the four phases of a new blueprint: the last phase grew with it, card by card.
    width = sum(p.width for p in scenario.phases)
    assert width > 2400
    assert all(item.scene_card_rect().right() <= width for item in window.scene.step_items()), "all on the lanes"


def test_escape_at_the_end_of_a_long_chain_gives_back_the_phase_too(qtbot: QtBot, blank: MainWindow) -> None:
    window = blank
    controller, scenario_id = window.controller, window.scene.scenario_id
    start = controller.add_step(scenario_id, "customer", 2220, 40, "Last one in")
    before = [p.width for p in window.scene.scenario.phases]
    window.scene.clearSelection()
    window.scene.step_item(start).setSelected(True)  # type: ignore[union-attr]
    count = controller.undo_stack.count()
    _key(qtbot, window, Qt.Key.Key_Tab)
    assert window.scene.scenario.phases[-1].width > before[-1], "the last phase grew to take the new card"
    assert controller.undo_stack.count() == count + 1, "growing and adding are one undo step"
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert [p.width for p in window.scene.scenario.phases] == before
    assert len(window.scene.scenario.steps) == 1 and window.scene.scenario.flows == []
    assert controller.undo_stack.count() == count
    assert window.scene.selected_step_ids() == {start}


def test_shift_tab_adds_a_step_before_with_the_flow_into_the_old_one(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "b6")  # the night audit, with room on its left
    _key(qtbot, window, Qt.Key.Key_Tab, SHIFT)
    _type(qtbot, window, "Collect the day's charges")
    _key(qtbot, window, Qt.Key.Key_Return)
    scenario = window.scene.scenario
    new = scenario.steps[-1]
    b6 = scenario.step("b6")
    assert new.label == "Collect the day's charges" and new.lane == "backstage" and b6 is not None
    assert b6.x - 200 <= new.x < b6.x
    assert [(f.source, f.target) for f in scenario.flows[-1:]] == [(new.id, "b6")]
    _assert_no_overlaps(window)


def test_shift_tab_with_no_room_on_the_left_says_so(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "c1")
    steps = len(window.scene.scenario.steps)
    _key(qtbot, window, Qt.Key.Key_Tab, SHIFT)
    assert len(window.scene.scenario.steps) == steps
    assert "no room" in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is window.view


def test_escape_on_a_new_step_takes_it_back_and_reselects_the_old_one(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "c17")
    steps, flows = len(window.scene.scenario.steps), len(window.scene.scenario.flows)
    _key(qtbot, window, Qt.Key.Key_Tab)
    assert len(window.scene.scenario.steps) == steps + 1
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert (len(window.scene.scenario.steps), len(window.scene.scenario.flows)) == (steps, flows)
    assert window.controller.undo_stack.count() == 0, "no trace in the history"
    assert window.scene.selected_step_ids() == {"c17"}


def test_enter_edits_the_selected_step(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "c3")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.scene.label_editor is not None
    _type(qtbot, window, "Read the email twice")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.controller.step(window.scene.scenario_id, "c3").label == "Read the email twice"


def _view_centre(window: MainWindow) -> QPointF:
    return window.view.mapToScene(window.view.viewport().rect().center())


def test_ctrl_arrows_walk_from_card_to_card(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "c2")
    walk = []
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
        _key(qtbot, window, key, CTRL)
        (selected,) = window.scene.selected_step_ids()
        walk.append(selected)
    assert walk == ["c3", "f2", "b2", "b1", "f1"]
    assert window.controller.undo_stack.count() == 0, "walking changes nothing"

    # Far along the journey, the selected card is scrolled into view.
    for _ in range(12):
        _key(qtbot, window, Qt.Key.Key_Right, CTRL)
    (far,) = window.scene.selected_step_ids()
    item = window.scene.step_item(far)
    assert item is not None and far != "f1"
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(item.scene_card_rect())


def test_alt_arrows_move_a_step_to_another_lane_or_phase(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "f2")
    _key(qtbot, window, Qt.Key.Key_Down, ALT)
    assert window.controller.step(window.scene.scenario_id, "f2").lane == "backstage"
    assert window.controller.undo_stack.undoText() == "Move step to Backstage actions"
    _key(qtbot, window, Qt.Key.Key_Up, ALT)
    _key(qtbot, window, Qt.Key.Key_Up, ALT)
    assert window.controller.step(window.scene.scenario_id, "f2").lane == "customer"
    item = window.scene.step_item("f2")
    assert item is not None
    assert window.scene.lane_item("customer").sceneBoundingRect().contains(item.scene_card_rect().center())  # type: ignore[union-attr]

    scenario = window.scene.scenario
    assert phase_of(scenario, scenario.step("f2")).id == "booking"  # type: ignore[arg-type, union-attr]
    _key(qtbot, window, Qt.Key.Key_Right, ALT)
    assert phase_of(scenario, scenario.step("f2")).id == "arrival"  # type: ignore[arg-type, union-attr]
    assert window.scene.selected_step_ids() == {"f2"}, "the step stays selected for the next move"
    assert window.controller.undo_stack.count() == 4
    for _ in range(4):
        window.actions["undo"].trigger()
    assert (scenario.step("f2").lane, scenario.step("f2").x) == ("frontstage", 480)  # type: ignore[union-attr]


def test_find_selects_and_centres_each_match(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    zoom = window.view.zoom()
    _key(qtbot, window, Qt.Key.Key_F, CTRL)
    bar = window.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "KEY CARD")
    assert bar.count.text() == "1 of 5"
    assert window.scene.selected_step_ids() == {"e5"}

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.scene.selected_step_ids() == {"c12"}
    assert bar.count.text() == "5 of 5"
    centre = window.scene.step_item("c12").scene_card_rect().center()  # type: ignore[union-attr]
    assert (_view_centre(window) - centre).manhattanLength() < 3, "the match is centred"
    assert window.view.zoom() == zoom, "at the same zoom"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.scene.selected_step_ids() == {"e5"}, "after the last comes the first"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert window.scene.selected_step_ids() == {"c12"}, "Shift+Enter goes back"

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.view, "Esc gives the keyboard back to the canvas"
    _key(qtbot, window, Qt.Key.Key_F3)
    assert window.scene.selected_step_ids() == {"e5"}, "F3 goes on from the canvas"


def test_find_says_when_nothing_matches(qtbot: QtBot, hotel: MainWindow) -> None:
    window = hotel
    _select(qtbot, window, "c1")
    window.actions["find"].trigger()
    qtbot.keyClicks(window.find_bar.field, "zebra")
    assert window.find_bar.count.text() == "No matches"
    assert window.scene.selected_step_ids() == {"c1"}, "the selection stays as it was"


def test_keys_on_the_canvas_leave_typing_elsewhere_alone(qtbot: QtBot, hotel: MainWindow) -> None:
    """Arrows, Tab and Enter are the canvas's only while it has the keyboard."""
    window = hotel
    _select(qtbot, window, "c1")
    window.actions["find"].trigger()
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Left)
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Tab)
    assert window.controller.undo_stack.count() == 0


def test_find_counts_again_when_a_lane_goes_with_its_matches(qtbot: QtBot, hotel: MainWindow) -> None:
    """A lane removed (or brought back by undo) is redrawn in place, not rebuilt: the count must still follow."""
    window = hotel
    scenario_id = window.scene.scenario_id
    lane_id = window.controller.add_custom_lane(scenario_id, 0, "Partners")
    window.controller.add_step(scenario_id, lane_id, 40, 20, "Quokka delivery")
    window.actions["find"].trigger()
    qtbot.keyClicks(window.find_bar.field, "quokka")
    assert window.find_bar.count.text() == "1 of 1"
    assert window.controller.remove_lane(scenario_id, lane_id)
    assert window.find_bar.count.text() == "No matches"
    window.controller.undo_stack.undo()
    assert window.find_bar.count.text() == "1 of 1"


def test_find_counts_again_when_another_blueprint_is_opened(
    qtbot: QtBot, hotel: MainWindow, example_file: Path, tmp_path: Path
) -> None:
    """Opening a file redraws the canvas afresh: the count follows the blueprint now shown."""
    window = hotel
    window.controller.add_step(window.scene.scenario_id, "customer", 40, 20, "Quokka delivery")
    assert window.save_to(tmp_path / "quokka.json")
    assert window.open_path(example_file)
    window.actions["find"].trigger()
    qtbot.keyClicks(window.find_bar.field, "quokka")
    assert window.find_bar.count.text() == "No matches"
    assert window.open_path(tmp_path / "quokka.json")
    assert window.find_bar.count.text() == "1 found"
