"""Orthogonal routing of flows between cards: which sides a flow leaves and enters, and a path around other cards.

Pure geometry without Qt, so that it can be tested on its own and used by any view. The caller gives the two
cards' rectangles and a way to find the other cards in an area (the canvas answers from a grid index), and gets
back the corner points of the path, from the edge of the source card to the edge of the target card.

How a path is chosen: a few candidate paths (straight, one bend, or two to four bends through channels in the
gaps between cards) are generated for the sides that suit where the target lies; the one through the fewest
cards wins, then the one with the fewest bends, then the shortest. Candidates come in stages, cheapest first,
and a later stage is only tried when the earlier ones all run through a card: most flows cost a handful of
rectangle tests.

A route depends on nothing but the two rectangles and the obstacles in :func:`search_area`, so a view that
re-routes a flow whenever a card enters or leaves that area always shows what a fresh drawing would show.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Generic, NamedTuple, TypeVar

Point = tuple[float, float]

# How far a path runs straight out of a card before it may turn: room for the arrowhead and a clear start.
STUB = 16.0
# Two cards this far apart (or more) sideways are connected side to side, else top to bottom.
MIN_GAP = 2 * STUB
# How close a path may pass another card before it counts as running through it.
CLEARANCE = 8.0
# How far around the two cards a path may wander to get past others: about half a lane.
REACH = 96.0
# A straight connection between cards that overlap a little stays this far from their corners.
CORNER = 12.0
# How many gap channels of each direction a stage tries, the ones nearest the direct line first.
MAX_CHANNELS = 6
# A path through its own source or target card is worse than through any number of others.
OWN_CARD_WEIGHT = 100


class Rect(NamedTuple):
    """An axis-aligned rectangle in scene units."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def center(self) -> Point:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def inflated(self, by: float) -> Rect:
        return Rect(self.left - by, self.top - by, self.right + by, self.bottom + by)

    def united(self, other: Rect) -> Rect:
        return Rect(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def intersects(self, other: Rect) -> bool:
        """Whether the two share any point, edges included."""
        return (
            self.left <= other.right
            and other.left <= self.right
            and self.top <= other.bottom
            and other.top <= self.bottom
        )


class Side(StrEnum):
    """A side of a card, where a flow leaves or enters it."""

    LEFT = "left"
    RIGHT = "right"
    TOP = "top"
    BOTTOM = "bottom"

    @property
    def direction(self) -> Point:
        """The unit vector pointing out of the card through this side."""
        return _DIRECTIONS[self]


_DIRECTIONS: dict[Side, Point] = {
    Side.LEFT: (-1.0, 0.0),
    Side.RIGHT: (1.0, 0.0),
    Side.TOP: (0.0, -1.0),
    Side.BOTTOM: (0.0, 1.0),
}

# Bound once: a member looked up on the enum costs more than the tests the hot loops make with it.
_LEFT, _RIGHT, _TOP, _BOTTOM = Side.LEFT, Side.RIGHT, Side.TOP, Side.BOTTOM

ObstacleQuery = Callable[[Rect], Iterable[Rect]]


@dataclass(frozen=True)
class Route:
    """A flow's path: corner points from the source card's edge to the target card's edge (two or more)."""

    points: tuple[Point, ...]
    source_side: Side
    target_side: Side
    crossings: int = 0

    @property
    def bends(self) -> int:
        return max(0, len(self.points) - 2)

    @property
    def length(self) -> float:
        return _length(self.points)


def anchor(rect: Rect, side: Side) -> Point:
    """The middle of one side of a card."""
    left, top, right, bottom = rect
    if side is _LEFT:
        return (left, (top + bottom) / 2)
    if side is _RIGHT:
        return (right, (top + bottom) / 2)
    if side is _TOP:
        return ((left + right) / 2, top)
    return ((left + right) / 2, bottom)


def _gaps(source: Rect, target: Rect) -> tuple[float, float, float, float]:
    """Clear space from source to target: forward (rightwards), back, down and up; negative when none."""
    return (
        target.left - source.right,
        source.left - target.right,
        target.top - source.bottom,
        source.top - target.bottom,
    )


def choose_sides(source: Rect, target: Rect) -> tuple[Side, Side]:
    """The sides an elbow flow prefers: right to left for a target ahead; bottom to top (or top to bottom) for
    one above or below; out of the bottom and back into the bottom for a step back in the same row."""
    return _side_options(source, target)[0]


def facing_sides(source: Rect, target: Rect) -> tuple[Side, Side]:
    """The sides of two cards that face each other, for a straight line between them."""
    forward, back, down, up = _gaps(source, target)
    if forward >= MIN_GAP:
        return _RIGHT, _LEFT
    if down >= MIN_GAP:
        return _BOTTOM, _TOP
    if up >= MIN_GAP:
        return _TOP, _BOTTOM
    if back >= MIN_GAP:
        return _LEFT, _RIGHT
    # Close or overlapping cards: the direction in which they are furthest apart.
    best = max(forward, back, down, up)
    if best == forward:
        return _RIGHT, _LEFT
    if best == back:
        return _LEFT, _RIGHT
    return (_BOTTOM, _TOP) if best == down else (_TOP, _BOTTOM)


SidePairs = tuple[tuple[Side, Side], ...]
# The side pairs worth trying for where the target lies, the preferred one first (see _side_options).
_AROUND: SidePairs = ((_BOTTOM, _BOTTOM), (_TOP, _TOP))
_AHEAD: SidePairs = ((_RIGHT, _LEFT), *_AROUND)
_AHEAD_DOWN: SidePairs = ((_RIGHT, _LEFT), (_BOTTOM, _TOP), (_BOTTOM, _LEFT), (_RIGHT, _TOP), *_AROUND)
_AHEAD_UP: SidePairs = ((_RIGHT, _LEFT), (_TOP, _BOTTOM), (_TOP, _LEFT), (_RIGHT, _BOTTOM), *_AROUND)
_OUTSIDE: SidePairs = ((_RIGHT, _RIGHT), (_LEFT, _LEFT))
_BELOW: SidePairs = ((_BOTTOM, _TOP), (_RIGHT, _TOP), (_LEFT, _TOP), (_BOTTOM, _LEFT), (_BOTTOM, _RIGHT), *_OUTSIDE)
_ABOVE: SidePairs = ((_TOP, _BOTTOM), (_RIGHT, _BOTTOM), (_LEFT, _BOTTOM), (_TOP, _LEFT), (_TOP, _RIGHT), *_OUTSIDE)


def _side_options(source: Rect, target: Rect) -> SidePairs:
    """Side pairs worth trying, the preferred one first; the others are fallbacks when it has no clear path."""
    forward, back, down, up = _gaps(source, target)
    if forward >= MIN_GAP:
        return _AHEAD_DOWN if down >= MIN_GAP else _AHEAD_UP if up >= MIN_GAP else _AHEAD
    if down >= MIN_GAP:
        return _BELOW
    if up >= MIN_GAP:
        return _ABOVE
    if back >= MIN_GAP:
        # A step back in time goes around, never straight back across the row.
        return _AROUND
    return (facing_sides(source, target), *_AROUND, *_OUTSIDE)


def search_area(source: Rect, target: Rect) -> Rect:
    """The area whose cards can change a route between these two cards; every candidate path stays inside it."""
    # source.united(target).inflated(REACH), with the comparisons min and max make: asked twice for every flow.
    sl, st, sr, sb = source
    tl, tt, tr, tb = target
    return Rect(
        (sl if sl <= tl else tl) - REACH,
        (st if st <= tt else tt) - REACH,
        (sr if sr >= tr else tr) + REACH,
        (sb if sb >= tb else tb) + REACH,
    )


def straight_route(source: Rect, target: Rect) -> Route:
    """A straight line between the facing sides: level (or plumb) where the cards overlap enough, else slanted."""
    start_side, end_side = facing_sides(source, target)
    level = _aligned_ports(source, target, start_side, end_side)
    points = level if level is not None else (anchor(source, start_side), anchor(target, end_side))
    return Route(points, start_side, end_side)


# Routing works on rectangles as bare (left, top, right, bottom) tuples: a Rect is one too, but its inner loops
# make and read thousands of them, and a plain tuple costs a fraction of a Rect to make.
_Box = tuple[float, float, float, float]
# A count of crossings that is never reached: no bound (see _crossings).
_UNBOUNDED = 1 << 62
Crossings = Callable[[tuple[Point, ...], int], int]


def elbow_route(source: Rect, target: Rect, obstacles: ObstacleQuery | None = None) -> Route:
    """An orthogonal path from ``source`` to ``target`` that avoids the cards ``obstacles`` reports.

    ``obstacles(area)`` returns the rectangles of the other cards that meet ``area`` (never the source or
    target); ``None`` means there are none.
    """
    # The order of the cards does not matter: crossings are counted, and gaps are found from sorted intervals.
    found = obstacles(search_area(source, target)) if obstacles else []
    cards = found if isinstance(found, list) else list(found)  # gone through several times
    options = _side_options(source, target)
    # Stage 1: the preferred sides, simple shapes. Most flows end here, most of them at the first shape tried.
    start, end = options[0]
    quick = _quick(source, target, start, end, cards)
    if quick is not None:
        return quick
    area = search_area(source, target)
    c = CLEARANCE
    blocks = [(le - c, to - c, ri + c, bo + c) for le, to, ri, bo in cards]
    own = (_shrunk(source), _shrunk(target))

    def crossings(points: tuple[Point, ...], limit: int = _UNBOUNDED) -> int:
        return _crossings(points, blocks, limit, own)

    best = _pick(_simple(source, target, start, end, 0), crossings)
    if best is not None and best[0] == 0:
        return best[2]
    # Stage 2: every side pair, simple shapes and channels through the gaps between the cards.
    stage: list[_Candidate] = []
    for rank, (start, end) in enumerate(options):
        penalty = 0 if rank == 0 else 1
        stage += _simple(source, target, start, end, penalty)
        stage += _channels(source, target, start, end, penalty, blocks, area)
    best = _pick(stage, crossings) or best
    if best is not None and best[0] == 0:
        return best[2]
    # Stage 3: two channels, for cards boxed in by others; whatever remains least bad wins.
    stage = []
    for rank, (start, end) in enumerate(options[:2]):
        stage += _double_channels(source, target, start, end, 0 if rank == 0 else 1, blocks, area)
    third = _pick(stage, crossings)
    if third is not None and (best is None or third[:2] < best[:2]):
        best = third
    if best is None:  # stage 1 always has a candidate; this only keeps the result from ever being missing
        start, end = options[0]
        return Route((anchor(source, start), anchor(target, end)), start, end)
    return best[2]


def _shrunk(rect: Rect) -> _Box:
    # A path starts on its card's edge: only going through the inside counts.
    left, top, right, bottom = rect
    return (left + 1.0, top + 1.0, right - 1.0, bottom - 1.0)


# A candidate path: its cost before crossings are counted (bends plus side penalty, length), its points and sides.
_Cost = tuple[int, float]
_Candidate = tuple[_Cost, tuple[Point, ...], Side, Side]


def _candidate(points: tuple[Point, ...], start: Side, end: Side, penalty: int) -> _Candidate:
    return ((len(points) - 2 + penalty, round(_length(points), 6)), points, start, end)


def _cost(candidate: _Candidate) -> _Cost:
    return candidate[0]


def _pick(candidates: list[_Candidate], crossings: Crossings) -> tuple[int, _Cost, Route] | None:
    """The candidate with the fewest crossings, then bends, then length (with its crossings and cost);
    candidates are tried cheapest first, so the first clear one ends the search."""
    best: tuple[int, _Cost, Route] | None = None
    # Sorted by cost (ties in the order made), so a later candidate wins only with fewer crossings than the best
    # so far: counting a path's crossings can stop as soon as it has as many.
    for cost, points, start, end in sorted(candidates, key=_cost):
        count = crossings(points, _UNBOUNDED if best is None else best[0])
        if best is None or (count, cost) < best[:2]:
            best = (count, cost, Route(points, start, end, count))
        if count == 0:
            break  # sorted by cost: nothing after it can be better
    return best


def _ports(source: Rect, target: Rect, start: Side, end: Side) -> tuple[Point, Point, Point, Point]:
    """The two anchors and the points a stub's length out from them."""
    p0, p1 = anchor(source, start), anchor(target, end)
    return p0, _stub_end(p0, start), _stub_end(p1, end), p1


def _stub_end(point: Point, side: Side) -> Point:
    x, y = point
    if side is _LEFT:
        return (x - STUB, y)
    if side is _RIGHT:
        return (x + STUB, y)
    if side is _TOP:
        return (x, y - STUB)
    return (x, y + STUB)


def _aligned_ports(source: Rect, target: Rect, start: Side, end: Side) -> tuple[Point, Point] | None:
    """Facing anchors moved along their sides so that the line between them is level (or plumb), when the
    cards overlap enough across the direction of travel; None otherwise."""
    if start is end:
        return None
    horizontal = start in _LEVEL_SIDES and end in _LEVEL_SIDES
    if not horizontal and (start in _LEVEL_SIDES or end in _LEVEL_SIDES):
        return None
    p0, p1 = anchor(source, start), anchor(target, end)
    # The line must run from p0 out through the start side and reach p1 from outside the end side.
    if start is _RIGHT:
        ahead = p1[0] - p0[0]
    elif start is _LEFT:
        ahead = p0[0] - p1[0]
    elif start is _BOTTOM:
        ahead = p1[1] - p0[1]
    else:
        ahead = p0[1] - p1[1]
    if ahead <= 0:
        return None
    # The overlap, as max() and min() pick it, less the corners.
    if horizontal:
        a, b = source.top, target.top
        low = (b if b > a else a) + CORNER
        a, b = source.bottom, target.bottom
        high = (b if b < a else a) - CORNER
        if low > high:
            return None
        y = (low + high) / 2 if not low <= p0[1] == p1[1] <= high else p0[1]
        return (p0[0], y), (p1[0], y)
    a, b = source.left, target.left
    low = (b if b > a else a) + CORNER
    a, b = source.right, target.right
    high = (b if b < a else a) - CORNER
    if low > high:
        return None
    x = (low + high) / 2 if not low <= p0[0] == p1[0] <= high else p0[0]
    return (x, p0[1]), (x, p1[1])


_LEVEL_SIDES = (_LEFT, _RIGHT)


def _quick(source: Rect, target: Rect, start: Side, end: Side, cards: list[Rect]) -> Route | None:
    """The cheapest clear path of the classic shapes, when one of them is clear: the level line, else the
    two-bend path through a channel halfway (or level with the nearer stub, for a U).

    Taken in this order, the first clear one is the one the full search would pick: for these side pairs no
    path has fewer bends, and none with two bends is shorter."""
    own = (source, target)
    aligned = _aligned_ports(source, target, start, end)
    if aligned is not None and _clear(aligned, own, cards):
        return Route(aligned, start, end)
    p0, a, b, p1 = _ports(source, target, start, end)
    mid_x, mid_y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    for middle in (
        [(mid_x, a[1]), (mid_x, b[1])],
        [(a[0], mid_y), (b[0], mid_y)],
        [(a[0], max(a[1], b[1])), (b[0], max(a[1], b[1]))],
        [(a[0], min(a[1], b[1])), (b[0], min(a[1], b[1]))],
    ):
        points = _normalise([p0, a, *middle, b, p1])
        if points is not None and len(points) <= 4 and _clear(points, own, cards):
            return Route(points, start, end)
    return None


def _clear(points: tuple[Point, ...], own: tuple[Rect, Rect], cards: list[Rect]) -> bool:
    """Whether a path keeps out of its own two cards and CLEARANCE away from the others: what a zero count of
    crossings says, without making the shrunk and grown rectangles first, as most flows are decided by one or
    two such tests."""
    x0, y0 = points[0]
    for x1, y1 in points[1:]:
        if _leg_runs_through(x0, y0, x1, y1, own, -1.0) or _leg_runs_through(x0, y0, x1, y1, cards, CLEARANCE):
            return False
        x0, y0 = x1, y1
    return True


def _leg_runs_through(x0: float, y0: float, x1: float, y1: float, rects: Iterable[Rect], margin: float) -> bool:
    """Whether a leg runs through one of ``rects`` grown by ``margin``, with the very arithmetic of
    ``rect.inflated(margin)`` and ``_crossings``."""
    if y0 == y1:
        low, high = (x0, x1) if x0 < x1 else (x1, x0)
        for left, top, right, bottom in rects:
            if top - margin < y0 < bottom + margin and low < right + margin and high > left - margin:
                return True
        return False
    if x0 == x1:
        low, high = (y0, y1) if y0 < y1 else (y1, y0)
        for left, top, right, bottom in rects:
            if left - margin < x0 < right + margin and low < bottom + margin and high > top - margin:
                return True
        return False
    return any(_slanted_crosses(x0, y0, x1, y1, rect.inflated(margin)) for rect in rects)


def _simple(source: Rect, target: Rect, start: Side, end: Side, penalty: int) -> list[_Candidate]:
    """Straight, one bend, or a channel halfway (or level with either stub): the classic elbow shapes."""
    found: list[_Candidate] = []
    aligned = _aligned_ports(source, target, start, end)
    if aligned is not None:
        found.append(_candidate(aligned, start, end, penalty))
    p0, a, b, p1 = _ports(source, target, start, end)
    # Generation order breaks ties between paths of equal cost: the channel halfway looks best, so it comes first.
    middles: list[list[Point]] = [[]]
    for x in _unique([(a[0] + b[0]) / 2, max(a[0], b[0]), min(a[0], b[0])]):
        middles.append([(x, a[1]), (x, b[1])])
    for y in _unique([(a[1] + b[1]) / 2, max(a[1], b[1]), min(a[1], b[1])]):
        middles.append([(a[0], y), (b[0], y)])
    middles += [[(b[0], a[1])], [(a[0], b[1])]]
    for middle in middles:
        points = _normalise([p0, a, *middle, b, p1])
        if points is not None:
            found.append(_candidate(points, start, end, penalty))
    return found


def _channels(
    source: Rect, target: Rect, start: Side, end: Side, penalty: int, blocks: list[_Box], area: Rect
) -> list[_Candidate]:
    """Paths with one leg through a gap between the cards: a vertical leg (x) or a horizontal one (y)."""
    p0, a, b, p1 = _ports(source, target, start, end)
    found: list[_Candidate] = []
    span_y = (min(a[1], b[1]), max(a[1], b[1]))
    for x in _free_positions(blocks, span_y, (area.left, area.right), (a[0] + b[0]) / 2, vertical=True):
        points = _normalise([p0, a, (x, a[1]), (x, b[1]), b, p1])
        if points is not None:
            found.append(_candidate(points, start, end, penalty))
    span_x = (min(a[0], b[0]), max(a[0], b[0]))
    for y in _free_positions(blocks, span_x, (area.top, area.bottom), (a[1] + b[1]) / 2, vertical=False):
        points = _normalise([p0, a, (a[0], y), (b[0], y), b, p1])
        if points is not None:
            found.append(_candidate(points, start, end, penalty))
    return found


def _double_channels(
    source: Rect, target: Rect, start: Side, end: Side, penalty: int, blocks: list[_Box], area: Rect
) -> list[_Candidate]:
    """Out along a free vertical leg near the source, across a free horizontal channel, in along a free vertical
    leg near the target: the way around a card that blocks every simpler shape."""
    p0, a, b, p1 = _ports(source, target, start, end)
    found: list[_Candidate] = []
    span_x = (min(a[0], b[0]), max(a[0], b[0]))
    for y in _free_positions(blocks, span_x, (area.top, area.bottom), (a[1] + b[1]) / 2, vertical=False):
        near_a = _free_positions(blocks, _span(a[1], y), (area.left, area.right), a[0], vertical=True, limit=2)
        near_b = _free_positions(blocks, _span(b[1], y), (area.left, area.right), b[0], vertical=True, limit=2)
        for x0 in _unique([a[0], *near_a]):
            for x1 in _unique([b[0], *near_b]):
                points = _normalise([p0, a, (x0, a[1]), (x0, y), (x1, y), (x1, b[1]), b, p1])
                if points is not None:
                    found.append(_candidate(points, start, end, penalty))
    return found


def _span(u: float, v: float) -> tuple[float, float]:
    return (min(u, v), max(u, v))


def _free_positions(
    blocks: list[_Box],
    span: tuple[float, float],
    bounds: tuple[float, float],
    preferred: float,
    *,
    vertical: bool,
    limit: int = MAX_CHANNELS,
) -> list[float]:
    """Positions for a leg (vertical: an x; else a y) that crosses no block over ``span`` of the other axis,
    one per free gap within ``bounds``, each as near ``preferred`` as its gap allows, the nearest gaps first."""
    low, high = span
    if vertical:
        intervals = [(left, right) for left, top, right, bottom in blocks if top < high and bottom > low]
    else:
        intervals = [(top, bottom) for left, top, right, bottom in blocks if left < high and right > low]
    intervals.sort()
    gaps: list[tuple[float, float]] = []
    cursor = bounds[0]
    for begin, finish in intervals:
        if begin > cursor:
            gaps.append((cursor, min(begin, bounds[1])))
        cursor = max(cursor, finish)
        if cursor >= bounds[1]:
            break
    if cursor < bounds[1]:
        gaps.append((cursor, bounds[1]))
    positions = []
    for g0, g1 in gaps:
        inset = min(2.0, (g1 - g0) / 2)
        positions.append(min(max(preferred, g0 + inset), g1 - inset))
    positions.sort(key=lambda p: (abs(p - preferred), p))
    return positions[:limit]


def _unique(values: Iterable[float]) -> list[float]:
    return list(dict.fromkeys(values))


def _normalise(points: list[Point]) -> tuple[Point, ...] | None:
    """Drop repeated points and merge straight runs; None for a path with a slanted leg or one that turns back
    on itself (such a path would overlap itself or run back into its card)."""
    result = [points[0]]
    previous: tuple[int, int] | None = None  # the direction of the last leg kept
    for p in points[1:]:
        q = result[-1]
        if p == q:
            continue
        (px, py), (qx, qy) = p, q
        if px != qx and py != qy:
            return None
        direction = ((px > qx) - (px < qx), (py > qy) - (py < qy))
        if previous is not None:
            if direction == previous:
                result[-1] = p
                continue
            if direction == (-previous[0], -previous[1]):
                return None
        result.append(p)
        previous = direction
    return tuple(result) if len(result) >= 2 else None


def _length(points: tuple[Point, ...]) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in pairwise(points))


def _crossings(
    points: tuple[Point, ...], blocks: Iterable[_Box], limit: int = _UNBOUNDED, own: Sequence[_Box] = ()
) -> int:
    """How many of ``blocks`` the path runs through (touching an edge does not count), plus OWN_CARD_WEIGHT for
    each of ``own`` (its own cards) it runs through: the legs are worked out once for both.

    Counting stops at ``limit``: a result below it is exact, else it only says "at least ``limit``"."""
    if len(points) == 2:  # most routes are one straight leg: counted without the general case's lists
        (x0, y0), (x1, y1) = points
        if y0 == y1 or x0 == x1:
            count = OWN_CARD_WEIGHT * _leg_crossings(x0, y0, x1, y1, own, _UNBOUNDED) if own else 0
            return count if count >= limit else count + _leg_crossings(x0, y0, x1, y1, blocks, limit - count)
    # Each leg as (where it runs, from, to).
    level = []
    upright = []
    slanted = []
    for (x0, y0), (x1, y1) in pairwise(points):
        if y0 == y1:
            level.append((y0, min(x0, x1), max(x0, x1)))
        elif x0 == x1:
            upright.append((x0, min(y0, y1), max(y0, y1)))
        else:
            slanted.append((x0, y0, x1, y1))
    if slanted:
        count = OWN_CARD_WEIGHT * _crossings_slanted(level, upright, slanted, own, _UNBOUNDED) if own else 0
        return count if count >= limit else count + _crossings_slanted(level, upright, slanted, blocks, limit - count)
    if not level and not upright:
        return 0
    # A block that a leg runs through overlaps the box around the whole path: most blocks are ruled out by that.
    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    count = OWN_CARD_WEIGHT * _orthogonal_crossings(level, upright, box, own, _UNBOUNDED) if own else 0
    return count if count >= limit else count + _orthogonal_crossings(level, upright, box, blocks, limit - count)


def _orthogonal_crossings(
    level: list[tuple[float, float, float]],
    upright: list[tuple[float, float, float]],
    box: _Box,
    blocks: Iterable[_Box],
    limit: int,
) -> int:
    """_crossings of a path of level and upright legs, ``box`` around them: the hot spot of crowded routing."""
    min_x, min_y, max_x, max_y = box
    count = 0
    for left, top, right, bottom in blocks:
        if left >= max_x or right <= min_x or top >= max_y or bottom <= min_y:
            continue
        for at, low, high in level:
            if top < at < bottom and low < right and high > left:
                break
        else:
            for at, low, high in upright:
                if left < at < right and low < bottom and high > top:
                    break
            else:
                continue
        count += 1
        if count >= limit:
            break
    return count


def _leg_crossings(x0: float, y0: float, x1: float, y1: float, blocks: Iterable[_Box], limit: int) -> int:
    """_crossings of a path of one level or upright leg."""
    count = 0
    if y0 == y1:
        low, high = min(x0, x1), max(x0, x1)
        for left, top, right, bottom in blocks:
            if top < y0 < bottom and low < right and high > left:
                count += 1
                if count >= limit:
                    break
    else:
        low, high = min(y0, y1), max(y0, y1)
        for left, top, right, bottom in blocks:
            if left < x0 < right and low < bottom and high > top:
                count += 1
                if count >= limit:
                    break
    return count


def _crossings_slanted(
    level: list[tuple[float, float, float]],
    upright: list[tuple[float, float, float]],
    slanted: list[tuple[float, float, float, float]],
    blocks: Iterable[_Box],
    limit: int,
) -> int:
    """_crossings of a path with slanted legs (a straight flow, never an elbow route)."""
    count = 0
    for r in blocks:
        left, top, right, bottom = r
        if (
            any(top < at < bottom and low < right and high > left for at, low, high in level)
            or any(left < at < right and low < bottom and high > top for at, low, high in upright)
            or any(_slanted_crosses(x0, y0, x1, y1, r) for x0, y0, x1, y1 in slanted)
        ):
            count += 1
            if count >= limit:
                break
    return count


def _slanted_crosses(x0: float, y0: float, x1: float, y1: float, r: _Box) -> bool:
    """Whether a slanted segment passes through the inside of a rectangle (Liang-Barsky clipping)."""
    left, top, right, bottom = r
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def crossings(points: Iterable[Point], cards: Iterable[Rect]) -> int:
    """How many of ``cards`` a path runs through, with the clearance a route keeps; for checks and tests."""
    return _crossings(tuple(points), [c.inflated(CLEARANCE) for c in cards])


def point_at_half_length(points: tuple[Point, ...]) -> tuple[Point, Point, int]:
    """The point halfway along a path, the unit direction of the leg it lies on, and that leg's index."""
    total = _length(points)
    walked = 0.0
    for index, (a, b) in enumerate(pairwise(points)):
        leg = math.hypot(b[0] - a[0], b[1] - a[1])
        if leg > 0 and walked + leg >= total / 2:
            t = (total / 2 - walked) / leg
            return (
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t),
                ((b[0] - a[0]) / leg, (b[1] - a[1]) / leg),
                index,
            )
        walked += leg
    a = points[0]
    return a, (1.0, 0.0), 0


# Labels

LABEL_GAP = 4.0  # between a line and the plate of its label
LABEL_ESCAPE = 120.0  # how far a label may be pushed off its line to get clear of the cards beside it


def place_label(
    points: tuple[Point, ...], width: float, height: float, cards: Iterable[Rect], area: Rect | None = None
) -> Rect:
    """Where a flow's label goes: a ``width`` x ``height`` plate beside the path, clear of ``cards``.

    Tried in order: beside the middle of the path (above a level leg, right of an upright one, then the other
    side); the same pushed further off the line until clear of the cards beside it; beside the middle of the
    other legs, longest first; centred on the middle of the path, covering the line. The first that covers no
    card, no other part of the path and stays inside ``area`` wins; if none does, the first. Depends only on its
    arguments, so a label moves only when its path or a card near it does.
    """
    blocks = [card.inflated(2.0) for card in cards]
    beside: list[Rect] = []
    escaped: list[Rect] = []
    (mx, my), (dx, dy), index = point_at_half_length(points)
    legs = sorted((i for i in range(len(points) - 1) if i != index), key=lambda i: (-_leg(points, i), i))
    spots: list[tuple[Point, Point]] = [((mx, my), (dx, dy))]
    for i in legs:
        (ax, ay), (bx, by) = points[i], points[i + 1]
        length = _leg(points, i) or 1.0
        spots.append((((ax + bx) / 2, (ay + by) / 2), ((bx - ax) / length, (by - ay) / length)))
    for number, ((cx, cy), (ux, uy)) in enumerate(spots):
        nx, ny = label_side(ux, uy)
        for sx, sy in ((nx, ny), (-nx, -ny)):
            distance = abs(sx) * width / 2 + abs(sy) * height / 2 + LABEL_GAP
            plate = _plate(cx + sx * distance, cy + sy * distance, width, height)
            beside.append(plate)
            if number == 0:
                pushed = _pushed_clear(plate, (sx, sy), blocks)
                if pushed is not None:
                    escaped.append(pushed)
    centred = [_plate(mx, my, width, height)]

    def fits(plate: Rect, *, on_line: bool = False) -> bool:
        if area is not None and not (
            area.left <= plate.left
            and plate.right <= area.right
            and area.top <= plate.top
            and plate.bottom <= area.bottom
        ):
            return False
        if any(_overlap(plate, block) for block in blocks):
            return False
        return on_line or _crossings(points, [plate.inflated(-1.0)]) == 0

    ordered = [*beside[:2], *escaped, *beside[2:]]
    for plate in ordered:
        if fits(plate):
            return plate
    for plate in centred:
        if fits(plate, on_line=True):
            return plate
    return beside[0]


def label_side(dx: float, dy: float) -> Point:
    """The unit normal of a leg on the side its label prefers: upwards, or right of an upright leg."""
    nx, ny = -dy, dx
    if ny > 0 or (abs(ny) < 1e-9 and nx < 0):
        nx, ny = -nx, -ny
    return nx + 0.0, ny + 0.0


def _plate(cx: float, cy: float, width: float, height: float) -> Rect:
    return Rect(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _leg(points: tuple[Point, ...], index: int) -> float:
    (ax, ay), (bx, by) = points[index], points[index + 1]
    return math.hypot(bx - ax, by - ay)


def _overlap(a: Rect, b: Rect) -> bool:
    """Whether the insides of two rectangles meet (sharing an edge is no overlap)."""
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _pushed_clear(plate: Rect, direction: Point, blocks: list[Rect]) -> Rect | None:
    """``plate`` moved along an axis-aligned ``direction`` just past the blocks it covers (a few rounds, as a
    move can uncover one card and cover the next); None when it is clear already, the direction is slanted, or
    it would go too far."""
    dx, dy = direction
    if dx != 0 and dy != 0:
        return None
    moved = 0.0
    for _ in range(3):
        hit = [b for b in blocks if _overlap(plate, b)]
        if not hit:
            return plate if moved > 0 else None
        if dy < 0:
            step = plate.bottom - min(b.top for b in hit)
        elif dy > 0:
            step = max(b.bottom for b in hit) - plate.top
        elif dx > 0:
            step = max(b.right for b in hit) - plate.left
        else:
            step = plate.right - min(b.left for b in hit)
        step += LABEL_GAP
        moved += step
        if moved > LABEL_ESCAPE:
            return None
        plate = Rect(plate.left + dx * step, plate.top + dy * step, plate.right + dx * step, plate.bottom + dy * step)
    return None


Key = TypeVar("Key", bound=Hashable)


class GridIndex(Generic[Key]):
    """Rectangles by key in a uniform grid, to find those meeting an area without looking at all of them.

    A rectangle that spans very many cells is kept in a list of its own and checked on every query instead, so
    a flow across the whole blueprint costs one test, not thousands of cells.
    """

    MAX_CELLS = 256

    def __init__(self, cell: float = 384.0) -> None:
        self._cell = cell
        self._rects: dict[Key, Rect] = {}
        # Each cell maps the keys in it to their rectangles, so a query merges cells and tests them in one go.
        self._cells: dict[tuple[int, int], dict[Key, Rect]] = {}
        self._large: dict[Key, Rect] = {}

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, key: object) -> bool:
        return key in self._rects

    def get(self, key: Key) -> Rect | None:
        return self._rects.get(key)

    def clear(self) -> None:
        self._rects.clear()
        self._cells.clear()
        self._large.clear()

    def _cell_range(self, rect: Rect) -> tuple[range, range] | None:
        c = self._cell
        left, top, right, bottom = rect
        first_column, first_row = math.floor(left / c), math.floor(top / c)
        last_column, last_row = math.floor(right / c), math.floor(bottom / c)
        if (last_column - first_column + 1) * (last_row - first_row + 1) > self.MAX_CELLS:
            return None
        return range(first_column, last_column + 1), range(first_row, last_row + 1)

    def set(self, key: Key, rect: Rect) -> None:
        """Put ``key`` at ``rect``, replacing where it was."""
        old = self._rects.get(key)
        if old is not None:
            if old == rect:
                return
            self.discard(key)
        self._rects[key] = rect
        cells = self._cell_range(rect)
        if cells is None:
            self._large[key] = rect
            return
        grid = self._cells
        rows = cells[1]
        for i in cells[0]:
            for j in rows:
                cell = (i, j)
                bucket = grid.get(cell)
                if bucket is None:
                    grid[cell] = {key: rect}
                else:
                    bucket[key] = rect

    def discard(self, key: Key) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        if self._large.pop(key, None) is not None:
            return
        cells = self._cell_range(rect)
        assert cells is not None
        for i in cells[0]:
            for j in cells[1]:
                bucket = self._cells.get((i, j))
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del self._cells[(i, j)]

    def query(self, area: Rect) -> list[tuple[Key, Rect]]:
        """The keys and rectangles that meet ``area`` (edges included)."""
        cells = self._cell_range(area)
        near: dict[Key, Rect]
        if cells is None or len(cells[0]) * len(cells[1]) > len(self._cells):
            near = self._rects
        else:
            near = dict(self._large)
            grid = self._cells
            rows = cells[1]
            for i in cells[0]:
                for j in rows:
                    bucket = grid.get((i, j))
                    if bucket:
                        near.update(bucket)
        left, top, right, bottom = area
        return [
            (key, rect)
            for key, rect in near.items()
            if rect[0] <= right and rect[2] >= left and rect[1] <= bottom and rect[3] >= top
        ]

    def items(self) -> Iterator[tuple[Key, Rect]]:
        return iter(self._rects.items())
