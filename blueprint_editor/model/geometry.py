"""Where things are on the blueprint: lane bands, phase columns and step boxes, in scene units.

The origin is the top-left corner of the first lane of the first phase. Lane titles sit in a gutter to the left
of x = 0, phase titles in a header above y = 0. A step's ``x`` is its card's left edge; its ``y`` is the card's
top measured from the top of its lane, so resizing a lane above does not move the cards inside it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from blueprint_editor.model.document import Lane, LaneKind, Phase, Scenario, Step
from blueprint_editor.model.lines import BlueprintLine

CARD_WIDTH = 160.0
CARD_MIN_HEIGHT = 64.0
LANE_GUTTER = 176.0
PHASE_HEADER = 44.0
LANE_PADDING = 8.0
# A collapsed lane is a strip just tall enough for its title; a lane is never made shorter than one card needs,
# nor a phase narrower than a card with a margin either side.
COLLAPSED_LANE_HEIGHT = 28.0
MIN_LANE_HEIGHT = CARD_MIN_HEIGHT + 2 * LANE_PADDING
MIN_PHASE_WIDTH = CARD_WIDTH + 40.0


@dataclass(frozen=True)
class Band:
    """A lane's vertical extent."""

    lane: Lane
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Column:
    """A phase's horizontal extent."""

    phase: Phase
    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left


def shown_height(lane: Lane) -> float:
    """How tall a lane is drawn: its height, or a thin strip while it is collapsed."""
    return COLLAPSED_LANE_HEIGHT if lane.collapsed else lane.height


def lane_bands(scenario: Scenario) -> list[Band]:
    """The lanes stacked from y = 0 downwards, in document order (collapsed ones as thin strips)."""
    bands: list[Band] = []
    top = 0.0
    for lane in scenario.lanes:
        height = shown_height(lane)
        bands.append(Band(lane, top, top + height))
        top += height
    return bands


def phase_columns(scenario: Scenario) -> list[Column]:
    """The phases laid out from x = 0 rightwards, in document order."""
    columns: list[Column] = []
    left = 0.0
    for phase in scenario.phases:
        columns.append(Column(phase, left, left + phase.width))
        left += phase.width
    return columns


def content_width(scenario: Scenario) -> float:
    """Width of the phase columns together (at least one card wide)."""
    return max(sum(p.width for p in scenario.phases), CARD_WIDTH)


def content_height(scenario: Scenario) -> float:
    """Height of the lanes together, as drawn."""
    return sum(shown_height(lane) for lane in scenario.lanes)


def band_of(scenario: Scenario, lane_id: str) -> Band | None:
    """The band of the lane with this id."""
    return next((b for b in lane_bands(scenario) if b.lane.id == lane_id), None)


def band_at(scenario: Scenario, y: float, *, clamp: bool = False, for_steps: bool = False) -> Band | None:
    """The lane band containing ``y``; with ``clamp``, the nearest one when ``y`` is above or below them all.

    With ``for_steps`` only lanes that hold steps and are open count: over another lane (the emotion curve, a
    collapsed lane), the nearest lane that does is given, or None without ``clamp``.
    """
    bands = [b for b in lane_bands(scenario) if not for_steps or (b.lane.kind.holds_steps and not b.lane.collapsed)]
    if not bands:
        return None
    for band in bands:
        if band.top <= y < band.bottom:
            return band
    if not clamp:
        return None
    return min(bands, key=lambda b: min(abs(y - b.top), abs(y - b.bottom)))


def column_at(scenario: Scenario, x: float) -> Column | None:
    """The phase column containing ``x``; the first or last one when ``x`` lies beyond them."""
    columns = phase_columns(scenario)
    if not columns:
        return None
    for column in columns:
        if column.left <= x < column.right:
            return column
    return columns[0] if x < columns[0].left else columns[-1]


def phase_of(scenario: Scenario, step: Step) -> Phase | None:
    """The phase a step belongs to: the column under the centre of its card."""
    column = column_at(scenario, step.x + CARD_WIDTH / 2)
    return column.phase if column else None


def phases_of(scenario: Scenario, steps: Iterable[Step]) -> list[Phase | None]:
    """The phase of each of ``steps``, as ``phase_of`` gives it, with the columns laid out once: for analysing
    every step of a large blueprint in time proportional to its size."""
    columns = phase_columns(scenario)
    if not columns:
        return [None for _ in steps]
    # Columns touch (each one's right is the next one's left), so the column of x is the last one starting at or
    # before x, or the first one when x lies before them all; beyond the last, the last.
    lefts = [column.left for column in columns]
    return [columns[max(bisect_right(lefts, step.x + CARD_WIDTH / 2) - 1, 0)].phase for step in steps]


def step_top(scenario: Scenario, step: Step) -> float:
    """The scene y of the top of a step's card."""
    band = band_of(scenario, step.lane)
    return (band.top if band else 0.0) + step.y


def clamp_in_band(band: Band, y_in_lane: float, card_height: float = CARD_MIN_HEIGHT) -> float:
    """Keep a card's offset inside its lane, with a little padding, as far as the lane is tall enough."""
    highest = LANE_PADDING
    lowest = max(highest, band.height - card_height - LANE_PADDING)
    return min(max(y_in_lane, highest), lowest)


def line_y(bands: list[Band], line: BlueprintLine) -> float | None:
    """Where a blueprint line is drawn: at the bottom of the last lane of its upper kind, when lanes of both its
    kinds are there (None otherwise).

    Lanes of other kinds (custom lanes, the emotion curve) between the two kinds therefore lie below the line,
    which is also where the analysis counts them (see analysis.metrics.crossings).
    """
    upper = [b for b in bands if b.lane.kind == line.above]
    if not upper or not any(b.lane.kind == line.below for b in bands):
        return None
    return upper[-1].bottom


def customer_visible_lanes(scenario: Scenario) -> list[Band]:
    """The bands above the line of visibility: what the customer experiences (all of them without frontstage)."""
    bands = lane_bands(scenario)
    last_frontstage = max((i for i, b in enumerate(bands) if b.lane.kind == LaneKind.FRONTSTAGE), default=None)
    return bands if last_frontstage is None else bands[: last_frontstage + 1]
