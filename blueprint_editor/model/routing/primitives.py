"""The shapes routing speaks in: points, axis-aligned rectangles, the sides of a card, and a finished route."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

Point = tuple[float, float]


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


def _length(points: tuple[Point, ...]) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in pairwise(points))
