"""Load and save blueprint documents as UTF-8 JSON: stable key order, two-space indent, atomic writes."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from blueprint_editor.io.atomic import write_atomically
from blueprint_editor.io.errors import BlueprintFileError
from blueprint_editor.io.migrations import migrate
from blueprint_editor.io.reading import read_limited
from blueprint_editor.io.repair import repair_references
from blueprint_editor.model import FORMAT_NAME, FORMAT_VERSION, Document
from blueprint_editor.model.document import Scenario

MAX_PROBLEMS = 10
_DECLARED = frozenset({"format", "version"})
# NaN or Infinity after what can come before a value; a string may match too, and then only costs the slow way.
_CONSTANT_AS_VALUE = re.compile(r"[:,\[]\s*-?(?:NaN|Infinity)")
# The first "version" key and its number; a quote cannot stand unescaped inside a string, so this is a key.
_VERSION_KEY = re.compile(r'"version"\s*:\s*(-?[0-9.eE+]+)')


def dumps_document(document: Document) -> str:
    """The document as the text of a blueprint file."""
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def load_document(path: str | os.PathLike[str], *, check_references: bool = True) -> Document:
    """Read a blueprint file; raises BlueprintFileError with a message naming what is wrong and where.

    With ``check_references=False`` duplicate ids and flows to missing steps are let through, for tools that
    report them (``blueprint-editor check``); the editor itself never opens such a document.
    """
    path = Path(path)
    name = path.name
    raw = read_limited(path, "a blueprint file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BlueprintFileError(
            f"{name} is not a text file in UTF-8 (undecodable byte at offset {error.start})."
        ) from None
    return loads_document(text, name, check_references=check_references)


def loads_document(text: str, source: str = "the file", *, check_references: bool = True) -> Document:
    """Parse the text of a blueprint file; ``source`` names it in messages. See load_document."""
    with _collector_paused():
        document = read_current_version(text)
        if document is None:
            document = parse_document(text, source)

    problems = reference_problems(document) if check_references else []
    if problems:
        failure = _problems_error(source, problems)
        repair = repair_references(document)
        if repair is not None:
            failure.repaired, failure.repairs = repair
        raise failure
    return document


def read_current_version(text: str) -> Document | None:
    """The document, when ``text`` is a valid file of the current format version; else None (nothing raised).

    The quick way in: pydantic's own JSON parser validates as it reads, without the dicts and lists of json.loads.
    Whatever it refuses goes to parse_document, which says what is wrong in the words it always has; whatever it
    accepts, parse_document accepts too and reads as the same document (tests/test_fast_loading.py holds it to that).
    """
    # A file of an older version would be read to its end before being refused; the version key comes first in
    # every saved file. (Only a shortcut: what it lets through is still validated, what it stops read the slow way.)
    declared = _VERSION_KEY.search(text)
    if declared is None or declared[1] != str(FORMAT_VERSION):
        return None
    # json.loads refuses NaN and Infinity, pydantic's parser reads them. One where a value belongs fails validation
    # anyway (no field takes it); this also catches one hidden behind a duplicate key, where the last value counts.
    # The plain search is quick; the pattern only runs when a text says NaN or Infinity somewhere.
    if ("NaN" in text or "Infinity" in text) and _CONSTANT_AS_VALUE.search(text):
        return None
    try:
        document = Document.model_validate_json(text, strict=True)
    except (ValidationError, ValueError, RecursionError):
        # ValueError: a str with a lone surrogate, which json.loads takes and UTF-8 cannot hold.
        return None
    # The model has defaults for both; a file must say them.
    return document if document.model_fields_set >= _DECLARED else None


def parse_document(text: str, source: str = "the file") -> Document:
    """Parse, migrate and validate the text of a blueprint file of any version, without the reference checks.

    Raises BlueprintFileError naming what is wrong and where; ``source`` names the file in messages.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise BlueprintFileError(
            f"{source} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except ValueError as error:
        raise BlueprintFileError(f"{source} is not valid JSON: {error}{_position_of_constant(text)}.") from None
    except RecursionError:
        raise BlueprintFileError(f"{source} is not valid JSON: it is nested too deeply.") from None

    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise BlueprintFileError(
            f'{source} is not a Blueprint Editor file: its top level has no "format": "{FORMAT_NAME}".'
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BlueprintFileError(f'{source} has no valid "version" (found {json.dumps(version)[:40]}).')
    if version > FORMAT_VERSION:
        shown = str(version) if version < 10**9 else "beyond any this program knows"
        raise BlueprintFileError(
            f"{source} was written in file format version {shown} by a newer Blueprint Editor; "
            f"this version reads format versions up to {FORMAT_VERSION}. Update the editor to open it."
        )
    try:
        data = migrate(data, version)
        return Document.model_validate(data)
    except ValidationError as error:
        problems = [_describe(data, e["loc"], e["msg"]) for e in error.errors()]
        raise _problems_error(source, problems) from None
    except RecursionError:
        raise BlueprintFileError(f"{source} cannot be opened: its values are nested too deeply.") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a load.

    Reading a file makes hundreds of thousands of objects and no reference cycles; the collector, triggered by the
    allocations, walked the growing heap again and again for nothing to collect: json.loads and validation of a
    5,000-step file took twice as long with it as without. The objects made are looked at once, when it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def save_document(document: Document, path: str | os.PathLike[str], *, backup: bool = False) -> None:
    """Write the document atomically; with ``backup``, first keep the file's previous version as NAME.bak."""
    path = Path(path)
    data = dumps_document(document).encode("utf-8")
    if backup:
        try:
            previous = path.read_bytes()
        except FileNotFoundError:
            previous = None
        except OSError as error:
            raise BlueprintFileError(f"Cannot keep a backup of {path.name}: {error.strerror or error}.") from None
        if previous is not None and previous != data:
            write_atomically(backup_path(path), previous)
    write_atomically(path, data)


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``NAME.json.bak`` beside it."""
    return path.with_name(path.name + ".bak")


def reference_problems(document: Document) -> list[str]:
    """Duplicate ids and references to things that do not exist, each with where it is."""
    problems: list[str] = []
    seen_scenarios: set[str] = set()
    for scenario in document.scenarios:
        where = f"scenario {_quote(scenario.name)}"
        if scenario.id in seen_scenarios:
            problems.append(f"{where}: the scenario id '{scenario.id}' is used twice")
        seen_scenarios.add(scenario.id)
        if not _scenario_is_sound(scenario):
            problems.extend(_scenario_problems(scenario, where))
    return problems


_ids = attrgetter("id")


def _scenario_is_sound(scenario: Scenario) -> bool:
    """Whether every id is unique and every reference found: the common case, told with sets alone."""
    lane_ids = set(map(_ids, scenario.lanes))
    step_ids = set(map(_ids, scenario.steps))
    flow_ids = set(map(_ids, scenario.flows))
    return (
        len(lane_ids) == len(scenario.lanes)
        and len(set(map(_ids, scenario.phases))) == len(scenario.phases)
        and len(step_ids) == len(scenario.steps)
        and len(flow_ids) == len(scenario.flows)
        and step_ids.isdisjoint(flow_ids)
        and lane_ids.issuperset(map(attrgetter("lane"), scenario.steps))
        and step_ids.issuperset(map(attrgetter("source"), scenario.flows))
        and step_ids.issuperset(map(attrgetter("target"), scenario.flows))
    )


def _scenario_problems(scenario: Scenario, where: str) -> list[str]:
    problems: list[str] = []
    for kind, ids in (
        ("lane", [lane.id for lane in scenario.lanes]),
        ("phase", [p.id for p in scenario.phases]),
        ("step or flow", [s.id for s in scenario.steps] + [f.id for f in scenario.flows]),
    ):
        seen: set[str] = set()
        for item_id in ids:
            if item_id in seen:
                problems.append(f"{where}: the {kind} id '{item_id}' is used twice")
            seen.add(item_id)
    lane_ids = {lane.id for lane in scenario.lanes}
    step_ids = {s.id for s in scenario.steps}
    for step in scenario.steps:
        if step.lane not in lane_ids:
            problems.append(f"{where}: step '{step.id}' ({_quote(step.label)}) is in a missing lane '{step.lane}'")
    for flow in scenario.flows:
        for end in ("source", "target"):
            step_id = getattr(flow, end)
            if step_id not in step_ids:
                problems.append(f"{where}: flow '{flow.id}' names a missing step '{step_id}' as its {end}")
    return problems


def _problems_error(source: str, problems: list[str]) -> BlueprintFileError:
    shown = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS} more")
    noun = "problem" if len(problems) == 1 else "problems"
    return BlueprintFileError(f"{source} cannot be opened: {len(problems)} {noun} found.", shown)


def _describe(data: Any, loc: tuple[int | str, ...], message: str) -> str:
    """A location like ``scenario 'Main' > step 'c2' ("Arrive") > x`` for a pydantic error location."""
    parts: list[str] = []
    node = data
    for key in loc:
        child = None
        if isinstance(node, dict) and isinstance(key, str):
            child = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            child = node[key]
        if isinstance(key, int) and parts:
            container = parts.pop()
            parts.append(_name_item(container, key, child))
        else:
            parts.append(_short(str(key)))
        node = child
    return f"{' > '.join(parts) or 'top level'}: {_short(message, 200)}"


def _short(text: str, limit: int = 40) -> str:
    """Text from a file, cut so that a message stays readable whatever the file holds."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SINGULAR = {"scenarios": "scenario", "lanes": "lane", "phases": "phase", "steps": "step", "flows": "flow"}


def _name_item(container: str, index: int, item: Any) -> str:
    noun = _SINGULAR.get(container, container)
    if isinstance(item, dict):
        item_id = item.get("id")
        label = item.get("label", item.get("name", item.get("title")))
        if isinstance(item_id, str):
            text = f"{noun} '{item_id[:40]}'"
            if isinstance(label, str) and label:
                text += f" ({_quote(label)})"
            return text
    return f"{noun} #{index + 1}"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= 40 else text[:39] + "…") + '"'


def _position_of_constant(text: str) -> str:
    """' at line L, column C' of the first NaN or Infinity outside a string, as best a scan can tell."""
    match = re.search(r'(?<![\w"])-?(NaN|Infinity)(?![\w"])', text)
    if match is None:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return f" at line {line}, column {column}"


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")
