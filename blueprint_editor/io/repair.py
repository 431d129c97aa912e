"""Safe repairs of a document whose references are broken: the user's content kept, the broken links dropped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from blueprint_editor.model import Document, Flow, Step
from blueprint_editor.model.document import next_id


class _HasId(Protocol):
    id: str


def repair_references(document: Document) -> tuple[Document, list[str]] | None:
    """A repaired copy and what was done, or None when no safe repair exists.

    Safe: a flow naming a missing step is dropped; a duplicate id of a scenario, lane, phase, step or flow is
    renumbered (references keep pointing at the first holder of the id). Not safe: a step in a missing lane,
    since where it belongs cannot be known.
    """
    copy = document.model_copy(deep=True)
    repairs: list[str] = []
    _renumber(copy.scenarios, "s", "scenario", "the document", repairs)
    for scenario in copy.scenarios:
        name = " ".join(scenario.name.split())
        where = f"scenario '{name if len(name) <= 40 else name[:39] + '…'}'"
        _renumber(scenario.lanes, "lane", "lane", where, repairs)
        _renumber(scenario.phases, "p", "phase", where, repairs)
        # Steps and flows share one id space, as flows and steps are named in the same messages.
        items: list[Step | Flow] = [*scenario.steps, *scenario.flows]
        _renumber(items, "r", "step or flow", where, repairs)
        lane_ids = {lane.id for lane in scenario.lanes}
        if any(step.lane not in lane_ids for step in scenario.steps):
            return None
        step_ids = {s.id for s in scenario.steps}
        kept = []
        for flow in scenario.flows:
            if flow.source in step_ids and flow.target in step_ids:
                kept.append(flow)
            else:
                repairs.append(f"{where}: flow '{flow.id}' from '{flow.source}' to '{flow.target}' was dropped")
        scenario.flows = kept
    return copy, repairs


def _renumber(items: Sequence[_HasId], prefix: str, noun: str, where: str, repairs: list[str]) -> None:
    taken = {item.id for item in items}
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            new_id = next_id(prefix, taken)
            repairs.append(f"{where}: the second {noun} '{item.id}' was renumbered '{new_id}'")
            item.id = new_id
            taken.add(new_id)
        seen.add(item.id)
