"""Layout aids without a window: snapping, alignment guides, align and distribute, and Tidy."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint_editor.analysis.layout import COLUMN_PITCH, TidyResult, tidy_layout
from blueprint_editor.io import dumps_document
from blueprint_editor.model import Document, Flow, Lane, LaneKind, Phase, Scenario, Step, StepPlace
from blueprint_editor.model.arrange import Alignment, Card, Distribution, align, distribute
from blueprint_editor.model.geometry import CARD_WIDTH, LANE_PADDING, lane_bands, phase_of
from blueprint_editor.model.snapping import (
    Box,
    GuideTargets,
    snap_card_offset,
    snap_card_x,
    snap_to_grid,
)

# Snapping


def test_snap_to_grid_takes_the_nearest_multiple() -> None:
    assert snap_to_grid(29, 20) == 20
    assert snap_to_grid(31, 20) == 40
    assert snap_to_grid(-11, 20) == -20
    assert snap_card_offset(47, 16) == 48


def test_a_card_near_a_phase_edge_snaps_to_its_padding_not_the_grid() -> None:
    lefts = [0.0, 730.0, 1530.0]  # 730 is off the 20 grid: the padding line is 750
    assert snap_card_x(745, lefts, grid=20, padding=20, reach=24) == 750
    assert snap_card_x(777, lefts, grid=20, padding=20, reach=24) == 780, "beyond reach: the grid"
    assert snap_card_x(1000, lefts, grid=20, padding=20, reach=24) == 1000


def test_guides_pull_a_card_onto_a_neighbour_line_and_say_where_to_draw() -> None:
    neighbours = GuideTargets([Box(100, 0, 160, 64), Box(500, 300, 160, 80)])
    moving = Box(104, 150, 160, 64)  # left edge 4 units right of the first card's
    snap = neighbours.snap(moving, tolerance=6)
    assert (snap.dx, snap.dy) == (-4, None)
    guides = neighbours.guides(moving.moved(-4, 0))
    vertical = [g for g in guides if g.vertical]
    assert {g.at for g in vertical} == {100, 180, 260}, "left, centre and right all line up"
    assert all(g.start == 0 and g.end == 214 for g in vertical), "from the neighbour's top to the card's bottom"
    assert not [g for g in guides if not g.vertical]


def test_guides_keep_away_when_nothing_is_in_reach() -> None:
    neighbours = GuideTargets([Box(100, 0, 160, 64)])
    far = Box(130, 100, 160, 64)
    assert neighbours.snap(far, tolerance=6).dx is None
    assert neighbours.guides(far) == []


def test_edges_meet_edges_and_middles_meet_middles_but_not_each_other() -> None:
    neighbours = GuideTargets([Box(0, 0, 160, 64)])  # its middle is at y = 32
    assert neighbours.snap(Box(400, -30, 160, 64), tolerance=6).dy is None, "a bottom at 34 is not pulled to 32"
    snap = neighbours.snap(Box(400, -5, 160, 80), tolerance=6)
    assert snap.dy == -3, "middles: 35 onto 32"


def test_the_nearest_line_wins_when_several_are_in_reach() -> None:
    neighbours = GuideTargets([Box(0, 0, 160, 64), Box(0, 200, 160, 64)])
    # Its top is 5 from the first card's bottom (64) and its bottom 3 from the second card's top (200).
    snap = neighbours.snap(Box(400, 69, 160, 128), tolerance=6)
    assert snap.dy == 3


# Align and distribute


CARDS = [
    Card("a", "customer", 40, 30, 64),
    Card("b", "customer", 300, 50, 80),
    Card("c", "backstage", 120, 10, 64),
]


def test_align_left_centre_right() -> None:
    assert {k: p.x for k, p in align(CARDS, Alignment.LEFT).items()} == {"a": 40, "b": 40, "c": 40}
    assert {k: p.x for k, p in align(CARDS, Alignment.RIGHT).items()} == {"a": 300, "b": 300, "c": 300}
    assert {k: p.x for k, p in align(CARDS, Alignment.CENTRE).items()} == {"a": 170, "b": 170, "c": 170}
    assert all(p.y == c.y for c, p in zip(CARDS, align(CARDS, Alignment.LEFT).values(), strict=True))


def test_vertical_alignment_works_within_each_lane_and_keeps_lanes() -> None:
    tops = align(CARDS, Alignment.TOP)
    assert {k: p.y for k, p in tops.items()} == {"a": 10, "b": 10, "c": 10}
    assert {k: p.lane for k, p in tops.items()} == {"a": "customer", "b": "customer", "c": "backstage"}
    bottoms = align(CARDS, Alignment.BOTTOM)
    assert {k: p.y + c.height for c in CARDS for k, p in bottoms.items() if k == c.step_id} == {
        "a": 130,
        "b": 130,
        "c": 130,
    }
    middles = align(CARDS, Alignment.MIDDLE)
    assert {k: p.y for k, p in middles.items()} == {"a": 38, "b": 30, "c": 38}


def test_vertical_alignment_keeps_a_card_inside_a_short_lane() -> None:
    bottoms = align(CARDS, Alignment.BOTTOM, {"customer": 150, "backstage": 100})
    assert bottoms["c"].y == 100 - 64 - LANE_PADDING
    assert bottoms["b"].y == 50


def test_one_card_cannot_be_aligned_nor_two_distributed() -> None:
    assert align(CARDS[:1], Alignment.LEFT) == {}
    assert distribute(CARDS[:2], Distribution.HORIZONTAL) == {}


def test_distribute_horizontally_spaces_cards_evenly_between_the_outer_two() -> None:
    cards = [*CARDS, Card("d", "support", 1000, 40, 64)]
    xs = {k: p.x for k, p in distribute(cards, Distribution.HORIZONTAL).items()}
    assert xs == {"a": 40, "c": 360, "b": 680, "d": 1000}


def test_distribute_vertically_makes_the_gaps_equal() -> None:
    cards = [Card("a", "l", 0, 0, 20), Card("b", "l", 0, 25, 40), Card("c", "l", 0, 100, 20)]
    ys = {k: p.y for k, p in distribute(cards, Distribution.VERTICAL).items()}
    assert ys == {"a": 0, "b": 40, "c": 100}, "gaps of 20 above and below the middle card"


# Tidy


def _apply(scenario: Scenario, result: TidyResult) -> Scenario:
    after = scenario.model_copy(deep=True)
    for lane in after.lanes:
        lane.height = result.lane_heights.get(lane.id, lane.height)
    for phase in after.phases:
        phase.width = result.phase_widths.get(phase.id, phase.width)
    for step in after.steps:
        if step.id in result.places:
            step.lane, step.x, step.y = result.places[step.id]
    return after


def _rects(scenario: Scenario, heights: dict[str, float]) -> dict[str, tuple[float, float, float, float]]:
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    return {
        s.id: (s.x, tops[s.lane] + s.y, s.x + CARD_WIDTH, tops[s.lane] + s.y + heights.get(s.id, 64))
        for s in scenario.steps
    }


def _overlaps(rects: dict[str, tuple[float, float, float, float]]) -> list[tuple[str, str]]:
    items = sorted(rects.items(), key=lambda kv: kv[1][0])
    found = []
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1 :]:
            if rb[0] >= ra[2]:
                break
            if ra[1] < rb[3] and rb[1] < ra[3]:
                found.append((a, b))
    return found


def _phase_id(scenario: Scenario, step: Step) -> str | None:
    phase = phase_of(scenario, step)
    return phase.id if phase else None


def _check_tidy(before: Scenario, after: Scenario, heights: dict[str, float]) -> None:
    """No two cards overlap, every step keeps its lane and phase, and every card sits inside its lane."""
    assert _overlaps(_rects(after, heights)) == []
    for old, new in zip(before.steps, after.steps, strict=True):
        assert new.lane == old.lane, old.id
        assert _phase_id(after, new) == _phase_id(before, old), old.id
    lanes = {lane.id: lane.height for lane in after.lanes}
    for step in after.steps:
        assert LANE_PADDING <= step.y <= lanes[step.lane] - heights.get(step.id, 64) - LANE_PADDING, step.id


def _flows_in_order(scenario: Scenario, acyclic_only: bool) -> list[str]:
    """Flows inside one phase whose target stands left of their source (or not right of it, in one lane)."""
    import networkx as nx

    graph = nx.DiGraph([(f.source, f.target) for f in scenario.flows])
    component = {n: i for i, c in enumerate(nx.strongly_connected_components(graph)) for n in c}
    wrong = []
    for flow in scenario.flows:
        source, target = scenario.step(flow.source), scenario.step(flow.target)
        assert source is not None and target is not None
        if acyclic_only and component[flow.source] == component[flow.target]:
            continue
        if _phase_id(scenario, source) != _phase_id(scenario, target):
            continue
        if target.x < source.x or (target.lane == source.lane and target.x <= source.x):
            wrong.append(f"{flow.source}->{flow.target}")
    return wrong


def test_tidy_of_the_example_keeps_lanes_and_phases_and_follows_the_flows(example_document: Document) -> None:
    scenario = example_document.scenarios[0]
    heights = {s.id: 64.0 + 16 * (len(s.label) > 28) for s in scenario.steps}
    result = tidy_layout(scenario, heights)
    after = _apply(scenario, result)
    _check_tidy(scenario, after, heights)
    assert _flows_in_order(after, acyclic_only=False) == []
    # Columns are a card and a gap apart; the customer's journey reads as one row from left to right.
    customer = sorted((s for s in after.steps if s.lane == "customer"), key=lambda s: s.x)
    assert [s.id for s in customer] == [f"c{i}" for i in range(1, 18)]
    assert {
        (b.x - a.x) % COLUMN_PITCH for a, b in itertools.pairwise(customer) if phase_of(after, a) == phase_of(after, b)
    } == {0}
    # A customer action and the frontstage step it starts stand one above the other.
    assert after.step("c2").x == after.step("f1").x


def test_tidy_twice_changes_nothing_the_second_time(example_document: Document) -> None:
    scenario = example_document.scenarios[0]
    heights = {s.id: 72.0 for s in scenario.steps}
    once = _apply(scenario, tidy_layout(scenario, heights))
    assert tidy_layout(once, heights).is_empty()


def test_a_crowded_phase_is_widened_and_the_phases_after_it_move_along() -> None:
    scenario = Scenario(
        id="s",
        name="S",
        lanes=[Lane(id="customer", kind=LaneKind.CUSTOMER, title="C", height=100)],
        phases=[Phase(id="p1", name="P1", width=300), Phase(id="p2", name="P2", width=300)],
        steps=[
            *(Step(id=f"a{i}", lane="customer", x=10 * i, y=8) for i in range(4)),
            Step(id="z", lane="customer", x=400, y=8),
        ],
        flows=[Flow(id="l1", source="a0", target="a1"), Flow(id="l2", source="a1", target="a2")],
    )
    heights = {"a3": 120.0}
    result = tidy_layout(scenario, heights)
    assert result.phase_widths == {"p1": 4 * COLUMN_PITCH - 20}
    assert result.lane_heights == {"customer": 120 + 2 * LANE_PADDING}, "the lane grows for its tallest card"
    after = _apply(scenario, result)
    _check_tidy(scenario, after, {k: v for k, v in heights.items()})
    assert after.step("z").x == 4 * COLUMN_PITCH - 20 + 20, "tidied at the padding of the next phase"
    crowded = {"a0", "a1", "a2", "a3"}
    after = _apply(scenario, tidy_layout(scenario, heights, only=crowded))
    assert after.step("z").x == 400 + (4 * COLUMN_PITCH - 20 - 300), "left alone, it moved along with its phase"


def test_tidy_of_a_selection_keeps_the_others_in_place_and_clear() -> None:
    scenario = Scenario(
        id="s",
        name="S",
        lanes=[Lane(id="customer", kind=LaneKind.CUSTOMER, title="C", height=150)],
        phases=[Phase(id="p1", name="P1", width=1200)],
        steps=[
            Step(id="stay", lane="customer", x=20, y=40),
            Step(id="a", lane="customer", x=700, y=40),
            Step(id="b", lane="customer", x=500, y=60),
        ],
        flows=[Flow(id="l1", source="a", target="b")],
    )
    result = tidy_layout(scenario, {}, only={"a", "b"})
    after = _apply(scenario, result)
    assert "stay" not in result.places
    assert after.step("a").x < after.step("b").x, "flow order"
    _check_tidy(scenario, after, {})


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Scenario, dict[str, float]]:
    lane_count = draw(st.integers(1, 4))
    lanes = [
        Lane(id=f"l{i}", kind=LaneKind.CUSTOM, title=f"L{i}", height=draw(st.integers(50, 200)))
        for i in range(lane_count)
    ]
    phases = [
        Phase(id=f"p{i}", name=f"P{i}", width=draw(st.integers(200, 900))) for i in range(draw(st.integers(0, 4)))
    ]
    total = sum(p.width for p in phases) or 1000
    count = draw(st.integers(1, 25))
    steps = [
        Step(
            id=f"s{i}",
            lane=draw(st.sampled_from(lanes)).id,
            x=draw(st.integers(-100, int(total))),
            y=draw(st.integers(0, 120)),
        )
        for i in range(count)
    ]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=40, unique=True))
    flows = [Flow(id=f"f{k}", source=f"s{a}", target=f"s{b}") for k, (a, b) in enumerate(pairs)]
    heights = {s.id: float(draw(st.integers(64, 140))) for s in steps}
    return Scenario(id="s", name="S", lanes=lanes, phases=phases, steps=steps, flows=flows), heights


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_tidy_of_random_graphs_with_loops_never_overlaps(
    drawn: tuple[Scenario, dict[str, float]], data: st.DataObject
) -> None:
    scenario, heights = drawn
    only = data.draw(st.none() | st.sets(st.sampled_from([s.id for s in scenario.steps])), label="only")
    after = _apply(scenario, tidy_layout(scenario, heights, only))
    if only is None:
        _check_tidy(scenario, after, heights)
        assert _flows_in_order(after, acyclic_only=True) == []
        return
    # Cards left alone may overlap each other as they did before; a tidied card overlaps none.
    tidied = [pair for pair in _overlaps(_rects(after, heights)) if only & set(pair)]
    assert tidied == []
    for old, new in zip(scenario.steps, after.steps, strict=True):
        assert new.lane == old.lane
        assert _phase_id(after, new) == _phase_id(scenario, old), old.id
        if old.id not in only:
            assert new.y == old.y and new.x >= old.x, "left alone, or moved right with its phase"


def test_tidied_files_round_trip(example_document: Document) -> None:
    from blueprint_editor.io import loads_document

    scenario = example_document.scenarios[0]
    after = _apply(scenario, tidy_layout(scenario, {}))
    document = example_document.model_copy(update={"scenarios": [after]})
    text = dumps_document(document)
    assert dumps_document(loads_document(text)) == text
    assert all(float(s.x).is_integer() and float(s.y).is_integer() for s in after.steps), "whole numbers in the file"


@pytest.mark.parametrize("how", list(Alignment))
def test_aligned_places_are_whole_numbers(how: Alignment) -> None:
    cards = [Card("a", "l", 10.5, 3.25, 64), Card("b", "l", 333, 47, 77)]
    for place in align(cards, how).values():
        assert isinstance(place, StepPlace)
        moved = place.x if how.horizontal else place.y
        kept = place.y if how.horizontal else place.x
        assert float(moved).is_integer()
        assert kept in (3.25, 47, 10.5, 333), "the other coordinate is left as it was"
