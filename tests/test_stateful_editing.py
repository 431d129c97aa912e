"""Random editing sessions: every verb, undo and redo, save and load, with the canvas following along.

A hypothesis state machine drives a DocumentController and a BlueprintScene through the controller's public
verbs only. An independent oracle predicts the document after each verb, and the text of the document at every
position of the undo stack is remembered, so undo and redo are checked exactly. After every step the scene must
match the model and a scene rebuilt from scratch; at the end, undoing everything gives back the original text.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QApplication

from blueprint_editor.analysis.layout import tidy_layout
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.editing import DocumentController
from blueprint_editor.editing.arrange import ArrangeError
from blueprint_editor.editing.structure import StructureError
from blueprint_editor.io import clipboard_format, dumps_document, load_document, loads_document
from blueprint_editor.io.json_io import reference_problems
from blueprint_editor.model import Document, Flow, Lane, LaneKind, Scenario, Step, StepPlace, placement
from blueprint_editor.model import Phase as JourneyPhase
from blueprint_editor.model.arrange import Alignment, Distribution, align, distribute
from blueprint_editor.model.arrange import Card as ArrangedCard
from blueprint_editor.model.document import (
    MAX_COORDINATE,
    MAX_LABEL_LENGTH,
    MAX_MINUTES,
    Channel,
    FlowArrows,
    FlowStyle,
    ValueClass,
    blank_document,
    blank_scenario,
)
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, lane_bands
from blueprint_editor.resources import example_path

# conftest.py has set QT_QPA_PLATFORM=offscreen before this module is imported. The machine's TestCase gets no
# pytest fixtures, so the application is made here; pytest-qt's qapp fixture picks up the same instance.
APP = QApplication.instance() or QApplication([])

EXAMPLE_TEXT = dumps_document(load_document(example_path()))

# Whole numbers and quarters: the file keeps three decimals, so these round-trip exactly (see the test at the end).
coordinates = st.one_of(
    st.integers(-200, 4000),
    st.integers(-800, 16000).map(lambda n: n / 4),
    st.sampled_from([-MAX_COORDINATE, MAX_COORDINATE, 0]),
)
offsets = st.one_of(st.integers(-40, 220), st.integers(-160, 880).map(lambda n: n / 4))
minutes = st.one_of(st.integers(0, 600), st.integers(0, 400).map(lambda n: n / 4), st.just(MAX_MINUTES))

labels = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\n",
            "<b>&",
            "&amp; <i>not italic</i>",
            "<img src=x> & <b>",
            "Check in\nand collect the key",
            "Café — 日本語 — 🛎️",
            "a\r\nb\tc",
        ]
    ),
    # Built by a function so that hypothesis's reports do not spell the long ones out.
    st.sampled_from([60, MAX_LABEL_LENGTH]).map(lambda n: "word " * 12 if n == 60 else "x" * n),
    st.text(alphabet=st.sampled_from("ab <>&/;\"'\n\t éß日🎉"), max_size=40),
    st.text(max_size=30),
)
short_texts = st.one_of(st.sampled_from(["", "<b>&", "Front desk", " padded "]), st.text(max_size=12))

# Fields of a step that the inspector edits (set_step_fields), each with values the model accepts.
step_fields: dict[str, st.SearchStrategy[Any]] = {
    "fail_point": st.booleans(),
    "risk_note": short_texts,
    "duration_min": minutes,
    "wait_min": minutes,
    "value_class": st.none() | st.sampled_from(list(ValueClass)),
    "emotion": st.none() | st.integers(-2, 2),
    "channel": st.none() | st.sampled_from(list(Channel)),
    "owner": short_texts,
    "cost": st.none() | st.integers(0, 10_000) | st.integers(0, 4000).map(lambda n: n / 4),
    "notes": short_texts,
    "tags": st.lists(st.sampled_from(["vip", "slow", "b<i>", "日本"]), max_size=3, unique=True),
    "description": short_texts,
}


def _first_free(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _scenario(document: Document, scenario_id: str) -> Scenario:
    scenario = document.scenario(scenario_id)
    assert scenario is not None, scenario_id
    return scenario


def _step(document: Document, scenario_id: str, step_id: str) -> Step:
    step = _scenario(document, scenario_id).step(step_id)
    assert step is not None, step_id
    return step


def _item_ids(scenario: Scenario) -> set[str]:
    return {s.id for s in scenario.steps} | {f.id for f in scenario.flows}


def fingerprint(document: Document) -> str:
    """The document's content, compactly: what dumps_document writes, serialised the fast way."""
    return document.model_dump_json()


def _path_elements(path: QPainterPath) -> tuple[tuple[float, float, int], ...]:
    return tuple(
        (path.elementAt(i).x, path.elementAt(i).y, int(path.elementAt(i).type.value))
        for i in range(path.elementCount())
    )


class Card(NamedTuple):
    x: float
    y: float
    face: str  # the label, lane kind and everything else the card draws
    height: float
    tooltip: str
    handle: tuple[float, float]
    flows: tuple[str, ...]


class Arrow(NamedTuple):
    source: str
    target: str
    path: tuple[tuple[float, float, int], ...]
    drawn: str = ""  # style, arrowheads and label as the arrow draws them


Snapshot = tuple[str, dict[str, Card], dict[str, Arrow]]


def scene_snapshot(scene: BlueprintScene) -> Snapshot:
    """What the scene shows: the scenario, and per card and per arrow what it draws."""
    cards = {
        item.step_id: Card(
            item.pos().x(),
            item.pos().y(),
            repr(item.face),
            item.height,
            item.toolTip(),
            (item.handle.pos().x(), item.handle.pos().y()),
            tuple(sorted(flow.flow_id for flow in item.flows)),
        )
        for item in scene.step_items()
    }
    arrows = {
        item.flow_id: Arrow(
            item.source.step_id,
            item.target.step_id,
            _path_elements(item.path()),
            repr((item.style, item.arrows, item.label_lines, item.label_rect().getRect())),
        )
        for item in scene.flow_items()
    }
    return scene.scenario_id, cards, arrows


def snapshot_differences(live: Snapshot, rebuilt: Snapshot) -> list[str]:
    """Each card or arrow that differs, named, for a readable failure."""
    if live[0] != rebuilt[0]:
        return [f"the scene shows scenario {live[0]!r}, a rebuilt one {rebuilt[0]!r}"]
    found = []
    for kind, ours, theirs in (("card", live[1], rebuilt[1]), ("arrow", live[2], rebuilt[2])):
        for key in sorted(ours.keys() | theirs.keys()):
            a, b = ours.get(key), theirs.get(key)
            if a is None or b is None:
                found.append(f"{kind} {key} is only in the {'rebuilt' if a is None else 'live'} scene")
            elif a != b:
                fields = ", ".join(f for f in a._fields if getattr(a, f) != getattr(b, f))
                found.append(f"{kind} {key}, {fields}:\n  live    {a}\n  rebuilt {b}")
    return found


# Drawing a scene afresh is the slowest part of a step, and shrinking replays the same documents many times.
# A rebuilt scene depends on nothing but the model and the scenario shown, so its snapshot can be kept.
_rebuilt_snapshots: dict[tuple[str, str], Snapshot] = {}


def rebuilt_snapshot(document: Document, scenario_id: str, document_fingerprint: str) -> Snapshot:
    key = (document_fingerprint, scenario_id)
    if key not in _rebuilt_snapshots:
        if len(_rebuilt_snapshots) >= 400:
            _rebuilt_snapshots.clear()
        # A fresh scene on its own controller over a copy, so that it never hears the live controller's signals.
        fresh = BlueprintScene(DocumentController(Document.model_validate(document.model_dump())), scenario_id)
        try:
            _rebuilt_snapshots[key] = scene_snapshot(fresh)
        finally:
            fresh.clear()
    return _rebuilt_snapshots[key]


def _home_phase(phases: list[JourneyPhase], x: float) -> str | None:
    """The phase a card whose left edge is at ``x`` belongs to: the column under its middle, else the nearer end."""
    left, middle = 0.0, x + 80
    for phase in phases:
        if left <= middle < left + phase.width:
            return phase.id
        left += phase.width
    if not phases:
        return None
    return phases[0].id if middle < 0 else phases[-1].id


def _relay_oracle(
    scenario: Scenario,
    old: list[JourneyPhase],
    new: list[JourneyPhase],
    homes: dict[str, str | None],
    moved: dict[str, tuple[str, float]],
    dropped: set[str],
) -> None:
    """Put the phases ``new`` in place and move every step with its column, as a structure edit must."""

    def lefts(phases: list[JourneyPhase]) -> dict[str, tuple[float, float]]:
        found, left = {}, 0.0
        for p in phases:
            found[p.id] = (left, p.width)
            left += p.width
        return found

    before, after = lefts(old), lefts(new)
    gone = {s.id for s in scenario.steps if homes[s.id] in dropped}
    squeezed: dict[str, list[tuple[float, Step]]] = {}  # narrower columns: their cards, to pull in
    for step in scenario.steps:
        home = homes[step.id]
        if home is None or step.id in gone:
            continue
        target, extra = moved.get(home, (home, 0.0))
        if target not in after:
            continue
        (old_left, old_width), (new_left, new_width) = before[home], after[target]
        offset = step.x - old_left + extra
        if new_width < old_width + extra:
            squeezed.setdefault(target, []).append((offset, step))
        step.x = min(max(round(new_left + offset, 3), -MAX_COORDINATE), MAX_COORDINATE)
    for target, cards in squeezed.items():
        # From the right: a card sticking out comes in; one it would cover moves left to make room.
        left, width = after[target]
        moved_cards: list[tuple[float, Step]] = []
        for offset, step in sorted(cards, key=lambda card: -card[0]):
            if offset < 0:
                continue
            room = width - 160
            for other_offset, other in moved_cards:
                if other.lane == step.lane and abs(other.y - step.y) < 64:
                    room = min(room, other_offset - 180)
            placed = max(min(offset, room), 0.0)
            if placed != offset:
                moved_cards.append((placed, step))
            step.x = min(max(round(left + placed, 3), -MAX_COORDINATE), MAX_COORDINATE)
    scenario.phases = new
    scenario.steps = [s for s in scenario.steps if s.id not in gone]
    scenario.flows = [f for f in scenario.flows if f.source not in gone and f.target not in gone]


class EditingMachine(RuleBasedStateMachine):
    """One open document and its canvas; the document text and a description of every command on the stack."""

    def __init__(self) -> None:
        super().__init__()
        self.controller: DocumentController | None = None
        self.scene: BlueprintScene | None = None
        # The file text when the document was opened, which undoing everything must give back byte for byte.
        self.original = ""
        # states[i] is the fingerprint of the document with the first i commands of the undo stack applied;
        # commands[i] says what command i is, as far as merging is concerned.
        self.states: list[str] = []
        self.commands: list[tuple[Any, ...]] = []
        # Set once every check after a step has passed: the final undo-all check runs only then.
        self.consistent = False

    # Set-up

    @initialize(start=st.sampled_from(["example", "blank"]), copies=st.integers(0, 2))
    def open_document(self, start: str, copies: int) -> None:
        """The bundled example or a new document, with up to two copies of its scenario (same step ids)."""
        document = loads_document(EXAMPLE_TEXT) if start == "example" else blank_document()
        first = document.scenarios[0]
        for n in range(1, copies + 1):
            document.scenarios.append(first.model_copy(deep=True, update={"id": f"copy{n}", "name": f"Copy {n}"}))
        self.controller = DocumentController(document)
        self.scene = BlueprintScene(self.controller)
        self.original = dumps_document(document)
        self.states = [fingerprint(document)]
        self.commands = []

    # Helpers

    @property
    def c(self) -> DocumentController:
        assert self.controller is not None
        return self.controller

    @property
    def s(self) -> BlueprintScene:
        assert self.scene is not None
        return self.scene

    @property
    def stack_index(self) -> int:
        return self.c.undo_stack.index()

    def text(self) -> str:
        return fingerprint(self.c.document)

    def scenario_ids(self) -> list[str]:
        return [s.id for s in self.c.document.scenarios]

    def scenarios_with_steps(self) -> list[str]:
        return [s.id for s in self.c.document.scenarios if s.steps]

    def draw_scenario(self, data: st.DataObject, among: list[str] | None = None) -> str:
        """Mostly the one on show, sometimes another: the canvas must ignore edits elsewhere."""
        among = self.scenario_ids() if among is None else among
        shown = self.s.scenario_id
        return data.draw(st.sampled_from([shown, shown, *among] if shown in among else among), label="scenario")

    def copy(self) -> Document:
        """A copy of the document to predict an edit on (quicker than a deep model_copy)."""
        return Document.model_validate(self.c.document.model_dump())

    def begin(self) -> tuple[str, int, int]:
        """Start a rule: the state before it, as the last check after a step confirmed it."""
        self.consistent = False
        return self.states[self.stack_index], self.stack_index, self.c.undo_stack.count()

    def expect_pushed(self, index_before: int, expected: Document, command: tuple[Any, ...]) -> None:
        """One command was pushed and the document is now ``expected``; remember it for undo and redo."""
        assert self.stack_index == index_before + 1
        assert self.c.undo_stack.count() == index_before + 1, "pushing drops the redo tail"
        text = self.text()
        assert text == fingerprint(expected)
        self.states = [*self.states[: index_before + 1], text]
        self.commands = [*self.commands[:index_before], command]

    def expect_merged(self, index_before: int, expected: Document) -> None:
        """The new command merged into the one on top of the stack: still one undo step."""
        assert self.stack_index == index_before
        assert self.c.undo_stack.count() == index_before, "pushing drops the redo tail"
        text = self.text()
        assert text == fingerprint(expected)
        self.states = [*self.states[:index_before], text]
        self.commands = self.commands[:index_before]

    def expect_merged_away(self, index_before: int, expected: Document) -> None:
        """The merge brought the fields back to where the command began: the command is gone from the stack."""
        assert self.stack_index == index_before - 1
        assert self.c.undo_stack.count() == index_before - 1
        assert self.text() == fingerprint(expected) == self.states[index_before - 1]
        self.states = self.states[:index_before]
        self.commands = self.commands[: index_before - 1]

    def expect_nothing_pushed(self, before: tuple[str, int, int]) -> None:
        assert (self.text(), self.stack_index, self.c.undo_stack.count()) == before

    # Rules: the controller's step and flow verbs

    @rule(data=st.data(), label=labels)
    def add_step(self, data: st.DataObject, label: str) -> None:
        self.begin()
        scenario_id = self.draw_scenario(data)
        lane = data.draw(st.sampled_from([lane.id for lane in self.c.scenario(scenario_id).lanes]), label="lane")
        x, y = data.draw(coordinates, label="x"), data.draw(offsets, label="y")
        index = self.stack_index
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        new_id = _first_free("s", _item_ids(scenario))
        scenario.steps.append(Step(id=new_id, lane=lane, x=x, y=y, label=label))

        step_id = self.c.add_step(scenario_id, lane, x, y, label)

        assert step_id == new_id
        self.expect_pushed(index, expected, ("add step",))

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data())
    def move_steps(self, data: st.DataObject) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        scenario = self.c.scenario(scenario_id)
        chosen = data.draw(
            st.lists(st.sampled_from([s.id for s in scenario.steps]), min_size=1, max_size=4, unique=True)
        )
        places: dict[str, StepPlace] = {}
        for step_id in chosen:
            step = _step(self.c.document, scenario_id, step_id)
            if data.draw(st.booleans(), label=f"{step_id} stays"):
                places[step_id] = StepPlace(step.lane, step.x, step.y)
            else:
                lanes = [lane.id for lane in scenario.lanes]
                lane = data.draw(st.sampled_from([step.lane, *lanes]), label=f"{step_id} lane")
                x = data.draw(st.just(step.x) | coordinates, label=f"{step_id} x")
                y = data.draw(st.just(step.y) | offsets, label=f"{step_id} y")
                places[step_id] = StepPlace(lane, x, y)
        expected = self.copy()
        changed = False
        for step_id, place in places.items():
            step = _step(expected, scenario_id, step_id)
            changed |= StepPlace(step.lane, step.x, step.y) != place
            step.lane, step.x, step.y = place

        self.c.move_steps(scenario_id, places)

        if changed:
            self.expect_pushed(before[1], expected, ("move",))
        else:
            self.expect_nothing_pushed(before)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), label=labels)
    def edit_label(self, data: st.DataObject, label: str) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        step_id = data.draw(st.sampled_from([s.id for s in self.c.scenario(scenario_id).steps]), label="step")
        expected = self.copy()
        step = _step(expected, scenario_id, step_id)
        changed = step.label != label
        step.label = label

        self.c.set_step_label(scenario_id, step_id, label)

        if changed:
            self.expect_pushed(before[1], expected, ("label",))
        else:
            self.expect_nothing_pushed(before)

    def change_fields(self, scenario_id: str, step_id: str, fields: dict[str, Any], *, merge: bool) -> None:
        """set_step_fields, checked: a new undo step, one merged into the last, or none when nothing changes."""
        before = self.begin()
        index = before[1]
        expected = self.copy()
        step = _step(expected, scenario_id, step_id)
        changed = sorted(name for name, value in fields.items() if getattr(step, name) != value)
        for name, value in fields.items():
            setattr(step, name, value)
        command = ("fields", scenario_id, step_id, tuple(changed), merge)
        merges = merge and index > 0 and self.commands[index - 1] == command

        self.c.set_step_fields(scenario_id, step_id, merge=merge, **fields)

        if not changed:
            self.expect_nothing_pushed(before)
        elif merges and fingerprint(expected) == self.states[index - 1]:
            self.expect_merged_away(index, expected)
        elif merges:
            self.expect_merged(index, expected)
        else:
            self.expect_pushed(index, expected, command)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), typing=st.booleans())
    def inspector_edit(self, data: st.DataObject, typing: bool) -> None:
        """The inspector (set_step_fields): any fields at once, or a word typed into one field letter by letter.

        Typed letters pass ``merge``, so that they become one undo step; so may other edits, at random.
        """
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        step_id = data.draw(st.sampled_from([s.id for s in self.c.scenario(scenario_id).steps]), label="step")
        if not typing:
            names = data.draw(st.lists(st.sampled_from(sorted(step_fields)), min_size=1, max_size=3, unique=True))
            fields = {name: data.draw(step_fields[name], label=name) for name in names}
            self.change_fields(scenario_id, step_id, fields, merge=data.draw(st.booleans(), label="merge"))
            return
        field = data.draw(st.sampled_from(["owner", "risk_note", "notes", "description"]), label="field")
        word = data.draw(
            st.sampled_from(["Front desk", "<b>&"]) | st.text("ab <&é", min_size=2, max_size=8), label="word"
        )
        for end in range(len(word) + 1):
            self.change_fields(scenario_id, step_id, {field: word[:end]}, merge=True)
        # The word goes and comes back in one undo step: what the merged command remembers is checked at once.
        stack = self.c.undo_stack
        if stack.canUndo():
            stack.undo()
            assert self.text() == self.states[stack.index()]
            stack.redo()
            assert self.text() == self.states[stack.index()]

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data())
    def connect_steps(self, data: st.DataObject) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        candidates = [*(s.id for s in self.c.scenario(scenario_id).steps), "missing"]
        source = data.draw(st.sampled_from(candidates), label="source")
        target = data.draw(st.sampled_from([source, *candidates]), label="target")
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        refused = (
            source == target
            or scenario.step(source) is None
            or scenario.step(target) is None
            or any(f.source == source and f.target == target for f in scenario.flows)
        )
        new_id = _first_free("l", _item_ids(scenario))
        scenario.flows.append(Flow(id=new_id, source=source, target=target))

        flow_id = self.c.connect_steps(scenario_id, source, target)

        if refused:
            assert flow_id is None
            self.expect_nothing_pushed(before)
        else:
            assert flow_id == new_id
            self.expect_pushed(before[1], expected, ("connect",))

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data())
    def delete_items(self, data: st.DataObject) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        scenario = self.c.scenario(scenario_id)
        step_ids = data.draw(st.sets(st.sampled_from([s.id for s in scenario.steps])), label="steps")
        flows = [f.id for f in scenario.flows]
        flow_ids = data.draw(st.sets(st.sampled_from(flows)) if flows else st.just(set()), label="flows")
        expected = self.copy()
        target = _scenario(expected, scenario_id)
        target.steps = [s for s in target.steps if s.id not in step_ids]
        target.flows = [
            f for f in target.flows if f.id not in flow_ids and f.source not in step_ids and f.target not in step_ids
        ]

        self.c.delete_items(scenario_id, step_ids, flow_ids)

        if step_ids or flow_ids:
            self.expect_pushed(before[1], expected, ("delete",))
        else:
            self.expect_nothing_pushed(before)

    # Rules: flows (inspector fields, reconnecting an end, reversing)

    def scenarios_with_flows(self) -> list[str]:
        return [s.id for s in self.c.document.scenarios if s.flows]

    def change_flow_fields(self, scenario_id: str, flow_id: str, fields: dict[str, Any], *, merge: bool) -> None:
        """set_flow_fields, checked like change_fields: a new undo step, one merged into the last, or none."""
        before = self.begin()
        index = before[1]
        expected = self.copy()
        flow = _scenario(expected, scenario_id).flow(flow_id)
        assert flow is not None
        changed = sorted(name for name, value in fields.items() if getattr(flow, name) != value)
        for name, value in fields.items():
            setattr(flow, name, value)
        command = ("flow fields", scenario_id, flow_id, tuple(changed), merge)
        merges = merge and index > 0 and self.commands[index - 1] == command

        assert self.c.set_flow_fields(scenario_id, flow_id, merge=merge, **fields) == bool(changed)

        if not changed:
            self.expect_nothing_pushed(before)
        elif merges and fingerprint(expected) == self.states[index - 1]:
            self.expect_merged_away(index, expected)
        elif merges:
            self.expect_merged(index, expected)
        else:
            self.expect_pushed(index, expected, command)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_flows())
    @rule(data=st.data(), typing=st.booleans())
    def flow_inspector_edit(self, data: st.DataObject, typing: bool) -> None:
        """The flow form: label, style and arrowheads at once, or a label typed letter by letter (one undo step)."""
        scenario_id = self.draw_scenario(data, self.scenarios_with_flows())
        flow_id = data.draw(st.sampled_from([f.id for f in self.c.scenario(scenario_id).flows]), label="flow")
        if not typing:
            choices = {
                "label": labels,
                "style": st.sampled_from([*FlowStyle, "elbow", "straight"]),
                "arrows": st.sampled_from([*FlowArrows, "forward", "both"]),
            }
            names = data.draw(st.lists(st.sampled_from(sorted(choices)), min_size=1, max_size=3, unique=True))
            fields = {name: data.draw(choices[name], label=name) for name in names}
            self.change_flow_fields(scenario_id, flow_id, fields, merge=data.draw(st.booleans(), label="merge"))
            return
        word = data.draw(st.sampled_from(["if paid", "<b>&"]) | st.text("ab <&é", min_size=2, max_size=8))
        for end in range(len(word) + 1):
            self.change_flow_fields(scenario_id, flow_id, {"label": word[:end]}, merge=True)

    def expected_reconnect(self, scenario_id: str, flow_id: str, source: str, target: str) -> Document | None:
        """The document after giving a flow these ends, or None when the verb must refuse."""
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        flow = scenario.flow(flow_id)
        assert flow is not None
        refused = (
            (source, target) == (flow.source, flow.target)
            or source == target
            or scenario.step(source) is None
            or scenario.step(target) is None
            or any(f.id != flow_id and (f.source, f.target) == (source, target) for f in scenario.flows)
        )
        flow.source, flow.target = source, target
        return None if refused else expected

    @precondition(lambda self: self.controller is not None and self.scenarios_with_flows())
    @rule(data=st.data(), end=st.sampled_from(["source", "target", "both"]))
    def reconnect_flow(self, data: st.DataObject, end: str) -> None:
        """Dragging an end of a flow onto another card (or onto itself, the other end, or a missing step)."""
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_flows())
        scenario = self.c.scenario(scenario_id)
        flow = data.draw(st.sampled_from(scenario.flows), label="flow")
        candidates = [*(s.id for s in scenario.steps), "missing", flow.source, flow.target]
        ends = {name: data.draw(st.sampled_from(candidates), label=name) for name in ("source", "target")}
        if end != "both":
            ends = {end: ends[end]}
        source, target = ends.get("source", flow.source), ends.get("target", flow.target)
        expected = self.expected_reconnect(scenario_id, flow.id, source, target)

        assert self.c.reconnect_flow(scenario_id, flow.id, **ends) == (expected is not None)

        if expected is None:
            self.expect_nothing_pushed(before)
        else:
            self.expect_pushed(before[1], expected, ("reconnect",))

    @precondition(lambda self: self.controller is not None and self.scenarios_with_flows())
    @rule(data=st.data())
    def reverse_flow(self, data: st.DataObject) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_flows())
        flow = data.draw(st.sampled_from(self.c.scenario(scenario_id).flows), label="flow")
        expected = self.expected_reconnect(scenario_id, flow.id, flow.target, flow.source)

        assert self.c.reverse_flow(scenario_id, flow.id) == (expected is not None)

        if expected is None:
            self.expect_nothing_pushed(before)
        else:
            self.expect_pushed(before[1], expected, ("reverse",))

    @rule(data=st.data(), x=coordinates, y=offsets)
    def add_then_abandon_empty_step(self, data: st.DataObject, x: float, y: float) -> None:
        """A double-click whose first edit is cancelled: the step comes and goes without a trace in history."""
        before_text, index, _ = self.begin()
        scenario_id = self.draw_scenario(data)
        lane = data.draw(st.sampled_from([lane.id for lane in self.c.scenario(scenario_id).lanes]), label="lane")
        step_id = self.c.add_step(scenario_id, lane, x, y)
        assert self.c.abandon_new_step(scenario_id, step_id)
        assert self.text() == before_text
        assert self.stack_index == index
        assert self.c.undo_stack.count() == index, "the redo tail went with the push, the new step with the undo"
        self.states = self.states[: index + 1]
        self.commands = self.commands[:index]

    # Rules: the keyboard and the clipboard (nudge, paste and duplicate, cut, Tab for the next step)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), direction=st.sampled_from([(1, 0), (-1, 0), (0, 1), (0, -1)]), far=st.booleans())
    def nudge_steps(self, data: st.DataObject, direction: tuple[int, int], far: bool) -> None:
        """Arrow keys: the steps move within their lanes and phases; a run on the same steps is one undo step."""
        before = self.begin()
        index = before[1]
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        steps = [s.id for s in self.c.scenario(scenario_id).steps]
        chosen = data.draw(st.lists(st.sampled_from(steps), min_size=1, max_size=4, unique=True), label="steps")
        distance = 40 if far else 8
        dx, dy = direction[0] * distance, direction[1] * distance
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        right = max(max(sum(p.width for p in scenario.phases), 160) - 160, 0)
        heights = {band.lane.id: band.height for band in lane_bands(scenario)}

        def limited(value: float, delta: float, low: float, high: float) -> float:
            # Never further out than it was: a card outside the range may only come back.
            return min(value + delta, max(value, high)) if delta > 0 else max(value + delta, min(value, low))

        changed = False
        for step_id in chosen:
            step = _step(expected, scenario_id, step_id)
            x = limited(step.x, dx, 0, right) if dx else step.x
            y = limited(step.y, dy, 8, max(8, heights[step.lane] - 64 - 8)) if dy else step.y
            changed |= (x, y) != (step.x, step.y)
            step.x, step.y = x, y
        command = ("nudge", scenario_id, frozenset(chosen))
        merges = index > 0 and self.commands[index - 1] == command

        assert self.c.nudge_steps(scenario_id, chosen, dx, dy) == changed

        if not changed:
            self.expect_nothing_pushed(before)
        elif merges and fingerprint(expected) == self.states[index - 1]:
            self.expect_merged_away(index, expected)
        elif merges:
            self.expect_merged(index, expected)
        else:
            self.expect_pushed(index, expected, command)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), at_pointer=st.booleans())
    def paste_steps(self, data: st.DataObject, at_pointer: bool) -> None:
        """Copy steps (with the flows between them) and paste them into this or another scenario (Duplicate is a
        paste into the same one): fresh ids, one undo step, and never a card right on top of another."""
        before = self.begin()
        source_id = self.draw_scenario(data, self.scenarios_with_steps())
        steps = [s.id for s in self.c.scenario(source_id).steps]
        chosen = data.draw(st.lists(st.sampled_from(steps), min_size=1, max_size=5, unique=True), label="steps")
        target_id = self.draw_scenario(data)
        target = self.c.scenario(target_id)
        try:
            items = clipboard_format.parse(clipboard_format.serialize(self.c.scenario(source_id), chosen), target)
        except clipboard_format.ClipboardFormatError:
            assert not any(lane.kind.holds_steps for lane in target.lanes)
            return
        pasted = items.steps
        if at_pointer:
            pasted = placement.placed_at(target, pasted, data.draw(coordinates, label="x"), data.draw(offsets))
        pasted = placement.clear_of_existing(target, pasted)
        assert len(pasted) == len(chosen)
        for step in pasted:
            assert not any(
                e.lane == step.lane and abs(e.x - step.x) < 12 and abs(e.y - step.y) < 12 for e in target.steps
            ), "a pasted card would hide one already there"
        expected = self.copy()
        _scenario(expected, target_id).steps.extend(s.model_copy() for s in pasted)
        _scenario(expected, target_id).flows.extend(f.model_copy() for f in items.flows)

        ids = self.c.add_items(target_id, pasted, items.flows, "Paste")

        assert ids == [s.id for s in pasted]
        self.expect_pushed(before[1], expected, ("paste",))

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data())
    def cut_steps(self, data: st.DataObject) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        steps = [s.id for s in self.c.scenario(scenario_id).steps]
        chosen = data.draw(st.sets(st.sampled_from(steps), min_size=1, max_size=4), label="steps")
        expected = self.copy()
        target = _scenario(expected, scenario_id)
        target.steps = [s for s in target.steps if s.id not in chosen]
        target.flows = [f for f in target.flows if f.source not in chosen and f.target not in chosen]

        self.c.cut_items(scenario_id, chosen)

        assert self.c.undo_stack.undoText() == ("Cut step" if len(chosen) == 1 else f"Cut {len(chosen)} steps")
        self.expect_pushed(before[1], expected, ("cut",))

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), before_it=st.booleans(), label=labels, abandon=st.booleans())
    def add_next_step(self, data: st.DataObject, before_it: bool, label: str, abandon: bool) -> None:
        """Tab (Shift+Tab): a step beside the selected one in its lane, on free ground, joined to it by a flow."""
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        anchor_id = data.draw(st.sampled_from([s.id for s in self.c.scenario(scenario_id).steps]), label="anchor")
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        anchor = _step(expected, scenario_id, anchor_id)

        new_id = self.c.add_next_step(scenario_id, anchor_id, before=before_it, label="" if abandon else label)

        if new_id is None:
            # Going right, only the end of the coordinates stops it: the anchor is there, or a card in its way is.
            end = MAX_COORDINATE - 160
            at_the_end = [
                s for s in scenario.steps
                if s.lane == anchor.lane and abs(s.y - anchor.y) < CARD_MIN_HEIGHT and s.x + 200 > end
            ]  # fmt: skip
            assert before_it or anchor.x + 200 > end or at_the_end, "going right there is room up to the end"
            self.expect_nothing_pushed(before)
            return
        new = _step(self.c.document, scenario_id, new_id)
        assert new_id == _first_free("s", _item_ids(scenario))
        assert (new.lane, new.y) == (anchor.lane, anchor.y)
        assert new.x < anchor.x if before_it else new.x > anchor.x
        assert new.x >= 0 or not before_it, "a step before another never goes left of the blueprint"
        for other in scenario.steps:
            if other.lane == new.lane:
                apart = abs(other.x - new.x) >= 160 + 8 or abs(other.y - new.y) >= 64
                assert apart, f"the new card overlaps {other.id}"
        scenario.steps.append(new.model_copy())
        # A chain that runs past the last phase widens that phase (only that, and only enough for the card).
        phases = self.c.scenario(scenario_id).phases
        if phases != scenario.phases:
            assert [p.id for p in phases] == [p.id for p in scenario.phases]
            assert [p.width for p in phases[:-1]] == [p.width for p in scenario.phases[:-1]]
            assert phases[-1].width > scenario.phases[-1].width
            assert abs(sum(p.width for p in phases) - (new.x + 160 + 20)) <= 0.5 or phases[-1].width == 200
            scenario.phases[-1].width = phases[-1].width
        source, target = (new_id, anchor_id) if before_it else (anchor_id, new_id)
        flow_id = _first_free("l", _item_ids(scenario))
        scenario.flows.append(Flow(id=flow_id, source=source, target=target))
        self.expect_pushed(before[1], expected, ("next step",))
        if abandon:
            # Esc before typing anything: the step and its flow go, and so does the history entry.
            assert self.c.abandon_new_step(scenario_id, new_id)
            index = before[1]
            assert self.text() == before[0]
            assert self.stack_index == index and self.c.undo_stack.count() == index
            self.states = self.states[: index + 1]
            self.commands = self.commands[:index]

    # Rules: arranging (align, distribute, Tidy)

    def card_heights(self, scenario_id: str) -> dict[str, float]:
        """The cards' drawn heights, as the window passes them: known for the scenario on show only."""
        if self.s.scenario_id != scenario_id:
            return {}
        return {item.step_id: item.height for item in self.s.step_items()}

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), how=st.sampled_from([*Alignment, *Distribution]))
    def align_or_distribute(self, data: st.DataObject, how: Alignment | Distribution) -> None:
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        ids = [s.id for s in self.c.scenario(scenario_id).steps]
        chosen = data.draw(st.lists(st.sampled_from(ids), max_size=5, unique=True), label="steps")
        heights = self.card_heights(scenario_id)
        expected = self.copy()
        target = _scenario(expected, scenario_id)
        cards = [
            ArrangedCard(s.id, s.lane, s.x, s.y, heights.get(s.id, CARD_MIN_HEIGHT))
            for s in target.steps
            if s.id in chosen
        ]
        lane_heights = {lane.id: lane.height for lane in target.lanes}
        places = align(cards, how, lane_heights) if isinstance(how, Alignment) else distribute(cards, how, lane_heights)
        changed = False
        for step in target.steps:
            if step.id in places and StepPlace(step.lane, step.x, step.y) != places[step.id]:
                step.lane, step.x, step.y = places[step.id]
                changed = True

        if isinstance(how, Alignment):
            pushed = self.c.align_steps(scenario_id, chosen, how, heights)
        else:
            pushed = self.c.distribute_steps(scenario_id, chosen, how, heights)

        assert pushed == changed
        if changed:
            self.expect_pushed(before[1], expected, ("arrange",))
        else:
            self.expect_nothing_pushed(before)

    @precondition(lambda self: self.controller is not None and self.scenarios_with_steps())
    @rule(data=st.data(), selection=st.booleans())
    def tidy(self, data: st.DataObject, selection: bool) -> None:
        """Tidy the whole scenario or a few steps: maybe wider phases and taller lanes, always one undo step."""
        before = self.begin()
        scenario_id = self.draw_scenario(data, self.scenarios_with_steps())
        ids = [s.id for s in self.c.scenario(scenario_id).steps]
        picked = st.lists(st.sampled_from(ids), min_size=1, max_size=6, unique=True)
        only = set(data.draw(picked, label="only")) if selection else None
        heights = self.card_heights(scenario_id)
        expected = self.copy()
        target = _scenario(expected, scenario_id)
        result = tidy_layout(target, heights, only)
        reachable = all(abs(p.x) <= MAX_COORDINATE for p in result.places.values()) and all(
            size <= MAX_COORDINATE for size in (*result.phase_widths.values(), *result.lane_heights.values())
        )
        if not reachable:
            try:
                self.c.tidy_steps(scenario_id, heights, only)
            except ArrangeError:
                pass
            else:
                raise AssertionError("a tidy beyond the blueprint's reach must be refused")
            self.expect_nothing_pushed(before)
            return
        for lane in target.lanes:
            lane.height = result.lane_heights.get(lane.id, lane.height)
        for phase in target.phases:
            phase.width = result.phase_widths.get(phase.id, phase.width)
        for step in target.steps:
            if step.id in result.places:
                step.lane, step.x, step.y = result.places[step.id]
        changed = fingerprint(expected) != self.states[before[1]]

        assert self.c.tidy_steps(scenario_id, heights, only) == changed
        if changed:
            self.expect_pushed(before[1], expected, ("tidy",))
        else:
            self.expect_nothing_pushed(before)

    # Rules: lanes and phases (resize, rename, collapse, add, remove, reorder)

    def expect_structure(self, before: tuple[str, int, int], expected: Document | None, result: object) -> None:
        """A structure verb either refused (StructureError, or False for no change) or pushed one command."""
        if expected is None or fingerprint(expected) == before[0]:
            assert result is None or result is False, result
            self.expect_nothing_pushed(before)
        else:
            assert result is not None and result is not False
            self.expect_pushed(before[1], expected, ("structure",))

    @rule(data=st.data(), verb=st.sampled_from(["resize", "rename", "collapse", "add", "remove", "move"]))
    def edit_lanes(self, data: st.DataObject, verb: str) -> None:
        """The lane gestures and menus: drag an edge or a line, rename, collapse, add or remove a lane of one's own,
        move it up or down. Standard lanes stay where they are; a lane's cards stay inside it."""
        before = self.begin()
        scenario_id = self.draw_scenario(data)
        lanes = self.c.scenario(scenario_id).lanes
        lane_id = data.draw(st.sampled_from([lane.id for lane in lanes]), label="lane")
        expected: Document | None = self.copy()
        scenario = _scenario(expected, scenario_id)
        index = [lane.id for lane in scenario.lanes].index(lane_id)
        lane = scenario.lanes[index]
        result: object = None
        try:
            if verb == "resize":
                height = data.draw(st.integers(-20, 700) | st.integers(0, 2800).map(lambda n: n / 4), label="height")
                heights = self.card_heights(scenario_id)
                lane.height = min(max(round(height), 80), MAX_COORDINATE)
                for step in scenario.steps:
                    lowest = max(8, lane.height - heights.get(step.id, CARD_MIN_HEIGHT) - 8)
                    if step.lane == lane_id and step.y > lowest:
                        step.y = round(lowest, 3)
                result = self.c.resize_lane(scenario_id, lane_id, height, heights)
            elif verb == "rename":
                title = data.draw(short_texts | labels, label="title")
                cleaned = " ".join(title.split())[:MAX_LABEL_LENGTH]
                lane.title = cleaned
                expected = expected if cleaned else None
                result = self.c.rename_lane(scenario_id, lane_id, title)
            elif verb == "collapse":
                lane.collapsed = data.draw(st.booleans(), label="collapsed")
                result = self.c.set_lane_collapsed(scenario_id, lane_id, lane.collapsed)
            elif verb == "add":
                where, title = data.draw(st.integers(-1, 9), label="index"), data.draw(short_texts, label="title")
                new_id = _first_free("lane", {x.id for x in scenario.lanes})
                cleaned = " ".join(title.split())[:MAX_LABEL_LENGTH] or "New lane"
                new = Lane(id=new_id, kind=LaneKind.CUSTOM, title=cleaned)
                scenario.lanes.insert(min(max(where, 0), len(scenario.lanes)), new)
                result = self.c.add_custom_lane(scenario_id, where, title)
                assert result == new_id
            elif verb == "remove":
                gone = {s.id for s in scenario.steps if s.lane == lane_id}
                scenario.lanes.pop(index)
                scenario.steps = [s for s in scenario.steps if s.id not in gone]
                scenario.flows = [f for f in scenario.flows if f.source not in gone and f.target not in gone]
                expected = None if lane.kind.is_standard else expected
                result = self.c.remove_lane(scenario_id, lane_id)
            else:
                offset = data.draw(st.sampled_from([-1, 1]), label="offset")
                if lane.kind.is_standard or not 0 <= index + offset < len(scenario.lanes):
                    expected = None
                else:
                    scenario.lanes.insert(index + offset, scenario.lanes.pop(index))
                result = self.c.move_lane(scenario_id, lane_id, offset)
        except StructureError:
            assert expected is None, f"{verb} refused what it should do"
            self.expect_nothing_pushed(before)
            return
        self.expect_structure(before, expected, result)
        kinds = [x.kind for x in self.c.scenario(scenario_id).lanes if x.kind.is_standard]
        assert kinds == sorted(kinds, key=list(LaneKind).index), "the standard lanes keep their order"

    @rule(data=st.data(), verb=st.sampled_from(["add", "rename", "resize", "remove", "move"]))
    def edit_phases(self, data: st.DataObject, verb: str) -> None:
        """The phase gestures and menus: add or insert, rename, drag an edge, delete (moving the steps to the
        neighbour or deleting them), drag a header elsewhere. Every step moves with its phase's column."""
        before = self.begin()
        scenario_id = self.draw_scenario(data)
        expected: Document | None = self.copy()
        scenario = _scenario(expected, scenario_id)
        old = list(scenario.phases)
        homes = {s.id: _home_phase(old, s.x) for s in scenario.steps}
        phase = data.draw(st.sampled_from(old), label="phase") if old else None
        new = [p.model_copy() for p in old]
        moved: dict[str, tuple[str, float]] = {}  # home phase -> (phase it joins, extra offset)
        dropped: set[str] = set()
        result: object = None
        try:
            if verb == "add" or phase is None:
                where = data.draw(st.none() | st.integers(-1, 8), label="index")
                name = data.draw(short_texts, label="name")
                taken = {p.id for p in old}
                number = len(old) + 1
                while f"phase{number}" in taken:
                    number += 1
                cleaned = " ".join(name.split())[:MAX_LABEL_LENGTH] or f"Phase {len(old) + 1}"
                at = len(new) if where is None else min(max(where, 0), len(new))
                new.insert(at, JourneyPhase(id=f"phase{number}", name=cleaned))
                result = self.c.add_phase(scenario_id, where, name)
                assert result == f"phase{number}"
            elif verb == "rename":
                name = data.draw(short_texts | labels, label="name")
                cleaned = " ".join(name.split())[:MAX_LABEL_LENGTH]
                next(p for p in new if p.id == phase.id).name = cleaned
                expected = expected if cleaned else None
                result = self.c.rename_phase(scenario_id, phase.id, name)
            elif verb == "resize":
                width = data.draw(st.integers(-50, 1500) | st.integers(0, 6000).map(lambda n: n / 4), label="width")
                next(p for p in new if p.id == phase.id).width = min(max(round(width), 200), MAX_COORDINATE)
                result = self.c.resize_phase(scenario_id, phase.id, width)
            elif verb == "remove":
                keep = data.draw(st.booleans(), label="keep steps")
                at = old.index(phase)
                new.pop(at)
                if not new:
                    expected = None
                elif not keep:
                    dropped.add(phase.id)
                elif phase.id in homes.values():
                    neighbour = new[at - 1] if at else new[0]
                    moved[phase.id] = (neighbour.id, neighbour.width if at else 0.0)
                    if not at:
                        moved[neighbour.id] = (neighbour.id, phase.width)
                    neighbour.width = min(neighbour.width + phase.width, MAX_COORDINATE)
                result = self.c.remove_phase(scenario_id, phase.id, keep_steps=keep)
            else:
                where = data.draw(st.integers(-1, 8), label="index")
                new.insert(min(max(where, 0), len(new) - 1), new.pop(old.index(phase)))
                result = self.c.move_phase(scenario_id, phase.id, where)
        except StructureError:
            assert expected is None, f"{verb} refused what it should do"
            self.expect_nothing_pushed(before)
            return
        if expected is not None:
            _relay_oracle(scenario, old, new, homes, moved, dropped)
        self.expect_structure(before, expected, result)

    # Rules: scenarios

    @rule(data=st.data(), verb=st.sampled_from(["add", "duplicate", "remove", "rename", "move", "show"]))
    def edit_scenarios(self, data: st.DataObject, verb: str) -> None:
        """The scenario tabs: add a blank one or a copy, remove, rename, reorder, or show another."""
        if verb in ("add", "duplicate"):
            self.add_scenario(data, duplicate=verb == "duplicate")
        elif verb == "remove":
            self.remove_scenario(data)
        elif verb == "rename":
            self.rename_scenario(data)
        elif verb == "move":
            self.move_scenario(data)
        else:
            self.show_scenario(data)

    def add_scenario(self, data: st.DataObject, duplicate: bool) -> None:
        self.begin()
        name = data.draw(short_texts, label="name")
        expected = self.copy()
        new_id = _first_free("scenario", set(self.scenario_ids()))
        copy_of = self.draw_scenario(data) if duplicate else None
        if copy_of is None:
            expected.scenarios.append(blank_scenario(new_id, name))
        else:
            index = self.scenario_ids().index(copy_of)
            copy = _scenario(expected, copy_of).model_copy(deep=True, update={"id": new_id, "name": name})
            expected.scenarios.insert(index + 1, copy)
        index = self.stack_index

        scenario_id = self.c.add_scenario(name, copy_of=copy_of)

        assert scenario_id == new_id
        self.expect_pushed(index, expected, ("add scenario",))

    def remove_scenario(self, data: st.DataObject) -> None:
        if len(self.scenario_ids()) == 1:
            # The last scenario cannot go: a document has at least one.
            before = self.begin()
            assert not self.c.remove_scenario(self.scenario_ids()[0])
            self.expect_nothing_pushed(before)
            return
        before = self.begin()
        scenario_id = self.draw_scenario(data)
        expected = self.copy()
        expected.scenarios = [s for s in expected.scenarios if s.id != scenario_id]

        assert self.c.remove_scenario(scenario_id)

        self.expect_pushed(before[1], expected, ("remove scenario",))

    def rename_scenario(self, data: st.DataObject) -> None:
        before = self.begin()
        name = data.draw(short_texts, label="name")
        scenario_id = self.draw_scenario(data)
        expected = self.copy()
        scenario = _scenario(expected, scenario_id)
        changed = bool(name.strip()) and name.strip() != scenario.name
        scenario.name = name.strip() if changed else scenario.name

        self.c.rename_scenario(scenario_id, name)

        if changed:
            self.expect_pushed(before[1], expected, ("rename scenario",))
        else:
            self.expect_nothing_pushed(before)

    def move_scenario(self, data: st.DataObject) -> None:
        before = self.begin()
        to = data.draw(st.integers(-2, 5), label="to")
        scenario_id = self.draw_scenario(data)
        expected = self.copy()
        ids = self.scenario_ids()
        where = min(max(to, 0), len(ids) - 1)
        moving = expected.scenarios.pop(ids.index(scenario_id))
        expected.scenarios.insert(where, moving)

        self.c.move_scenario(scenario_id, to)

        if where != ids.index(scenario_id):
            self.expect_pushed(before[1], expected, ("move scenario",))
        else:
            self.expect_nothing_pushed(before)

    def show_scenario(self, data: st.DataObject) -> None:
        """The canvas turns to another scenario (a tab click): the document and its history stay as they are."""
        before = self.begin()
        scenario_id = data.draw(st.sampled_from(self.scenario_ids()), label="scenario")
        self.s.set_scenario(scenario_id)
        assert self.s.scenario_id == scenario_id
        self.expect_nothing_pushed(before)

    # Rules: history and files

    @precondition(lambda self: self.controller is not None and self.c.undo_stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.begin()
        index = self.stack_index
        self.c.undo_stack.undo()
        assert self.stack_index == index - 1
        assert self.text() == self.states[index - 1]

    @precondition(lambda self: self.controller is not None and self.c.undo_stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.begin()
        index = self.stack_index
        self.c.undo_stack.redo()
        assert self.stack_index == index + 1
        assert self.text() == self.states[index + 1]

    @precondition(lambda self: self.controller is not None and self.c.undo_stack.count() > 0)
    @rule(walk=st.lists(st.booleans(), min_size=1, max_size=12))
    def walk_history(self, walk: list[bool]) -> None:
        """Back and forth through the history (True undoes, False redoes), each stop as remembered."""
        self.begin()
        stack = self.c.undo_stack
        for back in walk:
            if back and stack.canUndo():
                stack.undo()
            elif not back and stack.canRedo():
                stack.redo()
            assert self.text() == self.states[stack.index()]

    @rule(reopen=st.sampled_from([False, False, False, True]))  # reopening wipes the history: not too often
    def save_and_load(self, reopen: bool) -> None:
        """The saved text loads back to the same model; reopening it starts a fresh history."""
        self.begin()
        text = dumps_document(self.c.document)
        loaded = loads_document(text)
        assert loaded.model_dump() == self.c.document.model_dump()
        assert dumps_document(loaded) == text
        if reopen:
            self.c.replace_document(loaded)
            assert self.c.document is loaded
            assert self.c.undo_stack.count() == 0
            self.original = text
            self.states = [fingerprint(loaded)]
            self.commands = []

    # Checked after every step

    @invariant()
    def everything_agrees(self) -> None:
        self.consistent = False
        if self.controller is None or self.scene is None:
            return
        self.model_is_sound()
        self.scene_matches_model()
        self.scene_equals_a_rebuilt_scene()
        self.consistent = True

    def model_is_sound(self) -> None:
        document = self.c.document
        assert reference_problems(document) == []
        scenario_ids = [s.id for s in document.scenarios]
        assert len(scenario_ids) == len(set(scenario_ids)) >= 1
        for scenario in document.scenarios:
            ids = [s.id for s in scenario.steps] + [f.id for f in scenario.flows]
            assert len(ids) == len(set(ids))
            step_ids = {s.id for s in scenario.steps}
            lane_ids = {lane.id for lane in scenario.lanes}
            assert all(s.lane in lane_ids for s in scenario.steps)
            assert all(f.source in step_ids and f.target in step_ids for f in scenario.flows)
        current = fingerprint(document)
        assert fingerprint(loads_document(dumps_document(document))) == current
        assert self.states[self.stack_index] == current
        assert len(self.states) == self.c.undo_stack.count() + 1
        assert len(self.commands) == self.c.undo_stack.count()

    def scene_matches_model(self) -> None:
        scene = self.s
        scenario = self.c.scenario(scene.scenario_id)  # the scene never shows a scenario that has gone
        tops = {band.lane.id: band.top for band in lane_bands(scenario)}
        kinds = {lane.id: lane.kind for lane in scenario.lanes}

        items = {item.step_id: item for item in scene.step_items()}
        assert len(items) == len(scene.step_items())
        assert sorted(items) == sorted(s.id for s in scenario.steps)
        for step in scenario.steps:
            item = items[step.id]
            assert item is scene.step_item(step.id)
            assert item.scene() is scene
            assert (item.pos().x(), item.pos().y()) == (step.x, tops[step.lane] + step.y), step.id
            assert item.label == step.label, step.id
            assert item.face.kind == kinds[step.lane], step.id

        flows = {item.flow_id: item for item in scene.flow_items()}
        assert len(flows) == len(scene.flow_items())
        assert sorted(flows) == sorted(f.id for f in scenario.flows)
        for flow in scenario.flows:
            item = flows[flow.id]
            assert item is scene.flow_item(flow.id)
            assert item.scene() is scene
            assert item.source is items[flow.source], flow.id
            assert item.target is items[flow.target], flow.id
        for step_id, item in items.items():
            touching = {f.id for f in scenario.flows if step_id in (f.source, f.target)}
            assert {flow.flow_id for flow in item.flows} == touching, step_id
            assert all(flow.scene() is scene for flow in item.flows), step_id

        # Nothing left behind: the scene holds exactly the cards and arrows it knows of.
        in_scene = scene.items()
        assert {id(i) for i in in_scene if isinstance(i, StepItem)} == {id(i) for i in items.values()}
        assert {id(i) for i in in_scene if isinstance(i, FlowItem)} == {id(i) for i in flows.values()}

    def scene_equals_a_rebuilt_scene(self) -> None:
        differences = snapshot_differences(
            scene_snapshot(self.s), rebuilt_snapshot(self.c.document, self.s.scenario_id, fingerprint(self.c.document))
        )
        assert not differences, "the scene differs from one drawn afresh:\n" + "\n".join(differences[:5])

    def teardown(self) -> None:
        try:
            # Only after a step whose checks all passed, so that a failure found earlier is not masked.
            if self.consistent:
                while self.c.undo_stack.canUndo():
                    self.c.undo_stack.undo()
                assert dumps_document(self.c.document) == self.original
                self.consistent = False
                self.model_is_sound()
                self.scene_matches_model()
                self.scene_equals_a_rebuilt_scene()
        finally:
            # Commands point back at their controller, which owns the stack that owns them. PySide6 6.11 can
            # crash when the garbage collector frees such a cycle, so the commands go now, the controller alive.
            if self.controller is not None:
                self.controller.undo_stack.clear()
            if self.scene is not None:
                self.scene.clear()


EditingMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    # The explain phase replays failures under a line tracer, which takes minutes with this much Qt in the loop.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
TestEditingMachine = EditingMachine.TestCase


def test_the_file_keeps_three_decimals() -> None:
    """Why the machine's numbers are quarters: finer fractions are rounded when saved, by design."""
    document = blank_document()
    controller = DocumentController(document)
    step_id = controller.add_step("main", "customer", 10.0001, 40)
    assert _step(loads_document(dumps_document(document)), "main", step_id).x == 10
