"""Routing of flows, without Qt: the sides a flow leaves and enters, orthogonal paths, and no card run through
where a clear way exists."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from perf.blueprints import make_document

from blueprint_editor.model.document import FlowStyle
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, lane_bands
from blueprint_editor.model.routing import (
    CLEARANCE,
    OWN_CARD_WEIGHT,
    STUB,
    GridIndex,
    Rect,
    Side,
    choose_sides,
    crossings,
    elbow_route,
    place_label,
    point_at_half_length,
    search_area,
    straight_route,
)

W, H = 160.0, 64.0


def card(x: float, y: float, height: float = H) -> Rect:
    return Rect(x, y, x + W, y + height)


def among(*cards: Rect):
    """An obstacle query over these cards, as the canvas answers it: the ones that meet the area."""
    return lambda area: [c for c in cards if c.intersects(area)]


def assert_orthogonal(points: tuple[tuple[float, float], ...]) -> None:
    assert len(points) >= 2
    for (x0, y0), (x1, y1) in pairwise(points):
        assert (x0 == x1) != (y0 == y1), f"leg {(x0, y0)} -> {(x1, y1)} is slanted or empty"


def on_side(rect: Rect, point: tuple[float, float], side: Side) -> bool:
    x, y = point
    if side in (Side.LEFT, Side.RIGHT):
        return x == (rect.left if side is Side.LEFT else rect.right) and rect.top <= y <= rect.bottom
    return y == (rect.top if side is Side.TOP else rect.bottom) and rect.left <= x <= rect.right


# Sides


def test_a_flow_ahead_in_the_same_lane_is_one_level_line_from_right_to_left() -> None:
    source, target = card(0, 40), card(260, 40)
    route = elbow_route(source, target)
    assert (route.source_side, route.target_side) == (Side.RIGHT, Side.LEFT)
    assert route.points == ((160, 72), (260, 72))


def test_a_flow_ahead_and_in_another_lane_leaves_right_and_enters_left_with_two_bends() -> None:
    source, target = card(0, 40), card(300, 340)
    route = elbow_route(source, target)
    assert (route.source_side, route.target_side) == (Side.RIGHT, Side.LEFT)
    assert route.bends == 2
    assert_orthogonal(route.points)
    # The upright leg runs halfway between the cards, not hugging either of them.
    assert route.points[1][0] == pytest.approx((160 + 300) / 2)


@pytest.mark.parametrize(("dy", "sides"), [(300, (Side.BOTTOM, Side.TOP)), (-300, (Side.TOP, Side.BOTTOM))])
def test_a_target_roughly_below_or_above_is_reached_through_bottom_and_top(dy: float, sides: tuple) -> None:
    source, target = card(0, 400), card(30, 400 + dy)  # a little to the right, but overlapping sideways
    assert choose_sides(source, target) == sides
    route = elbow_route(source, target)
    assert (route.source_side, route.target_side) == sides
    assert route.bends == 0, "cards that overlap sideways are joined by one plumb line"
    assert_orthogonal(route.points)
    assert on_side(source, route.points[0], sides[0]) and on_side(target, route.points[-1], sides[1])


def test_a_step_back_in_the_same_row_goes_around_below_not_straight_back() -> None:
    source, target = card(500, 40), card(0, 40)
    route = elbow_route(source, target)
    assert (route.source_side, route.target_side) == (Side.BOTTOM, Side.BOTTOM)
    assert route.bends == 2
    assert all(y >= source.bottom for _, y in route.points), "the loop runs under the cards"
    assert_orthogonal(route.points)


def test_a_step_back_and_down_leaves_the_bottom_and_enters_the_top() -> None:
    source, target = card(600, 40), card(0, 340)
    route = elbow_route(source, target)
    assert (route.source_side, route.target_side) == (Side.BOTTOM, Side.TOP)
    assert_orthogonal(route.points)
    assert route.bends == 2


def test_the_path_leaves_and_enters_straight_for_at_least_a_stub() -> None:
    source, target = card(0, 40), card(300, 340)
    route = elbow_route(source, target)
    (x0, y0), (x1, y1) = route.points[:2]
    assert y0 == y1 and x1 - x0 >= STUB
    (x2, y2), (x3, y3) = route.points[-2:]
    assert y2 == y3 and x3 - x2 >= STUB


# Going around cards


def test_a_card_in_the_way_of_a_level_line_is_gone_around() -> None:
    source, blocker, target = card(0, 40), card(220, 40), card(440, 40)
    assert crossings(straight_route(source, target).points, [blocker]) == 1, "the straight line would cross it"
    route = elbow_route(source, target, among(blocker))
    assert route.crossings == 0
    assert crossings(route.points, [blocker]) == 0
    assert_orthogonal(route.points)
    assert on_side(source, route.points[0], route.source_side)
    assert on_side(target, route.points[-1], route.target_side)


def test_a_card_in_the_way_of_the_halfway_channel_moves_the_channel_into_a_gap() -> None:
    source, target = card(0, 40), card(600, 340)
    halfway = card((160 + 600) / 2 - W / 2, 190, 80)  # right where the upright leg would run
    plain = elbow_route(source, target)
    assert crossings(plain.points, [halfway]) == 1
    route = elbow_route(source, target, among(halfway))
    assert crossings(route.points, [halfway]) == 0
    assert (route.source_side, route.target_side) == (Side.RIGHT, Side.LEFT), "the preferred sides are kept"
    assert route.bends == 2


def test_a_card_between_two_lanes_of_a_plumb_line_is_gone_around() -> None:
    source, blocker, target = card(0, 40), card(0, 190), card(0, 340)
    route = elbow_route(source, target, among(blocker))
    assert crossings(route.points, [blocker]) == 0
    assert_orthogonal(route.points)


def test_a_path_keeps_clear_of_cards_it_passes() -> None:
    source, target = card(0, 40), card(600, 340)
    others = [card(x, y) for x in (220, 420) for y in (40, 190, 340)]
    route = elbow_route(source, target, among(*others))
    assert route.crossings == 0
    # Clear by the clearance, not just by a hair.
    assert crossings(route.points, [o.inflated(CLEARANCE - 1) for o in others]) == 0


def test_when_no_clear_path_exists_the_fewest_cards_are_crossed() -> None:
    source, target = card(0, 0), card(400, 0)
    # A wall of cards from far above to far below, beyond the router's reach: something must be crossed.
    wall = [card(200, y) for y in range(-400, 500, 70)]
    route = elbow_route(source, target, among(*wall))
    assert route.crossings == 1
    assert crossings(route.points, wall) == 1
    assert_orthogonal(route.points)


def test_the_router_only_asks_about_the_area_around_the_two_cards() -> None:
    asked: list[Rect] = []

    def query(area: Rect) -> list[Rect]:
        asked.append(area)
        return []

    source, target = card(0, 40), card(800, 340)
    elbow_route(source, target, query)
    assert asked == [search_area(source, target)]
    area = asked[0]
    assert area.left < source.left and area.right > target.right and area.bottom < 340 + H + 200


@settings(max_examples=200, deadline=None)
@given(
    sx=st.integers(-600, 600),
    sy=st.integers(-400, 400),
    others=st.lists(st.tuples(st.integers(-700, 700), st.integers(-500, 500)), max_size=8),
)
def test_every_route_is_orthogonal_joins_the_cards_and_reports_its_crossings(
    sx: int, sy: int, others: list[tuple[int, int]]
) -> None:
    source, target = card(0, 0), card(sx, sy)
    obstacles = [card(x, y) for x, y in others]
    route = elbow_route(source, target, among(*obstacles))
    assert_orthogonal(route.points)
    assert on_side(source, route.points[0], route.source_side)
    assert on_side(target, route.points[-1], route.target_side)
    assert route.crossings == crossings(route.points, obstacles) or route.crossings >= 100
    # The same cards in any order give the same route: a live canvas must match one drawn afresh.
    assert elbow_route(source, target, among(*reversed(obstacles))) == route


@settings(max_examples=150, deadline=None)
@given(
    sx=st.integers(-400, 400),
    sy=st.integers(-300, 300),
    others=st.lists(
        st.tuples(st.integers(-500, 500), st.integers(-400, 400), st.sampled_from([8, 40, 64, 101, 200])),
        min_size=5,
        max_size=30,
    ),
)
def test_among_crowded_cards_a_route_reports_what_it_crosses_and_is_never_worse_than_the_plain_elbow(
    sx: int, sy: int, others: list[tuple[int, int, int]]
) -> None:
    source, target = card(0, 0), card(sx, sy)
    obstacles = [card(x, y, height) for x, y, height in others]
    route = elbow_route(source, target, among(*obstacles))
    told = [o for o in obstacles if o.intersects(search_area(source, target))]
    # Its own cards shrunk by the clearance crossings() adds and the one unit a path may touch (exact in integers).
    own = [source.inflated(-1 - CLEARANCE), target.inflated(-1 - CLEARANCE)]

    def weighted(points: tuple[tuple[float, float], ...]) -> int:
        return crossings(points, told) + OWN_CARD_WEIGHT * crossings(points, own)

    assert_orthogonal(route.points)
    assert route.crossings == weighted(route.points), "the count a route carries is exact, however crowded"
    plain = elbow_route(source, target)  # the shape drawn when nothing is in the way
    assert route.crossings <= weighted(plain.points), "going around never crosses more than going straight"


def test_in_a_generated_blueprint_every_arrow_is_orthogonal_joins_its_cards_and_crosses_no_card() -> None:
    scenario = make_document(300).scenarios[0]
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    cards = {
        step.id: card(step.x, tops[step.lane] + step.y, CARD_MIN_HEIGHT) for step in scenario.steps
    }  # laid out as the scene lays them out, each card as short as a card can be
    grid: GridIndex[str] = GridIndex()
    for step_id, rect in cards.items():
        grid.set(step_id, rect)
    flows = [flow for flow in scenario.flows if flow.style != FlowStyle.STRAIGHT]
    assert len(flows) > 300
    for flow in flows:
        source, target = cards[flow.source], cards[flow.target]
        skip = (flow.source, flow.target)
        route = elbow_route(
            source, target, lambda area, skip=skip: [rect for key, rect in grid.query(area) if key not in skip]
        )
        assert_orthogonal(route.points)
        assert on_side(source, route.points[0], route.source_side)
        assert on_side(target, route.points[-1], route.target_side)
        others = [rect for key, rect in cards.items() if key not in skip]
        assert route.crossings == 0 and crossings(route.points, others) == 0, flow.id


# Straight lines, labels, the grid


def test_a_straight_flow_joins_the_facing_sides() -> None:
    route = straight_route(card(0, 40), card(300, 340))
    assert (route.source_side, route.target_side) == (Side.RIGHT, Side.LEFT)
    assert route.points == ((160, 72), (300, 372))
    assert straight_route(card(300, 40), card(0, 40)).points == ((300, 72), (160, 72))


def test_the_halfway_point_of_a_path() -> None:
    point, direction, leg = point_at_half_length(((0, 0), (100, 0), (100, 100), (200, 100)))
    assert point == (100, 50) and direction == (0, 1) and leg == 1


def _overlaps(a: Rect, b: Rect) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def test_a_label_sits_above_the_middle_of_a_level_line_without_touching_it() -> None:
    source, target = card(0, 40), card(400, 40)
    points = elbow_route(source, target).points
    plate = place_label(points, 80, 18, [source, target])
    assert plate.center[0] == pytest.approx(280)
    assert plate.bottom < 72, "above the line"
    assert 72 - plate.bottom <= 6, "close enough to read as its label"
    assert crossings(points, [plate.inflated(-CLEARANCE)]) == 0


def test_a_label_between_close_cards_is_moved_clear_of_them() -> None:
    source, target = card(0, 40), card(220, 40)  # 60 units apart: no room beside the line for 110
    points = elbow_route(source, target).points
    plate = place_label(points, 110, 18, [source, target], search_area(source, target))
    assert not _overlaps(plate, source) and not _overlaps(plate, target)
    assert crossings(points, [plate.inflated(-CLEARANCE)]) == 0
    assert source.right - 60 < plate.center[0] < target.left + 60, "still over the gap it labels"


def test_a_label_beside_an_upright_leg_takes_the_side_without_a_card() -> None:
    source, target = card(0, 0), card(0, 400)
    blocker = card(90, 180)  # right of the plumb line, where the label would go first
    points = elbow_route(source, target).points
    plate = place_label(points, 100, 18, [source, target, blocker], search_area(source, target))
    assert not _overlaps(plate, blocker)
    assert plate.right <= 80, "on the left of the line"


def test_the_grid_finds_what_meets_an_area_and_forgets_what_moved() -> None:
    grid: GridIndex[str] = GridIndex(cell=100)
    grid.set("a", Rect(0, 0, 50, 50))
    grid.set("b", Rect(500, 500, 560, 560))
    grid.set("huge", Rect(-50_000, -10, 50_000, 10))  # too many cells: kept aside, still found
    assert sorted(k for k, _ in grid.query(Rect(40, 0, 60, 20))) == ["a", "huge"]
    assert [k for k, _ in grid.query(Rect(490, 490, 495, 495))] == []
    grid.set("a", Rect(480, 480, 520, 520))
    assert sorted(k for k, _ in grid.query(Rect(490, 490, 495, 495))) == ["a"]
    assert [k for k, _ in grid.query(Rect(0, 30, 10, 40))] == []
    grid.discard("huge")
    grid.discard("b")
    assert [k for k, _ in grid.query(Rect(-1e6, -1e6, 1e6, 1e6))] == ["a"]


@settings(max_examples=100, deadline=None)
@given(
    cell=st.sampled_from([50.0, 100.0, 384.0]),
    rects=st.lists(
        st.tuples(st.floats(-3000, 3000), st.floats(-3000, 3000), st.floats(0, 400), st.floats(0, 400), st.booleans()),
        max_size=40,
    ),
    moves=st.lists(st.tuples(st.integers(0, 39), st.floats(-3000, 3000), st.floats(-3000, 3000), st.booleans())),
    areas=st.lists(st.tuples(st.floats(-3500, 3500), st.floats(-3500, 3500), st.floats(0, 2000)), min_size=1),
)
def test_the_grid_finds_exactly_the_rectangles_that_meet_an_area_after_any_moves(
    cell: float,
    rects: list[tuple[float, float, float, float, bool]],
    moves: list[tuple[int, float, float, bool]],
    areas: list[tuple[float, float, float]],
) -> None:
    grid: GridIndex[int] = GridIndex(cell=cell)
    placed: dict[int, Rect] = {}
    for key, (x, y, w, h, huge) in enumerate(rects):
        placed[key] = Rect(x, y, x + (w * 500 if huge else w), y + h)  # some span too many cells to be gridded
        grid.set(key, placed[key])
    for key, x, y, gone in moves:
        if key not in placed:
            continue
        if gone:
            del placed[key]
            grid.discard(key)
        else:
            old = placed[key]
            placed[key] = Rect(x, y, x + old.width, y + old.height)
            grid.set(key, placed[key])
    assert len(grid) == len(placed)
    for x, y, size in areas:
        area = Rect(x, y, x + size, y + size / 2)
        found = grid.query(area)
        assert sorted(key for key, _ in found) == sorted(key for key, r in placed.items() if r.intersects(area))
        assert all(rect == placed[key] for key, rect in found)
