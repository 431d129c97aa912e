"""Comparing two scenarios (as-is and to-be): which steps were added, removed or changed.

Steps are matched by id, which a duplicated scenario keeps, so a to-be copied from an as-is compares step by step.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint_editor.model import Scenario, Step
from blueprint_editor.model.geometry import phase_of

# What counts as a change a reader cares about; a nudge of a few pixels is not one.
COMPARED_FIELDS = (
    "label",
    "lane",
    "duration_min",
    "wait_min",
    "fail_point",
    "risk_note",
    "value_class",
    "emotion",
    "channel",
    "owner",
    "cost",
    "notes",
    "tags",
    "description",
)


@dataclass(frozen=True)
class ScenarioDiff:
    """Step ids of the left scenario that are gone, of the right one that are new, and of both that changed."""

    removed: frozenset[str]
    added: frozenset[str]
    changed: dict[str, tuple[str, ...]]  # step id -> names of the fields that differ

    @property
    def unchanged(self) -> bool:
        return not (self.removed or self.added or self.changed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"


def compare_scenarios(left: Scenario, right: Scenario) -> ScenarioDiff:
    """The differences from ``left`` (as-is) to ``right`` (to-be)."""
    before = {s.id: s for s in left.steps}
    after = {s.id: s for s in right.steps}
    changed = {}
    for step_id in before.keys() & after.keys():
        fields = _differences(left, before[step_id], right, after[step_id])
        if fields:
            changed[step_id] = fields
    return ScenarioDiff(
        removed=frozenset(before.keys() - after.keys()),
        added=frozenset(after.keys() - before.keys()),
        changed=changed,
    )


def _differences(left: Scenario, a: Step, right: Scenario, b: Step) -> tuple[str, ...]:
    fields = [name for name in COMPARED_FIELDS if getattr(a, name) != getattr(b, name)]
    phase_a, phase_b = phase_of(left, a), phase_of(right, b)
    if (phase_a.name if phase_a else None) != (phase_b.name if phase_b else None):
        fields.append("phase")
    return tuple(fields)
