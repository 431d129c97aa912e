"""Undoable commands. Each stores ids and before/after values and calls the controller's primitives.

Qt calls ``redo()`` when a command is pushed, so callers never apply the change themselves.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from blueprint_editor.model import Flow, Lane, Scenario, Step, StepPlace

if TYPE_CHECKING:
    from blueprint_editor.editing.controller import DocumentController


class ControllerCommand(QUndoCommand):
    """A command that reaches the controller through a weak reference.

    The controller owns the undo stack, which owns the commands: a strong reference back would make a cycle that
    Python's garbage collector frees in an order PySide6 does not survive (a crash seen with 6.11.3).
    """

    def __init__(self, controller: DocumentController, text: str) -> None:
        super().__init__(text)
        self._controller_ref = weakref.ref(controller)

    @property
    def _controller(self) -> DocumentController:
        controller = self._controller_ref()
        if controller is None:
            raise RuntimeError("the document this command belongs to is gone")
        return controller


class AddStepCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str, step: Step) -> None:
        super().__init__(controller, "Add step")
        self._scenario_id = scenario_id
        self._step = step.model_copy()
        self._index = len(controller.scenario(scenario_id).steps)

    @property
    def step_id(self) -> str:
        return self._step.id

    def redo(self) -> None:
        self._controller.apply_insert_step(self._scenario_id, self._index, self._step)

    def undo(self) -> None:
        self._controller.apply_remove_step(self._scenario_id, self._step.id)


class MoveStepsCommand(ControllerCommand):
    """A drag of one or many steps, lanes included: one undo step however far they went."""

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str,
        moves: dict[str, tuple[StepPlace, StepPlace]],
    ) -> None:
        super().__init__(controller, _move_text(controller, scenario_id, moves))
        self._scenario_id = scenario_id
        self._moves = dict(moves)

    def redo(self) -> None:
        for step_id, (_, after) in self._moves.items():
            self._controller.apply_step_fields(self._scenario_id, step_id, **after._asdict())

    def undo(self) -> None:
        for step_id, (before, _) in self._moves.items():
            self._controller.apply_step_fields(self._scenario_id, step_id, **before._asdict())


def _move_text(controller: DocumentController, scenario_id: str, moves: dict[str, tuple[StepPlace, StepPlace]]) -> str:
    lanes = {after.lane for before, after in moves.values() if before.lane != after.lane}
    noun = "step" if len(moves) == 1 else f"{len(moves)} steps"
    if len(lanes) == 1:
        lane = controller.scenario(scenario_id).lane(lanes.pop())
        if lane is not None:
            return f"Move {noun} to {lane.title}"
    return f"Move {noun}"


class EditStepLabelCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str, step_id: str, before: str, after: str) -> None:
        super().__init__(controller, "Edit step text")
        self._scenario_id = scenario_id
        self._step_id = step_id
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._controller.apply_step_fields(self._scenario_id, self._step_id, label=self._after)

    def undo(self) -> None:
        self._controller.apply_step_fields(self._scenario_id, self._step_id, label=self._before)


class AddFlowCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str, flow: Flow) -> None:
        super().__init__(controller, "Connect steps")
        self._scenario_id = scenario_id
        self._flow = flow.model_copy()
        self._index = len(controller.scenario(scenario_id).flows)

    def redo(self) -> None:
        self._controller.apply_insert_flow(self._scenario_id, self._index, self._flow)

    def undo(self) -> None:
        self._controller.apply_remove_flow(self._scenario_id, self._flow.id)


class DeleteItemsCommand(ControllerCommand):
    """Delete steps together with every flow touching them, plus any flows chosen on their own."""

    def __init__(
        self, controller: DocumentController, scenario_id: str, step_ids: set[str], flow_ids: set[str]
    ) -> None:
        scenario = controller.scenario(scenario_id)
        self._steps = [(i, s.model_copy()) for i, s in enumerate(scenario.steps) if s.id in step_ids]
        doomed_flows = {f.id for f in scenario.flows_touching(step_ids)} | set(flow_ids)
        self._flows = [(i, f.model_copy()) for i, f in enumerate(scenario.flows) if f.id in doomed_flows]
        parts = []
        if self._steps:
            parts.append("step" if len(self._steps) == 1 else f"{len(self._steps)} steps")
        if self._flows and not self._steps:
            parts.append("flow" if len(self._flows) == 1 else f"{len(self._flows)} flows")
        super().__init__(controller, "Delete " + " and ".join(parts))
        self._scenario_id = scenario_id

    def redo(self) -> None:
        # Flows first, so that no view ever sees a flow whose step has gone.
        for _, flow in reversed(self._flows):
            self._controller.apply_remove_flow(self._scenario_id, flow.id)
        for _, step in reversed(self._steps):
            self._controller.apply_remove_step(self._scenario_id, step.id)

    def undo(self) -> None:
        # Ascending indices put every item back exactly where it was.
        for index, step in self._steps:
            self._controller.apply_insert_step(self._scenario_id, index, step)
        for index, flow in self._flows:
            self._controller.apply_insert_flow(self._scenario_id, index, flow)


class SetFieldsCommand(ControllerCommand):
    """Change fields of one item of a scenario. With ``merge``, successive edits of the same fields of the same
    item are one undo step, so that typing a word is one undo step, not one per letter.

    Subclasses give the merge id and ``_apply``, the controller primitive that sets the fields.
    """

    MERGE_ID = -1

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str,
        item_id: str,
        before: dict[str, object],
        after: dict[str, object],
        text: str,
        *,
        merge: bool = False,
    ) -> None:
        super().__init__(controller, text)
        self._scenario_id = scenario_id
        self._item_id = item_id
        self._before = dict(before)
        self._after = dict(after)
        self._merge = merge

    def id(self) -> int:
        return self.MERGE_ID if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            type(other) is type(self)
            and isinstance(other, SetFieldsCommand)
            and other._merge
            and other._scenario_id == self._scenario_id
            and other._item_id == self._item_id
            and other._after.keys() == self._after.keys()
        ):
            return False
        self._after = dict(other._after)
        # Typing and deleting back to where it began leaves nothing to undo.
        self.setObsolete(self._after == self._before)
        return True

    def redo(self) -> None:
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)

    def _apply(self, fields: dict[str, object]) -> None:
        raise NotImplementedError


class SetStepFieldsCommand(SetFieldsCommand):
    """Change fields of one step (inspector edits), merging successive edits of the same field."""

    MERGE_ID = 0x5EED

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str,
        step_id: str,
        before: dict[str, object],
        after: dict[str, object],
        *,
        merge: bool = False,
    ) -> None:
        names = ", ".join(name.replace("_", " ") for name in after)
        super().__init__(controller, scenario_id, step_id, before, after, f"Change step {names}", merge=merge)

    def _apply(self, fields: dict[str, object]) -> None:
        self._controller.apply_step_fields(self._scenario_id, self._item_id, **fields)


class AddScenarioCommand(ControllerCommand):
    """Add a scenario (a new blank one, or a duplicate) at a position in the list."""

    def __init__(self, controller: DocumentController, index: int, scenario: Scenario, text: str) -> None:
        super().__init__(controller, text)
        self._index = index
        self._scenario = scenario.model_copy(deep=True)

    def redo(self) -> None:
        self._controller.apply_insert_scenario(self._index, self._scenario)

    def undo(self) -> None:
        self._controller.apply_remove_scenario(self._scenario.id)


class RemoveScenarioCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str) -> None:
        super().__init__(controller, "Delete scenario")
        scenarios = controller.document.scenarios
        self._index = next(i for i, s in enumerate(scenarios) if s.id == scenario_id)
        self._scenario = scenarios[self._index].model_copy(deep=True)

    def redo(self) -> None:
        self._controller.apply_remove_scenario(self._scenario.id)

    def undo(self) -> None:
        self._controller.apply_insert_scenario(self._index, self._scenario)


class RenameScenarioCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str, before: str, after: str) -> None:
        super().__init__(controller, "Rename scenario")
        self._scenario_id = scenario_id
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._controller.apply_scenario_name(self._scenario_id, self._after)

    def undo(self) -> None:
        self._controller.apply_scenario_name(self._scenario_id, self._before)


class MoveScenarioCommand(ControllerCommand):
    def __init__(self, controller: DocumentController, scenario_id: str, before: int, after: int) -> None:
        super().__init__(controller, "Reorder scenarios")
        self._scenario_id = scenario_id
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._controller.apply_move_scenario(self._scenario_id, self._after)

    def undo(self) -> None:
        self._controller.apply_move_scenario(self._scenario_id, self._before)


class InsertLaneCommand(ControllerCommand):
    """Add a lane (one that holds no steps, such as the emotion curve) at a position among the lanes."""

    def __init__(self, controller: DocumentController, scenario_id: str, index: int, lane: Lane, text: str) -> None:
        super().__init__(controller, text)
        self._scenario_id = scenario_id
        self._index = index
        self._lane = lane.model_copy()

    def redo(self) -> None:
        self._controller.apply_insert_lane(self._scenario_id, self._index, self._lane)

    def undo(self) -> None:
        self._controller.apply_remove_lane(self._scenario_id, self._lane.id)


class RemoveLaneCommand(ControllerCommand):
    """Take away a lane that holds no steps."""

    def __init__(self, controller: DocumentController, scenario_id: str, lane_id: str, text: str) -> None:
        super().__init__(controller, text)
        self._scenario_id = scenario_id
        lanes = controller.scenario(scenario_id).lanes
        self._index = next(i for i, lane in enumerate(lanes) if lane.id == lane_id)
        self._lane = lanes[self._index].model_copy()

    def redo(self) -> None:
        self._controller.apply_remove_lane(self._scenario_id, self._lane.id)

    def undo(self) -> None:
        self._controller.apply_insert_lane(self._scenario_id, self._index, self._lane)
