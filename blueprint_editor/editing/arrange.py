"""Undoable arranging of steps: align, distribute and Tidy, each one undo step named after what it did.

The places come from pure functions (``model.arrange``, ``analysis.layout``); this module checks them and pushes
the command. Tidy may also widen phases and heighten lanes; then the whole layout before and after is stored, as
for other structure edits, so that one undo gives back every size and place exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, TypeVar

from blueprint_editor.editing.commands import MoveStepsCommand
from blueprint_editor.editing.structure import LayoutCommand
from blueprint_editor.model import Lane, Phase, Scenario, Step, StepPlace
from blueprint_editor.model.arrange import (
    MIN_TO_ALIGN,
    MIN_TO_DISTRIBUTE,
    Alignment,
    Card,
    Distribution,
    align,
    distribute,
)
from blueprint_editor.model.document import MAX_COORDINATE
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT
from blueprint_editor.model.structure import Layout

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from blueprint_editor.analysis.layout import TidyResult
    from blueprint_editor.editing.controller import DocumentController

ALIGN_TEXT = {
    Alignment.LEFT: "Align left edges",
    Alignment.CENTRE: "Align centres",
    Alignment.RIGHT: "Align right edges",
    Alignment.TOP: "Align tops",
    Alignment.MIDDLE: "Align middles",
    Alignment.BOTTOM: "Align bottoms",
}
DISTRIBUTE_TEXT = {
    Distribution.HORIZONTAL: "Distribute horizontally",
    Distribution.VERTICAL: "Distribute vertically",
}


class ArrangeError(ValueError):
    """An arrangement that cannot be made, with a message to show the user as it is."""


class ArrangeStepsCommand(MoveStepsCommand):
    """A move of many steps at once that names what arranged them ("Align left edges", "Tidy")."""

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str,
        moves: dict[str, tuple[StepPlace, StepPlace]],
        text: str,
    ) -> None:
        super().__init__(controller, scenario_id, moves)
        self.setText(text)


class ArrangeVerbs:
    """The arranging verbs of DocumentController (a mixin, to keep the controller's own file small).

    Each returns whether it pushed a command: nothing is pushed when every step is already where it would go.
    """

    if TYPE_CHECKING:
        undo_stack: QUndoStack

        def scenario(self, scenario_id: str) -> Scenario: ...

    def align_steps(
        self, scenario_id: str, step_ids: Collection[str], how: Alignment, card_heights: Mapping[str, float]
    ) -> bool:
        """Line the steps up on their left, centre or right (across the blueprint), or on their top, middle or
        bottom (each within its own lane); needs two steps or more."""
        if not isinstance(how, Alignment):
            raise ArrangeError(f"Unknown alignment: {how!r}.")
        cards = self._cards(scenario_id, step_ids, card_heights)
        if len(cards) < MIN_TO_ALIGN:
            return False
        return self._arrange(scenario_id, align(cards, how, self._lane_heights(scenario_id)), ALIGN_TEXT[how])

    def distribute_steps(
        self, scenario_id: str, step_ids: Collection[str], how: Distribution, card_heights: Mapping[str, float]
    ) -> bool:
        """Spread three steps or more evenly between the outermost two."""
        if not isinstance(how, Distribution):
            raise ArrangeError(f"Unknown distribution: {how!r}.")
        cards = self._cards(scenario_id, step_ids, card_heights)
        if len(cards) < MIN_TO_DISTRIBUTE:
            return False
        places = distribute(cards, how, self._lane_heights(scenario_id))
        return self._arrange(scenario_id, places, DISTRIBUTE_TEXT[how])

    def tidy_steps(
        self, scenario_id: str, card_heights: Mapping[str, float], only: Collection[str] | None = None
    ) -> bool:
        """Lay out the scenario's steps (or just ``only``) left to right in flow order, in their lanes and phases,
        making phases wider and lanes taller where they must be."""
        scenario = self.scenario(scenario_id)
        if only is not None:
            only = {s.id for s in scenario.steps if s.id in only}
            if not only:
                return False
        from blueprint_editor.analysis.layout import tidy_layout  # loaded when first asked for, not at start-up

        result = tidy_layout(scenario, card_heights, only)
        text = "Tidy" if only is None else f"Tidy {len(only)} step{'s' if len(only) != 1 else ''}"
        if not (result.phase_widths or result.lane_heights):
            return self._arrange(scenario_id, result.places, text)
        after = _layout_after(scenario, result)
        if after == Layout.of(scenario):
            return False
        self.undo_stack.push(LayoutCommand(self, scenario_id, after, text))  # type: ignore[arg-type]
        return True

    # Helpers

    def _cards(self, scenario_id: str, step_ids: Collection[str], card_heights: Mapping[str, float]) -> list[Card]:
        wanted = set(step_ids)
        seen: set[str] = set()
        cards = []
        for step in self.scenario(scenario_id).steps:
            if step.id in wanted and step.id not in seen:
                seen.add(step.id)
                cards.append(Card(step.id, step.lane, step.x, step.y, card_heights.get(step.id, CARD_MIN_HEIGHT)))
        return cards

    def _lane_heights(self, scenario_id: str) -> dict[str, float]:
        return {lane.id: lane.height for lane in self.scenario(scenario_id).lanes}

    def _arrange(self, scenario_id: str, places: Mapping[str, StepPlace], text: str) -> bool:
        scenario = self.scenario(scenario_id)
        lanes = {lane.id for lane in scenario.lanes}
        moves: dict[str, tuple[StepPlace, StepPlace]] = {}
        for step in scenario.steps:
            after = places.get(step.id)
            if after is None or step.id in moves:
                continue
            _check_place(after, lanes)
            before = StepPlace(step.lane, step.x, step.y)
            if before != after:
                moves[step.id] = (before, after)
        if not moves:
            return False
        self.undo_stack.push(ArrangeStepsCommand(self, scenario_id, moves, text))  # type: ignore[arg-type]
        return True


def _check_place(place: StepPlace, lanes: set[str]) -> None:
    """Refuse a place the model cannot hold before anything is pushed: a command failing in redo breaks undo."""
    if place.lane not in lanes:
        raise ArrangeError(f"There is no lane '{place.lane}' in this scenario.")
    if not (abs(place.x) <= MAX_COORDINATE and abs(place.y) <= MAX_COORDINATE):
        raise ArrangeError("The steps would go further than a blueprint can reach; make room for fewer at a time.")


def _layout_after(scenario: Scenario, result: TidyResult) -> Layout:
    lanes = {lane.id for lane in scenario.lanes}
    for place in result.places.values():
        _check_place(place, lanes)
    if any(size > MAX_COORDINATE for size in (*result.phase_widths.values(), *result.lane_heights.values())):
        raise ArrangeError("Tidy would make a phase or lane larger than a blueprint can be; tidy fewer steps.")
    # What Tidy leaves where it was stays the scenario's own object: the command keeps copies of what it changes.
    return Layout(
        tuple(_resized(lane, "height", result.lane_heights.get(lane.id, lane.height)) for lane in scenario.lanes),
        tuple(_resized(phase, "width", result.phase_widths.get(phase.id, phase.width)) for phase in scenario.phases),
        tuple(_placed(step, result.places.get(step.id)) for step in scenario.steps),
        tuple(scenario.flows),
    )


SizedT = TypeVar("SizedT", Lane, Phase)


def _resized(item: SizedT, field: str, size: float) -> SizedT:
    return item if getattr(item, field) == size else item.model_copy(update={field: size})


def _placed(step: Step, place: StepPlace | None) -> Step:
    if place is None or place == StepPlace(step.lane, step.x, step.y):
        return step
    moved = step.snapshot()
    moved.lane, moved.x, moved.y = place
    return moved
