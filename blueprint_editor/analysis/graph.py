"""A scenario as a directed graph: one node per step, one edge per flow between two steps that exist.

networkx ships no type information, so its graphs are typed ``Any`` here; the functions around them are typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from blueprint_editor.model.document import LaneKind, Scenario, Step

StepGraph = Any  # a networkx.DiGraph: nodes are step ids with the Step as attribute "step"

STEP_ATTRIBUTE = "step"

# Lanes whose steps the customer sees or does.
VISIBLE_KINDS: frozenset[LaneKind] = frozenset({LaneKind.EVIDENCE, LaneKind.CUSTOMER, LaneKind.FRONTSTAGE})


def networkx() -> Any:
    """The networkx module, imported when first needed: importing it takes longer than the editor has to show its
    window, and the first window needs no analysis."""
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    return nx


def scenario_graph(scenario: Scenario) -> StepGraph:
    """A DiGraph of the scenario: nodes are step ids (attribute ``step``), edges the flows whose ends both exist.

    When an id is used by several steps, the first one in the document holds it, as for ``Scenario.step``.
    Several flows between the same two steps make one edge.
    """
    graph: StepGraph = networkx().DiGraph()
    for step in scenario.steps:
        if step.id not in graph:
            graph.add_node(step.id, **{STEP_ATTRIBUTE: step})
    for flow in scenario.flows:
        if flow.source in graph and flow.target in graph:
            graph.add_edge(flow.source, flow.target)
    return graph


def step_of(graph: StepGraph, step_id: str) -> Step:
    """The Step held by a node of a scenario graph."""
    step: Step = graph.nodes[step_id][STEP_ATTRIBUTE]
    return step


def has_cycle(graph: StepGraph) -> bool:
    """Whether the flows go round in a loop somewhere (a flow from a step to itself included)."""
    return not bool(networkx().is_directed_acyclic_graph(graph))


def topological_order(graph: StepGraph) -> list[str]:
    """The step ids with every flow's source before its target; the graph must have no cycle."""
    return [str(node) for node in networkx().topological_sort(graph)]


def simple_cycles(graph: StepGraph, limit: int) -> list[tuple[str, ...]]:
    """Up to ``limit`` distinct loops of the graph, each as its step ids in flow order."""
    cycles: list[tuple[str, ...]] = []
    for cycle in networkx().simple_cycles(graph):
        if len(cycles) >= limit:
            break
        cycles.append(tuple(str(node) for node in cycle))
    return cycles


def successors(graph: StepGraph, step_id: str) -> list[str]:
    """The steps that flows from this step lead to."""
    return [str(node) for node in graph.successors(step_id)]


def reaching(graph: StepGraph, targets: Iterable[str]) -> set[str]:
    """The steps from which some path along the flows leads to one of ``targets`` (the targets included)."""
    found = {t for t in targets if t in graph}
    stack = list(found)
    while stack:
        node = stack.pop()
        for before in graph.predecessors(node):
            if before not in found:
                found.add(str(before))
                stack.append(before)
    return found


def lane_kinds(scenario: Scenario) -> dict[str, LaneKind]:
    """Each lane id's kind; when an id is used by several lanes, the first one's."""
    kinds: dict[str, LaneKind] = {}
    for lane in scenario.lanes:
        kinds.setdefault(lane.id, lane.kind)
    return kinds


def visible_steps(scenario: Scenario) -> set[str]:
    """Ids of the steps the customer sees or does: those in an evidence, customer or frontstage lane."""
    kinds = lane_kinds(scenario)
    return {step_id for step_id, step in first_steps(scenario).items() if kinds.get(step.lane) in VISIBLE_KINDS}


def first_steps(scenario: Scenario) -> dict[str, Step]:
    """Each step id's step; when an id is used by several steps, the first one, as in the graph."""
    steps: dict[str, Step] = {}
    for step in scenario.steps:
        steps.setdefault(step.id, step)
    return steps
