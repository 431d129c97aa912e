"""DocumentController owns the open document and its undo stack, and announces every change.

Views subscribe to its signals; they never change the model themselves. The ``apply_*`` methods are the
primitives the commands call; everything else in the app asks for a change through the public verbs below,
which push a command.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from blueprint_editor.editing.arrange import ArrangeVerbs
from blueprint_editor.editing.commands import (
    AddFlowCommand,
    AddScenarioCommand,
    AddStepCommand,
    DeleteItemsCommand,
    EditStepLabelCommand,
    InsertLaneCommand,
    MoveScenarioCommand,
    MoveStepsCommand,
    RemoveLaneCommand,
    RemoveScenarioCommand,
    RenameScenarioCommand,
    SetStepFieldsCommand,
)
from blueprint_editor.editing.flow_commands import FlowVerbs
from blueprint_editor.editing.item_commands import ItemVerbs, added_step_id
from blueprint_editor.editing.structure import StructureVerbs
from blueprint_editor.model import Document, Flow, Lane, LaneKind, Phase, Scenario, Step, StepPlace
from blueprint_editor.model.document import blank_scenario, next_id
from blueprint_editor.model.structure import Layout

ModelT = TypeVar("ModelT", Lane, Phase, Step, Flow)


class DocumentController(ArrangeVerbs, StructureVerbs, ItemVerbs, FlowVerbs, QObject):
    """The open document, the undo stack, and change signals (scenario id, item id)."""

    document_replaced = Signal()
    step_added = Signal(str, str)
    step_removed = Signal(str, str)
    step_changed = Signal(str, str)
    flow_added = Signal(str, str)
    flow_removed = Signal(str, str)
    flow_changed = Signal(str, str)  # its label, style, arrowheads or ends
    scenarios_changed = Signal()  # added, removed, renamed or reordered
    lanes_changed = Signal(str)  # scenario id: its lanes or phases changed (added, removed, resized, reordered)
    # Around each push, undo and redo: a view may gather the many changes of one command and settle them once
    # (the scene routes each affected arrow once, not once per moved card).
    changes_began = Signal()
    changes_ended = Signal()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.undo_stack: QUndoStack = _AnnouncingUndoStack(self)

    @property
    def document(self) -> Document:
        return self._document

    def replace_document(self, document: Document) -> None:
        """Show another document (New, Open): the undo history starts afresh."""
        self.undo_stack.clear()
        self._document = document
        self.undo_stack.setClean()
        self.document_replaced.emit()

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id; a KeyError means a caller holds a stale id."""
        scenario = self._document.scenario(scenario_id)
        if scenario is None:
            raise KeyError(f"no scenario {scenario_id!r}")
        return scenario

    def step(self, scenario_id: str, step_id: str) -> Step:
        """The step with this id."""
        step = self.scenario(scenario_id).step(step_id)
        if step is None:
            raise KeyError(f"no step {step_id!r} in scenario {scenario_id!r}")
        return step

    def new_item_id(self, scenario_id: str, prefix: str) -> str:
        """An id for a new step or flow, unused in the scenario."""
        scenario = self.scenario(scenario_id)
        taken = {s.id for s in scenario.steps} | {f.id for f in scenario.flows}
        return next_id(prefix, taken)

    # Verbs: each pushes one undoable command.

    def add_step(self, scenario_id: str, lane_id: str, x: float, y: float, label: str = "") -> str:
        """Add a step to a lane; returns its id."""

        step = Step(id=self.new_item_id(scenario_id, "s"), lane=lane_id, x=x, y=y, label=label)
        self.undo_stack.push(AddStepCommand(self, scenario_id, step))
        return step.id

    def abandon_new_step(self, scenario_id: str, step_id: str) -> bool:
        """Take back a step just added and left empty (its first edit was cancelled), leaving no history."""
        stack = self.undo_stack
        last = stack.command(stack.index() - 1) if stack.index() > 0 else None
        step = self.scenario(scenario_id).step(step_id)
        # A step added on its own, or with its flow as the next one of a chain (Tab), perhaps in a macro.
        if last is None or added_step_id(last) != step_id or step is None or step.label:
            return False
        last.undo()
        # The stack does not undo an obsolete command, it only drops it: so undo first, then drop.
        last.setObsolete(True)
        stack.undo()
        return True

    def move_steps(self, scenario_id: str, places: dict[str, StepPlace]) -> None:
        """Move steps (possibly into other lanes) as one undo step; unchanged ones are left out."""

        moves = {}
        for step_id, after in places.items():
            step = self.step(scenario_id, step_id)
            before = StepPlace(step.lane, step.x, step.y)
            if before != after:
                moves[step_id] = (before, after)
        if moves:
            self.undo_stack.push(MoveStepsCommand(self, scenario_id, moves))

    def set_step_label(self, scenario_id: str, step_id: str, label: str) -> None:
        """Change a step's text."""

        step = self.step(scenario_id, step_id)
        _check_step(step, {"label": label})
        before = step.label
        if label != before:
            self.undo_stack.push(EditStepLabelCommand(self, scenario_id, step_id, before, label))

    def set_step_fields(self, scenario_id: str, step_id: str, *, merge: bool = False, **fields: object) -> None:
        """Change any fields of a step; with ``merge``, successive changes of the same fields are one undo step."""
        step = self.step(scenario_id, step_id)
        _check_step(step, fields)
        before = {name: getattr(step, name) for name in fields}
        after = {name: value for name, value in fields.items() if before[name] != value}
        if after:
            before = {name: before[name] for name in after}
            self.undo_stack.push(SetStepFieldsCommand(self, scenario_id, step_id, before, after, merge=merge))

    def add_scenario(self, name: str, *, copy_of: str | None = None) -> str:
        """Add a scenario after the others: blank, or a copy of ``copy_of``; returns its id."""
        taken = {s.id for s in self._document.scenarios}
        scenario_id = next_id("scenario", taken)
        if copy_of is not None:
            scenario = self.scenario(copy_of).model_copy(deep=True, update={"id": scenario_id, "name": name})
            index = next(i for i, s in enumerate(self._document.scenarios) if s.id == copy_of) + 1
            text = "Duplicate scenario"
        else:
            scenario = blank_scenario(scenario_id, name)
            index = len(self._document.scenarios)
            text = "Add scenario"
        self.undo_stack.push(AddScenarioCommand(self, index, scenario, text))
        return scenario_id

    def remove_scenario(self, scenario_id: str) -> bool:
        """Delete a scenario; False (and nothing done) for the last one, since a document has at least one."""
        if len(self._document.scenarios) <= 1:
            return False
        self.undo_stack.push(RemoveScenarioCommand(self, scenario_id))
        return True

    def rename_scenario(self, scenario_id: str, name: str) -> None:
        before = self.scenario(scenario_id).name
        name = name.strip()
        if name and name != before:
            self.undo_stack.push(RenameScenarioCommand(self, scenario_id, before, name))

    def move_scenario(self, scenario_id: str, index: int) -> None:
        """Put a scenario at another position in the list (its tab moves with it)."""
        before = next(i for i, s in enumerate(self._document.scenarios) if s.id == scenario_id)
        index = min(max(index, 0), len(self._document.scenarios) - 1)
        if index != before:
            self.undo_stack.push(MoveScenarioCommand(self, scenario_id, before, index))

    def has_emotion_curve(self, scenario_id: str) -> bool:
        return self.scenario(scenario_id).lane_of_kind(LaneKind.EMOTION) is not None

    def set_emotion_curve(self, scenario_id: str, on: bool) -> None:
        """Show or hide the emotion curve: a lane of its own just above Customer actions."""
        scenario = self.scenario(scenario_id)
        lane = scenario.lane_of_kind(LaneKind.EMOTION)
        if on and lane is None:
            taken = {existing.id for existing in scenario.lanes}
            new = Lane(id="emotion" if "emotion" not in taken else next_id("emotion", taken),
                       kind=LaneKind.EMOTION, title="Customer emotion", height=110)  # fmt: skip
            customer = next((i for i, x in enumerate(scenario.lanes) if x.kind == LaneKind.CUSTOMER), 0)
            self.undo_stack.push(InsertLaneCommand(self, scenario_id, customer, new, "Show emotion curve"))
        elif not on and lane is not None:
            self.undo_stack.push(RemoveLaneCommand(self, scenario_id, lane.id, "Hide emotion curve"))

    def connect_steps(self, scenario_id: str, source: str, target: str) -> str | None:
        """Add a flow from one step to another; None when it would join a step to itself or repeat a flow."""

        scenario = self.scenario(scenario_id)
        if source == target or scenario.step(source) is None or scenario.step(target) is None:
            return None
        if any(f.source == source and f.target == target for f in scenario.flows):
            return None
        flow = Flow(id=self.new_item_id(scenario_id, "l"), source=source, target=target)
        self.undo_stack.push(AddFlowCommand(self, scenario_id, flow))
        return flow.id

    def delete_items(self, scenario_id: str, step_ids: set[str], flow_ids: set[str]) -> None:
        """Delete steps with all their flows, and the given flows, as one undo step."""

        scenario = self.scenario(scenario_id)
        step_ids = {s.id for s in scenario.steps if s.id in step_ids}
        flow_ids = {f.id for f in scenario.flows if f.id in flow_ids}
        if step_ids or flow_ids:
            self.undo_stack.push(DeleteItemsCommand(self, scenario_id, step_ids, flow_ids))

    # Primitives for commands: change the model and announce it, nothing else.

    def apply_insert_step(self, scenario_id: str, index: int, step: Step) -> None:
        self.scenario(scenario_id).steps.insert(index, step.model_copy())
        self.step_added.emit(scenario_id, step.id)

    def apply_remove_step(self, scenario_id: str, step_id: str) -> tuple[int, Step]:
        steps = self.scenario(scenario_id).steps
        index = next(i for i, s in enumerate(steps) if s.id == step_id)
        step = steps.pop(index)
        self.step_removed.emit(scenario_id, step_id)
        return index, step

    def apply_step_fields(self, scenario_id: str, step_id: str, **fields: object) -> None:
        if _set_fields(self.step(scenario_id, step_id), fields):
            self.step_changed.emit(scenario_id, step_id)

    def apply_insert_scenario(self, index: int, scenario: Scenario) -> None:
        self._document.scenarios.insert(index, scenario.model_copy(deep=True))
        self.scenarios_changed.emit()

    def apply_remove_scenario(self, scenario_id: str) -> None:
        self._document.scenarios = [s for s in self._document.scenarios if s.id != scenario_id]
        self.scenarios_changed.emit()

    def apply_scenario_name(self, scenario_id: str, name: str) -> None:
        self.scenario(scenario_id).name = name
        self.scenarios_changed.emit()

    def apply_move_scenario(self, scenario_id: str, index: int) -> None:
        scenarios = self._document.scenarios
        scenario = scenarios.pop(next(i for i, s in enumerate(scenarios) if s.id == scenario_id))
        scenarios.insert(index, scenario)
        self.scenarios_changed.emit()

    def apply_insert_lane(self, scenario_id: str, index: int, lane: Lane) -> None:
        self.scenario(scenario_id).lanes.insert(index, lane.model_copy())
        self.lanes_changed.emit(scenario_id)

    def apply_layout(self, scenario_id: str, layout: Layout) -> None:
        """Put a whole layout (lanes, phases, steps, flows) in place at once: structure edits move many things.

        The scenario takes copies of the layout's objects, which the fields primitives may then change in place; an
        object the scenario holds already stays as it is, uncopied (a lane edit leaves thousands of steps alone)."""
        scenario = self.scenario(scenario_id)
        scenario.lanes = _owned(scenario.lanes, layout.lanes, Lane.model_copy)
        scenario.phases = _owned(scenario.phases, layout.phases, Phase.model_copy)
        scenario.steps = _owned(scenario.steps, layout.steps, Step.snapshot)
        scenario.flows = _owned(scenario.flows, layout.flows, Flow.model_copy)
        self.lanes_changed.emit(scenario_id)

    def apply_remove_lane(self, scenario_id: str, lane_id: str) -> None:
        scenario = self.scenario(scenario_id)
        scenario.lanes = [lane for lane in scenario.lanes if lane.id != lane_id]
        self.lanes_changed.emit(scenario_id)

    def apply_insert_flow(self, scenario_id: str, index: int, flow: Flow) -> None:
        self.scenario(scenario_id).flows.insert(index, flow.model_copy())
        self.flow_added.emit(scenario_id, flow.id)

    def apply_remove_flow(self, scenario_id: str, flow_id: str) -> tuple[int, Flow]:
        flows = self.scenario(scenario_id).flows
        index = next(i for i, f in enumerate(flows) if f.id == flow_id)
        flow = flows.pop(index)
        self.flow_removed.emit(scenario_id, flow_id)
        return index, flow

    def apply_flow_fields(self, scenario_id: str, flow_id: str, **fields: object) -> None:
        if _set_fields(self.flow(scenario_id, flow_id), fields):
            self.flow_changed.emit(scenario_id, flow_id)


def _owned(held: Sequence[ModelT], wanted: Sequence[ModelT], copy: Callable[[ModelT], ModelT]) -> list[ModelT]:
    """``wanted`` as a new list for the model: the objects of ``held`` as they are, copies of the others."""
    held_ids = {id(item) for item in held}
    return [item if id(item) in held_ids else copy(item) for item in wanted]


def _set_fields(item: Step | Flow, fields: dict[str, object]) -> bool:
    """Set the fields whose values differ; whether any did. Only a real change is announced by the callers, so a
    view that echoes a value back cannot start a loop."""
    changed = False
    for name, value in fields.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    return changed


def _check_step(step: Step, fields: dict[str, object]) -> None:
    """Refuse (with pydantic's ValidationError) values the model cannot hold, before any command is pushed:
    a command that fails in redo would stay on the stack and break undo."""
    Step.model_validate({**step.model_dump(), **fields})


class _AnnouncingUndoStack(QUndoStack):
    """The undo stack, telling its controller's views when a command's changes begin and end.

    It holds its controller weakly, as the commands do: the controller owns the stack, and a strong reference back
    would make a cycle that the garbage collector frees in an order PySide6 does not survive.
    """

    def __init__(self, controller: DocumentController) -> None:
        super().__init__(controller)
        self._controller_ref = weakref.ref(controller)

    @contextmanager
    def _announced(self) -> Iterator[None]:
        controller = self._controller_ref()
        if controller is not None:
            controller.changes_began.emit()
        try:
            yield
        finally:
            if controller is not None:
                controller.changes_ended.emit()

    def push(self, cmd: QUndoCommand) -> None:
        with self._announced():
            super().push(cmd)

    def undo(self) -> None:
        with self._announced():
            super().undo()

    def redo(self) -> None:
        with self._announced():
            super().redo()
