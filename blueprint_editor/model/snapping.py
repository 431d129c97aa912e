"""Where a dragged card comes to rest: the grid, a phase column's padding, and alignment with nearby cards.

Pure arithmetic on scene coordinates, so the canvas can call it on every mouse move and tests can check it
without a window. The grid applies to a card's left edge across the blueprint and to its top measured from the
top of its lane (as the file stores it), so cards of lanes of any height line up in rows.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The example blueprints place cards on a 20-unit grid; snapping to the same grid keeps new cards in line with them.
GRID_SIZE = 20.0
# A card snapped to a phase sits this far inside the phase's left edge (Tidy uses the same margin).
PHASE_PADDING = 20.0
# How close (scene units) a card's left edge must come to a phase's padding line to be pulled onto it.
COLUMN_REACH = 24.0
# Closer than this (scene units) counts as lined up when deciding which guides to draw.
EXACT = 0.5


def snap_to_grid(value: float, grid: float = GRID_SIZE) -> float:
    """The nearest multiple of ``grid``."""
    if grid <= 0:
        return value
    return round(value / grid) * grid


def snap_card_x(
    x: float,
    column_lefts: Sequence[float],
    grid: float = GRID_SIZE,
    padding: float = PHASE_PADDING,
    reach: float = COLUMN_REACH,
) -> float:
    """A card's left edge snapped: onto a phase's padding line when within ``reach`` of it, else to the grid.

    The padding line wins over the grid because phase widths need not be multiples of the grid, and the first
    card of a phase belongs at its padding.
    """
    best: float | None = None
    for left in column_lefts:
        line = left + padding
        if abs(x - line) <= reach and (best is None or abs(x - line) < abs(x - best)):
            best = line
    return best if best is not None else snap_to_grid(x, grid)


def snap_card_offset(y_in_lane: float, grid: float = GRID_SIZE) -> float:
    """A card's top, measured from its lane's top, snapped to the grid."""
    return snap_to_grid(y_in_lane, grid)


@dataclass(frozen=True)
class Box:
    """A card's rectangle in scene coordinates."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def centre_x(self) -> float:
        return self.left + self.width / 2

    @property
    def middle_y(self) -> float:
        return self.top + self.height / 2

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.left + dx, self.top + dy, self.width, self.height)


@dataclass(frozen=True)
class Guide:
    """A line to draw: vertical at x = ``at`` (or horizontal at y = ``at``) from ``start`` to ``end``."""

    vertical: bool
    at: float
    start: float
    end: float


@dataclass(frozen=True)
class GuideSnap:
    """How far to shift a dragged card to line it up; None on an axis with nothing in reach."""

    dx: float | None
    dy: float | None


class _Lines:
    """One kind of line (edges or middles) along one axis, sorted, with the card each belongs to."""

    def __init__(self, pairs: list[tuple[float, int]]) -> None:
        pairs.sort()
        self.values = [v for v, _ in pairs]
        self.owners = [i for _, i in pairs]

    def owners_at(self, line: float) -> list[int]:
        lo = bisect.bisect_left(self.values, line - EXACT)
        hi = bisect.bisect_right(self.values, line + EXACT)
        return self.owners[lo:hi]


class GuideTargets:
    """The lines of the cards near a drag, sorted, so that each mouse move costs a few binary searches.

    Edges line up with edges (a left edge with another card's left or right edge, a top with a top or a bottom) and
    middles with middles, as in drawing programs: an edge meeting a middle is rarely meant and only adds noise.
    Built once when a drag starts, from the cards in and around the visible area only: a blueprint of thousands of
    cards costs no more per move than one of ten.
    """

    def __init__(self, boxes: Iterable[Box]) -> None:
        self._boxes = list(boxes)
        b = self._boxes
        self._x_edges = _Lines([(v, i) for i, box in enumerate(b) for v in (box.left, box.right)])
        self._x_middles = _Lines([(box.centre_x, i) for i, box in enumerate(b)])
        self._y_edges = _Lines([(v, i) for i, box in enumerate(b) for v in (box.top, box.bottom)])
        self._y_middles = _Lines([(box.middle_y, i) for i, box in enumerate(b)])

    def __len__(self) -> int:
        return len(self._boxes)

    def _pairs(self, box: Box) -> tuple[list[tuple[float, _Lines]], list[tuple[float, _Lines]]]:
        xs = [(box.left, self._x_edges), (box.centre_x, self._x_middles), (box.right, self._x_edges)]
        ys = [(box.top, self._y_edges), (box.middle_y, self._y_middles), (box.bottom, self._y_edges)]
        return xs, ys

    def snap(self, box: Box, tolerance: float) -> GuideSnap:
        """The shift that brings the nearest of the card's lines onto another card's line, per axis."""
        xs, ys = self._pairs(box)
        return GuideSnap(_nearest_shift(xs, tolerance), _nearest_shift(ys, tolerance))

    def guides(self, box: Box) -> list[Guide]:
        """The guides to draw for a card at ``box``: one per line of it that other cards share exactly."""
        found: list[Guide] = []
        xs, ys = self._pairs(box)
        for vertical, pairs in ((True, xs), (False, ys)):
            for line, lines in pairs:
                owners = lines.owners_at(line)
                if not owners or any(g.vertical == vertical and g.at == line for g in found):
                    continue
                others = [self._boxes[k] for k in owners]
                if vertical:
                    start = min(box.top, *(o.top for o in others))
                    end = max(box.bottom, *(o.bottom for o in others))
                else:
                    start = min(box.left, *(o.left for o in others))
                    end = max(box.right, *(o.right for o in others))
                found.append(Guide(vertical, line, start, end))
        return found


def _nearest_shift(pairs: Sequence[tuple[float, _Lines]], tolerance: float) -> float | None:
    best: float | None = None
    for line, lines in pairs:
        values = lines.values
        k = bisect.bisect_left(values, line)
        for j in (k - 1, k):
            if 0 <= j < len(values):
                shift = values[j] - line
                if abs(shift) <= tolerance and (best is None or abs(shift) < abs(best)):
                    best = shift
    return best
