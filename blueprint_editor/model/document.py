"""Pydantic models of a blueprint file: Document > Scenario > Lane, Phase, Step, Flow.

Field order here is the key order in saved files, so keep it stable: a blueprint is meant to diff well in git.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, Strict, StrictBool, field_validator

from blueprint_editor.model.lookup import find_by_id

FORMAT_NAME: Final = "blueprint-editor"
FORMAT_VERSION: Final = 3

# Far beyond any real diagram, small enough that Qt's float geometry stays exact and nothing overflows.
MAX_COORDINATE = 1_000_000.0
MAX_MINUTES = 10_000_000.0
MAX_LABEL_LENGTH = 2_000
MAX_NOTES_LENGTH = 20_000
MAX_TAGS = 50


# Numbers and flags are strict: "12.5" or true where a number belongs is an error to report, not a value to
# convert silently and then save converted.


def _compact_number(value: float) -> int | float:
    """Write whole numbers as integers so hand-written files round-trip byte for byte."""
    # Round first: a value that only becomes whole when rounded must be written the same way every time.
    value = round(float(value), 3)
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return value


Coordinate = Annotated[
    float,
    Strict(),
    Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE, allow_inf_nan=False),
    PlainSerializer(_compact_number, return_type=int | float),
]
Size = Annotated[
    float,
    Strict(),
    Field(ge=1, le=MAX_COORDINATE, allow_inf_nan=False),
    PlainSerializer(_compact_number, return_type=int | float),
]
Minutes = Annotated[
    float,
    Strict(),
    Field(ge=0, le=MAX_MINUTES, allow_inf_nan=False),
    PlainSerializer(_compact_number, return_type=int | float),
]
Money = Annotated[
    float,
    Strict(),
    Field(ge=0, le=1e12, allow_inf_nan=False),
    PlainSerializer(_compact_number, return_type=int | float),
]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
Text = Annotated[str, Field(max_length=MAX_LABEL_LENGTH)]
LongText = Annotated[str, Field(max_length=MAX_NOTES_LENGTH)]
Tag = Annotated[str, Field(min_length=1, max_length=64)]
Emotion = Annotated[int, Strict(), Field(ge=-2, le=2)]
# A card colour chosen by the user, as #rrggbb; None means the lane's colour.
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class LaneKind(StrEnum):
    """The five standard lanes of a service blueprint, top to bottom, and the lanes that hold no steps."""

    EVIDENCE = "evidence"
    CUSTOMER = "customer"
    FRONTSTAGE = "frontstage"
    BACKSTAGE = "backstage"
    SUPPORT = "support"
    # The customer's emotion along the journey, drawn as a curve from the customer actions' emotions.
    EMOTION = "emotion"
    # A lane of the user's own (policies, metrics, channels...): it holds cards, which are notes beside the
    # journey rather than steps of the service, so analysis leaves them out.
    CUSTOM = "custom"

    @property
    def holds_steps(self) -> bool:
        return self is not LaneKind.EMOTION

    @property
    def is_standard(self) -> bool:
        """One of the five lanes the blueprint lines separate."""
        return self not in (LaneKind.EMOTION, LaneKind.CUSTOM)


STANDARD_LANES: tuple[tuple[LaneKind, str], ...] = (
    (LaneKind.EVIDENCE, "Physical evidence"),
    (LaneKind.CUSTOMER, "Customer actions"),
    (LaneKind.FRONTSTAGE, "Frontstage actions"),
    (LaneKind.BACKSTAGE, "Backstage actions"),
    (LaneKind.SUPPORT, "Support processes"),
)


class ValueClass(StrEnum):
    """Lean's three kinds of work."""

    VALUE_ADDING = "value-adding"
    NECESSARY = "necessary"
    WASTE = "waste"


class Channel(StrEnum):
    """How the step reaches (or is reached by) the customer."""

    IN_PERSON = "in-person"
    PHONE = "phone"
    WEB = "web"
    APP = "app"
    EMAIL = "email"
    MAIL = "mail"
    SELF_SERVICE = "self-service"


def _no_items() -> list[Any]:
    """A new empty list, as a default: pydantic reads the signature of a factory, and ``list``'s costs a parse."""
    return []


class _Strict(BaseModel):
    # Unknown keys are refused rather than silently dropped on the next save; assignments are validated too,
    # so an edit can never put a value into the model that a file could not hold.
    # Only keys go through the JSON parser's string cache: looking every short value up in it (ids, lanes, kinds)
    # cost more than it saved, a fifth of the validation of a large file.
    # Validators are built on first use (Document's below, at import): Document's holds those of every model in it,
    # so reading a file needs that one alone; building all six at import made the same parts five times over.
    model_config = ConfigDict(
        extra="forbid", validate_default=True, validate_assignment=True, cache_strings="keys", defer_build=True
    )


class FlowStyle(StrEnum):
    """How a flow's line is drawn between its cards."""

    ELBOW = "elbow"
    STRAIGHT = "straight"


class FlowArrows(StrEnum):
    """Which ends of a flow carry an arrowhead."""

    FORWARD = "forward"
    BOTH = "both"


class Lane(_Strict):
    id: Identifier
    kind: LaneKind
    title: Text
    height: Size = 150
    # A collapsed lane is drawn as a thin strip with its title; its cards are hidden until it is expanded.
    collapsed: StrictBool = False


class Phase(_Strict):
    id: Identifier
    name: Text
    width: Size = 600


class Step(_Strict):
    id: Identifier
    lane: Identifier
    x: Coordinate = 0
    y: Coordinate = 40
    label: Text = ""
    duration_min: Minutes = 0
    wait_min: Minutes = 0
    fail_point: StrictBool = False
    risk_note: Text = ""
    value_class: ValueClass | None = None
    emotion: Emotion | None = None
    channel: Channel | None = None
    owner: Text = ""
    cost: Money | None = None
    notes: LongText = ""
    tags: list[Tag] = Field(default_factory=_no_items, max_length=MAX_TAGS)
    description: Text = ""
    colour: Colour | None = None

    def snapshot(self) -> Step:
        """A copy that nothing done to this step can reach: what ``model_copy(deep=True)`` gives, in a quarter of
        the time (a lane or phase edit keeps every step of a scenario as it was and as it is). Every field holds an
        immutable value but ``tags``, a list of strings, which is copied."""
        copy = self.model_copy()
        copy.__dict__["tags"] = list(self.tags)
        return copy


class StepPlace(NamedTuple):
    """Where a step sits: its lane, its card's left edge, and the card's offset from the lane top."""

    lane: str
    x: float
    y: float


class Flow(_Strict):
    id: Identifier
    source: Identifier
    target: Identifier
    label: Text = ""
    style: FlowStyle = FlowStyle.ELBOW
    arrows: FlowArrows = FlowArrows.FORWARD


class Scenario(_Strict):
    id: Identifier
    name: Text
    lanes: list[Lane] = Field(default_factory=_no_items)
    phases: list[Phase] = Field(default_factory=_no_items)
    steps: list[Step] = Field(default_factory=_no_items)
    flows: list[Flow] = Field(default_factory=_no_items)

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None; found through an index, so that it costs the same at any size."""
        return find_by_id(self.steps, step_id)

    def lane(self, lane_id: str) -> Lane | None:
        """The lane with this id, or None."""
        return next((lane for lane in self.lanes if lane.id == lane_id), None)

    def flow(self, flow_id: str) -> Flow | None:
        """The flow with this id, or None; found through an index, so that it costs the same at any size."""
        return find_by_id(self.flows, flow_id)

    def lane_of_kind(self, kind: LaneKind) -> Lane | None:
        """The first lane of this kind, or None."""
        return next((lane for lane in self.lanes if lane.kind == kind), None)

    def flows_touching(self, step_ids: set[str]) -> list[Flow]:
        """Flows with either end on one of these steps, in document order."""
        return [f for f in self.flows if f.source in step_ids or f.target in step_ids]


class Document(_Strict):
    format: Literal["blueprint-editor"] = FORMAT_NAME
    version: Literal[3] = FORMAT_VERSION
    title: Text = "Untitled blueprint"
    scenarios: list[Scenario] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_whole(cls, value: object) -> object:
        # Literal[3] also takes 3.0, which the loader refuses as a version; a file read straight by pydantic's
        # JSON parser (io.json_io.read_current_version) must be refused too.
        if type(value) is not int:
            raise ValueError("the version must be a whole number")
        return value

    def scenario(self, scenario_id: str) -> Scenario | None:
        """The scenario with this id, or None."""
        return next((s for s in self.scenarios if s.id == scenario_id), None)


# Built now rather than in the first load, which would otherwise pay for it; the other models build on first use.
Document.model_rebuild()


def blank_scenario(scenario_id: str = "main", name: str = "Main", phases: int = 4) -> Scenario:
    """A scenario with the five standard lanes and a few empty phases."""
    return Scenario(
        id=scenario_id,
        name=name,
        lanes=[Lane(id=kind.value, kind=kind, title=title) for kind, title in STANDARD_LANES],
        phases=[Phase(id=f"p{i}", name=f"Phase {i}") for i in range(1, phases + 1)],
    )


def blank_document(title: str = "Untitled blueprint") -> Document:
    """A new document with one blank scenario."""
    return Document(title=title, scenarios=[blank_scenario()])


def next_id(prefix: str, taken: set[str]) -> str:
    """The first id ``prefix<n>`` not in ``taken``, counting from 1."""
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"
