"""What ``blueprint-editor check`` reports about a document: broken references, and blueprint smells.

Errors are what the editor cannot open (a flow to a missing step, an id used twice, a step in a missing lane);
warnings are weaknesses of the blueprint itself; info says what was left out of the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from blueprint_editor.analysis.graph import (
    StepGraph,
    first_steps,
    lane_kinds,
    reaching,
    scenario_graph,
    simple_cycles,
    visible_steps,
)
from blueprint_editor.model.document import Document, LaneKind, Scenario, Step
from blueprint_editor.model.geometry import phases_of

MAX_CYCLES: Final = 20
_LABEL_LENGTH: Final = 40


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing found; ``step_ids`` are the steps it is about (the editor selects them), in a meaningful order."""

    severity: Severity
    message: str
    scenario_id: str
    step_ids: tuple[str, ...] = ()

    def line(self) -> str:
        """The finding as ``blueprint-editor check`` prints it: ``error: scenario 'Main': ...``."""
        return f"{self.severity.value}: {self.message}"


def document_findings(document: Document) -> list[Finding]:
    """The findings of every scenario, scenario by scenario, each scenario's errors first."""
    findings: list[Finding] = []
    for scenario_id, count in Counter(s.id for s in document.scenarios).items():
        if count > 1:
            names = ", ".join(f"'{s.name}'" for s in document.scenarios if s.id == scenario_id)
            message = f"the scenario id '{scenario_id}' is used by {count} scenarios ({names})"
            findings.append(Finding(Severity.ERROR, message, scenario_id))
    for scenario in document.scenarios:
        findings.extend(scenario_findings(scenario))
    return findings


def scenario_findings(scenario: Scenario) -> list[Finding]:
    """The findings of one scenario: errors, then warnings, then info, each kind in document order."""
    where = f"scenario {_quote_name(scenario.name)}"
    graph = scenario_graph(scenario)
    findings = [
        *_duplicate_ids(scenario, where),
        *_missing_lanes(scenario, where),
        *_dangling_flows(scenario, where),
        *_customer_actions_unseen(scenario, where),
        *_isolated_steps(scenario, where),
        *_cycles(scenario, graph, where),
        *_fail_points_without_owner(scenario, where),
        *_hidden_work_without_effect(scenario, graph, where),
    ]
    order = list(Severity)
    return sorted(findings, key=lambda finding: order.index(finding.severity))


def describe_step(step: Step) -> str:
    """A step named for a message: ``'c5' ("Queue and check in")``, or ``'c5'`` when it has no label."""
    label = " ".join(step.label.split())
    if not label:
        return f"'{step.id}'"
    if len(label) > _LABEL_LENGTH:
        label = label[: _LABEL_LENGTH - 1] + "…"
    return f"'{step.id}' (\"{label}\")"


# --- errors ------------------------------------------------------------------------------------------------------


def _duplicate_ids(scenario: Scenario, where: str) -> list[Finding]:
    findings: list[Finding] = []
    for noun, ids in (("lane", [lane.id for lane in scenario.lanes]), ("phase", [p.id for p in scenario.phases])):
        for item_id, count in Counter(ids).items():
            if count > 1:
                message = f"{where}: the {noun} id '{item_id}' is used by {count} {noun}s"
                findings.append(Finding(Severity.ERROR, message, scenario.id))
    # Steps and flows share one id space: a flow is named by its id in the same messages as the steps.
    step_counts = Counter(step.id for step in scenario.steps)
    flow_counts = Counter(flow.id for flow in scenario.flows)
    for item_id in dict.fromkeys([*step_counts, *flow_counts]):
        steps, flows = step_counts[item_id], flow_counts[item_id]
        if steps + flows > 1:
            holders = " and ".join(_count(n, noun) for n, noun in ((steps, "step"), (flows, "flow")) if n)
            message = f"{where}: the id '{item_id}' is used by {holders}"
            findings.append(Finding(Severity.ERROR, message, scenario.id, (item_id,) if steps else ()))
    return findings


def _missing_lanes(scenario: Scenario, where: str) -> list[Finding]:
    lanes = {lane.id for lane in scenario.lanes}
    return [
        Finding(
            Severity.ERROR,
            f"{where}: step {describe_step(step)} is in a missing lane '{step.lane}'",
            scenario.id,
            (step.id,),
        )
        for step in scenario.steps
        if step.lane not in lanes
    ]


def _dangling_flows(scenario: Scenario, where: str) -> list[Finding]:
    steps = first_steps(scenario)
    findings: list[Finding] = []
    for flow in scenario.flows:
        missing = [
            (end, step_id)
            for end, step_id in (("source", flow.source), ("target", flow.target))
            if step_id not in steps
        ]
        if not missing:
            continue
        names = " and ".join(f"a missing step '{step_id}' as its {end}" for end, step_id in missing)
        present = [steps[step_id] for step_id in (flow.source, flow.target) if step_id in steps]
        after = "".join(f" (its other end is step {describe_step(step)})" for step in present)
        message = f"{where}: flow '{flow.id}' names {names}{after}"
        findings.append(Finding(Severity.ERROR, message, scenario.id, tuple(step.id for step in present)))
    return findings


# --- warnings ----------------------------------------------------------------------------------------------------


def _customer_actions_unseen(scenario: Scenario, where: str) -> list[Finding]:
    """A customer action alone in its phase: nothing frontstage and no evidence goes with it."""
    kinds = lane_kinds(scenario)
    phases = {id(step): phase for step, phase in zip(scenario.steps, phases_of(scenario, scenario.steps), strict=True)}
    # Phases by identity (two phases may be equal in every field), in a set: a lookup per customer action.
    served: set[int] = {
        id(phases[id(step)])
        for step in scenario.steps
        if kinds.get(step.lane) in (LaneKind.FRONTSTAGE, LaneKind.EVIDENCE)
    }
    findings: list[Finding] = []
    for step in scenario.steps:
        if kinds.get(step.lane) != LaneKind.CUSTOMER:
            continue
        phase = phases[id(step)]
        if id(phase) in served:
            continue
        in_phase = f"its phase {_quote_name(phase.name)}" if phase is not None else "the scenario"
        message = f"{where}: customer action {describe_step(step)} has no frontstage or evidence step in {in_phase}"
        findings.append(Finding(Severity.WARNING, message, scenario.id, (step.id,)))
    return findings


def _isolated_steps(scenario: Scenario, where: str) -> list[Finding]:
    """A step no flow reaches or leaves. The cards of the user's own lanes are notes: they need no flows."""
    ends = {flow.source for flow in scenario.flows} | {flow.target for flow in scenario.flows}
    kinds = lane_kinds(scenario)
    return [
        Finding(Severity.WARNING, f"{where}: step {describe_step(step)} has no flows", scenario.id, (step.id,))
        for step in scenario.steps
        if step.id not in ends and kinds.get(step.lane) != LaneKind.CUSTOM
    ]


def _cycles(scenario: Scenario, graph: StepGraph, where: str) -> list[Finding]:
    """Each rework loop once, starting at its step that comes first in the document."""
    steps = first_steps(scenario)
    order = {step_id: index for index, step_id in enumerate(steps)}
    cycles = simple_cycles(graph, MAX_CYCLES + 1)
    shown = []
    for cycle in cycles[:MAX_CYCLES]:
        start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
        shown.append(cycle[start:] + cycle[:start])
    shown.sort(key=lambda cycle: (len(cycle), [order[step_id] for step_id in cycle]))
    findings = []
    for cycle in shown:
        path = " -> ".join(describe_step(steps[step_id]) for step_id in cycle)
        message = f"{where}: the flows go round in a loop (rework): {path} -> back to '{cycle[0]}'"
        findings.append(Finding(Severity.WARNING, message, scenario.id, cycle))
    if len(cycles) > MAX_CYCLES:
        message = f"{where}: there are more than {MAX_CYCLES} loops in the flows; only {MAX_CYCLES} are listed"
        findings.append(Finding(Severity.INFO, message, scenario.id))
    return findings


def _fail_points_without_owner(scenario: Scenario, where: str) -> list[Finding]:
    return [
        Finding(Severity.WARNING, f"{where}: fail point {describe_step(step)} has no owner", scenario.id, (step.id,))
        for step in scenario.steps
        if step.fail_point and not step.owner.strip()
    ]


def _hidden_work_without_effect(scenario: Scenario, graph: StepGraph, where: str) -> list[Finding]:
    """A backstage or support step from which no flow path leads to anything the customer sees."""
    kinds = lane_kinds(scenario)
    useful = reaching(graph, visible_steps(scenario))
    findings: list[Finding] = []
    for step in scenario.steps:
        kind = kinds.get(step.lane)
        if kind in (LaneKind.BACKSTAGE, LaneKind.SUPPORT) and step.id not in useful:
            message = (
                f"{where}: {kind.value} step {describe_step(step)} leads to nothing the customer sees "
                "(no path along the flows to an evidence, customer or frontstage step)"
            )
            findings.append(Finding(Severity.WARNING, message, scenario.id, (step.id,)))
    return findings


# --- helpers -----------------------------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{'a' if n == 1 else n} {noun}{'' if n == 1 else 's'}"


def _quote_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > _LABEL_LENGTH:
        name = name[: _LABEL_LENGTH - 1] + "…"
    return f"'{name}'"
