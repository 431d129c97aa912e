"""Undoable edits of a scenario's lanes and phases: resize, rename, collapse, add, remove and reorder.

A structural change moves many things at once (a phase that moves takes its steps along; a removed lane takes its
cards and their flows). So each command keeps the change of the scenario's layout, worked out by
``model.structure`` (a ``LayoutChange``: what it replaces, removes or brings), and puts the whole layout in place
through one controller primitive, so that undo gives back exactly what was there; on the signal the scene redraws
its lanes and phases and moves only the cards whose place changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from blueprint_editor.editing.commands import ControllerCommand
from blueprint_editor.model import Scenario
from blueprint_editor.model.structure import (
    Layout,
    LayoutChange,
    StructureError,
    cards_in_lane,
    lane_move_target,
    new_custom_lane,
    new_phase,
    with_lane_fields,
    with_lane_height,
    with_lane_inserted,
    with_lane_moved,
    with_lane_removed,
    with_phase_inserted,
    with_phase_moved,
    with_phase_name,
    with_phase_removed,
    with_phase_width,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from blueprint_editor.editing.controller import DocumentController

__all__ = ["LayoutCommand", "StructureError", "StructureVerbs"]


class LayoutCommand(ControllerCommand):
    """Swap a scenario's lanes, phases, steps and flows between how they were and how they are after a change."""

    def __init__(
        self, controller: DocumentController, scenario_id: str, after: Layout, text: str, before: Layout | None = None
    ) -> None:
        """``before`` is the scenario's layout now, when the caller has already taken it."""
        super().__init__(controller, text)
        self._scenario_id = scenario_id
        self._change = LayoutChange.between(
            before if before is not None else Layout.of(controller.scenario(scenario_id)), after
        )

    def redo(self) -> None:
        self._apply(done=True)

    def undo(self) -> None:
        self._apply(done=False)

    def _apply(self, *, done: bool) -> None:
        controller = self._controller
        layout = self._change.layout(controller.scenario(self._scenario_id), done=done)
        controller.apply_layout(self._scenario_id, layout)


class StructureVerbs:
    """The lane and phase verbs of DocumentController (a mixin, to keep the controller's own file small).

    Every verb checks its values first and raises StructureError with a message for the user when the change
    cannot be made; a change that would leave everything as it is pushes nothing and returns False.
    """

    if TYPE_CHECKING:
        undo_stack: QUndoStack

        def scenario(self, scenario_id: str) -> Scenario: ...

    def _push_layout(self, scenario_id: str, after: Layout, text: str) -> bool:
        before = Layout.of(self.scenario(scenario_id))  # the scenario's own objects: the command keeps what changes
        if after == before:
            return False
        self.undo_stack.push(LayoutCommand(self, scenario_id, after, text, before))  # type: ignore[arg-type]
        return True

    def _lane_title(self, scenario_id: str, lane_id: str) -> str:
        lane = self.scenario(scenario_id).lane(lane_id)
        if lane is None:
            raise StructureError(f"There is no lane '{lane_id}' in this scenario.")
        return lane.title

    def _phase_name(self, scenario_id: str, phase_id: str) -> str:
        phase = next((p for p in self.scenario(scenario_id).phases if p.id == phase_id), None)
        if phase is None:
            raise StructureError(f"There is no phase '{phase_id}' in this scenario.")
        return phase.name

    # Lanes

    def resize_lane(
        self, scenario_id: str, lane_id: str, height: float, card_heights: Mapping[str, float] | None = None
    ) -> bool:
        """Make a lane ``height`` tall (at least one card); cards that would stick out move up inside it."""
        after = with_lane_height(self.scenario(scenario_id), lane_id, height, card_heights)
        return self._push_layout(scenario_id, after, f"Resize lane {self._lane_title(scenario_id, lane_id)}")

    def rename_lane(self, scenario_id: str, lane_id: str, title: str) -> bool:
        """Give a lane another title (plain text, one line)."""
        before = self._lane_title(scenario_id, lane_id)
        after = with_lane_fields(self.scenario(scenario_id), lane_id, title=title)
        return self._push_layout(scenario_id, after, f"Rename lane {before}")

    def set_lane_collapsed(self, scenario_id: str, lane_id: str, collapsed: bool) -> bool:
        """Fold a lane to a thin strip (its cards hidden) or open it again."""
        after = with_lane_fields(self.scenario(scenario_id), lane_id, collapsed=collapsed)
        verb = "Collapse" if collapsed else "Expand"
        return self._push_layout(scenario_id, after, f"{verb} lane {self._lane_title(scenario_id, lane_id)}")

    def add_custom_lane(self, scenario_id: str, index: int, title: str = "") -> str:
        """Add a lane of the user's own at ``index`` among the lanes; returns its id."""
        scenario = self.scenario(scenario_id)
        lane = new_custom_lane(scenario, title) if title.strip() else new_custom_lane(scenario)
        self._push_layout(scenario_id, with_lane_inserted(scenario, index, lane), f"Add lane {lane.title}")
        return lane.id

    def remove_lane(self, scenario_id: str, lane_id: str) -> bool:
        """Remove a lane of the user's own with its cards and their flows (standard lanes stay)."""
        title = self._lane_title(scenario_id, lane_id)
        scenario = self.scenario(scenario_id)
        cards = cards_in_lane(scenario, lane_id)
        text = f"Remove lane {title}" + (f" and its {cards} card{'s' if cards != 1 else ''}" if cards else "")
        return self._push_layout(scenario_id, with_lane_removed(scenario, lane_id), text)

    def move_lane(self, scenario_id: str, lane_id: str, offset: int) -> bool:
        """Move a lane of the user's own ``offset`` places up (negative) or down; False when it cannot go."""
        scenario = self.scenario(scenario_id)
        target = lane_move_target(scenario, lane_id, offset)
        if target is None:
            return False
        text = f"Move lane {self._lane_title(scenario_id, lane_id)} {'up' if offset < 0 else 'down'}"
        return self._push_layout(scenario_id, with_lane_moved(scenario, lane_id, target), text)

    # Phases

    def add_phase(self, scenario_id: str, index: int | None = None, name: str = "") -> str:
        """Add a phase at ``index`` (at the end by default); the phases after it move right. Returns its id."""
        scenario = self.scenario(scenario_id)
        phase = new_phase(scenario, name)
        where = len(scenario.phases) if index is None else index
        self._push_layout(scenario_id, with_phase_inserted(scenario, where, phase), f"Add phase {phase.name}")
        return phase.id

    def rename_phase(self, scenario_id: str, phase_id: str, name: str) -> bool:
        before = self._phase_name(scenario_id, phase_id)
        after = with_phase_name(self.scenario(scenario_id), phase_id, name)
        return self._push_layout(scenario_id, after, f"Rename phase {before}")

    def resize_phase(self, scenario_id: str, phase_id: str, width: float) -> bool:
        """Make a phase ``width`` wide; later phases move with their steps, its own steps stay inside it."""
        after = with_phase_width(self.scenario(scenario_id), phase_id, width)
        return self._push_layout(scenario_id, after, f"Resize phase {self._phase_name(scenario_id, phase_id)}")

    def remove_phase(self, scenario_id: str, phase_id: str, *, keep_steps: bool) -> bool:
        """Delete a phase; its steps join the neighbouring phase (``keep_steps``) or go with their flows."""
        name = self._phase_name(scenario_id, phase_id)
        after = with_phase_removed(self.scenario(scenario_id), phase_id, keep_steps=keep_steps)
        return self._push_layout(scenario_id, after, f"Delete phase {name}")

    def move_phase(self, scenario_id: str, phase_id: str, index: int) -> bool:
        """Put a phase at ``index`` among the phases; every step moves with its phase."""
        name = self._phase_name(scenario_id, phase_id)
        after = with_phase_moved(self.scenario(scenario_id), phase_id, index)
        return self._push_layout(scenario_id, after, f"Move phase {name}")
