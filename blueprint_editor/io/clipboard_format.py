"""What Copy puts on the clipboard and what Paste accepts back: a small versioned JSON of steps, the flows
between them and the lanes they came from, plus the steps' text one per line for other programs.

A clipboard is input like any file: whatever it holds (another program's JSON, an older or newer editor's, a
truncated copy) gives a ``ClipboardFormatError`` with a message fit for the status bar, never a crash and never
a half-pasted blueprint. Parsing gives fresh ids that the target scenario does not use, and lanes of the target
scenario: the lane with the same id, else one of the same kind (a lane of one's own: the same title), else
Customer actions.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Final

from pydantic import ValidationError

from blueprint_editor.model.document import (
    MAX_COORDINATE,
    MAX_LABEL_LENGTH,
    Flow,
    Lane,
    LaneKind,
    Scenario,
    Step,
    next_id,
)
from blueprint_editor.model.geometry import CARD_WIDTH, band_of, clamp_in_band
from blueprint_editor.model.navigation import reading_order
from blueprint_editor.model.placement import STEP_GAP

MIME_TYPE: Final = "application/x-blueprint-editor+json"
CLIPBOARD_FORMAT: Final = "blueprint-editor-clipboard"
CLIPBOARD_VERSION: Final = 1
# Far more than anyone selects; a clipboard beyond these is refused before it is read.
MAX_CLIPBOARD_BYTES: Final = 8_000_000
MAX_CLIPBOARD_STEPS: Final = 5_000
MAX_TEXT_LINES: Final = 200


class ClipboardFormatError(ValueError):
    """The clipboard holds nothing that can be pasted; ``str(error)`` says why, for the status bar."""


@dataclass(frozen=True)
class PastedItems:
    """Steps and flows ready to add to a scenario: fresh ids, lanes of that scenario, positions as copied."""

    steps: list[Step]
    flows: list[Flow]


def _selected(scenario: Scenario, step_ids: Collection[str]) -> tuple[list[Step], list[Flow], list[Lane]]:
    steps = [s for s in scenario.steps if s.id in step_ids]
    chosen = {s.id for s in steps}
    flows = [f for f in scenario.flows if f.source in chosen and f.target in chosen]
    used = {s.lane for s in steps}
    lanes = [lane for lane in scenario.lanes if lane.id in used]
    return steps, flows, lanes


def serialize(scenario: Scenario, step_ids: Collection[str]) -> str:
    """The chosen steps of a scenario, the flows between them and their lanes, as clipboard JSON."""
    steps, flows, lanes = _selected(scenario, step_ids)
    payload = {
        "format": CLIPBOARD_FORMAT,
        "version": CLIPBOARD_VERSION,
        "lanes": [{"id": lane.id, "kind": lane.kind.value, "title": lane.title} for lane in lanes],
        "steps": [s.model_dump(mode="json") for s in steps],
        "flows": [f.model_dump(mode="json") for f in flows],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def plain_text(scenario: Scenario, step_ids: Collection[str]) -> str:
    """The chosen steps' text, one step per line in reading order, for pasting into other programs."""
    return "\n".join(" ".join(s.label.split()) for s in reading_order(scenario, step_ids))


def _list(payload: dict[str, Any], key: str) -> list[Any]:
    value = payload.get(key, [])
    if not isinstance(value, list):
        raise ClipboardFormatError(f"the clipboard's {key} are not a list")
    return value


def _read_payload(text: str) -> dict[str, Any]:
    if len(text) > MAX_CLIPBOARD_BYTES:
        raise ClipboardFormatError("the clipboard holds too much to paste")
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ClipboardFormatError("the clipboard's blueprint data is not valid JSON") from error
    if not isinstance(payload, dict) or payload.get("format") != CLIPBOARD_FORMAT:
        raise ClipboardFormatError("the clipboard holds no steps copied from Blueprint Editor")
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ClipboardFormatError("the clipboard's blueprint data has no valid version")
    if version > CLIPBOARD_VERSION:
        raise ClipboardFormatError("the steps were copied from a newer version of Blueprint Editor")
    return payload


def _read_lanes(payload: dict[str, Any]) -> dict[str, tuple[LaneKind, str]]:
    lanes: dict[str, tuple[LaneKind, str]] = {}
    for raw in _list(payload, "lanes"):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("title"), str):
            raise ClipboardFormatError("a lane on the clipboard has no id or title")
        try:
            kind = LaneKind(str(raw.get("kind")))
        except ValueError as error:
            raise ClipboardFormatError(f"a lane on the clipboard is of an unknown kind: {raw.get('kind')!r}") from error
        lanes[raw["id"]] = (kind, raw["title"])
    return lanes


def _read_steps(payload: dict[str, Any]) -> list[Step]:
    raw_steps = _list(payload, "steps")
    if not raw_steps:
        raise ClipboardFormatError("the clipboard holds no steps")
    if len(raw_steps) > MAX_CLIPBOARD_STEPS:
        raise ClipboardFormatError(f"the clipboard holds more than {MAX_CLIPBOARD_STEPS} steps")
    try:
        steps = [Step.model_validate(raw) for raw in raw_steps]
    except ValidationError as error:
        raise ClipboardFormatError(f"a step on the clipboard is not valid ({error.error_count()} problems)") from error
    if len({s.id for s in steps}) != len(steps):
        raise ClipboardFormatError("two steps on the clipboard have the same id")
    return steps


def _read_flows(payload: dict[str, Any], step_ids: set[str]) -> list[Flow]:
    try:
        flows = [Flow.model_validate(raw) for raw in _list(payload, "flows")]
    except ValidationError as error:
        raise ClipboardFormatError(f"a flow on the clipboard is not valid ({error.error_count()} problems)") from error
    if any(f.source not in step_ids or f.target not in step_ids for f in flows):
        raise ClipboardFormatError("a flow on the clipboard leads to a step that is not there")
    return flows


def _steps_lane(scenario: Scenario) -> Lane:
    """Where cards go when nothing better is known: Customer actions, else the first lane that takes cards."""
    lanes = [lane for lane in scenario.lanes if lane.kind.holds_steps]
    if not lanes:
        raise ClipboardFormatError("this scenario has no lane to paste steps into")
    return next((lane for lane in lanes if lane.kind is LaneKind.CUSTOMER), lanes[0])


def map_lane(scenario: Scenario, lane_id: str, kind: LaneKind | None, title: str) -> Lane:
    """The lane of ``scenario`` that a card copied from lane ``lane_id`` goes into: same id, same kind, else
    Customer actions."""
    lanes = [lane for lane in scenario.lanes if lane.kind.holds_steps]
    same_id = next((lane for lane in lanes if lane.id == lane_id), None)
    if same_id is not None:
        return same_id
    same_kind = [lane for lane in lanes if lane.kind is kind]
    if kind is LaneKind.CUSTOM:
        same_title = next((lane for lane in same_kind if lane.title == title), None)
        if same_title is not None:
            return same_title
    return same_kind[0] if same_kind else _steps_lane(scenario)


def parse(text: str, scenario: Scenario) -> PastedItems:
    """The steps and flows on the clipboard, ready to add to ``scenario``; raises ClipboardFormatError."""
    payload = _read_payload(text)
    lanes = _read_lanes(payload)
    steps = _read_steps(payload)
    flows = _read_flows(payload, {s.id for s in steps})
    taken = {s.id for s in scenario.steps} | {f.id for f in scenario.flows}
    new_ids: dict[str, str] = {}
    pasted: list[Step] = []
    for step in steps:
        kind, title = lanes.get(step.lane, (None, ""))
        lane = map_lane(scenario, step.lane, kind, title)
        new_ids[step.id] = new_id = next_id("s", taken)
        taken.add(new_id)
        band = band_of(scenario, lane.id)
        y = round(clamp_in_band(band, step.y)) if band is not None else step.y
        pasted.append(step.model_copy(update={"id": new_id, "lane": lane.id, "y": y}))
    pasted_flows: list[Flow] = []
    for flow in flows:
        flow_id = next_id("l", taken)
        taken.add(flow_id)
        pasted_flows.append(
            flow.model_copy(update={"id": flow_id, "source": new_ids[flow.source], "target": new_ids[flow.target]})
        )
    return PastedItems(pasted, pasted_flows)


def parse_plain_text(text: str, scenario: Scenario) -> PastedItems:
    """One step per non-empty line of text, left to right in Customer actions after the cards already there."""
    if len(text) > MAX_CLIPBOARD_BYTES:
        raise ClipboardFormatError("the clipboard holds too much text to paste")
    lines = [" ".join(line.split())[:MAX_LABEL_LENGTH] for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ClipboardFormatError("the clipboard holds no text to make steps of")
    if len(lines) > MAX_TEXT_LINES:
        raise ClipboardFormatError(f"the clipboard holds more than {MAX_TEXT_LINES} lines of text")
    lane = _steps_lane(scenario)
    band = band_of(scenario, lane.id)
    y = round(clamp_in_band(band, 40)) if band is not None else 40
    in_lane = [s.x for s in scenario.steps if s.lane == lane.id]
    x = max(in_lane) + CARD_WIDTH + STEP_GAP if in_lane else STEP_GAP / 2
    if x + len(lines) * (CARD_WIDTH + STEP_GAP) > MAX_COORDINATE:
        raise ClipboardFormatError(f"there is no room left in {lane.title} for {len(lines)} more steps")
    taken = {s.id for s in scenario.steps} | {f.id for f in scenario.flows}
    steps = []
    for n, line in enumerate(lines):
        step_id = next_id("s", taken)
        taken.add(step_id)
        steps.append(Step(id=step_id, lane=lane.id, x=round(x + n * (CARD_WIDTH + STEP_GAP)), y=y, label=line))
    return PastedItems(steps, [])
