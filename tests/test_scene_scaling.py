"""A large blueprint stays cheap to edit and to look at: edits touch only their own items, lookups need no scans,
and zoomed far out the canvas draws no text it could not show readably.

The timed figures are in tests/perf (``python tests/perf/report.py``); these tests check the mechanisms the
figures rest on, with real mouse events, and would fail if an edit rebuilt the scene or measured every item.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import show_built_in_slices, show_canvas
from perf.blueprints import make_document
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import BlueprintScene, BlueprintView
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.editing import DocumentController
from blueprint_editor.io import dumps_document
from blueprint_editor.model import Document, Step
from blueprint_editor.model.geometry import phase_of, phases_of
from blueprint_editor.model.lookup import IdIndex, find_by_id

STEPS = 400


@pytest.fixture
def canvas(qtbot: QtBot) -> tuple[DocumentController, BlueprintScene, BlueprintView]:
    return show_canvas(qtbot, make_document(STEPS))


def _drag(qtbot: QtBot, view: BlueprintView, start: QPointF, by: QPoint) -> None:
    view.ensureVisible(start.x() - 5, start.y() - 5, 10, 10, 300, 300)
    viewport = view.viewport()
    a = view.mapFromScene(start)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 7):
        qtbot.mouseMove(viewport, a + by * i / 6)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a + by)


def test_a_drag_a_selection_and_an_undo_touch_only_the_items_involved(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, scene, view = canvas
    original = dumps_document(controller.document)
    cards_before = {item.step_id: item for item in scene.step_items()}
    arrows_before = {item.flow_id: item for item in scene.flow_items()}
    rebuilds: list[None] = []
    scene.rebuilt.connect(lambda: rebuilds.append(None))
    shown: list[str] = []
    show_step = StepItem.show_step
    monkeypatch.setattr(StepItem, "show_step", lambda item, *a: (shown.append(item.step_id), show_step(item, *a)))
    # Measuring the drawing asks every card and arrow where it is: count how many are asked.
    asked: list[str] = []
    bounds = StepItem.sceneBoundingRect
    monkeypatch.setattr(StepItem, "sceneBoundingRect", lambda item: (asked.append(item.step_id), bounds(item))[1])

    step = controller.document.scenarios[0].steps[STEPS // 2]
    x_before = step.x
    card = scene.step_item(step.id)
    assert card is not None
    _drag(qtbot, view, card.scene_card_rect().center(), QPoint(90, 0))
    assert controller.step("main", step.id).x > x_before + 60, "the card was dragged right"
    assert set(shown) == {step.id}, "only the dragged card was brought up to date"
    assert set(asked) <= {step.id}, "a drop does not measure the whole drawing"

    other = controller.document.scenarios[0].steps[STEPS // 2 + 1]
    point = view.mapFromScene(scene.step_item(other.id).scene_card_rect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert scene.selected_step_ids() == {other.id}

    shown.clear()
    controller.undo_stack.undo()
    assert set(shown) == {step.id}, "an undo brings only its own card up to date"
    assert scene.step_item(step.id).pos().x() == x_before
    assert dumps_document(controller.document) == original

    assert rebuilds == [], "no edit, selection or undo rebuilt the scene"
    assert {item.step_id: item for item in scene.step_items()} == cards_before, "the very same cards"
    assert {item.flow_id: item for item in scene.flow_items()} == arrows_before, "and the very same arrows"
    # The extent is measured when asked for, once, and takes the document as it is now.
    asked.clear()
    assert scene.content_rect().contains(bounds(scene.step_item(step.id)))
    assert len(asked) == STEPS, "every card was measured once"
    scene.content_rect()
    assert len(asked) == STEPS, "and the measure is kept until the document changes"


def _on_screen(qtbot: QtBot, view: BlueprintView) -> QImage:
    """What the screen shows of the viewport once the updates asked for are painted (and only those: not a
    repaint of the whole, which would hide a part left stale)."""
    qtbot.wait(1)
    origin = view.viewport().mapTo(view.window(), QPoint(0, 0))
    size = view.viewport().size()
    screen = view.screen().grabWindow(view.window().winId(), origin.x(), origin.y(), size.width(), size.height())
    return screen.toImage()


def _pixels_of(image: QImage, rect: QRect, colour: str) -> int:
    """How many pixels inside ``rect`` (clear of its antialiased rim) are of ``colour``."""
    inside = rect.adjusted(1, 1, -1, -1)
    points = (
        (x, y) for x in range(inside.left(), inside.right() + 1) for y in range(inside.top(), inside.bottom() + 1)
    )
    return sum(1 for x, y in points if image.pixelColor(x, y).name() == colour)


def _grab(view: BlueprintView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def test_zoomed_far_out_cards_draw_no_text_and_close_up_they_do(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView]
) -> None:
    controller, scene, view = canvas
    step = controller.document.scenarios[0].steps[3]
    controller.set_step_fields("main", step.id, label="Check the booking", fail_point=False, wait_min=0)
    card = scene.step_item(step.id)
    assert card is not None
    height = card.height
    for zoom, text_drawn in ((1.0, True), (0.3, False), (0.05, False)):
        view.set_zoom(zoom)
        view.centerOn(card)
        one_text = _grab(view)
        controller.set_step_label("main", step.id, "Print the invoice")  # as many lines: the card keeps its size
        assert card.height == height
        other_text = _grab(view)
        controller.undo_stack.undo()
        assert (one_text != other_text) == text_drawn, f"at {zoom:.0%} text is drawn: {text_drawn}"

    # An image of the scene at 30 % still has every word: its reader may zoom in, or asked for that size.
    view.reset_zoom()

    def export() -> QImage:
        area = card.sceneBoundingRect()
        image = QImage(round(area.width() * 0.3), round(area.height() * 0.3), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        scene.render(painter, QRectF(image.rect()), area)
        painter.end()
        return image

    one_text = export()
    controller.set_step_label("main", step.id, "Print the invoice")
    assert export() != one_text


def test_the_view_zooms_out_as_far_as_the_whole_of_a_wide_blueprint(
    canvas: tuple[DocumentController, BlueprintScene, BlueprintView],
) -> None:
    _, scene, view = canvas
    view.fit_to_window()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view.zoom() < 0.1, "a 400-step blueprint is wider than the view at 10 %"
    assert shown.contains(scene.content_rect()), "Fit to Window shows all of it"
    view.zoom_out()
    assert view.zoom() == pytest.approx(view.lowest_zoom()), "and no further out than that"


def test_lookups_by_id_follow_every_change_of_the_lists() -> None:
    steps = [Step(id=f"s{n}", lane="customer") for n in range(50)]
    assert find_by_id(steps, "s30") is steps[30]
    steps.insert(0, Step(id="new", lane="customer"))
    assert find_by_id(steps, "s30") is steps[31], "positions moved by an insertion"
    removed = steps.pop(10)
    assert find_by_id(steps, removed.id) is None, "a removed step is not found"
    steps[5] = Step(id="s4", lane="backstage")  # replaced in place by another object with the same id
    assert find_by_id(steps, "s4") is steps[5]
    assert find_by_id([], "s1") is None
    index: IdIndex[Step] = IdIndex()
    twice = [Step(id="a", lane="x"), Step(id="a", lane="y")]
    assert index.find(twice, "a") is twice[0], "the first of a repeated id, as a scan finds it"


def test_the_phases_of_many_steps_are_those_of_each_step() -> None:
    scenario = make_document(300).scenarios[0]
    steps = [*scenario.steps, Step(id="left", lane="customer", x=-500), Step(id="right", lane="customer", x=1e6)]
    steps.append(Step(id="edge", lane="customer", x=scenario.phases[0].width - 80))  # centre on a boundary
    assert phases_of(scenario, steps) == [phase_of(scenario, step) for step in steps]
    assert phases_of(Document(scenarios=[scenario.model_copy(update={"phases": []})]).scenarios[0], steps[:3]) == [
        None,
        None,
        None,
    ]


def test_the_editor_can_be_told_to_quit_once_its_window_is_shown(tmp_path: Path) -> None:
    """The start-up and open benchmarks rely on it (tests/perf/report.py)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN="1")
    env["BLUEPRINT_EDITOR_AUTOSAVE_DIR"] = str(tmp_path / "autosave")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        [sys.executable, "-m", "blueprint_editor"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "blueprint-editor: shown and idle" in result.stderr


def test_a_large_scenario_is_built_a_slice_at_a_time_and_edits_meanwhile_are_kept(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, scene, view = show_built_in_slices(qtbot, monkeypatch, make_document(STEPS))
    steps = sorted(controller.document.scenarios[0].steps, key=lambda step: step.x)
    assert scene.progressive.busy and 0 < len(scene.step_items()) < STEPS, "the window comes before the last card"
    assert scene.step_item(steps[0].id) is not None, "the cards at the left, where a file opens, come first"

    # Edits to cards not made yet are not lost.
    last, gone = steps[-1], steps[-3]
    joined = {(flow.source, flow.target) for flow in controller.document.scenarios[0].flows}
    other = next(step for step in reversed(steps[-40:-3]) if (step.id, last.id) not in joined)
    assert scene.step_item(last.id) is None and scene.step_item(other.id) is None
    controller.set_step_label("main", last.id, "Changed while building")
    flow_id = controller.connect_steps("main", other.id, last.id) or ""
    controller.delete_items("main", {gone.id}, set())
    with qtbot.waitSignal(scene.progressive.finished, timeout=60_000):
        pass
    assert not scene.progressive.busy

    card = scene.step_item(last.id)
    assert card is not None and card.label == "Changed while building"
    assert scene.step_item(gone.id) is None
    assert flow_id and scene.flow_item(flow_id) is not None
    whole = BlueprintScene(controller, read_only=True)  # built at once, as exports are
    for name in ("step_items", "flow_items"):
        ours = {(i.step_id if name == "step_items" else i.flow_id): i.pos() for i in getattr(scene, name)()}
        theirs = {(i.step_id if name == "step_items" else i.flow_id): i.pos() for i in getattr(whole, name)()}
        assert ours == theirs, f"the same {name} in the same places"

    # Built again after an edit of its lanes, the scenario is made from where the view is, not from the left.
    view.resize(800, 600)
    view.reset_zoom()
    view.centerOn(scene.step_item(last.id))
    scene.rebuild()
    assert scene.progressive.busy
    # Slices are timed: on a busy machine the first may make only the cards beside it, so wait for the one in
    # the middle of the view; the one at the far left, made last, is still to come.
    qtbot.waitUntil(lambda: scene.step_item(last.id) is not None, timeout=10_000)
    assert scene.step_item(steps[0].id) is None
    with qtbot.waitSignal(scene.progressive.finished, timeout=60_000):
        pass


def test_edits_after_a_scene_is_gone_reach_no_part_of_it(qtbot: QtBot) -> None:
    """A comparison's scenes come and go while the document stays open: what kept their drawing fast (the
    extent, the far-out layer, the build in slices) must go with them."""
    import shiboken6

    controller = DocumentController(make_document(STEPS))
    scene = BlueprintScene(controller)
    view = BlueprintView()
    qtbot.addWidget(view)
    view.setScene(scene)
    view.show()
    view.fit_to_window()
    assert scene.far_view.active, "the whole of 400 steps in view: the far-out layer draws them"
    view.setScene(None)
    shiboken6.delete(scene)
    step = controller.document.scenarios[0].steps[0]
    controller.set_step_label("main", step.id, "Edited after the scene was closed")
    controller.undo_stack.undo()
    assert controller.step("main", step.id).label != "Edited after the scene was closed"


def test_far_out_a_dragged_card_is_drawn_where_it_is_and_no_longer_where_it_was(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView]
) -> None:
    from blueprint_editor.canvas import style
    from blueprint_editor.model.geometry import band_of

    controller, scene, view = canvas
    view.fit_to_window()
    assert scene.far_view.active
    step = next(s for s in controller.document.scenarios[0].steps[STEPS // 2 :] if s.lane == "customer")
    card = scene.step_item(step.id)
    assert card is not None
    start = card.scene_card_rect().center()
    frontstage = band_of(scene.scenario, "frontstage")
    assert frontstage is not None
    viewport = view.viewport()
    a = view.mapFromScene(start)
    by = view.mapFromScene(start.x(), frontstage.top + 40) - a + QPoint(60, 0)  # several card widths a move
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    assert card.isSelected()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    was = view.mapFromScene(card.scene_card_rect()).boundingRect()
    selected = style.SELECTION.name()
    for i in range(1, 7):
        # Alt held (placing freely): no alignment guide crosses the few pixels of the card.
        point = a + by * i / 6
        held = (Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier)
        QApplication.sendEvent(viewport, QMouseEvent(QEvent.Type.MouseMove, point, viewport.mapToGlobal(point), *held))
        image = _on_screen(qtbot, view)
        now = view.mapFromScene(card.scene_card_rect()).boundingRect()
        assert _pixels_of(image, now, selected) > (now.width() - 2) * (now.height() - 2) / 2, "drawn where it is"
        if i > 2:
            assert _pixels_of(image, was, selected) == 0, "and no longer where it was"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a + by)
    assert controller.step("main", step.id).lane == "frontstage"
    assert _grab(view).pixelColor(view.mapFromScene(card.scene_card_rect().center())).name() == style.SELECTION.name()


def test_far_out_one_layer_draws_the_cards_and_a_drag_still_moves_them(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView]
) -> None:
    from blueprint_editor.canvas import style
    from blueprint_editor.model.geometry import band_of

    controller, scene, view = canvas
    view.fit_to_window()
    assert scene.far_view.active
    steps = controller.document.scenarios[0].steps[STEPS // 2 :]
    step = next(s for s in steps if s.lane == "customer" and s.colour is None and not s.fail_point)
    card = scene.step_item(step.id)
    assert card is not None

    def colour_at(point: QPointF) -> str:
        return _grab(view).pixelColor(view.mapFromScene(point)).name()

    assert colour_at(card.scene_card_rect().center()) == style.LANE_ACCENT[card.face.kind].name()
    frontstage = band_of(scene.scenario, "frontstage")
    assert frontstage is not None
    start = card.scene_card_rect().center()
    _drag(qtbot, view, start, view.mapFromScene(start.x(), frontstage.top + 40) - view.mapFromScene(start))
    assert controller.step("main", step.id).lane == "frontstage", "dropped in Frontstage actions"
    assert colour_at(card.scene_card_rect().center()) == style.SELECTION.name(), "drawn where it went, selected"
    scene.clearSelection()
    assert colour_at(card.scene_card_rect().center()) == style.LANE_ACCENT[card.face.kind].name()
