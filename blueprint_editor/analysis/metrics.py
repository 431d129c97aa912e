"""Lean figures of a scenario and of each of its phases: pure data, for ``blueprint-editor stats`` and the editor.

Minutes are added up in whole thousandths of a minute (the precision a blueprint file keeps), so that sums are
exact and equal paths compare equal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from blueprint_editor.analysis.graph import (
    first_steps,
    has_cycle,
    lane_kinds,
    scenario_graph,
    step_of,
    successors,
    topological_order,
)
from blueprint_editor.model.document import LaneKind, Scenario, Step, ValueClass
from blueprint_editor.model.geometry import phases_of
from blueprint_editor.model.lines import BLUEPRINT_LINES

# The lanes counted in ``steps_by_lane``, in this order; steps in lanes of any other kind are not counted there.
COUNTED_KINDS: Final[tuple[LaneKind, ...]] = (
    LaneKind.EVIDENCE,
    LaneKind.CUSTOMER,
    LaneKind.FRONTSTAGE,
    LaneKind.BACKSTAGE,
    LaneKind.SUPPORT,
)

_MILLI: Final = 1000


@dataclass(frozen=True)
class ScenarioFigures:
    """The figures of ``blueprint-editor stats`` for one scenario, and the path the lead time runs along.

    ``lead_time_min``, ``touch_time_min`` and ``flow_efficiency`` are None when the flows contain a cycle or the
    lead time is 0; ``critical_path`` is then empty.
    """

    scenario: str
    steps: int
    steps_by_lane: dict[str, int]
    flows: int
    crossings: dict[str, int]
    fail_points: int
    wait_points: int
    lead_time_min: float | None
    touch_time_min: float | None
    flow_efficiency: float | None
    critical_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhaseFigures:
    """What happens in one phase: its steps counted, their minutes added up."""

    phase_id: str
    phase_name: str
    steps: int
    fail_points: int
    wait_points: int
    wait_min: float
    duration_min: float
    value_adding_min: float


@dataclass(frozen=True)
class _Path:
    lead: int  # thousandths of a minute
    touch: int
    steps: tuple[str, ...]

    def rank(self) -> tuple[int, int, tuple[str, ...]]:
        """Smaller ranks first: the longest lead time, then the most touch time, then the smallest ids."""
        return (-self.lead, -self.touch, self.steps)


def scenario_figures(scenario: Scenario) -> ScenarioFigures:
    """The figures of one scenario (see ScenarioFigures)."""
    kinds = lane_kinds(scenario)
    by_lane = {kind.value: 0 for kind in COUNTED_KINDS}
    for step in scenario.steps:
        kind = kinds.get(step.lane)
        if kind is not None and str(kind) in by_lane:
            by_lane[str(kind)] += 1

    path = _critical_path(scenario)
    lead = touch = efficiency = None
    if path is not None:
        lead = path.lead / _MILLI
        touch = path.touch / _MILLI
        efficiency = round(path.touch / path.lead, 3)

    return ScenarioFigures(
        scenario=scenario.name,
        steps=len(scenario.steps),
        steps_by_lane=by_lane,
        flows=len(scenario.flows),
        crossings=crossings(scenario),
        fail_points=sum(1 for step in scenario.steps if step.fail_point),
        wait_points=sum(1 for step in scenario.steps if step.wait_min > 0),
        lead_time_min=lead,
        touch_time_min=touch,
        flow_efficiency=efficiency,
        critical_path=path.steps if path is not None else (),
    )


def figures_to_json(figures: ScenarioFigures) -> dict[str, object]:
    """The figures as ``blueprint-editor stats --json`` prints them: fixed key order, whole numbers as integers."""
    return {
        "scenario": figures.scenario,
        "steps": figures.steps,
        "steps_by_lane": dict(figures.steps_by_lane),
        "flows": figures.flows,
        "crossings": dict(figures.crossings),
        "fail_points": figures.fail_points,
        "wait_points": figures.wait_points,
        "lead_time_min": json_number(figures.lead_time_min),
        "touch_time_min": json_number(figures.touch_time_min),
        "flow_efficiency": json_number(figures.flow_efficiency),
    }


def json_number(value: float | None) -> int | float | None:
    """A number as the figures write it: an integer when whole (125, not 125.0), else a float; None stays None."""
    if value is None:
        return None
    if math.isfinite(value) and float(value).is_integer():
        return int(value)
    return value


def crossings(scenario: Scenario) -> dict[str, int]:
    """For each blueprint line, the number of flows whose two ends lie on opposite sides of it.

    A line lies between the last lane of its ``above`` kind and the first lane of its ``below`` kind; a step is
    above it when its lane comes at or before that last ``above`` lane. A line whose kinds are not both in the
    scenario is crossed by no flow. Flows to missing steps, or from steps in missing lanes, cross nothing; nor do
    flows to or from the cards of the user's own lanes, which are notes beside the service, not touchpoints.
    """
    position: dict[str, int] = {}
    for index, lane in enumerate(scenario.lanes):
        position.setdefault(lane.id, index)
    for lane_id, kind in lane_kinds(scenario).items():
        if kind == LaneKind.CUSTOM:
            del position[lane_id]
    steps = first_steps(scenario)
    ends: list[tuple[int, int]] = []
    for flow in scenario.flows:
        source, target = steps.get(flow.source), steps.get(flow.target)
        if source is None or target is None or source.lane not in position or target.lane not in position:
            continue
        ends.append((position[source.lane], position[target.lane]))

    counts: dict[str, int] = {}
    for line in BLUEPRINT_LINES:
        above = [index for index, lane in enumerate(scenario.lanes) if lane.kind == line.above]
        below_exists = any(lane.kind == line.below for lane in scenario.lanes)
        if not above or not below_exists:
            counts[line.key] = 0
            continue
        last_above = max(above)
        counts[line.key] = sum(1 for source, target in ends if (source <= last_above) != (target <= last_above))
    return counts


def _critical_path(scenario: Scenario) -> _Path | None:
    """The path along the flows with the longest lead time (wait + duration), or None with a cycle or lead time 0.

    A single step is a path too. Among equally long paths the one with the most touch time (duration) wins, and
    among those the lexicographically smallest sequence of step ids, so the choice never depends on file order.
    """
    graph = scenario_graph(scenario)
    if has_cycle(graph):
        return None
    # best[node]: the highest-ranked path starting at node. A path's rank from node on depends only on the rank of
    # its rest, so the best path from node continues with the best path from one of its successors.
    best: dict[str, _Path] = {}
    for node in reversed(topological_order(graph)):
        step = step_of(graph, node)
        duration = _milli(step.duration_min)
        weight = duration + _milli(step.wait_min)
        options = [_Path(weight, duration, (node,))]
        for after in successors(graph, node):
            rest = best[after]
            options.append(_Path(weight + rest.lead, duration + rest.touch, (node, *rest.steps)))
        best[node] = min(options, key=_Path.rank)
    if not best:
        return None
    chosen = min(best.values(), key=_Path.rank)
    return chosen if chosen.lead > 0 else None


def phase_figures(scenario: Scenario) -> list[PhaseFigures]:
    """The figures of each phase, in phase order; a step belongs to the phase under the middle of its card."""
    # The steps of each phase (by identity), gathered in one pass rather than one pass per phase.
    in_phase: dict[int, list[Step]] = {}
    for step, where in zip(scenario.steps, phases_of(scenario, scenario.steps), strict=True):
        in_phase.setdefault(id(where), []).append(step)
    figures: list[PhaseFigures] = []
    for phase in scenario.phases:
        steps = in_phase.get(id(phase), [])
        figures.append(
            PhaseFigures(
                phase_id=phase.id,
                phase_name=phase.name,
                steps=len(steps),
                fail_points=sum(1 for step in steps if step.fail_point),
                wait_points=sum(1 for step in steps if step.wait_min > 0),
                wait_min=_total(step.wait_min for step in steps),
                duration_min=_total(step.duration_min for step in steps),
                value_adding_min=_total(
                    step.duration_min for step in steps if step.value_class == ValueClass.VALUE_ADDING
                ),
            )
        )
    return figures


def _milli(minutes: float) -> int:
    return round(minutes * _MILLI)


def _total(minutes: Iterable[float]) -> float:
    return sum(_milli(m) for m in minutes) / _MILLI
