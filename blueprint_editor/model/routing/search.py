"""The search for an elbow route: an orthogonal path between two cards around the others.

How a path is chosen: a few candidate paths (straight, one bend, or two to four bends through channels in the
gaps between cards) are generated for the sides that suit where the target lies; the one through the fewest
cards wins, then the one with the fewest bends, then the shortest. Candidates come in stages, cheapest first,
and a later stage is only tried when the earlier ones all run through a card: most flows cost a handful of
rectangle tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from blueprint_editor.model.routing.crossings import _UNBOUNDED, CLEARANCE, _Box, _clear, _crossings
from blueprint_editor.model.routing.primitives import Point, Rect, Route, Side, _length
from blueprint_editor.model.routing.sides import _aligned_ports, _ports, _side_options, anchor

# How far around the two cards a path may wander to get past others: about half a lane.
REACH = 96.0
# How many gap channels of each direction a stage tries, the ones nearest the direct line first.
MAX_CHANNELS = 6

# The caller's way to find the other cards: the rectangles of those that meet an area.
ObstacleQuery = Callable[[Rect], Iterable[Rect]]
# A candidate's crossings, counted up to a limit (see _pick).
Crossings = Callable[[tuple[Point, ...], int], int]


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
