"""Where things are on the blueprint: lane bands, phase columns and step boxes, in scene units.

The origin is the top-left corner of the first lane of the first phase. Lane titles sit in a gutter to the left
of x = 0, phase titles in a header above y = 0. A step's ``x`` is its card's left edge; its ``y`` is the card's
top measured from the top of its lane, so resizing a lane above does not move the cards inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint_editor.model.document import Lane, LaneKind, Phase, Scenario, Step

CARD_WIDTH = 160.0
CARD_MIN_HEIGHT = 64.0
LANE_GUTTER = 176.0
PHASE_HEADER = 44.0
LANE_PADDING = 8.0


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


def lane_bands(scenario: Scenario) -> list[Band]:
    """The lanes stacked from y = 0 downwards, in document order."""
    bands: list[Band] = []
    top = 0.0
    for lane in scenario.lanes:
        bands.append(Band(lane, top, top + lane.height))
        top += lane.height
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
    """Height of the lanes together."""
    return sum(lane.height for lane in scenario.lanes)


def band_of(scenario: Scenario, lane_id: str) -> Band | None:
    """The band of the lane with this id."""
    return next((b for b in lane_bands(scenario) if b.lane.id == lane_id), None)


def band_at(scenario: Scenario, y: float, *, clamp: bool = False, for_steps: bool = False) -> Band | None:
    """The lane band containing ``y``; with ``clamp``, the nearest one when ``y`` is above or below them all.

    With ``for_steps`` only lanes that hold steps count: over another lane (the emotion curve), the nearest lane
    that does is given, or None without ``clamp``.
    """
    bands = [b for b in lane_bands(scenario) if b.lane.kind.holds_steps or not for_steps]
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


def step_top(scenario: Scenario, step: Step) -> float:
    """The scene y of the top of a step's card."""
    band = band_of(scenario, step.lane)
    return (band.top if band else 0.0) + step.y


def clamp_in_band(band: Band, y_in_lane: float, card_height: float = CARD_MIN_HEIGHT) -> float:
    """Keep a card's offset inside its lane, with a little padding, as far as the lane is tall enough."""
    highest = LANE_PADDING
    lowest = max(highest, band.height - card_height - LANE_PADDING)
    return min(max(y_in_lane, highest), lowest)


def customer_visible_lanes(scenario: Scenario) -> list[Band]:
    """The bands above the line of visibility: what the customer experiences (all of them without frontstage)."""
    bands = lane_bands(scenario)
    last_frontstage = max((i for i, b in enumerate(bands) if b.lane.kind == LaneKind.FRONTSTAGE), default=None)
    return bands if last_frontstage is None else bands[: last_frontstage + 1]
