"""Changes to a scenario's lanes and phases, worked out as whole new layouts: pure functions, no Qt.

Each function returns the scenario's lanes, phases, steps and flows as they are after the change, without touching
the scenario: what the change leaves alone is the scenario's very objects, what it changes is new. Steps keep their
place relative to their phase column and lane: when a column moves, widens or goes, the steps in the columns after
it move with them, and no step ends up in another phase than the user expects. The editing layer keeps what a
change replaces, removes or brings (a ``LayoutChange``) and swaps it, so undo restores everything exactly, without
a copy of each of the thousands of steps a lane or phase edit leaves where they are.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from blueprint_editor.model.document import (
    MAX_COORDINATE,
    MAX_LABEL_LENGTH,
    Flow,
    Lane,
    LaneKind,
    Phase,
    Scenario,
    Step,
)
from blueprint_editor.model.geometry import (
    CARD_MIN_HEIGHT,
    CARD_WIDTH,
    LANE_PADDING,
    MIN_LANE_HEIGHT,
    MIN_PHASE_WIDTH,
    Column,
    phase_columns,
)

# The room left between two cards that a narrower phase pulls in side by side.
CARD_GAP = 20.0
# Suggested titles for a lane of the user's own, the first being the default.
CUSTOM_LANE_TITLES: tuple[str, ...] = ("New lane", "Policies", "Metrics", "Channels", "Emotions (notes)")


class StructureError(ValueError):
    """A change that cannot be made, with a message to show the user as it is."""


@dataclass(frozen=True)
class Layout:
    """A scenario's lanes, phases, steps and flows: everything a structural change may touch."""

    lanes: tuple[Lane, ...]
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    flows: tuple[Flow, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> Layout:
        """The scenario's layout as it is: its very objects, not copies, to compare or to work a change out from.
        To keep one while the scenario changes, keep a ``LayoutChange``."""
        return cls(tuple(scenario.lanes), tuple(scenario.phases), tuple(scenario.steps), tuple(scenario.flows))


Item = TypeVar("Item", Lane, Phase, Step, Flow)


@dataclass(frozen=True)
class _Kept(Generic[Item]):
    """One list of one side of a LayoutChange: the ids in order, and copies of the items the other side has not
    (of them all, ``whole``, when an id comes twice and ids cannot tell the items apart)."""

    ids: tuple[str, ...]
    own: Mapping[str, Item]
    whole: tuple[Item, ...] | None = None

    @staticmethod
    def of(items: tuple[Item, ...], shared: set[int], copy: Callable[[Item], Item]) -> _Kept[Item]:
        ids = tuple(item.id for item in items)
        if len(set(ids)) != len(ids):
            return _Kept(ids, {}, tuple(copy(item) for item in items))
        return _Kept(ids, {item.id: copy(item) for item in items if id(item) not in shared})

    def items(self, now: list[Item]) -> tuple[Item, ...]:
        """The items in order: the kept copies, and the others as ``now`` has them."""
        if self.whole is not None:
            return self.whole
        own = self.own
        held = {item.id: item for item in now} if len(own) < len(self.ids) else {}
        return tuple(own[i] if i in own else held[i] for i in self.ids)


def _shared(before: tuple[Item, ...], after: tuple[Item, ...]) -> set[int]:
    """The ``id()`` of the objects both sides hold, which a LayoutChange takes from the scenario instead of keeping;
    none when a side has an id twice (then a side's items could not be told apart by id)."""
    if len({item.id for item in before}) != len(before) or len({item.id for item in after}) != len(after):
        return set()
    return {id(item) for item in before} & {id(item) for item in after}


@dataclass(frozen=True)
class _Side:
    lanes: _Kept[Lane]
    phases: _Kept[Phase]
    steps: _Kept[Step]
    flows: _Kept[Flow]


@dataclass(frozen=True)
class LayoutChange:
    """A structural change as an undo step keeps it: what it replaces, removes or brings, as copies.

    An object that ``before`` and ``after`` share (the very object) is one the change leaves alone: it is not kept,
    but taken from the scenario when the change is made or undone. That gives the layout exactly, because an undo
    stack makes or undoes a change only on the scenario as the change left it (every later change undone).
    """

    before: _Side
    after: _Side

    @classmethod
    def between(cls, before: Layout, after: Layout) -> LayoutChange:
        """The change from ``before`` to ``after`` (objects of either may be the scenario's own: nothing kept is)."""
        lanes = _shared(before.lanes, after.lanes)
        phases = _shared(before.phases, after.phases)
        steps = _shared(before.steps, after.steps)
        flows = _shared(before.flows, after.flows)

        def side(layout: Layout) -> _Side:
            return _Side(
                _Kept.of(layout.lanes, lanes, Lane.model_copy),
                _Kept.of(layout.phases, phases, Phase.model_copy),
                _Kept.of(layout.steps, steps, Step.snapshot),
                _Kept.of(layout.flows, flows, Flow.model_copy),
            )

        return cls(side(before), side(after))

    def layout(self, scenario: Scenario, *, done: bool) -> Layout:
        """The scenario's layout with the change made (``done``) or undone: the kept copies, and the scenario's own
        objects for what the change leaves alone (so hand it to something that copies what it keeps)."""
        side = self.after if done else self.before
        return Layout(
            side.lanes.items(scenario.lanes),
            side.phases.items(scenario.phases),
            side.steps.items(scenario.steps),
            side.flows.items(scenario.flows),
        )


def clean_title(text: str) -> str:
    """A lane or phase title as typed, made one plain line: whitespace runs become one space, ends trimmed."""
    return " ".join(text.split())[:MAX_LABEL_LENGTH]


def _round(value: float) -> float:
    # The file keeps three decimals: rounding here keeps a saved and reloaded document equal to the one in memory.
    return min(max(round(value, 3), -MAX_COORDINATE), MAX_COORDINATE)


def _lane_index(scenario: Scenario, lane_id: str) -> int:
    for index, lane in enumerate(scenario.lanes):
        if lane.id == lane_id:
            return index
    raise StructureError(f"There is no lane '{lane_id}' in this scenario.")


def _phase_index(scenario: Scenario, phase_id: str) -> int:
    for index, phase in enumerate(scenario.phases):
        if phase.id == phase_id:
            return index
    raise StructureError(f"There is no phase '{phase_id}' in this scenario.")


def _checked_size(value: float, least: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StructureError(f"A {what} must be a number.")
    return float(min(max(round(float(value)), least), MAX_COORDINATE))


# --- lanes -------------------------------------------------------------------------------------------------------


def lane_height_clamped(height: float) -> float:
    """A lane height as a drag or a field may ask for it, made whole and at least one card tall."""
    return _checked_size(height, MIN_LANE_HEIGHT, "lane height")


def with_lane_height(
    scenario: Scenario, lane_id: str, height: float, card_heights: Mapping[str, float] | None = None
) -> Layout:
    """The lane made ``height`` tall (see ``lane_height_clamped``); its cards that would stick out below are
    moved up inside it. ``card_heights`` gives the cards' drawn heights where known (else one card's minimum)."""
    index = _lane_index(scenario, lane_id)
    height = lane_height_clamped(height)
    heights = card_heights or {}
    lanes = list(scenario.lanes)
    lanes[index] = lanes[index].model_copy(update={"height": height})
    steps = []
    for step in scenario.steps:
        if step.lane == lane_id:
            lowest = max(LANE_PADDING, height - heights.get(step.id, CARD_MIN_HEIGHT) - LANE_PADDING)
            if step.y > lowest:
                step = step.snapshot()
                step.y = _round(lowest)
        steps.append(step)
    return Layout(tuple(lanes), tuple(scenario.phases), tuple(steps), tuple(scenario.flows))


def with_lane_fields(
    scenario: Scenario, lane_id: str, *, title: str | None = None, collapsed: bool | None = None
) -> Layout:
    """The lane retitled and/or collapsed or expanded; its cards stay where they are in the lane."""
    index = _lane_index(scenario, lane_id)
    update: dict[str, object] = {}
    if title is not None:
        title = clean_title(title)
        if not title:
            raise StructureError("A lane needs a title.")
        update["title"] = title
    if collapsed is not None:
        update["collapsed"] = bool(collapsed)
    layout = Layout.of(scenario)
    lanes = list(layout.lanes)
    lanes[index] = Lane.model_validate({**lanes[index].model_dump(), **update})
    return Layout(tuple(lanes), layout.phases, layout.steps, layout.flows)


def with_lane_inserted(scenario: Scenario, index: int, lane: Lane) -> Layout:
    """A new lane at ``index`` among the lanes (clamped); the lanes below it move down with their cards."""
    if any(existing.id == lane.id for existing in scenario.lanes):
        raise StructureError(f"The lane id '{lane.id}' is already taken.")
    layout = Layout.of(scenario)
    lanes = list(layout.lanes)
    lanes.insert(min(max(index, 0), len(lanes)), lane.model_copy())
    return Layout(tuple(lanes), layout.phases, layout.steps, layout.flows)


def with_lane_removed(scenario: Scenario, lane_id: str) -> Layout:
    """The lane taken away with its cards and every flow to or from them. Only lanes of the user's own go:
    the standard lanes are what makes a blueprint."""
    index = _lane_index(scenario, lane_id)
    if scenario.lanes[index].kind.is_standard:
        raise StructureError(f"'{scenario.lanes[index].title}' is a standard lane of a blueprint and stays.")
    gone = {step.id for step in scenario.steps if step.lane == lane_id}
    layout = Layout.of(scenario)
    return Layout(
        tuple(lane for lane in layout.lanes if lane.id != lane_id),
        layout.phases,
        tuple(step for step in layout.steps if step.id not in gone),
        tuple(flow for flow in layout.flows if flow.source not in gone and flow.target not in gone),
    )


def lane_move_target(scenario: Scenario, lane_id: str, offset: int) -> int | None:
    """Where a lane of the user's own goes when moved ``offset`` places up (-1) or down (+1); None when it cannot
    (a standard lane, or already at the top or bottom)."""
    index = _lane_index(scenario, lane_id)
    target = index + offset
    if scenario.lanes[index].kind.is_standard or not 0 <= target < len(scenario.lanes):
        return None
    return target


def with_lane_moved(scenario: Scenario, lane_id: str, index: int) -> Layout:
    """A lane of the user's own put at ``index`` (clamped). Standard lanes keep their order, so the blueprint
    lines stay between the kinds they separate wherever custom lanes go."""
    current = _lane_index(scenario, lane_id)
    if scenario.lanes[current].kind.is_standard:
        raise StructureError(f"'{scenario.lanes[current].title}' is a standard lane and keeps its place.")
    layout = Layout.of(scenario)
    lanes = list(layout.lanes)
    lane = lanes.pop(current)
    lanes.insert(min(max(index, 0), len(lanes)), lane)
    return Layout(tuple(lanes), layout.phases, layout.steps, layout.flows)


def cards_in_lane(scenario: Scenario, lane_id: str) -> int:
    """How many cards a lane holds."""
    return sum(1 for step in scenario.steps if step.lane == lane_id)


def new_custom_lane(scenario: Scenario, title: str = CUSTOM_LANE_TITLES[0]) -> Lane:
    """A lane of the user's own with a fresh id."""
    title = clean_title(title) or CUSTOM_LANE_TITLES[0]
    taken = {lane.id for lane in scenario.lanes}
    number = 1
    while f"lane{number}" in taken:
        number += 1
    return Lane(id=f"lane{number}", kind=LaneKind.CUSTOM, title=title)


# --- phases ------------------------------------------------------------------------------------------------------


def phase_width_clamped(width: float) -> float:
    """A phase width as a drag or a field may ask for it, made whole and at least a card and its margins wide."""
    return _checked_size(width, MIN_PHASE_WIDTH, "phase width")


def _home_columns(scenario: Scenario) -> dict[str, Column | None]:
    """Each step's column before the change (by step id): the one under the middle of its card, as ``column_at``
    gives it, with the columns laid out once (not once per step, which grew with steps times phases)."""
    columns = phase_columns(scenario)
    if not columns:
        return {step.id: None for step in scenario.steps}
    # Columns touch, so a step's column is the last one starting at or before its middle (the first one before them).
    lefts = [column.left for column in columns]
    return {step.id: columns[max(bisect_right(lefts, step.x + CARD_WIDTH / 2) - 1, 0)] for step in scenario.steps}


def _relaid(
    scenario: Scenario,
    phases: list[Phase],
    *,
    moved_to: Mapping[str, tuple[str, float]] | None = None,
    dropped: frozenset[str] = frozenset(),
) -> Layout:
    """Steps re-placed after the phases became ``phases``: each keeps its offset from the left of its column.

    ``moved_to`` sends the steps of a vanished phase into another one, at an extra offset; a column that became
    narrower pulls its cards in so that none sticks out past its right edge. Steps of ``dropped`` phases go,
    with their flows.
    """
    homes = _home_columns(scenario)
    after = {column.phase.id: column for column in _columns(phases)}
    moved = moved_to or {}
    new_x: dict[int, float] = {}  # by id() of the steps: where each one that has a column goes
    gone: set[str] = set()
    narrowed: dict[str, list[tuple[Step, float]]] = {}  # column: its cards and their offsets, to pull in
    for step in scenario.steps:
        home = homes[step.id]
        if home is None:
            continue
        phase_id, extra = home.phase.id, 0.0
        if phase_id in dropped:
            gone.add(step.id)
            continue
        if phase_id in moved:
            phase_id, extra = moved[phase_id]
        target = after.get(phase_id)
        if target is None:
            continue
        offset = step.x - home.left + extra
        if target.width < home.width + extra:
            narrowed.setdefault(phase_id, []).append((step, offset))
        new_x[id(step)] = _round(target.left + offset)
    for phase_id, cards in narrowed.items():
        column = after[phase_id]
        pulled = _pulled_in(cards, column.width)
        for step, _ in cards:
            new_x[id(step)] = _round(column.left + pulled[id(step)])
    steps = [_moved_to(step, new_x.get(id(step), step.x)) for step in scenario.steps if step.id not in gone]
    flows = tuple(f for f in scenario.flows if f.source not in gone and f.target not in gone)
    return Layout(tuple(scenario.lanes), tuple(phases), tuple(steps), flows)


def _moved_to(step: Step, x: float) -> Step:
    """The step at ``x``: itself where it stays (a layout shares what a change leaves alone), else a new one."""
    if x == step.x:
        return step
    moved = step.snapshot()
    moved.x = x
    return moved


def _pulled_in(cards: list[tuple[Step, float]], width: float) -> dict[int, float]:
    """The offsets of the cards of a column that became ``width`` wide: a card sticking out past the right edge
    comes in, and a card it would then cover moves left to make room (as far as the column's left edge), so that
    no card ends up hidden under another while there is room for both. Keyed by ``id()`` of the cards' steps."""
    offsets: dict[int, float] = {}
    pulled: list[tuple[Step, float]] = []
    for step, offset in sorted(cards, key=lambda card: -card[1]):
        if offset < 0:  # a card left of its column (the first one) stays where it is
            offsets[id(step)] = offset
            continue
        limit = width - CARD_WIDTH
        for other, other_offset in pulled:
            if other.lane == step.lane and abs(other.y - step.y) < CARD_MIN_HEIGHT:
                limit = min(limit, other_offset - CARD_WIDTH - CARD_GAP)
        new = max(min(offset, limit), 0.0)
        if new != offset:
            pulled.append((step, new))
        offsets[id(step)] = new
    return offsets


def _columns(phases: list[Phase]) -> list[Column]:
    return phase_columns(Scenario(id="layout", name="", phases=phases))


def with_phase_width(scenario: Scenario, phase_id: str, width: float) -> Layout:
    """The phase made ``width`` wide (see ``phase_width_clamped``): the columns after it and their steps shift;
    its own steps that would stick out past the new right edge are pulled in."""
    index = _phase_index(scenario, phase_id)
    phases = list(scenario.phases)
    phases[index] = phases[index].model_copy(update={"width": phase_width_clamped(width)})
    return _relaid(scenario, phases)


def with_phase_name(scenario: Scenario, phase_id: str, name: str) -> Layout:
    """The phase renamed; nothing moves."""
    index = _phase_index(scenario, phase_id)
    name = clean_title(name)
    if not name:
        raise StructureError("A phase needs a name.")
    layout = Layout.of(scenario)
    phases = list(layout.phases)
    phases[index] = phases[index].model_copy(update={"name": name})
    return Layout(layout.lanes, tuple(phases), layout.steps, layout.flows)


def new_phase(scenario: Scenario, name: str = "") -> Phase:
    """A phase with a fresh id, named ``name`` or "Phase n"."""
    taken = {phase.id for phase in scenario.phases}
    number = len(scenario.phases) + 1
    while f"phase{number}" in taken:
        number += 1
    return Phase(id=f"phase{number}", name=clean_title(name) or f"Phase {len(scenario.phases) + 1}")


def with_phase_inserted(scenario: Scenario, index: int, phase: Phase) -> Layout:
    """A new phase at ``index`` (clamped): the columns from there on, and their steps, move right."""
    if any(existing.id == phase.id for existing in scenario.phases):
        raise StructureError(f"The phase id '{phase.id}' is already taken.")
    phases = list(scenario.phases)
    phases.insert(min(max(index, 0), len(phases)), phase.model_copy())
    return _relaid(scenario, phases)


def steps_in_phase(scenario: Scenario, phase_id: str) -> list[Step]:
    """The steps whose card's middle lies in this phase's column."""
    homes = _home_columns(scenario)
    return [step for step in scenario.steps if (home := homes[step.id]) is not None and home.phase.id == phase_id]


def neighbour_phase(scenario: Scenario, phase_id: str) -> Phase | None:
    """The phase that takes in the steps of a deleted one: the one before it, or after it for the first."""
    index = _phase_index(scenario, phase_id)
    if index > 0:
        return scenario.phases[index - 1]
    return scenario.phases[1] if len(scenario.phases) > 1 else None


def with_phase_removed(scenario: Scenario, phase_id: str, *, keep_steps: bool) -> Layout:
    """The phase deleted. With ``keep_steps`` its steps join the neighbouring phase (see ``neighbour_phase``),
    which widens by the deleted column so that they keep their places beside its own steps; without, they go with
    their flows. The last phase stays: a blueprint has at least one."""
    index = _phase_index(scenario, phase_id)
    neighbour = neighbour_phase(scenario, phase_id)
    if neighbour is None:
        raise StructureError("A blueprint needs at least one phase: this is the last one.")
    removed = scenario.phases[index]
    phases = [p for p in scenario.phases if p.id != phase_id]
    if not keep_steps:
        return _relaid(scenario, phases, dropped=frozenset({phase_id}))
    moving = steps_in_phase(scenario, phase_id)
    if not moving:
        return _relaid(scenario, phases)
    where = next(i for i, p in enumerate(phases) if p.id == neighbour.id)
    phases[where] = phases[where].model_copy(update={"width": min(neighbour.width + removed.width, MAX_COORDINATE)})
    if index > 0:
        # After the previous phase's own steps: the removed column's offsets start where the previous one ended.
        moves = {phase_id: (neighbour.id, neighbour.width)}
    else:
        # Before the next phase's own steps, which move right by the removed column's width.
        moves = {phase_id: (neighbour.id, 0.0), neighbour.id: (neighbour.id, removed.width)}
    return _relaid(scenario, phases, moved_to=moves)


def with_phase_moved(scenario: Scenario, phase_id: str, index: int) -> Layout:
    """The phase put at ``index`` (clamped) among the phases; every step moves with its column."""
    current = _phase_index(scenario, phase_id)
    phases = list(scenario.phases)
    phase = phases.pop(current)
    phases.insert(min(max(index, 0), len(phases)), phase)
    return _relaid(scenario, phases)
