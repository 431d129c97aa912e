"""Where a flow's label goes: a plate beside the middle of its path, clear of the cards and of the path itself."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

from blueprint_editor.model.routing.crossings import _crossings
from blueprint_editor.model.routing.primitives import Point, Rect, _length

LABEL_GAP = 4.0  # between a line and the plate of its label
LABEL_ESCAPE = 120.0  # how far a label may be pushed off its line to get clear of the cards beside it


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
