"""Tidy: lay a scenario's steps out left to right in flow order, each in its own lane and phase, without overlaps.

How the columns are found:

* Loops (rework, retries) are opened by dropping the flows that a depth-first walk, started from the steps
  nothing leads to, finds going back to a step on its own path; what is left has no cycle.
* Within each lane and phase the steps form one row in flow order (ties broken by where they are now), so two
  steps of one lane never share a column and unconnected steps keep their left-to-right order.
* A step's column is the longest path to it within its phase, where a flow within a lane costs one column and a
  flow across lanes costs none: a customer action and the frontstage step it triggers stand one above the other,
  as blueprints are usually drawn, and a step never stands left of a step that leads to it in its own lane.
* Each phase numbers its own columns from its left edge; a phase too narrow for its columns is widened (the
  phases after it, and their steps, move right by as much), and a lane too short for its tallest card is made
  taller, so that no two cards overlap and every step stays in its lane and its phase.

Only card heights come from outside (the canvas knows how tall each card's text makes it).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from blueprint_editor.analysis.graph import first_steps, networkx
from blueprint_editor.model.document import Scenario, Step, StepPlace
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH, LANE_PADDING, phase_columns
from blueprint_editor.model.snapping import PHASE_PADDING

# The gap between two columns of cards: room for an arrow and its head.
COLUMN_GAP = 60.0
COLUMN_PITCH = CARD_WIDTH + COLUMN_GAP
# Kept between a tidied card and a card that Tidy leaves where it is (tidying a selection).
CLEARANCE = 10.0


@dataclass(frozen=True)
class TidyResult:
    """What Tidy changes: steps' places, and the phases and lanes it had to make larger (new sizes)."""

    places: dict[str, StepPlace] = field(default_factory=dict)
    phase_widths: dict[str, float] = field(default_factory=dict)
    lane_heights: dict[str, float] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.places or self.phase_widths or self.lane_heights)


def tidy_layout(scenario: Scenario, heights: Mapping[str, float], only: Collection[str] | None = None) -> TidyResult:
    """New places for the scenario's steps (or just those in ``only``), and the phase widths and lane heights
    that make room for them; unchanged values are left out.

    ``heights`` gives each card's drawn height (CARD_MIN_HEIGHT when missing). Steps of a lane that does not
    exist are left alone. With ``only``, the other steps stay where they are (unless a phase before theirs grows)
    and the tidied ones keep clear of them.
    """
    lanes = {lane.id: lane for lane in scenario.lanes}
    lane_order = {lane_id: i for i, lane_id in enumerate(lanes)}
    steps = [s for s in first_steps(scenario).values() if s.lane in lanes]
    chosen = [s for s in steps if only is None or s.id in only]
    if not chosen:
        return TidyResult()
    chosen_ids = {s.id for s in chosen}
    columns = phase_columns(scenario)

    def phase_index(step: Step) -> int:
        centre = step.x + CARD_WIDTH / 2
        for i, column in enumerate(columns):
            if column.left <= centre < column.right:
                return i
        return 0 if not columns or centre < columns[0].left else len(columns) - 1

    def height(step: Step) -> float:
        return heights.get(step.id, CARD_MIN_HEIGHT)

    phase_of = {s.id: phase_index(s) for s in steps}
    keys = {s.id: (phase_of[s.id], s.x, lane_order[s.lane], s.y, s.id) for s in chosen}
    ranks = _ranks(scenario, chosen, keys)

    # Lanes grow to hold their tallest tidied card; the tidied cards sit in the middle of their lane.
    lane_heights: dict[str, float] = {}
    for step in chosen:
        need = height(step) + 2 * LANE_PADDING
        if need > lanes[step.lane].height and need > lane_heights.get(step.lane, 0.0):
            lane_heights[step.lane] = float(math.ceil(need))
    new_lane_height = {lane_id: lane_heights.get(lane_id, lane.height) for lane_id, lane in lanes.items()}

    # Phase by phase, left to right: which slot each tidied step takes, and how wide the phase must become.
    by_phase: dict[int, list[Step]] = defaultdict(list)
    for step in chosen:
        by_phase[phase_of[step.id]].append(step)
    # Cards left alone, and the lanes they stand in as drawn once lanes have grown (a card may hang out of its own).
    tops: dict[str, float] = {}
    top = 0.0
    for lane_id in lanes:
        tops[lane_id] = top
        top += new_lane_height[lane_id]
    others = [
        (s, {lane_id for lane_id in lanes if _spans(tops, new_lane_height, lane_id, s, height(s))})
        for s in steps
        if s.id not in chosen_ids
    ]
    shift_of_phase: list[float] = []
    phase_widths: dict[str, float] = {}
    slot_x: dict[str, float] = {}
    shift = 0.0
    for index in range(max(len(columns), 1)):
        column = columns[index] if columns else None
        left = (column.left if column else 0.0) + shift
        shift_of_phase.append(shift)
        members = by_phase.get(index, [])
        if not members:
            continue
        used_lanes = {s.lane for s in members}
        # Cards left alone in the same lanes: where they will be, relative to this phase's left edge.
        blockers: list[float] = []
        protrudes_from_right = False
        for other, touched in others:
            if not touched & used_lanes:
                continue
            q = phase_of[other.id]
            if q <= index:
                blockers.append(other.x + shift_of_phase[q] - left)
            elif column is not None and other.x < column.right:
                # Such a card moves right by as much as this phase grows: keep half a card clear of the edge.
                protrudes_from_right = True
        order = sorted({ranks[s.id] for s in members})
        slots = _free_slots(len(order), blockers)
        slot_of_rank = dict(zip(order, slots, strict=True))
        for step in members:
            slot_x[step.id] = left + PHASE_PADDING + slot_of_rank[ranks[step.id]] * COLUMN_PITCH
        if column is not None:
            trailing = CARD_WIDTH / 2 + CLEARANCE if protrudes_from_right else PHASE_PADDING
            need = PHASE_PADDING + max(slots) * COLUMN_PITCH + CARD_WIDTH + trailing
            if need > column.width:
                phase_widths[column.phase.id] = float(math.ceil(need))
                shift += phase_widths[column.phase.id] - column.width

    places: dict[str, StepPlace] = {}
    for step in steps:
        if step.id in chosen_ids:
            y = max(LANE_PADDING, round((new_lane_height[step.lane] - height(step)) / 2))
            place = StepPlace(step.lane, float(round(slot_x[step.id])), float(y))
        else:
            place = StepPlace(step.lane, step.x + shift_of_phase[phase_of[step.id]], step.y)
        if place != StepPlace(step.lane, step.x, step.y):
            places[step.id] = place
    return TidyResult(places, phase_widths, lane_heights)


def _free_slots(count: int, blockers: list[float]) -> list[int]:
    """The first ``count`` slots of a phase clear of the cards left alone at ``blockers`` (their left edges)."""
    slots: list[int] = []
    slot = 0
    while len(slots) < count:
        x = PHASE_PADDING + slot * COLUMN_PITCH
        if not any(bx < x + CARD_WIDTH + CLEARANCE and x < bx + CARD_WIDTH + CLEARANCE for bx in blockers):
            slots.append(slot)
        slot += 1
    return slots


def _spans(tops: Mapping[str, float], heights: Mapping[str, float], lane_id: str, step: Step, card: float) -> bool:
    """Whether a card, as drawn, reaches into the band of lane ``lane_id``."""
    top = tops[step.lane] + step.y
    return top < tops[lane_id] + heights[lane_id] and tops[lane_id] < top + card


def _ranks(scenario: Scenario, steps: list[Step], keys: Mapping[str, tuple[Any, ...]]) -> dict[str, int]:
    """Each step's column in flow order within its phase (``keys[step][0]`` is the phase; gaps are possible)."""
    lane_of = {s.id: s.lane for s in steps}
    nx = networkx()  # imported on first use (see analysis.graph)
    graph: Any = nx.DiGraph()
    graph.add_nodes_from(lane_of)
    for flow in scenario.flows:
        if flow.source in lane_of and flow.target in lane_of and flow.source != flow.target:
            graph.add_edge(flow.source, flow.target)
    graph.remove_edges_from(_back_edges(graph, keys))
    order: list[str] = list(nx.lexicographical_topological_sort(graph, key=lambda n: keys[n]))

    # One row per lane and phase, in flow order: consecutive steps of a row stand in consecutive columns at least.
    row_before: dict[str, str] = {}
    last_in_row: dict[tuple[str, Any], str] = {}
    for node in order:
        row = (lane_of[node], keys[node][0])
        if row in last_in_row:
            row_before[node] = last_in_row[row]
        last_in_row[row] = node

    rank: dict[str, int] = {}
    # For each step, the furthest column reached in each lane by it or a step leading to it.
    reach: dict[str, dict[str, int]] = {}
    for node in order:
        lane = lane_of[node]
        # Phases are in order already: only flows within the phase decide columns in it.
        before = [str(p) for p in graph.predecessors(node) if keys[p][0] == keys[node][0]]
        if node in row_before:
            before.append(row_before[node])
        value = 0
        merged: dict[str, int] = {}
        for prev in before:
            value = max(value, rank[prev] + (1 if lane_of[prev] == lane else 0))
            for other_lane, column in reach[prev].items():
                if column > merged.get(other_lane, -1):
                    merged[other_lane] = column
        if lane in merged:
            value = max(value, merged[lane] + 1)
        merged[lane] = max(merged.get(lane, -1), value)
        rank[node] = value
        reach[node] = merged
    return rank


def _back_edges(graph: Any, keys: Mapping[str, tuple[Any, ...]]) -> list[tuple[str, str]]:
    """The flows that close a loop, as met by a depth-first walk from the steps nothing leads to, in place order."""
    nodes = sorted(graph.nodes, key=lambda n: keys[n])
    starts = [n for n in nodes if graph.in_degree(n) == 0] + nodes
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    back: list[tuple[str, str]] = []
    for start in starts:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(sorted(graph.successors(start), key=lambda n: keys[n])))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.append((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(graph.successors(child), key=lambda n: keys[n]))))
    return back
