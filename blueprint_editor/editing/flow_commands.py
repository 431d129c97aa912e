"""Editing a flow: its label, line style and arrowheads, which steps it joins, and its direction.

The verbs are a mixin of DocumentController (to keep the controller's own file small). Each checks its values
before it pushes one undoable command, so a refused change leaves no trace; the commands change the model only
through the controller's ``apply_flow_fields`` primitive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint_editor.editing.commands import SetFieldsCommand
from blueprint_editor.model import Flow, Scenario

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from blueprint_editor.editing.controller import DocumentController

# What the inspector, the context menu and the inline editor may change; the ends change by reconnecting.
EDITABLE_FLOW_FIELDS = ("label", "style", "arrows")
_FIELD_NAMES = {"label": "label", "style": "line style", "arrows": "arrowheads"}


class SetFlowFieldsCommand(SetFieldsCommand):
    """Change fields of one flow, merging successive edits of the same fields (typing a label)."""

    MERGE_ID = 0xF10E

    def _apply(self, fields: dict[str, object]) -> None:
        self._controller.apply_flow_fields(self._scenario_id, self._item_id, **fields)


class FlowVerbs:
    """The flow verbs of DocumentController."""

    if TYPE_CHECKING:
        undo_stack: QUndoStack

        def scenario(self, scenario_id: str) -> Scenario: ...

    def _controller_self(self) -> DocumentController:
        return self  # type: ignore[return-value]

    def flow(self, scenario_id: str, flow_id: str) -> Flow:
        """The flow with this id; a KeyError means a caller holds a stale id."""
        flow = self.scenario(scenario_id).flow(flow_id)
        if flow is None:
            raise KeyError(f"no flow {flow_id!r} in scenario {scenario_id!r}")
        return flow

    def set_flow_fields(self, scenario_id: str, flow_id: str, *, merge: bool = False, **fields: object) -> bool:
        """Change a flow's label, style or arrowheads; with ``merge``, successive changes of the same fields are one
        undo step. Raises ValueError (pydantic's ValidationError is one) for a value the file could not hold, and
        pushes nothing; returns whether anything changed."""
        unknown = sorted(set(fields) - set(EDITABLE_FLOW_FIELDS))
        if unknown:
            raise ValueError(f"a flow's {', '.join(unknown)} cannot be set this way")
        flow = self.flow(scenario_id, flow_id)
        # Checked (and normalised: "straight" becomes FlowStyle.STRAIGHT) before any command is pushed: a command
        # that failed in redo would stay on the stack and break undo.
        checked = Flow.model_validate({**flow.model_dump(), **fields})
        after = {name: getattr(checked, name) for name in fields if getattr(flow, name) != getattr(checked, name)}
        if not after:
            return False
        before = {name: getattr(flow, name) for name in after}
        text = "Change flow " + ", ".join(_FIELD_NAMES[name] for name in after)
        self.undo_stack.push(
            SetFlowFieldsCommand(self._controller_self(), scenario_id, flow_id, before, after, text, merge=merge)
        )
        return True

    def reconnect_problem(
        self, scenario_id: str, flow_id: str, *, source: str | None = None, target: str | None = None
    ) -> str | None:
        """Why a flow cannot be given these ends (a sentence for the user), or None when it can."""
        scenario = self.scenario(scenario_id)
        flow = self.flow(scenario_id, flow_id)
        source = flow.source if source is None else source
        target = flow.target if target is None else target
        if scenario.step(source) is None or scenario.step(target) is None:
            return "A flow can only join steps of its own scenario."
        if source == target:
            return "A flow cannot lead from a step to itself."
        if any(f.id != flow_id and f.source == source and f.target == target for f in scenario.flows):
            return "These two steps are already joined by a flow in that direction."
        return None

    def reconnect_flow(
        self, scenario_id: str, flow_id: str, *, source: str | None = None, target: str | None = None
    ) -> bool:
        """Move one or both ends of a flow to other steps, as one undo step. Refused (False, nothing pushed) when
        it would join a step to itself, repeat another flow, or change nothing."""
        flow = self.flow(scenario_id, flow_id)
        ends = {
            "source": flow.source if source is None else source,
            "target": flow.target if target is None else target,
        }
        if (ends["source"], ends["target"]) == (flow.source, flow.target):
            return False
        if self.reconnect_problem(scenario_id, flow_id, source=ends["source"], target=ends["target"]) is not None:
            return False
        before: dict[str, object] = {"source": flow.source, "target": flow.target}
        self.undo_stack.push(
            SetFlowFieldsCommand(self._controller_self(), scenario_id, flow_id, before, dict(ends), "Reconnect flow")
        )
        return True

    def reverse_flow(self, scenario_id: str, flow_id: str) -> bool:
        """Turn a flow around; refused (False) when a flow already leads the other way."""
        flow = self.flow(scenario_id, flow_id)
        ends = {"source": flow.target, "target": flow.source}
        if self.reconnect_problem(scenario_id, flow_id, **ends) is not None:
            return False
        before: dict[str, object] = {"source": flow.source, "target": flow.target}
        self.undo_stack.push(
            SetFlowFieldsCommand(self._controller_self(), scenario_id, flow_id, before, dict(ends), "Reverse flow")
        )
        return True
