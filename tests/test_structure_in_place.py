"""Lane and phase edits on a large blueprint change the drawing in place: the cards and arrows the user sees stay
the very same items (none is made again), the ones the edit moves go where the model says, and the selection and
the view stay where they were, through the edit, its undo and its redo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from gui_helpers import show_built_in_slices, show_canvas
from perf.blueprints import make_document
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import BlueprintScene, BlueprintView
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.canvas.structure_items import LaneEdgeGrip
from blueprint_editor.editing import DocumentController
from blueprint_editor.io import dumps_document
from blueprint_editor.model.geometry import lane_bands, phase_columns

STEPS = 2_000  # above the size a scene is built a slice at a time


@pytest.fixture
def canvas(qtbot: QtBot) -> Iterator[tuple[DocumentController, BlueprintScene, BlueprintView]]:
    controller, scene, view = show_canvas(qtbot, make_document(STEPS))
    qtbot.waitUntil(lambda: not scene.progressive.busy, timeout=60_000)
    yield controller, scene, view


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the cards and arrows made from now on."""
    made: list[str] = []
    step_init, flow_init = StepItem.__init__, FlowItem.__init__

    def new_step(item: StepItem, step_id: str, *args: object, **kwargs: object) -> None:
        made.append(step_id)
        step_init(item, step_id, *args, **kwargs)  # type: ignore[arg-type]

    def new_flow(item: FlowItem, flow_id: str, *args: object, **kwargs: object) -> None:
        made.append(flow_id)
        flow_init(item, flow_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StepItem, "__init__", new_step)
    monkeypatch.setattr(FlowItem, "__init__", new_flow)
    return made


def _shown_as_the_model_says(scene: BlueprintScene) -> None:
    scenario = scene.scenario
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    collapsed = {lane.id for lane in scenario.lanes if lane.collapsed}
    assert {item.step_id for item in scene.step_items()} == {step.id for step in scenario.steps}
    for step in scenario.steps:
        item = scene.step_item(step.id)
        assert item is not None
        assert (item.pos().x(), item.pos().y()) == (step.x, tops[step.lane] + step.y), step.id
        assert item.isVisible() == (step.lane not in collapsed), step.id
    for flow in scene.flow_items():
        assert flow.isVisible() == (flow.source.isVisible() and flow.target.isVisible()), flow.flow_id


def _drag_lane_edge(qtbot: QtBot, view: BlueprintView, scene: BlueprintScene, lane_id: str, by: int) -> None:
    """Press on the lower edge of a lane where nothing lies on it, drag it ``by`` units down, release."""
    grip = next(i for i in scene.items() if isinstance(i, LaneEdgeGrip) and i.lane_id == lane_id)
    left = view.mapToScene(view.viewport().rect().topLeft()).x()
    spot = next(
        QPointF(x, grip.edge_y)
        for x in range(int(left) + 40, int(left) + 1100, 5)
        if isinstance(next(iter(scene.items(QPointF(x, grip.edge_y))), None), LaneEdgeGrip)
    )
    viewport = view.viewport()
    a = view.mapFromScene(spot)
    qtbot.mouseMove(viewport, a)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 5):
        qtbot.mouseMove(viewport, a + QPoint(0, by * i // 4))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a + QPoint(0, by))


def test_lane_and_phase_edits_and_their_undo_make_no_card_or_arrow_again(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView], made: list[str]
) -> None:
    controller, scene, view = canvas
    sid = scene.scenario_id
    original = dumps_document(controller.document)
    cards = {item.step_id: item for item in scene.step_items()}
    arrows = {item.flow_id: item for item in scene.flow_items()}
    rebuilds: list[None] = []
    scene.rebuilt.connect(lambda: rebuilds.append(None))
    # A card in each lane below the one resized, and an arrow, selected; the view at the middle of the blueprint.
    view.centerOn(scene.content_rect().center())
    scenario = scene.scenario
    chosen = {next(s.id for s in scenario.steps[STEPS // 2 :] if s.lane == lane) for lane in ("backstage", "support")}
    for step_id in chosen:
        scene.step_item(step_id).setSelected(True)  # type: ignore[union-attr]
    arrow = next(iter(scene.step_item(next(iter(chosen))).flows))  # type: ignore[union-attr]
    arrow.setSelected(True)
    centre = view.mapToScene(view.viewport().rect().center())
    phase = phase_columns(scenario)[len(scenario.phases) // 2].phase

    def heights() -> dict[str, float]:
        return {step_id: scene.step_item(step_id).pos().y() for step_id in chosen}  # type: ignore[union-attr]

    y_before = heights()
    edits: list[tuple[str, Callable[[], object]]] = [
        ("drag the frontstage lane's lower edge", lambda: _drag_lane_edge(qtbot, view, scene, "frontstage", 40)),
        ("rename a lane", lambda: controller.rename_lane(sid, "frontstage", "Staff in front")),
        ("rename a phase", lambda: controller.rename_phase(sid, phase.id, "Middle of the journey")),
        ("resize a phase", lambda: controller.resize_phase(sid, phase.id, phase.width + 120)),
        ("collapse a lane", lambda: controller.set_lane_collapsed(sid, "evidence", True)),
    ]
    for what, edit in edits:
        count = controller.undo_stack.count()
        edit()
        assert controller.undo_stack.count() == count + 1, f"{what}: one undo step"
        _shown_as_the_model_says(scene)
        assert scene.selected_step_ids() == chosen and arrow.isSelected(), f"{what}: the selection stays"
        if edit is edits[0][1]:
            assert heights() == {k: y + 40 for k, y in y_before.items()}, "the cards below moved down with the edge"
    assert scene.lane_item("frontstage").band.lane.title == "Staff in front"  # type: ignore[union-attr]
    for _ in edits:
        controller.undo_stack.undo()
        _shown_as_the_model_says(scene)
        assert scene.selected_step_ids() == chosen and arrow.isSelected(), "an undo keeps the selection"
    assert dumps_document(controller.document) == original
    assert heights() == y_before
    for _ in edits:
        controller.undo_stack.redo()
        _shown_as_the_model_says(scene)
    assert scene.selected_step_ids() == chosen and arrow.isSelected(), "a redo keeps the selection"

    assert made == [], "no card or arrow was made again"
    assert rebuilds == [], "nothing rebuilt the scene"
    assert {item.step_id: item for item in scene.step_items()} == cards, "the very same cards"
    assert {item.flow_id: item for item in scene.flow_items()} == arrows, "and the very same arrows"
    shift = view.mapToScene(view.viewport().rect().center()) - centre
    assert abs(shift.x()) < 1 and abs(shift.y()) < 1, "the view stayed where it was"


def test_a_lane_removed_with_its_cards_takes_only_them_and_its_undo_brings_only_them_back(
    qtbot: QtBot, canvas: tuple[DocumentController, BlueprintScene, BlueprintView], made: list[str]
) -> None:
    controller, scene, _view = canvas
    sid = scene.scenario_id
    lane_id = controller.add_custom_lane(sid, 2, "Partners")
    first = next(s for s in scene.scenario.steps if s.lane == "customer")
    added = [controller.add_step(sid, lane_id, first.x + 30 * i, 10) for i in range(3)]
    flow_id = controller.connect_steps(sid, first.id, added[0])
    assert flow_id is not None
    others = {item.step_id: item for item in scene.step_items() if item.step_id not in added}
    made.clear()

    assert controller.remove_lane(sid, lane_id)
    assert not set(added) & {item.step_id for item in scene.step_items()}, "the lane's cards went with it"
    assert scene.flow_item(flow_id) is None, "and the arrow to them"
    _shown_as_the_model_says(scene)
    controller.undo_stack.undo()
    _shown_as_the_model_says(scene)
    assert sorted(made) == sorted([*added, flow_id]), "the undo made just the lane's cards and their arrow"
    assert all(scene.step_item(step_id) is item for step_id, item in others.items()), "the others stayed"


def test_a_lane_edit_while_a_large_scenario_is_still_being_built_loses_no_card(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, scene, _view = show_built_in_slices(qtbot, monkeypatch, make_document(400))
    assert scene.progressive.busy, "the last cards are still to be made"
    controller.resize_lane("main", "customer", 230)
    controller.set_lane_collapsed("main", "backstage", True)
    assert scene.progressive.busy, "the edits did not make every card at once"
    with qtbot.waitSignal(scene.progressive.finished, timeout=60_000):
        pass
    _shown_as_the_model_says(scene)
    whole = BlueprintScene(controller, read_only=True)  # built at once, as exports are
    for name in ("step_items", "flow_items"):
        ours = {(i.step_id if name == "step_items" else i.flow_id): i.pos() for i in getattr(scene, name)()}
        theirs = {(i.step_id if name == "step_items" else i.flow_id): i.pos() for i in getattr(whole, name)()}
        assert ours == theirs, f"the same {name} in the same places"
    paths = {item.flow_id: item.path() for item in whole.flow_items()}
    assert all(item.path() == paths[item.flow_id] for item in scene.flow_items()), "routed as a fresh scene routes"


def _arrow_as_drawn(item: FlowItem) -> tuple[object, ...]:
    """Everything an arrow draws, to the last bit (QPainterPath's == allows for a little error)."""
    path = item.path()
    elements = [(path.elementAt(i).type, path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    heads = [[(p.x(), p.y()) for p in head] for head in item.arrow_heads()]
    return item.route, item.pos(), elements, heads, item.label_rect(), item.boundingRect()


def _drawn_as_afresh(scene: BlueprintScene, controller: DocumentController, what: str) -> None:
    """The cards and arrows are where, and routed as, a scene drawn afresh from the model has them."""
    fresh = BlueprintScene(DocumentController(controller.document.model_copy(deep=True)), read_only=True)
    cards = {item.step_id: (item.pos(), item.isVisible()) for item in fresh.step_items()}
    assert {item.step_id: (item.pos(), item.isVisible()) for item in scene.step_items()} == cards, what
    routes = {item.flow_id: _arrow_as_drawn(item) for item in fresh.flow_items()}
    live = {item.flow_id: _arrow_as_drawn(item) for item in scene.flow_items()}
    differing = sorted(flow_id for flow_id in routes if live.get(flow_id) != routes[flow_id])
    assert not differing, f"{what}: arrows routed otherwise than afresh: {differing[:5]}"
    assert live.keys() == routes.keys(), what


@pytest.mark.parametrize("collapsed", ["", "backstage"], ids=["all lanes open", "backstage collapsed"])
@pytest.mark.parametrize(
    ("lane_id", "by"),
    [("evidence", 60), ("evidence", -50), ("customer", 40), ("frontstage", -60), ("support", 40), ("support", -60)],
    ids=["top lane taller", "top lane shorter", "taller", "shorter", "bottom lane taller", "bottom lane shorter"],
)
def test_a_dragged_lane_edge_routes_every_arrow_as_a_fresh_drawing_does(
    qtbot: QtBot, lane_id: str, by: int, collapsed: str
) -> None:
    document = make_document(300)
    labels = iter(["Hand-off", "Checks the booking and tells the desk"])
    for step in document.scenarios[0].steps[40:200:9]:
        step.y += 0.3  # a card off the whole units, as a drag at some zoom leaves it
    for flow in document.scenarios[0].flows[60:80:10]:
        flow.label = next(labels)  # a label sits clear of the cards near its arrow
    controller, scene, view = show_canvas(qtbot, document)
    sid = scene.scenario_id
    if collapsed:
        controller.set_lane_collapsed(sid, collapsed, True)
    height = scene.scenario.lane(lane_id).height  # type: ignore[union-attr]

    _drag_lane_edge(qtbot, view, scene, lane_id, by)
    assert scene.scenario.lane(lane_id).height == height + by  # type: ignore[union-attr]
    _drawn_as_afresh(scene, controller, "after the drag")
    controller.undo_stack.undo()
    _drawn_as_afresh(scene, controller, "after its undo")
    controller.undo_stack.redo()
    _drawn_as_afresh(scene, controller, "after its redo")
