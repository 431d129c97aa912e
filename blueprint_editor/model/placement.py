"""Where cards go when the keyboard or the clipboard moves or makes them, in scene units.

Pure geometry over the model: a nudge that keeps a card inside its lane, the next free place beside a card, and
a pasted group placed at the pointer or clear of the cards already there. The model does not know how tall a
card is drawn (that depends on its text and the font), so callers that do pass ``heights``; without them every
card counts as the smallest card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from blueprint_editor.model.document import MAX_COORDINATE, Scenario, Step, StepPlace
from blueprint_editor.model.geometry import (
    CARD_MIN_HEIGHT,
    CARD_WIDTH,
    LANE_PADDING,
    band_at,
    band_of,
    clamp_in_band,
    content_width,
    lane_bands,
)

NUDGE_SMALL = 8.0
NUDGE_LARGE = 40.0
# Room between cards laid one after another, as "Add Step" leaves beside the selected card.
STEP_GAP = 40.0
# A pasted or duplicated group that would hide cards already there moves on by this much, again and again.
PASTE_OFFSET = 24.0
# Closer than this (in both x and y, in the same lane) and a card hides another one.
_ON_TOP = PASTE_OFFSET / 2
# Cards closer than this side by side count as overlapping when looking for a free place.
_CLEARANCE = 8.0
_MAX_SHIFTS = 1000


def _height(heights: Mapping[str, float] | None, step_id: str) -> float:
    return heights.get(step_id, CARD_MIN_HEIGHT) if heights else CARD_MIN_HEIGHT


def _limited(value: float, delta: float, low: float, high: float) -> float:
    """``value + delta`` kept within [low, high]; a value already outside may come back, never go further out."""
    moved = value + delta
    if delta > 0:
        return min(moved, max(value, high))
    if delta < 0:
        return max(moved, min(value, low))
    return value


def nudged_places(
    scenario: Scenario,
    step_ids: Iterable[str],
    dx: float,
    dy: float,
    heights: Mapping[str, float] | None = None,
) -> dict[str, StepPlace]:
    """Where the steps go when nudged by (dx, dy): each stays in its lane and within the phases, as a drag does."""
    wanted = set(step_ids)
    right = max(content_width(scenario) - CARD_WIDTH, 0.0)
    places: dict[str, StepPlace] = {}
    for step in scenario.steps:
        if step.id not in wanted:
            continue
        x = _limited(step.x, dx, 0.0, min(right, MAX_COORDINATE))
        band = band_of(scenario, step.lane)
        if band is None:
            y = step.y
        else:
            top = LANE_PADDING
            bottom = max(top, band.height - _height(heights, step.id) - LANE_PADDING)
            y = _limited(step.y, dy, top, bottom)
        places[step.id] = StepPlace(step.lane, x, y)
    return places


def _overlaps(x: float, y: float, height: float, other_x: float, other_y: float, other_height: float) -> bool:
    side_by_side = x < other_x + CARD_WIDTH + _CLEARANCE and other_x < x + CARD_WIDTH + _CLEARANCE
    return side_by_side and y < other_y + other_height and other_y < y + height


def next_free_x(
    scenario: Scenario,
    lane_id: str,
    x: float,
    y: float,
    *,
    leftwards: bool = False,
    height: float = CARD_MIN_HEIGHT,
    heights: Mapping[str, float] | None = None,
) -> float | None:
    """The first x from ``x`` (going right, or left) where a card at ``y`` in the lane overlaps no other card.

    None when there is no such place before the left edge of the blueprint (or the far end of the coordinates).
    """
    others = [(s.x, s.y, _height(heights, s.id)) for s in scenario.steps if s.lane == lane_id]
    candidate = x
    # Each round jumps past at least one card that can never block again, so this ends.
    for _ in range(len(others) + 1):
        # Leftwards the blueprint ends at x = 0; rightwards only where coordinates end (a card already left of
        # the lanes still gets its neighbour beside it).
        if (leftwards and candidate < 0) or candidate > MAX_COORDINATE - CARD_WIDTH:
            return None
        blocking = [o for o in others if _overlaps(candidate, y, height, *o)]
        if not blocking:
            return candidate
        if leftwards:
            candidate = min(o[0] for o in blocking) - CARD_WIDTH - STEP_GAP
        else:
            candidate = max(o[0] for o in blocking) + CARD_WIDTH + STEP_GAP
    return None


def placed_at(scenario: Scenario, steps: list[Step], x: float, y: float) -> list[Step]:
    """The group moved so that the centre of its first card (leftmost, then topmost) lies at scene point (x, y).

    Each card goes into the lane under its centre, as the cards of a dragged group do; the group keeps its shape
    and stays right of the lane titles.
    """
    if not steps:
        return []
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    centres = [(s.x + CARD_WIDTH / 2, tops.get(s.lane, 0.0) + s.y + CARD_MIN_HEIGHT / 2) for s in steps]
    anchor_x, anchor_y = min(centres)
    dx = max(x - anchor_x, -min(s.x for s in steps))
    dy = y - anchor_y
    placed = []
    for step, (_cx, cy) in zip(steps, centres, strict=True):
        band = band_at(scenario, cy + dy, clamp=True, for_steps=True)
        if band is None:
            placed.append(step.model_copy())
            continue
        lane_y = clamp_in_band(band, cy + dy - CARD_MIN_HEIGHT / 2 - band.top)
        new_x = min(round(step.x + dx), MAX_COORDINATE - CARD_WIDTH)
        placed.append(step.model_copy(update={"lane": band.lane.id, "x": new_x, "y": round(lane_y)}))
    return placed


def _hides_a_card(steps: list[Step], occupied: dict[str, list[tuple[float, float]]]) -> bool:
    return any(
        abs(step.x - x) < _ON_TOP and abs(step.y - y) < _ON_TOP
        for step in steps
        for x, y in occupied.get(step.lane, ())
    )


def clear_of_existing(scenario: Scenario, steps: list[Step]) -> list[Step]:
    """The group as it is, or moved on by (+24, +24) as often as needed so that no card lies on one already there.

    A card stays inside its lane (the y offset stops at the lane's bottom); the x offset alone then keeps the
    group moving on, so a pasted card never hides another, however often the same thing is pasted. At the far
    right end of the coordinates the group moves on leftwards instead (and, spanning them all, not sideways).
    """
    occupied: dict[str, list[tuple[float, float]]] = {}
    for existing in scenario.steps:
        occupied.setdefault(existing.lane, []).append((existing.x, existing.y))
    bands = {band.lane.id: band for band in lane_bands(scenario)}
    group = [s.model_copy() for s in steps]
    dx = PASTE_OFFSET
    for _ in range(_MAX_SHIFTS):
        if not _hides_a_card(group, occupied):
            break
        if any(step.x + dx > MAX_COORDINATE - CARD_WIDTH for step in group):
            dx = -PASTE_OFFSET  # and so it stays: moving away from the end, x never comes back to a card passed
        if any(step.x + dx < -MAX_COORDINATE for step in group):
            dx = 0.0  # a group spanning all the coordinates there are can only move down its lanes
        shifted = []
        for step in group:
            band = bands.get(step.lane)
            bottom = max(LANE_PADDING, band.height - CARD_MIN_HEIGHT - LANE_PADDING) if band else MAX_COORDINATE
            y = _limited(step.y, PASTE_OFFSET, LANE_PADDING, bottom)
            x = step.x + dx
            shifted.append(step.model_copy(update={"x": x, "y": y}))
        group = shifted
    return group
