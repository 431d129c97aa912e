"""Commands for the keyboard and the clipboard: add a group of steps with their flows, and nudge steps.

Like every command they hold ids and before/after values and change the model only through the controller's
primitives; Qt runs ``redo()`` when one is pushed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from blueprint_editor.editing.commands import AddStepCommand, ControllerCommand, DeleteItemsCommand, MoveStepsCommand
from blueprint_editor.model import Flow, Scenario, Step, StepPlace
from blueprint_editor.model.document import next_id
from blueprint_editor.model.geometry import CARD_WIDTH, phase_columns
from blueprint_editor.model.placement import STEP_GAP, next_free_x, nudged_places

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from blueprint_editor.editing.controller import DocumentController


def steps_noun(count: int) -> str:
    """The noun for undo texts and messages: step, or 3 steps."""
    return "step" if count == 1 else f"{count} steps"


def check_new_items(scenario: Scenario, steps: list[Step], flows: list[Flow]) -> None:
    """Refuse (ValueError) steps and flows that the scenario could not hold, before any command is pushed.

    Ids must be new and unique, steps must go into lanes that take cards, flows must join known steps, and every
    value must be one a file could hold.
    """
    ids = [s.id for s in steps] + [f.id for f in flows]
    taken = {s.id for s in scenario.steps} | {f.id for f in scenario.flows}
    if len(set(ids)) != len(ids) or taken.intersection(ids):
        raise ValueError("new steps and flows need ids of their own")
    lanes = {lane.id for lane in scenario.lanes if lane.kind.holds_steps}
    if any(s.lane not in lanes for s in steps):
        raise ValueError("a new step is in a lane that takes no steps")
    known = {s.id for s in scenario.steps} | {s.id for s in steps}
    if any(f.source not in known or f.target not in known for f in flows):
        raise ValueError("a new flow leads to a step that is not there")
    for step in steps:
        Step.model_validate(step.model_dump())
    for flow in flows:
        Flow.model_validate(flow.model_dump())


def added_step_id(command: QUndoCommand | None) -> str:
    """The one new step that a command added (also as the last part of a macro), or "" when it added no single
    step: an empty new step whose first edit is cancelled is taken back with its command."""
    if command is not None and command.childCount() > 0:
        command = command.child(command.childCount() - 1)
    return command.step_id if isinstance(command, AddStepCommand | AddItemsCommand) else ""


class AddItemsCommand(ControllerCommand):
    """Add steps and flows together (a paste, a duplicate, the next step of a chain): one undo step."""

    def __init__(
        self, controller: DocumentController, scenario_id: str, steps: list[Step], flows: list[Flow], text: str
    ) -> None:
        super().__init__(controller, text)
        self._scenario_id = scenario_id
        self._steps = [s.model_copy() for s in steps]
        self._flows = [f.model_copy() for f in flows]
        scenario = controller.scenario(scenario_id)
        self._step_index = len(scenario.steps)
        self._flow_index = len(scenario.flows)

    @property
    def step_id(self) -> str:
        """The new step when the command adds exactly one (so an empty one can be taken back), else ""."""
        return self._steps[0].id if len(self._steps) == 1 else ""

    def redo(self) -> None:
        # Steps before flows, so that no view ever sees a flow whose card is not there yet.
        for offset, step in enumerate(self._steps):
            self._controller.apply_insert_step(self._scenario_id, self._step_index + offset, step)
        for offset, flow in enumerate(self._flows):
            self._controller.apply_insert_flow(self._scenario_id, self._flow_index + offset, flow)

    def undo(self) -> None:
        for flow in reversed(self._flows):
            self._controller.apply_remove_flow(self._scenario_id, flow.id)
        for step in reversed(self._steps):
            self._controller.apply_remove_step(self._scenario_id, step.id)


class NudgeStepsCommand(MoveStepsCommand):
    """Steps moved by the arrow keys. Nudges of the same steps merge, so a run of key presses is one undo step."""

    MERGE_ID = 0x4E0D

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str,
        moves: dict[str, tuple[StepPlace, StepPlace]],
    ) -> None:
        super().__init__(controller, scenario_id, moves)
        self.setText(f"Nudge {steps_noun(len(moves))}")

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, NudgeStepsCommand)
            and other._scenario_id == self._scenario_id
            and other._moves.keys() == self._moves.keys()
        ):
            return False
        self._moves = {step_id: (before, other._moves[step_id][1]) for step_id, (before, _) in self._moves.items()}
        # Nudged there and back again leaves nothing to undo.
        self.setObsolete(all(before == after for before, after in self._moves.values()))
        return True


class ItemVerbs:
    """The clipboard and keyboard verbs of DocumentController (a mixin, to keep the controller's own file small).

    Each checks its values before it pushes one undoable command, so a refused change leaves no trace.
    """

    if TYPE_CHECKING:
        undo_stack: QUndoStack

        def scenario(self, scenario_id: str) -> Scenario: ...

        def step(self, scenario_id: str, step_id: str) -> Step: ...

        def resize_phase(self, scenario_id: str, phase_id: str, width: float) -> bool: ...

    def _as_controller(self) -> DocumentController:
        return self  # type: ignore[return-value]

    def add_items(self, scenario_id: str, steps: list[Step], flows: list[Flow], text: str) -> list[str]:
        """Add steps and the flows between them as one undo step (paste, duplicate); returns the steps' ids.

        Raises ValueError, and pushes nothing, when the scenario could not hold them.
        """
        check_new_items(self.scenario(scenario_id), steps, flows)
        if steps or flows:
            self.undo_stack.push(AddItemsCommand(self._as_controller(), scenario_id, steps, flows, text))
        return [s.id for s in steps]

    def nudge_steps(
        self,
        scenario_id: str,
        step_ids: Collection[str],
        dx: float,
        dy: float,
        heights: Mapping[str, float] | None = None,
    ) -> bool:
        """Move steps by (dx, dy) within their lanes; successive nudges of the same steps are one undo step.

        ``heights`` are the cards' drawn heights, which keep a tall card from being nudged out of its lane.
        False, and nothing pushed, when nothing can move that way.
        """
        scenario = self.scenario(scenario_id)
        places = nudged_places(scenario, step_ids, dx, dy, heights)
        moves = {}
        for step_id, after in places.items():
            step = self.step(scenario_id, step_id)
            moves[step_id] = (StepPlace(step.lane, step.x, step.y), after)
        if all(before == after for before, after in moves.values()):
            return False
        self.undo_stack.push(NudgeStepsCommand(self._as_controller(), scenario_id, moves))
        return True

    def add_next_step(
        self,
        scenario_id: str,
        step_id: str,
        *,
        before: bool = False,
        label: str = "",
        heights: Mapping[str, float] | None = None,
    ) -> str | None:
        """Add a step beside ``step_id`` in its lane, at the next free place to its right (or left, ``before``),
        with a flow from the old step to the new one (or from the new one to the old): one undo step.

        A chain that runs past the last phase widens that phase in the same undo step, so that the new card
        stays on the blueprint. Returns the new step's id, or None when there is no room on that side.
        """
        scenario = self.scenario(scenario_id)
        anchor = self.step(scenario_id, step_id)
        offset = CARD_WIDTH + STEP_GAP
        x = next_free_x(
            scenario, anchor.lane, anchor.x - offset if before else anchor.x + offset, anchor.y,
            leftwards=before, heights=heights,
        )  # fmt: skip
        if x is None:
            return None
        taken = {s.id for s in scenario.steps} | {f.id for f in scenario.flows}
        new = Step(id=next_id("s", taken), lane=anchor.lane, x=x, y=anchor.y, label=label)
        source, target = (new.id, anchor.id) if before else (anchor.id, new.id)
        flow = Flow(id=next_id("l", taken | {new.id}), source=source, target=target)
        text = "Add step before" if before else "Add next step"
        check_new_items(scenario, [new], [flow])
        columns = phase_columns(scenario)
        last = columns[-1] if columns else None
        right = x + CARD_WIDTH + STEP_GAP / 2
        if last is None or right <= last.right or anchor.x + CARD_WIDTH / 2 >= last.right:
            self.add_items(scenario_id, [new], [flow], text)
            return new.id
        self.undo_stack.beginMacro(text)
        try:
            self.resize_phase(scenario_id, last.phase.id, right - last.left)
            self.add_items(scenario_id, [new], [flow], text)
        finally:
            self.undo_stack.endMacro()
        return new.id

    def cut_items(self, scenario_id: str, step_ids: Collection[str]) -> None:
        """Remove steps with all their flows as one undo step named "Cut" (the clipboard holds their copy)."""
        scenario = self.scenario(scenario_id)
        chosen = {s.id for s in scenario.steps if s.id in step_ids}
        if chosen:
            command = DeleteItemsCommand(self._as_controller(), scenario_id, chosen, set())
            command.setText(f"Cut {steps_noun(len(chosen))}")
            self.undo_stack.push(command)
