"""Counting the cards a path runs through: how a route's candidates are compared, and how a label is kept off its
own line. The counts stop early at a limit, as the search only needs to know whether a path beats the best so far."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from blueprint_editor.model.routing.primitives import Point, Rect

# How close a path may pass another card before it counts as running through it.
CLEARANCE = 8.0
# A path through its own source or target card is worse than through any number of others.
OWN_CARD_WEIGHT = 100

# Routing works on rectangles as bare (left, top, right, bottom) tuples: a Rect is one too, but its inner loops
# make and read thousands of them, and a plain tuple costs a fraction of a Rect to make.
_Box = tuple[float, float, float, float]
# A count of crossings that is never reached: no bound (see _crossings).
_UNBOUNDED = 1 << 62


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
