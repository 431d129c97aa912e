"""Lanes and phases without a window: geometry of collapsed and custom lanes, and the layouts of structure edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint_editor.analysis.findings import scenario_findings
from blueprint_editor.analysis.metrics import scenario_figures
from blueprint_editor.io import load_document
from blueprint_editor.model import Document, Flow, Lane, LaneKind, Scenario, Step
from blueprint_editor.model.document import blank_scenario
from blueprint_editor.model.geometry import (
    CARD_WIDTH,
    COLLAPSED_LANE_HEIGHT,
    MIN_LANE_HEIGHT,
    MIN_PHASE_WIDTH,
    band_at,
    band_of,
    content_height,
    lane_bands,
    line_y,
    phase_of,
)
from blueprint_editor.model.lines import BLUEPRINT_LINES
from blueprint_editor.model.structure import (
    Layout,
    LayoutChange,
    StructureError,
    lane_move_target,
    new_custom_lane,
    new_phase,
    steps_in_phase,
    with_lane_fields,
    with_lane_height,
    with_lane_inserted,
    with_lane_moved,
    with_lane_removed,
    with_phase_inserted,
    with_phase_moved,
    with_phase_removed,
    with_phase_width,
)
from blueprint_editor.resources import example_path

LINES = {line.key: line for line in BLUEPRINT_LINES}
HOTEL = load_document(example_path())


def _scenario(layout: Layout, like: Scenario) -> Scenario:
    return Scenario(
        id=like.id,
        name=like.name,
        lanes=list(layout.lanes),
        phases=list(layout.phases),
        steps=list(layout.steps),
        flows=list(layout.flows),
    )


def _phase_names(scenario: Scenario) -> dict[str, str]:
    """Each step's phase, by name."""
    names = {}
    for step in scenario.steps:
        phase = phase_of(scenario, step)
        assert phase is not None
        names[step.id] = phase.name
    return names


@pytest.fixture
def hotel(example_document: Document) -> Scenario:
    return example_document.scenarios[0]


# --- geometry ----------------------------------------------------------------------------------------------------


def test_a_collapsed_lane_is_a_thin_strip_and_takes_no_drops(hotel: Scenario) -> None:
    before = content_height(hotel)
    backstage = hotel.lane("backstage")
    assert backstage is not None
    full = backstage.height
    backstage.collapsed = True
    band = band_of(hotel, "backstage")
    assert band is not None and band.height == COLLAPSED_LANE_HEIGHT
    assert content_height(hotel) == before - full + COLLAPSED_LANE_HEIGHT
    support = band_of(hotel, "support")
    assert support is not None and support.top == band.bottom, "the lanes below move up"
    middle = band.top + band.height / 2
    assert band_at(hotel, middle) == band, "it is still a lane where it is drawn"
    assert band_at(hotel, middle, for_steps=True) is None, "a dragged card never drops into a collapsed lane"
    nearest = band_at(hotel, middle, clamp=True, for_steps=True)
    assert nearest is not None and nearest.lane.id in ("frontstage", "support")


def test_a_line_sits_at_the_bottom_of_the_last_lane_of_its_upper_kind() -> None:
    scenario = blank_scenario()
    scenario.lanes.insert(2, Lane(id="policies", kind=LaneKind.CUSTOM, title="Policies", height=100))
    bands = {b.lane.id: b for b in lane_bands(scenario)}
    y = line_y(lane_bands(scenario), LINES["interaction"])
    assert y == bands["customer"].bottom
    assert bands["customer"].bottom <= y <= bands["frontstage"].top
    assert y < bands["policies"].bottom, "the custom lane lies below the line of interaction"
    assert line_y(lane_bands(scenario), LINES["visibility"]) == bands["frontstage"].bottom


def test_a_line_needs_both_of_its_kinds() -> None:
    scenario = blank_scenario()
    scenario.lanes = [lane for lane in scenario.lanes if lane.kind != LaneKind.FRONTSTAGE]
    assert line_y(lane_bands(scenario), LINES["interaction"]) is None
    assert line_y(lane_bands(scenario), LINES["internal"]) is not None


def test_analysis_agrees_with_the_drawing_and_leaves_custom_cards_out() -> None:
    scenario = blank_scenario()
    scenario.lanes.insert(2, Lane(id="policies", kind=LaneKind.CUSTOM, title="Policies"))
    scenario.steps = [
        Step(id="c1", lane="customer", label="Ask"),
        Step(id="f1", lane="frontstage", label="Answer"),
        Step(id="n1", lane="policies", label="Answer within a day"),
    ]
    scenario.flows = [Flow(id="l1", source="c1", target="f1"), Flow(id="l2", source="n1", target="f1")]
    figures = scenario_figures(scenario)
    assert figures.crossings == {"interaction": 1, "visibility": 0, "internal": 0}
    findings = scenario_findings(scenario)
    assert not any("n1" in f.step_ids and "no flows" in f.message for f in findings)
    scenario.flows = scenario.flows[:1]
    findings = scenario_findings(scenario)
    assert not any("n1" in f.step_ids for f in findings if "no flows" in f.message), "a note needs no flows"


# --- lanes -------------------------------------------------------------------------------------------------------


def test_a_lane_resize_keeps_its_cards_inside(hotel: Scenario) -> None:
    layout = with_lane_height(hotel, "frontstage", 30)
    lane = next(lane for lane in layout.lanes if lane.id == "frontstage")
    assert lane.height == MIN_LANE_HEIGHT, "never shorter than a card needs"
    for step in layout.steps:
        if step.lane == "frontstage":
            assert 0 <= step.y <= MIN_LANE_HEIGHT - 64
    others_before = [s for s in hotel.steps if s.lane != "frontstage"]
    others_after = [s for s in layout.steps if s.lane != "frontstage"]
    assert others_before == others_after


def test_a_taller_lane_moves_nothing_but_its_edge(hotel: Scenario) -> None:
    layout = with_lane_height(hotel, "frontstage", 400)
    assert layout.steps == tuple(hotel.steps)


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: with_lane_height(s, "frontstage", 30),
        lambda s: with_phase_width(s, s.phases[1].id, 200),
        lambda s: with_phase_removed(s, s.phases[0].id, keep_steps=False),
        lambda s: with_phase_inserted(s, 2, new_phase(s)),
    ],
    ids=["lane shorter", "phase narrower", "phase deleted with its steps", "phase added"],
)
def test_a_layout_change_gives_back_either_layout_exactly_and_keeps_only_what_it_changed(
    hotel: Scenario, edit: Callable[[Scenario], Layout]
) -> None:
    """What an undo step of a lane or phase edit keeps: copies of what changed, the rest taken from the scenario."""
    before = Layout.of(hotel)
    saved = hotel.model_dump()
    after = edit(hotel)
    assert hotel.model_dump() == saved, "working a change out leaves the scenario alone"
    change = LayoutChange.between(before, after)
    moved = {step.id for step in after.steps if step not in before.steps}
    assert 0 < len(change.after.steps.own) == len(moved) < len(hotel.steps), "copies of the changed steps only"
    done = change.layout(hotel, done=True)
    assert done == after
    made = _scenario(done, hotel).model_copy(deep=True)  # the model takes copies of what it is given
    assert change.layout(made, done=False) == before
    assert _scenario(change.layout(made, done=False), hotel).model_dump() == saved
    # What it keeps is its own: a later edit in place of a step it changed reaches neither side.
    kept = next(iter(change.after.steps.own.values()))
    next(step for step in made.steps if step.id == kept.id).label = "Edited later"
    assert change.layout(made, done=True) == after


def test_standard_lanes_stay_and_keep_their_order(hotel: Scenario) -> None:
    with pytest.raises(StructureError, match="standard lane"):
        with_lane_removed(hotel, "backstage")
    with pytest.raises(StructureError, match="standard lane"):
        with_lane_moved(hotel, "customer", 0)
    assert lane_move_target(hotel, "customer", -1) is None


def test_a_custom_lane_goes_with_its_cards_and_their_flows(hotel: Scenario) -> None:
    lane = new_custom_lane(hotel, "  Policies \n")
    assert lane.title == "Policies" and lane.kind == LaneKind.CUSTOM
    scenario = _scenario(with_lane_inserted(hotel, 2, lane), hotel)
    scenario.steps.append(Step(id="n1", lane=lane.id, label="Rule"))
    scenario.flows.append(Flow(id="nf", source="n1", target="c1"))
    after = with_lane_removed(scenario, lane.id)
    assert [lane.id for lane in after.lanes] == [lane.id for lane in hotel.lanes]
    assert "n1" not in {s.id for s in after.steps} and "nf" not in {f.id for f in after.flows}


def test_a_custom_lane_moves_between_the_standard_ones(hotel: Scenario) -> None:
    lane = new_custom_lane(hotel)
    scenario = _scenario(with_lane_inserted(hotel, 0, lane), hotel)
    for _ in range(len(scenario.lanes) - 1):
        target = lane_move_target(scenario, lane.id, +1)
        assert target is not None
        scenario = _scenario(with_lane_moved(scenario, lane.id, target), hotel)
        standard = [x.kind for x in scenario.lanes if x.kind.is_standard]
        assert standard == [x.kind for x in hotel.lanes if x.kind.is_standard]
    assert scenario.lanes[-1].id == lane.id
    assert lane_move_target(scenario, lane.id, +1) is None


def test_an_empty_title_is_refused(hotel: Scenario) -> None:
    with pytest.raises(StructureError):
        with_lane_fields(hotel, "customer", title=" \n ")
    retitled = with_lane_fields(hotel, "customer", title="Guest\nactions  <b>")
    assert retitled.lanes[1].title == "Guest actions <b>"


# --- phases ------------------------------------------------------------------------------------------------------


def test_a_reordered_phase_takes_its_steps_along(hotel: Scenario) -> None:
    before = _phase_names(hotel)
    for index in range(len(hotel.phases)):
        after = _scenario(with_phase_moved(hotel, "arrival", index), hotel)
        assert [p.id for p in after.phases].index("arrival") == index
        assert _phase_names(after) == before


def test_an_inserted_phase_pushes_the_later_ones_right(hotel: Scenario) -> None:
    before = _phase_names(hotel)
    phase = new_phase(hotel, "Research")
    after = _scenario(with_phase_inserted(hotel, 1, phase), hotel)
    assert [p.name for p in after.phases][:3] == ["Booking", "Research", "Arrival"]
    assert _phase_names(after) == before
    assert steps_in_phase(after, phase.id) == []


def test_a_narrower_phase_pulls_its_steps_in_and_moves_the_rest(hotel: Scenario) -> None:
    before = _phase_names(hotel)
    booking = hotel.phases[0]
    after = _scenario(with_phase_width(hotel, booking.id, 10), hotel)
    assert after.phases[0].width == MIN_PHASE_WIDTH
    assert _phase_names(after) == before
    for step in after.steps:
        if before[step.id] == booking.name:
            assert step.x + CARD_WIDTH <= MIN_PHASE_WIDTH, f"{step.id} sticks out of the narrowed phase"
    shift = MIN_PHASE_WIDTH - booking.width
    for old, new in zip(hotel.steps, after.steps, strict=True):
        if before[old.id] != booking.name:
            assert new.x == old.x + shift


def test_a_narrower_phase_makes_room_rather_than_piling_cards_up() -> None:
    scenario = blank_scenario(phases=2)
    scenario.phases[0].width = 720
    scenario.steps = [Step(id=f"c{n}", lane="customer", x=40 + 200 * n, y=40) for n in range(3)]
    scenario.steps.append(Step(id="f1", lane="frontstage", x=440, y=40))
    scenario.steps.append(Step(id="later", lane="customer", x=760, y=40))
    after = _scenario(with_phase_width(scenario, scenario.phases[0].id, 560), scenario)
    xs = {s.id: s.x for s in after.steps}
    assert xs == {"c0": 40, "c1": 220, "c2": 400, "f1": 400, "later": 600}, "pulled in, side by side, in order"
    # Too narrow for all three: they stay inside it, as far apart as it allows.
    after = _scenario(with_phase_width(scenario, scenario.phases[0].id, 200), scenario)
    assert all(0 <= s.x <= 40 for s in after.steps if s.id != "later")


@pytest.mark.parametrize("phase_id", ["booking", "stay", "after"])
def test_a_deleted_phase_hands_its_steps_to_its_neighbour(hotel: Scenario, phase_id: str) -> None:
    before = _phase_names(hotel)
    gone = next(p for p in hotel.phases if p.id == phase_id)
    index = hotel.phases.index(gone)
    neighbour = hotel.phases[index - 1] if index else hotel.phases[1]
    after = _scenario(with_phase_removed(hotel, phase_id, keep_steps=True), hotel)
    assert phase_id not in [p.id for p in after.phases]
    names = _phase_names(after)
    assert len(after.steps) == len(hotel.steps) and after.flows == hotel.flows
    for step_id, name in before.items():
        assert names[step_id] == (neighbour.name if name == gone.name else name), step_id
    # Nothing lands on top of another card that was not already there.
    spots = {(s.lane, s.x, s.y) for s in after.steps}
    assert len(spots) == len({(s.lane, s.x, s.y) for s in hotel.steps})


def test_a_deleted_phase_can_take_its_steps_and_their_flows(hotel: Scenario) -> None:
    doomed = {s.id for s in steps_in_phase(hotel, "stay")}
    assert doomed
    after = _scenario(with_phase_removed(hotel, "stay", keep_steps=False), hotel)
    assert not doomed & {s.id for s in after.steps}
    assert all(f.source not in doomed and f.target not in doomed for f in after.flows)
    assert len(after.steps) == len(hotel.steps) - len(doomed)


def test_the_last_phase_stays() -> None:
    scenario = blank_scenario(phases=1)
    with pytest.raises(StructureError, match="at least one phase"):
        with_phase_removed(scenario, scenario.phases[0].id, keep_steps=True)


@settings(max_examples=60, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["move", "width", "insert", "remove"]), st.integers(0, 6), st.integers(0, 1200)),
        max_size=6,
    )
)
def test_any_phase_edits_keep_every_step_in_its_phase(edits: list) -> None:
    scenario = HOTEL.scenarios[0].model_copy(deep=True)
    expected = _phase_names(scenario)
    for verb, n, size in edits:
        phases = scenario.phases
        phase = phases[n % len(phases)]
        if verb == "move":
            layout = with_phase_moved(scenario, phase.id, n)
        elif verb == "width":
            layout = with_phase_width(scenario, phase.id, size)
        elif verb == "insert":
            layout = with_phase_inserted(scenario, n, new_phase(scenario, f"New {n}"))
        else:
            if len(phases) == 1:
                continue
            index = phases.index(phase)
            neighbour = phases[index - 1] if index else phases[1]
            layout = with_phase_removed(scenario, phase.id, keep_steps=True)
            expected = {k: (neighbour.name if v == phase.name else v) for k, v in expected.items()}
        scenario = _scenario(layout, scenario)
        assert _phase_names(scenario) == expected


def _every_field_step() -> Step:
    return Step.model_validate(
        {
            "id": "s1", "lane": "customer", "x": 12.5, "y": 40, "label": "Pay", "duration_min": 3, "wait_min": 2,
            "fail_point": True, "risk_note": "card declined", "value_class": "waste", "emotion": -1,
            "channel": "phone", "owner": "Desk", "cost": 4.5, "notes": "n", "tags": ["vip", "late"],
            "description": "d", "colour": "#ff8800",
        }
    )  # fmt: skip


def test_a_step_snapshot_is_a_deep_copy_that_later_edits_never_reach() -> None:
    """Lane and phase edits keep every step as it was through Step.snapshot, a faster deep copy."""
    step = _every_field_step()
    copy = step.snapshot()
    assert copy == step.model_copy(deep=True) and copy is not step
    assert copy.model_dump() == step.model_dump() and copy.model_fields_set == step.model_fields_set
    step.tags.append("changed")
    step.label = "Changed"
    assert copy.tags == ["vip", "late"] and copy.label == "Pay"


def test_a_step_holds_no_mutable_value_but_its_tags() -> None:
    """What Step.snapshot relies on: a new field holding a list or a model must be copied there too."""
    for name, value in _every_field_step().__dict__.items():
        assert name == "tags" or isinstance(value, (str, int, float, bool, type(None))), name
