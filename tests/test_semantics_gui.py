"""Blueprint notation in the window: badges, the inspector, scenario tabs."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import open_editor
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.model.document import ValueClass
from blueprint_editor.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, example_file: Path, tmp_path: Path) -> MainWindow:
    return open_editor(qtbot, example_file, store=AutosaveStore(tmp_path / "autosave"))


def _click_card(qtbot: QtBot, window: MainWindow, step_id: str) -> None:
    item = window.scene.step_item(step_id)
    centre = item.scene_card_rect().center()
    window.view.ensureVisible(item)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.mapFromScene(centre))


def _step(window: MainWindow, step_id: str):
    return window.controller.step(window.scene.scenario_id, step_id)


def test_the_inspector_shows_the_selected_step(qtbot: QtBot, window: MainWindow) -> None:
    inspector = window.inspector
    assert not inspector.owner.isEnabled(), "nothing selected, nothing to edit"
    _click_card(qtbot, window, "c5")
    assert inspector.step_id == "c5"
    assert inspector.label.toPlainText() == "Queue and check in at desk"
    assert inspector.owner.text() == "Front office manager"
    assert inspector.fail_point.isChecked()
    assert inspector.wait.value() == 10
    assert inspector.phase.currentText() == "Arrival"


def test_typing_in_a_field_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    _click_card(qtbot, window, "b1")
    owner = window.inspector.owner
    owner.setFocus()
    qtbot.keyClicks(owner, "Reservations team")
    assert _step(window, "b1").owner == "Reservations team"
    assert window.controller.undo_stack.count() == 1, "the letters merged into one edit"
    window.actions["undo"].trigger()
    assert _step(window, "b1").owner == ""
    assert owner.text() == "", "the form follows the undo"


def test_marking_a_fail_point_shows_the_f_badge(qtbot: QtBot, window: MainWindow) -> None:
    _click_card(qtbot, window, "f1")
    item = window.scene.step_item("f1")
    assert not item.face.fail_point
    box = window.inspector.fail_point
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert _step(window, "f1").fail_point
    assert item.face.fail_point
    assert window.controller.undo_stack.undoText() == "Change step fail point"


def test_a_wait_typed_in_the_inspector_shows_the_w_badge(qtbot: QtBot, window: MainWindow) -> None:
    _click_card(qtbot, window, "c1")
    spin = window.inspector.wait
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "25")
    assert _step(window, "c1").wait_min == 25
    assert window.scene.step_item("c1").face.wait_min == 25
    assert window.controller.undo_stack.count() == 1


def test_value_class_and_lane_from_the_inspector(qtbot: QtBot, window: MainWindow) -> None:
    _click_card(qtbot, window, "c9")
    inspector = window.inspector
    inspector.value_class.setCurrentIndex(inspector.value_class.findData(ValueClass.WASTE))
    inspector.value_class.activated.emit(inspector.value_class.currentIndex())
    assert _step(window, "c9").value_class == ValueClass.WASTE
    inspector.lane.setCurrentIndex(inspector.lane.findData("frontstage"))
    inspector.lane.activated.emit(inspector.lane.currentIndex())
    assert _step(window, "c9").lane == "frontstage"
    window.actions["undo"].trigger()
    assert _step(window, "c9").lane == "customer"


def test_scenario_tabs_add_duplicate_rename_delete_undo(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    tabs, controller = window.tabs, window.controller
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["First visit"]
    qtbot.mouseClick(tabs.add_button, Qt.MouseButton.LeftButton)
    assert tabs.count() == 2 and tabs.currentIndex() == 1
    new_id = tabs.current_id()
    assert window.scene.scenario_id == new_id and window.scene.step_items() == [], "the new scenario is shown"
    tabs.duplicate("main")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["First visit", "First visit (copy)", "Scenario 2"]
    copy_id = tabs.current_id()
    assert len(window.scene.step_items()) == 70 and copy_id != "main"
    monkeypatch.setattr("blueprint_editor.ui.scenario_tabs.QInputDialog.getText", lambda *a, **k: ("Complaint", True))
    tabs.tabBarDoubleClicked.emit(1)
    assert tabs.tabText(1) == "Complaint" and controller.scenario(copy_id).name == "Complaint"
    tabs.delete(copy_id)
    assert tabs.count() == 2 and window.scene.scenario_id in {"main", new_id}
    for _ in range(4):
        window.actions["undo"].trigger()
    assert [s.name for s in controller.document.scenarios] == ["First visit"]
    assert tabs.count() == 1


def test_reordering_tabs_reorders_scenarios(qtbot: QtBot, window: MainWindow) -> None:
    controller, tabs = window.controller, window.tabs
    second = controller.add_scenario("Renewal")
    controller.move_scenario(second, 0)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Renewal", "First visit"]
    window.actions["undo"].trigger()
    assert [s.id for s in controller.document.scenarios] == ["main", second]


def test_the_last_scenario_cannot_be_deleted(window: MainWindow) -> None:
    assert not window.controller.remove_scenario("main")
    assert window.tabs.count() == 1


def test_undo_in_another_scenario_brings_its_tab_forward(qtbot: QtBot, window: MainWindow) -> None:
    window.controller.set_step_label("main", "c1", "Edited in the first visit")
    other = window.controller.add_scenario("Complaint")
    window.tabs.select(other)
    assert window.scene.scenario_id == other
    window.actions["undo"].trigger()  # the scenario's creation
    window.actions["undo"].trigger()  # the label, in the first visit
    qtbot.waitUntil(lambda: window.scene.scenario_id == "main", timeout=2000)
    assert window.scene.step_item("c1").label == "Search and compare hotel rooms"


def test_compare_rings_added_removed_and_changed_steps(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.ui.compare_dialog import ADDED, CHANGED, REMOVED

    controller = window.controller
    to_be = controller.add_scenario("To-be", copy_of="main")
    controller.set_step_label(to_be, "c5", "Check in on the app")
    controller.delete_items(to_be, {"c7"}, set())
    new_step = controller.add_step(to_be, "customer", 40, 40, "Unlock the room with the phone")
    window.tabs.select("main")
    dialog = window.compare_scenarios()
    qtbot.addWidget(dialog)
    assert dialog.right_scene.scenario_id == to_be
    assert dialog.left_scene.step_item("c7").mark == REMOVED
    assert dialog.right_scene.step_item(new_step).mark == ADDED
    assert dialog.left_scene.step_item("c5").mark == CHANGED == dialog.right_scene.step_item("c5").mark
    assert dialog.left_scene.step_item("c1").mark is None
    assert dialog.summary.text() == "1 added, 1 removed, 1 changed"
    controller.set_step_fields(to_be, "c1", wait_min=30)
    assert dialog.right_scene.step_item("c1").mark == CHANGED, "the comparison follows later edits"
    before = controller.document.model_dump()
    viewport = dialog.right_view.viewport()
    card = dialog.right_scene.step_item("c1").scene_card_rect().center()
    dialog.right_view.ensureVisible(card.x(), card.y(), 1, 1)
    point = dialog.right_view.mapFromScene(card)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert controller.document.model_dump() == before, "the comparison is read-only"


@pytest.mark.parametrize("name", ["Blank", "Customer onboarding", "Hotel stay", "Clinic visit", "Online order"])
def test_new_from_template_opens_an_untitled_blueprint(window: MainWindow, name: str) -> None:
    from blueprint_editor.io.templates import TEMPLATES

    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    submenu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    action = next(a for a in submenu.actions() if a.text() == name)
    action.trigger()
    template = next(t for t in TEMPLATES if t.name == name)
    assert window.path is None and window.windowTitle().startswith("Untitled")
    steps = window.scene.step_items()
    assert (len(steps) == 0) == (template.resource is None)
    if template.resource is not None:
        assert len(steps) >= 20 and window.scene.flow_items(), f"{name} is a real blueprint to start from"
        lanes = {window.controller.step(window.scene.scenario_id, i.step_id).lane for i in steps}
        assert lanes == {"evidence", "customer", "frontstage", "backstage", "support"}


def test_the_analysis_dock_reads_the_figures_and_selects_a_findings_steps(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.analysis import scenario_figures
    from blueprint_editor.ui.analysis_dock import CRITICAL

    dock = window.analysis
    dock.raise_()  # its tab brought to the front, as a user would: a hidden dock computes nothing
    qtbot.waitUntil(lambda: dock.labels["steps"].text() != "")
    figures = scenario_figures(window.scene.scenario)
    assert dock.labels["steps"].text() == "70"
    assert dock.labels["efficiency"].text() == f"{figures.flow_efficiency * 100:.1f} %"
    assert dock.phases.rowCount() == 5 and dock.phases.item(1, 0).text() == "Arrival"

    window.controller.set_step_fields("main", "c1", owner="")
    window.controller.set_step_fields("main", "c1", fail_point=True)
    qtbot.waitUntil(lambda: any("c1" in dock.findings.item(i).text() for i in range(dock.findings.count())))
    row = next(i for i in range(dock.findings.count()) if "no owner" in dock.findings.item(i).text())
    item = dock.findings.item(row)
    rect = dock.findings.visualItemRect(item)
    qtbot.mouseClick(dock.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_step_ids() == {"c1"}

    dock.critical_path.setChecked(True)
    marked = {card.step_id for card in window.scene.step_items() if card.mark == CRITICAL}
    assert marked == set(figures.critical_path) and len(marked) > 3
    assert any(flow.emphasis == CRITICAL for flow in window.scene.flow_items())
    dock.critical_path.setChecked(False)
    assert not any(card.mark for card in window.scene.step_items())


def test_the_emotion_curve_lane(qtbot: QtBot, window: MainWindow) -> None:
    from blueprint_editor.model.geometry import band_of

    scenario = window.scene.scenario
    window.actions["emotion"].trigger()
    assert [lane.kind.value for lane in scenario.lanes][:3] == ["evidence", "emotion", "customer"]
    curve = window.scene.emotion_curve
    assert curve is not None
    expected = sorted((s.x + 80, s.emotion) for s in scenario.steps if s.lane == "customer" and s.emotion is not None)
    assert curve.points == expected and len(expected) == 17
    window.controller.set_step_fields("main", "c5", emotion=2)
    assert (scenario.step("c5").x + 80, 2) in curve.points, "the curve follows the inspector's edits"

    # A card dropped on the curve's lane lands in the nearest lane that holds steps.
    emotion_band = band_of(scenario, "emotion")
    card = window.scene.step_item("f1")
    start = card.scene_card_rect().center()
    window.view.ensureVisible(card)
    viewport = window.view.viewport()
    a = window.view.mapFromScene(start)
    b = window.view.mapFromScene(start.x(), emotion_band.top + emotion_band.height * 0.75)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, 9):
        qtbot.mouseMove(viewport, a + (b - a) * (i / 8))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
    assert scenario.step("f1").lane == "customer"

    window.actions["emotion"].trigger()
    assert all(lane.kind.value != "emotion" for lane in scenario.lanes)
    assert window.scene.emotion_curve is None
    assert not window.actions["emotion"].isChecked()


def test_customer_view_hides_what_lies_below_the_line_of_visibility(window: MainWindow, tmp_path: Path) -> None:
    from blueprint_editor.model.geometry import band_of
    from blueprint_editor.render import export_scenario

    scene = window.scene
    full_height = scene.content_rect().height()
    scene.set_customer_view(True)
    lanes = {window.controller.step("main", i.step_id).lane for i in scene.step_items()}
    assert lanes == {"evidence", "customer", "frontstage"}
    assert {item.source.step_id for item in scene.flow_items()} <= {i.step_id for i in scene.step_items()}
    visibility = band_of(scene.scenario, "frontstage").bottom
    assert scene.content_rect().bottom() == visibility < full_height
    window.controller.set_step_label("main", "b1", "Hidden edit")
    assert scene.step_item("b1") is None, "edits made meanwhile stay hidden"
    scene.set_customer_view(False)
    assert scene.step_item("b1").label == "Hidden edit"

    full, customer = tmp_path / "full.svg", tmp_path / "customer.svg"
    export_scenario(window.controller.document, full)
    export_scenario(window.controller.document, customer, customer_view=True)
    assert "Hidden edit" in full.read_text(encoding="utf-8")
    text = customer.read_text(encoding="utf-8")
    assert "Hidden edit" not in text and "Backstage actions" not in text
    assert "Frontstage actions" in text and "Line of visibility" in text
