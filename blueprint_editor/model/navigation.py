"""Getting around a blueprint from the keyboard: the nearest card in a direction, the neighbouring lane or phase,
and finding cards by their text. Pure functions over the model, in scene units."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import Enum

from blueprint_editor.model.document import Lane, Scenario, Step
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH, column_at, lane_bands, phase_columns


class Direction(Enum):
    """An arrow key's direction, as (dx, dy) on the canvas (y grows downwards)."""

    LEFT = (-1, 0)
    RIGHT = (1, 0)
    UP = (0, -1)
    DOWN = (0, 1)


# How much a card off to the side counts against it, compared with one straight ahead: twice the distance keeps
# Right on the same lane rather than jumping to a closer card in the lane below.
_SIDEWAYS_WEIGHT = 2.0


def card_centres(scenario: Scenario, heights: Mapping[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """The centre of every card in scene coordinates."""
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    heights = heights or {}
    return {
        s.id: (s.x + CARD_WIDTH / 2, tops.get(s.lane, 0.0) + s.y + heights.get(s.id, CARD_MIN_HEIGHT) / 2)
        for s in scenario.steps
    }


def nearest_in_direction(
    scenario: Scenario,
    step_id: str,
    direction: Direction,
    *,
    heights: Mapping[str, float] | None = None,
    among: Collection[str] | None = None,
) -> str | None:
    """The card that the arrow key points to from ``step_id``: ahead in that direction, straight ahead first.

    ``among`` limits the choice (to the cards on show); None when nothing lies that way.
    """
    centres = card_centres(scenario, heights)
    if step_id not in centres:
        return None
    fx, fy = centres[step_id]
    ux, uy = direction.value
    best: tuple[float, str] | None = None
    for other, (cx, cy) in centres.items():
        if other == step_id or (among is not None and other not in among):
            continue
        ahead = (cx - fx) * ux + (cy - fy) * uy
        sideways = abs((cx - fx) * uy) + abs((cy - fy) * ux)
        if ahead <= 0:
            continue
        score = ahead + _SIDEWAYS_WEIGHT * sideways
        if best is None or score < best[0]:
            best = (score, other)
    return best[1] if best else None


def nearest_to_point(
    scenario: Scenario,
    x: float,
    y: float,
    *,
    heights: Mapping[str, float] | None = None,
    among: Collection[str] | None = None,
) -> str | None:
    """The card whose centre is closest to scene point (x, y), or None when there are no cards."""
    centres = card_centres(scenario, heights)
    candidates = [
        (abs(cx - x) + abs(cy - y), sid) for sid, (cx, cy) in centres.items() if among is None or sid in among
    ]
    return min(candidates)[1] if candidates else None


def neighbour_lane(scenario: Scenario, lane_id: str, delta: int) -> Lane | None:
    """The previous (delta -1) or next (+1) lane that takes cards, skipping lanes that do not (and folded ones)."""
    lanes = [lane for lane in scenario.lanes if lane.kind.holds_steps and (not lane.collapsed or lane.id == lane_id)]
    ids = [lane.id for lane in lanes]
    if lane_id not in ids:
        return None
    index = ids.index(lane_id) + delta
    return lanes[index] if 0 <= index < len(lanes) else None


def x_in_neighbour_phase(scenario: Scenario, step: Step, delta: int) -> float | None:
    """The card's x in the previous (-1) or next (+1) phase, at the same relative place across the column.

    None when there is no such phase. The card's centre lands inside the new column, so it belongs to it.
    """
    columns = phase_columns(scenario)
    here = column_at(scenario, step.x + CARD_WIDTH / 2)
    if here is None:
        return None
    index = next(i for i, c in enumerate(columns) if c.phase.id == here.phase.id) + delta
    if not 0 <= index < len(columns):
        return None
    there = columns[index]
    fraction = (step.x - here.left) / here.width
    x = there.left + fraction * there.width
    # Centre strictly inside the new column (a narrow column may be narrower than a card).
    lowest = there.left - CARD_WIDTH / 2
    highest = there.right - CARD_WIDTH / 2 - 1
    return float(round(min(max(x, lowest), highest)))


def reading_order(scenario: Scenario, step_ids: Collection[str] | None = None) -> list[Step]:
    """Steps as a reader meets them: left to right, and top to bottom where they stand in the same place."""
    lane_index = {lane.id: i for i, lane in enumerate(scenario.lanes)}
    steps = [s for s in scenario.steps if step_ids is None or s.id in step_ids]
    return sorted(steps, key=lambda s: (s.x, lane_index.get(s.lane, len(lane_index)), s.y))


def find_steps(scenario: Scenario, query: str) -> list[str]:
    """Ids of the steps whose text, description or notes contain ``query`` (any case), in reading order."""
    needle = query.strip().casefold()
    if not needle:
        return []
    return [
        s.id
        for s in reading_order(scenario)
        if needle in s.label.casefold() or needle in s.description.casefold() or needle in s.notes.casefold()
    ]
