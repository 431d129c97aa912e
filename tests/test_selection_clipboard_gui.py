"""Selecting, nudging, and Cut/Copy/Paste/Duplicate, driven with real mouse and key events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gui_helpers import open_editor, viewport_point
from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.io import dumps_document
from blueprint_editor.io.clipboard_format import CLIPBOARD_FORMAT, MIME_TYPE
from blueprint_editor.model.geometry import band_of
from blueprint_editor.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def _open_window(qtbot: QtBot, path: Path | None) -> MainWindow:
    return open_editor(qtbot, path, focus=True)


@pytest.fixture
def window(qtbot: QtBot, example_file: Path) -> MainWindow:
    QGuiApplication.clipboard().clear()
    return _open_window(qtbot, example_file)


def _centre(window: MainWindow, step_id: str) -> QPointF:
    item = window.scene.step_item(step_id)
    assert item is not None
    return item.scene_card_rect().center()


def _click(qtbot: QtBot, window: MainWindow, step_id: str, modifier=NONE) -> None:
    point = viewport_point(window, _centre(window, step_id))
    qtbot.mouseMove(window.view.viewport(), point)
    qtbot.mouseClick(window.view.viewport(), LEFT, modifier, point)


def _key(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier=NONE) -> None:
    qtbot.keyClick(window.view, key, modifier)


def _drag(qtbot: QtBot, window: MainWindow, start: QPointF, end: QPointF) -> None:
    viewport = window.view.viewport()
    a = viewport_point(window, start)
    b = window.view.mapFromScene(end)
    qtbot.mousePress(viewport, LEFT, NONE, a)
    for i in range(1, 9):
        p = a + (b - a) * (i / 8)
        qtbot.mouseMove(viewport, QPoint(round(p.x()), round(p.y())))
    qtbot.mouseRelease(viewport, LEFT, NONE, b)


def _pointer_leaves(window: MainWindow) -> None:
    """The pointer goes off the canvas (to a menu, another window)."""
    QApplication.sendEvent(window.view.viewport(), QEvent(QEvent.Type.Leave))


def _place(window: MainWindow, step_id: str) -> tuple[str, float, float]:
    step = window.controller.step(window.scene.scenario_id, step_id)
    return step.lane, step.x, step.y


def _labels(window: MainWindow, scenario_id: str | None = None) -> list[str]:
    return [s.label for s in window.controller.scenario(scenario_id or window.scene.scenario_id).steps]


# Selecting


def test_a_rubber_band_selects_cards_and_dragging_them_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    band = band_of(window.scene.scenario, "customer")
    assert band is not None
    before = {s: _place(window, s) for s in ("c1", "c2", "c3")}
    # From an empty spot left of c1 to just into c2: the band touches c1 and c2, not c3.
    _drag(qtbot, window, QPointF(10, band.top + 20), QPointF(300, band.bottom - 20))
    assert window.scene.selected_step_ids() == {"c1", "c2"}
    assert window.controller.undo_stack.count() == 0, "selecting changes nothing"

    start = _centre(window, "c2")
    _drag(qtbot, window, start, start + QPointF(100, 0))
    assert _place(window, "c1")[1] == pytest.approx(before["c1"][1] + 100, abs=2)
    assert _place(window, "c2")[1] == pytest.approx(before["c2"][1] + 100, abs=2)
    assert _place(window, "c3") == before["c3"]
    assert window.controller.undo_stack.count() == 1, "the whole group's drag is one undo step"
    window.actions["undo"].trigger()
    assert {s: _place(window, s) for s in before} == before


def test_click_shift_click_ctrl_click_escape_and_select_all(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "c1")
    assert window.scene.selected_step_ids() == {"c1"}
    _click(qtbot, window, "c3", SHIFT)
    _click(qtbot, window, "f2", SHIFT)
    assert window.scene.selected_step_ids() == {"c1", "c3", "f2"}, "Shift-click adds"
    _click(qtbot, window, "c3", CTRL)
    assert window.scene.selected_step_ids() == {"c1", "f2"}, "Ctrl-click takes a selected card away"
    _click(qtbot, window, "c4")
    assert window.scene.selected_step_ids() == {"c4"}, "a plain click starts afresh"
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert window.scene.selected_step_ids() == set()
    _key(qtbot, window, Qt.Key.Key_A, CTRL)
    assert window.scene.selected_step_ids() == {s.id for s in window.scene.scenario.steps}


# Nudging


def test_arrow_nudges_merge_into_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "c2")
    _click(qtbot, window, "c3", SHIFT)
    before = {s: _place(window, s) for s in ("c2", "c3")}
    for _ in range(3):
        _key(qtbot, window, Qt.Key.Key_Right)
    _key(qtbot, window, Qt.Key.Key_Left, SHIFT)
    _key(qtbot, window, Qt.Key.Key_Down)
    assert _place(window, "c2") == ("customer", before["c2"][1] + 24 - 40, before["c2"][2] + 8)
    assert _place(window, "c3") == ("customer", before["c3"][1] + 24 - 40, before["c3"][2] + 8)
    card = window.scene.step_item("c2")
    assert card is not None and card.pos().x() == before["c2"][1] - 16, "the card moved on screen"
    assert window.controller.undo_stack.count() == 1, "a run of nudges is one undo step"
    assert window.controller.undo_stack.undoText() == "Nudge 2 steps"
    window.actions["undo"].trigger()
    assert {s: _place(window, s) for s in before} == before
    assert window.scene.selected_step_ids() == {"c2", "c3"}, "the selection stays for more nudges"


def test_nudges_of_another_selection_are_another_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "c2")
    _key(qtbot, window, Qt.Key.Key_Left)
    _click(qtbot, window, "c4")
    _key(qtbot, window, Qt.Key.Key_Left)
    _key(qtbot, window, Qt.Key.Key_Left)
    assert window.controller.undo_stack.count() == 2


def test_up_and_down_nudges_stay_inside_the_lane(qtbot: QtBot, window: MainWindow) -> None:
    band = band_of(window.scene.scenario, "customer")
    assert band is not None
    _click(qtbot, window, "c2")
    for _ in range(10):
        _key(qtbot, window, Qt.Key.Key_Up, SHIFT)
    lane, _x, y = _place(window, "c2")
    assert lane == "customer" and y >= 0
    for _ in range(10):
        _key(qtbot, window, Qt.Key.Key_Down, SHIFT)
    card = window.scene.step_item("c2")
    assert card is not None
    assert _place(window, "c2")[0] == "customer"
    assert card.scene_card_rect().bottom() <= band.bottom, "the card stays inside its lane"


def test_arrows_without_a_selection_scroll_the_view(qtbot: QtBot, window: MainWindow) -> None:
    before = window.view.horizontalScrollBar().value()
    _key(qtbot, window, Qt.Key.Key_Right)
    assert window.view.horizontalScrollBar().value() > before
    assert window.controller.undo_stack.count() == 0


# The clipboard


def _add_scenario(window: MainWindow) -> str:
    window.tabs.add()
    return window.scene.scenario_id


def test_copy_paste_into_another_scenario_with_the_flow_between(qtbot: QtBot, window: MainWindow) -> None:
    first = window.scene.scenario_id
    count = len(window.scene.scenario.steps)
    _click(qtbot, window, "c1")
    _click(qtbot, window, "c2", SHIFT)
    _key(qtbot, window, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Search and compare hotel rooms\nBook room with card guarantee"
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME_TYPE)

    second = _add_scenario(window)
    assert second != first and window.scene.scenario.steps == []
    _pointer_leaves(window)
    window.view.setFocus()
    _key(qtbot, window, Qt.Key.Key_V, CTRL)
    scenario = window.controller.scenario(second)
    assert [s.label for s in scenario.steps] == ["Search and compare hotel rooms", "Book room with card guarantee"]
    assert [(s.lane, s.x, s.y) for s in scenario.steps] == [("customer", 40, 40), ("customer", 260, 40)], (
        "nothing lies there in this scenario: the cards land where they were copied from"
    )
    assert [(f.source, f.target) for f in scenario.flows] == [(scenario.steps[0].id, scenario.steps[1].id)]
    assert window.scene.selected_step_ids() == {s.id for s in scenario.steps}, "the pasted cards are selected"
    assert len(window.scene.flow_items()) == 1, "the arrow is drawn"
    assert window.controller.undo_stack.undoText() == "Paste 2 steps"
    window.actions["undo"].trigger()
    assert window.controller.scenario(second).steps == []
    assert len(window.controller.scenario(first).steps) == count


def test_paste_in_the_same_scenario_is_offset_and_never_on_top(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "c1")
    _key(qtbot, window, Qt.Key.Key_C, CTRL)
    _pointer_leaves(window)
    window.actions["paste"].trigger()
    window.actions["paste"].trigger()
    pasted = window.controller.scenario(window.scene.scenario_id).steps[-2:]
    # Each paste moves on by +24, +24 (the second stops at the bottom of the lane, 150 - 64 - 8).
    assert [(s.x, s.y) for s in pasted] == [(64, 64), (88, 78)]
    assert {s.label for s in pasted} == {"Search and compare hotel rooms"}
    assert window.scene.selected_step_ids() == {pasted[1].id}


def test_paste_lands_under_the_pointer(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "c1")
    _click(qtbot, window, "c2", SHIFT)
    _key(qtbot, window, Qt.Key.Key_C, CTRL)
    band = band_of(window.scene.scenario, "backstage")
    assert band is not None
    target = QPointF(1700, band.top + 60)
    qtbot.mouseMove(window.view.viewport(), viewport_point(window, target))
    _key(qtbot, window, Qt.Key.Key_V, CTRL)
    ids = sorted(window.scene.selected_step_ids(), key=lambda s: _place(window, s)[1])
    assert len(ids) == 2
    first = _centre(window, ids[0])
    assert first.x() == pytest.approx(target.x(), abs=2) and abs(first.y() - target.y()) < 20
    assert [_place(window, s)[0] for s in ids] == ["backstage", "backstage"]
    assert _place(window, ids[1])[1] - _place(window, ids[0])[1] == 220, "the group keeps its shape"


def test_duplicate_and_cut(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("untouched")
    _click(qtbot, window, "c4")
    _click(qtbot, window, "f3", SHIFT)
    _key(qtbot, window, Qt.Key.Key_D, CTRL)
    scenario = window.scene.scenario
    copies = scenario.steps[-2:]
    assert {s.label for s in copies} == {"Arrive at hotel with luggage", "Doorman greets and takes luggage"}
    assert {(s.x, s.y) for s in copies} == {(764, 64)}
    assert [(f.source, f.target) for f in scenario.flows[-1:]] == [(copies[0].id, copies[1].id)]
    assert QGuiApplication.clipboard().text() == "untouched", "Duplicate leaves the clipboard alone"
    assert window.controller.undo_stack.undoText() == "Duplicate 2 steps"

    count = len(scenario.steps)
    _key(qtbot, window, Qt.Key.Key_X, CTRL)
    assert len(scenario.steps) == count - 2
    assert window.controller.undo_stack.undoText() == "Cut 2 steps"
    assert QGuiApplication.clipboard().text().splitlines() == [
        "Arrive at hotel with luggage",
        "Doorman greets and takes luggage",
    ]
    _pointer_leaves(window)
    window.actions["paste"].trigger()
    assert {(s.x, s.y) for s in scenario.steps[-2:]} == {(764, 64)}, "cut then paste puts them back in place"


def test_copy_in_one_window_paste_in_another(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window, "b8")
    _click(qtbot, window, "b9", SHIFT)
    _click(qtbot, window, "s10", SHIFT)
    _key(qtbot, window, Qt.Key.Key_C, CTRL)
    other = _open_window(qtbot, None)
    other.actions["paste"].trigger()
    scenario = other.scene.scenario
    assert sorted(s.label for s in scenario.steps) == sorted(
        window.controller.step(window.scene.scenario_id, s).label for s in ("b8", "b9", "s10")
    )
    lanes = {s.label[:4]: s.lane for s in scenario.steps}
    assert lanes == {"Post": "backstage", "Prep": "backstage", "PMS ": "support"}
    assert len(scenario.flows) == 2 and len(other.scene.flow_items()) == 2
    assert window.controller.undo_stack.count() == 0, "the first window's document is untouched"


def _mime(data: bytes, text: str | None = None) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(data))
    if text is not None:
        mime.setText(text)
    return mime


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{oops", "not valid JSON"),
        (json.dumps({"format": CLIPBOARD_FORMAT, "version": 99, "steps": []}).encode(), "newer version"),
        (
            json.dumps(
                {
                    "format": CLIPBOARD_FORMAT,
                    "version": 1,
                    "steps": [{"id": "a", "lane": "customer"}],
                    "flows": [{"id": "f", "source": "a", "target": "ghost"}],
                }
            ).encode(),
            "not there",
        ),
        (b"\xff\xfe\x00garbage", "not text"),
        (b" " * 9_000_000, "too much"),
    ],
)
def test_a_malformed_clipboard_changes_nothing_and_says_why(
    qtbot: QtBot, window: MainWindow, data: bytes, reason: str
) -> None:
    QGuiApplication.clipboard().setMimeData(_mime(data, text="Would become a step"))
    before = dumps_document(window.controller.document)
    _key(qtbot, window, Qt.Key.Key_V, CTRL)
    assert dumps_document(window.controller.document) == before
    assert window.controller.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Nothing pasted:") and reason in message


def test_plain_text_pastes_as_one_step_per_line(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("Greet the guest\n\nOffer a drink\n")
    _pointer_leaves(window)
    window.actions["paste"].trigger()
    new = window.scene.scenario.steps[-2:]
    assert [(s.label, s.lane) for s in new] == [("Greet the guest", "customer"), ("Offer a drink", "customer")]
    assert window.scene.selected_step_ids() == {s.id for s in new}
    assert window.controller.undo_stack.count() == 1


def test_copy_with_nothing_selected_says_so(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("kept")
    _key(qtbot, window, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "kept"
    assert "Select the steps to copy" in window.statusBar().currentMessage()


def test_the_edit_menu_offers_the_clipboard_and_find(window: MainWindow) -> None:
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    texts = [a.text() for a in edit.actions()]
    for key in ("cut", "copy", "paste", "duplicate", "find"):
        assert window.actions[key].text() in texts
    assert window.actions["paste"].shortcut().toString() == "Ctrl+V"
    assert window.actions["duplicate"].shortcut().toString() == "Ctrl+D"


def test_paste_from_a_context_menu_lands_where_it_was_opened(qtbot: QtBot, window: MainWindow) -> None:
    """The menu's Paste is chosen with the pointer over the menu, off the canvas: the right-click point counts."""
    viewport = window.view.viewport()
    clicked = QPoint(400, 300)
    # Handed to the canvas's filter alone: delivered, the event would pop the (blocking) menu up.
    window.keyboard.eventFilter(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, clicked, viewport.mapToGlobal(clicked))
    )
    _pointer_leaves(window)
    assert window.keyboard.pointer_scene_pos() == window.view.mapToScene(clicked)
    qtbot.mouseMove(viewport, QPoint(500, 320))
    _pointer_leaves(window)
    assert window.keyboard.pointer_scene_pos() is None, "once the pointer has moved on, the menu's point is gone"
