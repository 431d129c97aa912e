"""Where a flow meets its cards: which sides it leaves and enters, the points on those sides, and the straight line
between two facing sides."""

from __future__ import annotations

from blueprint_editor.model.routing.primitives import Point, Rect, Route, Side

# How far a path runs straight out of a card before it may turn: room for the arrowhead and a clear start.
STUB = 16.0
# Two cards this far apart (or more) sideways are connected side to side, else top to bottom.
MIN_GAP = 2 * STUB
# A straight connection between cards that overlap a little stays this far from their corners.
CORNER = 12.0

# Bound once: a member looked up on the enum costs more than the tests the hot loops make with it.
_LEFT, _RIGHT, _TOP, _BOTTOM = Side.LEFT, Side.RIGHT, Side.TOP, Side.BOTTOM


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


def straight_route(source: Rect, target: Rect) -> Route:
    """A straight line between the facing sides: level (or plumb) where the cards overlap enough, else slanted."""
    start_side, end_side = facing_sides(source, target)
    level = _aligned_ports(source, target, start_side, end_side)
    points = level if level is not None else (anchor(source, start_side), anchor(target, end_side))
    return Route(points, start_side, end_side)


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
