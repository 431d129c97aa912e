"""Fuzzing the loader with mutated real files: nothing escapes but BlueprintFileError, and what loads saves back.

Each case starts from a valid file (the bundled hotel-stay example or a small hand-made one) and breaks it: bytes
truncated, flipped, inserted or deleted (read from disk by ``load_document``, as a damaged file would be), or its
JSON changed: fields removed or retyped (huge numbers, NaN, very long strings, nesting 100,000 deep), ids duplicated
or pointing nowhere, the version or format changed. The invariant, for every case:

* the loader raises nothing but ``BlueprintFileError``, whose message is a non-empty text of at most
  ``MAX_MESSAGE_CHARS`` characters and whose first line names the file; a repaired copy it offers opens cleanly;
* or it loads, the save keeps everything the file said (numbers to the 0.001 a file holds; a value read as another
  type, "12" as 12, is counted, not failed), and the saved text loads back equal and saves to the same text again;
* and no case takes longer than ``SLOWEST_CASE_SECONDS`` (a hang detector, not a performance gate).

Case ``i`` of seed ``s`` is rebuilt alone by ``make_case(s, i)``. ``run_fuzz`` and ``run_hypothesis`` return the
figures that ``tests/reliability_report.py`` prints.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import random
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from blueprint_editor.io import BlueprintFileError, dumps_document, load_document, loads_document
from blueprint_editor.io.migrations import migrate
from blueprint_editor.model import FORMAT_VERSION, Document
from blueprint_editor.resources import example_path

DEFAULT_CASES = 3000
DEFAULT_SEED = 20241126
DEFAULT_HYPOTHESIS_EXAMPLES = 200
MAX_MESSAGE_CHARS = 5000
SLOWEST_CASE_SECONDS = 2.0
# A case still running after this long is stopped and counted as a hang, so that a hang fails the test.
CASE_ALARM_SECONDS = 30

# --- the valid files every case starts from ----------------------------------------------------------------------

TINY = {"format": "blueprint-editor", "version": 1, "title": "Tiny", "scenarios": [{"id": "main", "name": "Main"}]}

SMALL = {
    "format": "blueprint-editor",
    "version": 1,
    "title": "Caf\u00e9 visit \u2615 <b>",
    "scenarios": [
        {
            "id": "main",
            "name": "Weekday",
            "lanes": [
                {"id": "customer", "kind": "customer", "title": "Customer actions", "height": 150},
                {"id": "staff", "kind": "frontstage", "title": "Barista", "height": 120.5},
                {"id": "kitchen", "kind": "backstage", "title": "Kitchen", "height": 1},
            ],
            "phases": [{"id": "p1", "name": "Order", "width": 600}, {"id": "p2", "name": "Drink", "width": 480.25}],
            "steps": [
                {"id": "c1", "lane": "customer", "x": 10, "y": 40, "label": "Walk in", "duration_min": 0.5},
                {"id": "s1", "lane": "staff", "x": 250.125, "y": -3, "label": "Take order\nand pay", "wait_min": 2},
                {
                    "id": "k1",
                    "lane": "kitchen",
                    "x": 999999,
                    "label": "\u65e5\u672c\u8a9e \U0001f600",
                    "fail_point": True,
                },
            ],
            "flows": [{"id": "f1", "source": "c1", "target": "s1"}, {"id": "f2", "source": "s1", "target": "k1"}],
        },
        {"id": "rush", "name": "Rush hour", "lanes": [{"id": "support", "kind": "support", "title": "Tills"}]},
    ],
}


@functools.cache
def seed_texts() -> dict[str, str]:
    """The valid files the mutations start from, by name: the example, and small ones as version 1 and as now."""
    small = json.dumps(SMALL, indent=2, ensure_ascii=False)
    return {
        "hotel-stay.json": example_path().read_text(encoding="utf-8"),
        "tiny": json.dumps(TINY, indent=2),
        "small": small,
        "small as saved now": dumps_document(loads_document(small)),
    }


# --- mutations ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """Text put into the JSON as it is, for what json.dumps cannot write: 1e400, NaN, nesting 100,000 deep."""

    text: str


@dataclass(frozen=True)
class Case:
    index: int
    seed_name: str
    mutation: str
    payload: str | bytes  # bytes are written to a file and read with load_document; text goes to loads_document

    @property
    def label(self) -> str:
        return f"case {self.index} ({self.mutation} of {self.seed_name})"


def _deep_list(depth: int) -> Raw:
    return Raw("[" * depth + "]" * depth)


def _deep_object(depth: int) -> Raw:
    return Raw('{"a":' * depth + "1" + "}" * depth)


def _nested_list(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _odd_value(rng: random.Random, data: Any) -> Any:
    """A value of some other type, size or shape than the one it replaces."""
    pick = rng.randrange(32)
    odd: list[Any] = [
        "",
        "x",
        "12",
        "null",
        "\u0000\u202e\ufeff",
        "x" * rng.choice([64, 65, 2000, 2001]),
        "\u00e9" * rng.choice([100_000, 1_000_000]),
        0,
        -1,
        0.0004,
        -0.0,
        5e-324,
        1e308,
        -1e308,
        10**400,
        Raw("1e400"),
        Raw("-1e400"),
        Raw(rng.choice(["NaN", "Infinity", "-Infinity"])),
        Raw("9" * 5000),  # beyond the digits Python converts to int
        None,
        True,
        False,
        [],
        [1, "a", None],
        _deep_list(rng.choice([50, 500, 100_000])),
        _deep_object(rng.choice([50, 500, 100_000])),
        {},
        {"id": "x"},
        [{"id": "x", "lane": "customer"}],
        _nested_list(40),
        rng.randint(-(10**18), 10**18),
        rng.uniform(-2e6, 2e6),
    ]
    value = odd[pick]
    if rng.random() < 0.1:  # a piece of the same file in the wrong place
        slots = _slots(data)
        if slots:
            container, key = rng.choice(slots)
            value = copy.deepcopy(container[key])
    return value


def _slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in the JSON tree, without recursion."""
    slots: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            slots.append((node, key))
            if isinstance(value, dict | list):
                stack.append(value)
    return slots


def _dicts_with(data: Any, *keys: str) -> list[dict[str, Any]]:
    found = [c[k] for c, k in _slots(data) if isinstance(c[k], dict) and any(key in c[k] for key in keys)]
    return found + ([data] if isinstance(data, dict) and any(key in data for key in keys) else [])


def _lists_of_ids(data: Any) -> list[list[Any]]:
    return [
        c[k]
        for c, k in _slots(data)
        if isinstance(c[k], list) and sum(isinstance(x, dict) and "id" in x for x in c[k]) >= 2
    ]


def _remove_field(rng: random.Random, data: Any) -> Any:
    slots = [(c, k) for c, k in _slots(data) if isinstance(c, dict)]
    if slots:
        container, key = rng.choice(slots)
        del container[key]
    return data


def _retype(rng: random.Random, data: Any) -> Any:
    slots = _slots(data)
    if slots:
        container, key = rng.choice(slots)
        container[key] = _odd_value(rng, data)
    return data


def _extra_field(rng: random.Random, data: Any) -> Any:
    targets = [data, *_dicts_with(data, "id")]
    name = rng.choice(["colour", "x", "id", "", "\u00e9", "__proto__", "k" * rng.randrange(1, 100)])
    rng.choice(targets)[name] = _odd_value(rng, data)
    return data


def _duplicate_id(rng: random.Random, data: Any) -> Any:
    lists = _lists_of_ids(data)
    if lists:
        items = [x for x in rng.choice(lists) if isinstance(x, dict) and "id" in x]
        first, second = rng.sample(items, 2)
        second["id"] = first["id"]
    elif isinstance(data.get("scenarios"), list) and data["scenarios"]:
        data["scenarios"].append(copy.deepcopy(data["scenarios"][0]))
    return data


def _dangling_reference(rng: random.Random, data: Any) -> Any:
    holders = _dicts_with(data, "lane", "source", "target")
    if not holders:
        return _retype(rng, data)
    holder = rng.choice(holders)
    key = rng.choice([k for k in ("lane", "source", "target") if k in holder])
    holder[key] = rng.choice(["nowhere", "p1", "main", "evidence", "f1", "s" * 64, "S1", " c1"])
    return data


def _change_version(rng: random.Random, data: Any) -> Any:
    choices: list[Any] = [0, 2, 99, "1", True, False, 1.0, -1, None, [], {}, 10**30, 10**4000, Raw("1e400")]
    if rng.random() < 0.15:
        data.pop("version", None)
    else:
        data["version"] = rng.choice(choices)
    return data


def _change_format(rng: random.Random, data: Any) -> Any:
    if rng.random() < 0.5:
        data.pop("format", None)
    else:
        data["format"] = rng.choice(["Blueprint-Editor", "", None, 1, "blueprint-editor ", ["blueprint-editor"]])
    return data


def _empty_or_drop_list(rng: random.Random, data: Any) -> Any:
    lists = [(c, k) for c, k in _slots(data) if isinstance(c[k], list)]
    if lists:
        container, key = rng.choice(lists)
        if rng.random() < 0.5:
            container[key] = []
        else:
            del container[key]
    return data


def _change_number(rng: random.Random, data: Any) -> Any:
    """A number in range but with more decimals than a file keeps, or on the edge of a bound."""
    slots = [(c, k) for c, k in _slots(data) if isinstance(c[k], int | float) and not isinstance(c[k], bool)]
    slots = [(c, k) for c, k in slots if k != "version"]
    if slots:
        container, key = rng.choice(slots)
        container[key] = rng.choice(
            [
                rng.uniform(-1e6, 1e6),
                rng.uniform(0, 1) * 10 ** rng.randint(-9, 7),
                round(rng.uniform(0, 1000), rng.randint(0, 6)),
                rng.choice([999999.9996, -999999.9996, 1000000.0004, 1.0004, 0.9996, 2.0005, 0.0005, 1e-7]),
                rng.choice([5e-324, -0.0, 1e6, -1e6, 1e7, 1e7 + 0.001, 1, 0]),
            ]
        )
    return data


def _change_text(rng: random.Random, data: Any) -> Any:
    """A text field (a label, name, title or id) given odd characters."""
    slots = [(c, k) for c, k in _slots(data) if isinstance(c[k], str) and k not in ("format", "kind")]
    if slots:
        container, key = rng.choice(slots)
        pieces = ["\u0000", "\u2028", "\u202e", "\ufeff", "\U0001f600", "e\u0301", "\t", "\n", " ", "<b>&amp;"]
        pieces += ['"', "\\", "a", "Z", "0", "-", ".", "_", "\u00e9", "\u65e5"]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        container[key] = text if rng.random() < 0.9 else Raw('"\\ud800"')  # a lone surrogate
    return data


STRUCTURAL: dict[str, Callable[[random.Random, Any], Any]] = {
    "number changed": _change_number,
    "text changed": _change_text,
    "field removed": _remove_field,
    "field retyped": _retype,
    "unknown field": _extra_field,
    "id duplicated": _duplicate_id,
    "id points nowhere": _dangling_reference,
    "version changed": _change_version,
    "format changed": _change_format,
    "list emptied or dropped": _empty_or_drop_list,
}

SNIPPETS = [
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"\\u",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xed\xa0\x80",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"-",
    b"null",
    b"\n",
    b"\t",
    "\u00e9\u2028".encode(),
    b"\\ud800",
    b'"":',
]


def _truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randrange(len(raw) + 1)]


def _flip(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(data))
        data[i] = data[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(data)


def _insert(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(data) + 1)
        data[i:i] = rng.choice(SNIPPETS) if rng.random() < 0.6 else rng.randbytes(rng.randint(1, 8))
    return bytes(data)


def _delete(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        if not data:
            break
        i = rng.randrange(len(data))
        del data[i : i + rng.randint(1, 24)]
    return bytes(data)


def _splice(rng: random.Random, raw: bytes) -> bytes:
    i, j = sorted(rng.randrange(len(raw) + 1) for _ in range(2))
    k = rng.randrange(len(raw) + 1)
    return raw[:k] + raw[i:j] + raw[k:]


BYTEWISE: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "truncated": _truncate,
    "bytes flipped": _flip,
    "bytes inserted": _insert,
    "bytes deleted": _delete,
    "bytes spliced": _splice,
}


def _to_text(rng: random.Random, data: Any) -> str:
    """JSON text of ``data``, with every Raw written as it is."""
    raws: list[str] = []

    def swap(node: Any) -> Any:
        if isinstance(node, Raw):
            raws.append(node.text)
            return f"@@raw{len(raws) - 1}@@"
        if isinstance(node, dict):
            return {key: swap(value) for key, value in node.items()}
        if isinstance(node, list):
            return [swap(value) for value in node]
        return node

    text = json.dumps(swap(data), indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.3)
    for i, raw in enumerate(raws):
        text = text.replace(f'"@@raw{i}@@"', raw, 1)
    return text


def make_case(seed: int, index: int) -> Case:
    """Case ``index`` of the campaign with ``seed``; each case has its own generator, so it can be rebuilt alone."""
    rng = random.Random(f"{seed}:{index}")
    seed_name = rng.choices(list(seed_texts()), weights=[3, 1, 1, 1])[0]
    text = seed_texts()[seed_name]
    if rng.random() < 0.45:
        mutation = rng.choice(list(BYTEWISE))
        return Case(index, seed_name, mutation, BYTEWISE[mutation](rng, text.encode("utf-8")))
    names = rng.sample(list(STRUCTURAL), rng.choice([1, 1, 1, 2, 3]))
    data = json.loads(text)
    for name in names:
        data = STRUCTURAL[name](rng, data)
    mutated = _to_text(rng, data)
    mutation = " + ".join(names)
    if rng.random() < 0.25:  # some through a file, as the editor opens them
        return Case(index, seed_name, mutation, mutated.encode("utf-8"))
    return Case(index, seed_name, mutation, mutated)


# --- the invariant -----------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    result: str  # "loaded", "refused", "refused with a repaired copy", or "failed"
    problems: list[str] = field(default_factory=list)
    rounded: bool = False  # loaded, and saving rounded a number to the 0.001 a file keeps
    coerced: str = ""  # loaded, and a value of the file was taken as another type ("12" as 12, "yes" as true)


def _raw_values(value: Any) -> Any:
    """A model's field values as they are in memory, before the serializers round them."""
    if isinstance(value, BaseModel):
        return {name: _raw_values(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_raw_values(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _difference(before: Any, after: Any, where: str = "") -> tuple[str | None, bool]:
    """(where the two differ beyond rounding to 0.001, whether some number was rounded)."""
    if isinstance(before, dict) and isinstance(after, dict):
        if list(before) != list(after):
            return f"{where or 'top level'}: fields {list(before)} became {list(after)}", False
        rounded = False
        for key in before:
            difference, was_rounded = _difference(before[key], after[key], f"{where}.{key}")
            if difference:
                return difference, False
            rounded = rounded or was_rounded
        return None, rounded
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return f"{where}: {len(before)} items became {len(after)}", False
        rounded = False
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            difference, was_rounded = _difference(b, a, f"{where}[{i}]")
            if difference:
                return difference, False
            rounded = rounded or was_rounded
        return None, rounded
    if isinstance(before, float) and isinstance(after, float) and not isinstance(before, bool):
        if before == after:
            return None, False
        if round(before, 3) == after:
            return None, True
    if type(before) is type(after) and before == after:
        return None, False
    return f"{where}: {before!r} became {after!r}", False


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, int | float) else type(value).__name__


def _kept(given: Any, saved: Any, where: str = "") -> tuple[str | None, bool, str]:
    """Whether everything the file said is in what a save writes: (what was lost, rounded, what was coerced).

    Defaults the file left out may be added; a number may be rounded to 0.001; a value may change type, as pydantic's
    lax mode reads "12" as 12 and "yes" as true (reported, not counted as lost). Anything else is lost.
    """
    if _kind(given) != _kind(saved):
        return None, False, f"{where}: {given!r} was read as {saved!r}"[:200]
    if isinstance(given, dict):
        missing = [key for key in given if key not in saved]
        if missing:
            return f"{where or 'top level'}: the field {missing[0]!r} was dropped"[:300], False, ""
        items = [(given[key], saved[key], f"{where}.{key}") for key in given]
    elif isinstance(given, list):
        if len(given) != len(saved):
            return f"{where}: {len(given)} items became {len(saved)}", False, ""
        items = [(g, s, f"{where}[{i}]") for i, (g, s) in enumerate(zip(given, saved, strict=True))]
    elif _kind(given) == "number" and given != saved:
        if round(float(given), 3) == saved:
            return None, True, ""
        return f"{where}: {given!r} became {saved!r}"[:300], False, ""
    elif given != saved:
        return f"{where}: {given!r} became {saved!r}"[:300], False, ""
    else:
        items = []
    rounded, coerced = False, ""
    for g, s, place in items:
        lost, was_rounded, was_coerced = _kept(g, s, place)
        if lost:
            return lost, False, ""
        rounded, coerced = rounded or was_rounded, coerced or was_coerced
    return None, rounded, coerced


def _round_trip_problems(document: Document, what: str) -> tuple[list[str], bool]:
    text = dumps_document(document)
    try:
        again = loads_document(text, "the saved copy")
    except BlueprintFileError as error:
        return [f"{what} saves to text that does not load: {str(error)[:500]}"], False
    problems = []
    if dumps_document(again) != text:
        problems.append(f"{what} saved twice gives different text")
    difference, rounded = _difference(_raw_values(document), _raw_values(again))
    if difference:
        problems.append(f"{what} does not load back equal: {difference[:500]}")
    return problems, rounded


def _message_problems(error: BlueprintFileError, source: str) -> list[str]:
    message = str(error)
    problems = []
    if not isinstance(error.message, str) or not error.message.strip():
        problems.append(f"empty message: {error.message!r}")
    if len(message) > MAX_MESSAGE_CHARS:
        problems.append(f"message of {len(message)} characters: {message[:200]!r}...")
    if source not in message.split("\n", 1)[0]:
        problems.append(f"first line does not name {source!r}: {message[:200]!r}")
    return problems


def check_load(load: Callable[[], Document], source: str, given: str | None = None) -> Outcome:
    """Run one load and check the invariant; problems are described, never raised.

    With ``given``, the text that was loaded, a document that loads is also checked to keep everything it said.
    """
    try:
        document = load()
    except BlueprintFileError as error:
        problems = _message_problems(error, source)
        repaired = getattr(error, "repaired", None)
        if repaired is None:
            return Outcome("refused", problems)
        try:
            problems += _round_trip_problems(repaired, "the repaired copy")[0]
        except Exception as escaped:  # the repaired copy must save as well as any document
            problems.append(f"saving the repaired copy raised {type(escaped).__name__}: {str(escaped)[:300]}")
        return Outcome("refused with a repaired copy", problems)
    except Exception as escaped:
        return Outcome("failed", [f"{type(escaped).__name__} escaped: {str(escaped)[:300]}"])
    try:
        problems, rounded = _round_trip_problems(document, "the loaded document")
        coerced = ""
        if given is not None:
            said = json.loads(given)
            if said["version"] < FORMAT_VERSION:  # compare with the file as the product upgrades it
                said = migrate(said, said["version"])
            lost, rounded_from_file, coerced = _kept(said, json.loads(dumps_document(document)))
            rounded = rounded or rounded_from_file
            if lost:
                problems.append(f"the file loaded, but something it said is lost: {lost}")
    except Exception as escaped:
        return Outcome("failed", [f"saving the loaded document raised {type(escaped).__name__}: {escaped}"[:400]])
    return Outcome("loaded", problems, rounded, coerced)


class CaseTimedOut(BaseException):
    """Raised into a case that ran past CASE_ALARM_SECONDS (BaseException, so no ``except Exception`` eats it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CaseTimedOut into the code if it runs longer than ``seconds`` (main thread on POSIX; else no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise CaseTimedOut(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- campaigns ---------------------------------------------------------------------------------------------------


@dataclass
class FuzzFigures:
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    through_files: int = 0
    rounded: int = 0
    coerced: int = 0
    coerced_examples: list[str] = field(default_factory=list)
    escaped: int = 0  # exceptions other than BlueprintFileError, and hangs
    failures: list[str] = field(default_factory=list)
    slowest_seconds: float = 0.0
    slowest_case: str = ""
    seconds: float = 0.0

    def record(self, label: str, outcome: Outcome, elapsed: float) -> None:
        self.cases += 1
        self.outcomes[outcome.result] += 1
        self.rounded += outcome.rounded
        if outcome.coerced:
            self.coerced += 1
            if len(self.coerced_examples) < 5:
                self.coerced_examples.append(outcome.coerced)
        self.escaped += outcome.result == "failed"
        self.failures += [f"{label}: {p}" for p in outcome.problems]
        if elapsed > self.slowest_seconds:
            self.slowest_seconds, self.slowest_case = elapsed, label


def run_case(case: Case, folder: Path) -> Outcome:
    if isinstance(case.payload, bytes):
        path = folder / f"fuzz-{case.index}.json"
        path.write_bytes(case.payload)
        try:
            given = case.payload.decode("utf-8-sig", errors="replace")
            return check_load(lambda: load_document(path), path.name, given)
        finally:
            path.unlink(missing_ok=True)
    source = f"fuzz case {case.index}"
    text = case.payload
    return check_load(lambda: loads_document(text, source), source, text)


def run_fuzz(cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED, folder: Path | None = None) -> FuzzFigures:
    """Run ``cases`` mutated files through the loader; the figures say what happened (nothing is raised)."""
    figures = FuzzFigures()
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="blueprint-fuzz-")))
        began = time.perf_counter()
        for index in range(cases):
            case = make_case(seed, index)
            figures.mutations[case.mutation] += 1
            figures.through_files += isinstance(case.payload, bytes)
            start = time.perf_counter()
            try:
                with time_limit(CASE_ALARM_SECONDS):
                    outcome = run_case(case, folder)
            except CaseTimedOut as error:
                outcome = Outcome("failed", [f"hang: {error}"])
            figures.record(
                f"{case.label}, rebuild with make_case({seed}, {index})", outcome, time.perf_counter() - start
            )
        figures.seconds = time.perf_counter() - began
    return figures


# Hypothesis builds JSON values with st.recursive: anything at all, documents of the right shape with random
# values, and the seed files with a random value put anywhere in them.

_KEYS = ["format", "version", "title", "scenarios", "id", "name", "lanes", "phases", "steps", "flows", "kind"]
_KEYS += ["height", "width", "lane", "x", "y", "label", "duration_min", "wait_min", "fail_point", "source", "target"]
_WORDS = ["blueprint-editor", "main", "customer", "evidence", "frontstage", "backstage", "support", "c1", "p1"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**400), 10**400)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(_WORDS)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)
ids = st.sampled_from(["a", "b", "c", "d", "customer", "support", "main", "p1"])
numbers = st.integers(-5, 5) | st.floats(-2e6, 2e6) | st.floats(0, 1e7) | st.floats(0, 2)
shaped_steps = st.fixed_dictionaries(
    {"id": ids, "lane": ids},
    optional={
        "x": numbers,
        "y": numbers,
        "label": st.text(max_size=30),
        "duration_min": numbers,
        "wait_min": numbers,
        "fail_point": st.booleans(),
        "tags": st.lists(st.text(max_size=4), max_size=3),
        "emotion": st.integers(-3, 3),
        "cost": numbers,
    },
)
shaped_flows = st.fixed_dictionaries({"id": ids, "source": ids, "target": ids})
shaped_lanes = st.fixed_dictionaries(
    {"id": ids, "kind": st.sampled_from(["customer", "support", "evidence"]), "title": st.text(max_size=10)},
    optional={"height": numbers},
)
shaped_scenarios = st.fixed_dictionaries(
    {"id": ids, "name": st.text(max_size=10)},
    optional={
        "lanes": st.lists(shaped_lanes, max_size=4),
        "phases": st.lists(st.fixed_dictionaries({"id": ids, "name": st.text(max_size=5)}), max_size=3),
        "steps": st.lists(shaped_steps, max_size=6),
        "flows": st.lists(shaped_flows, max_size=6),
    },
)
shaped_documents = st.fixed_dictionaries(
    {
        "format": st.just("blueprint-editor"),
        "version": st.sampled_from([1, FORMAT_VERSION]),
        "scenarios": st.lists(shaped_scenarios, max_size=3),
    },
    optional={"title": st.text(max_size=20)},
)


@st.composite
def seeds_with_a_value_replaced(draw: st.DrawFn) -> Any:
    data = json.loads(seed_texts()[draw(st.sampled_from(sorted(seed_texts())))])
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(data)
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        if isinstance(container, dict) and draw(st.booleans()):
            del container[key]
        else:
            container[key] = draw(json_values)
    return data


hypothesis_texts = st.tuples(
    st.one_of(json_values, shaped_documents, shaped_documents, seeds_with_a_value_replaced()),
    st.booleans(),
    st.booleans(),
).map(lambda t: json.dumps(t[0], indent=2 if t[1] else None, ensure_ascii=t[2]))


def run_hypothesis(examples: int = DEFAULT_HYPOTHESIS_EXAMPLES) -> FuzzFigures:
    """Hypothesis's JSON through the loader; an invariant break raises AssertionError, shrunk to a small example."""
    figures = FuzzFigures()
    began = time.perf_counter()

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(hypothesis_texts)
    def check(text: str) -> None:
        source = "hypothesis.json"
        start = time.perf_counter()
        try:
            with time_limit(CASE_ALARM_SECONDS):
                outcome = check_load(lambda: loads_document(text, source), source, text)
        except CaseTimedOut as error:
            outcome = Outcome("failed", [f"hang: {error}"])
        figures.record(f"hypothesis example {text[:120]!r}", outcome, time.perf_counter() - start)
        assert outcome.problems == [], outcome.problems

    check()
    figures.seconds = time.perf_counter() - began
    return figures


# --- tests -------------------------------------------------------------------------------------------------------


def test_every_seed_file_is_valid_and_round_trips(example_file: Path) -> None:
    texts = seed_texts()
    assert texts["hotel-stay.json"] == example_file.read_text(encoding="utf-8")
    for name, text in texts.items():
        outcome = check_load(lambda text=text, name=name: loads_document(text, name), name, text)
        assert (outcome.result, outcome.problems, outcome.rounded) == ("loaded", [], False), name


def test_mutated_files_never_raise_anything_but_the_loaders_error(tmp_path: Path) -> None:
    figures = run_fuzz(DEFAULT_CASES, DEFAULT_SEED, tmp_path)
    assert figures.cases == DEFAULT_CASES
    assert figures.failures == [], f"{len(figures.failures)} failures, first ones:\n" + "\n".join(figures.failures[:10])
    assert figures.escaped == 0
    assert figures.slowest_seconds < SLOWEST_CASE_SECONDS, f"slowest: {figures.slowest_case}"
    # The campaign is no good if every case fails the same way: each way out and each mutation must be seen.
    assert figures.outcomes["loaded"] > 50
    assert figures.outcomes["refused"] > 500
    assert figures.outcomes["refused with a repaired copy"] > 10
    assert figures.through_files > 500
    assert set(BYTEWISE) | set(STRUCTURAL) <= {part for name in figures.mutations for part in name.split(" + ")}
    assert list(tmp_path.iterdir()) == []


def test_hypothesis_json_never_raises_anything_but_the_loaders_error() -> None:
    figures = run_hypothesis(DEFAULT_HYPOTHESIS_EXAMPLES)
    assert figures.cases >= DEFAULT_HYPOTHESIS_EXAMPLES // 2
    assert figures.failures == []
    assert figures.slowest_seconds < SLOWEST_CASE_SECONDS, f"slowest: {figures.slowest_case}"
    assert figures.outcomes["loaded"] > DEFAULT_HYPOTHESIS_EXAMPLES // 20


DEEP = 100_000
NASTY = {
    "nested 100,000 deep": "[" * DEEP + "]" * DEEP,
    "objects nested 100,000 deep": '{"a":' * DEEP + "1" + "}" * DEEP,
    "empty": "",
    "a NUL": "\u0000",
    "a BOM only": "\ufeff",
    "a bare number": "1e400",
    "NaN": "NaN",
    "x is 1e308": json.dumps(SMALL).replace('"x": 10', '"x": 1e308'),
    "x is -1e400": json.dumps(SMALL).replace('"x": 10', '"x": -1e400'),
    "x is NaN": json.dumps(SMALL).replace('"x": 10', '"x": NaN'),
    "x has 5000 digits": json.dumps(SMALL).replace('"x": 10', '"x": ' + "9" * 5000),
    "x is 0.0004": json.dumps(SMALL).replace('"x": 10', '"x": 0.0004'),
    "version 0": json.dumps(TINY | {"version": 0}),
    "version 2": json.dumps(TINY | {"version": 2}),
    "version 99": json.dumps(TINY | {"version": 99}),
    'version "1"': json.dumps(TINY | {"version": "1"}),
    "version true": json.dumps(TINY | {"version": True}),
    "version has 4000 digits": json.dumps(TINY | {"version": 10**4000}),
    "no format": json.dumps({k: v for k, v in TINY.items() if k != "format"}),
    "no scenarios": json.dumps({k: v for k, v in TINY.items() if k != "scenarios"}),
    "title 1,000,000 long": json.dumps(TINY | {"title": "t" * 1_000_000}),
    "title deep inside": json.dumps(TINY).replace('"Tiny"', "[" * 900 + "]" * 900),
    "title deep inside a version 1 file": json.dumps(TINY).replace('"Tiny"', '{"a":' * 500 + "1" + "}" * 500),
    "step id deep inside a version 1 file": json.dumps(SMALL).replace('"c1"', "[" * 500 + "]" * 500, 1),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_nasty_inputs_keep_the_invariant(name: str) -> None:
    source = "nasty.json"
    start = time.perf_counter()
    outcome = check_load(lambda: loads_document(NASTY[name], source), source, NASTY[name])
    assert outcome.problems == []
    assert outcome.result != "failed"
    assert time.perf_counter() - start < SLOWEST_CASE_SECONDS


def test_a_case_can_be_rebuilt_alone() -> None:
    assert make_case(DEFAULT_SEED, 1234) == make_case(DEFAULT_SEED, 1234)
    assert make_case(DEFAULT_SEED, 1234) != make_case(DEFAULT_SEED + 1, 1234)


# The checker itself must be able to fail: fed a loader that breaks each rule, it says so.


def _raises(error: BaseException) -> Callable[[], Document]:
    def load() -> Document:
        raise error

    return load


@pytest.mark.parametrize(
    ("load", "complaint"),
    [
        (_raises(KeyError("scenarios")), "KeyError escaped"),
        (_raises(RecursionError()), "RecursionError escaped"),
        (_raises(BlueprintFileError("x.json is bad" + "!" * MAX_MESSAGE_CHARS)), "message of"),
        (_raises(BlueprintFileError("the file is bad")), "does not name"),
        (_raises(BlueprintFileError("")), "empty message"),
    ],
)
def test_the_checker_sees_a_broken_rule(load: Callable[[], Document], complaint: str) -> None:
    outcome = check_load(load, "x.json")
    assert any(complaint in p for p in outcome.problems), outcome.problems


def test_the_checker_sees_a_document_that_does_not_load_back_equal() -> None:
    document = loads_document(json.dumps(SMALL))
    document.scenarios[0].steps[0].__dict__["x"] = float("nan")  # bypass validation: unsaveable
    assert "does not load" in " ".join(check_load(lambda: document, "x.json").problems)


def test_the_checker_counts_rounding_to_thousandths_as_kept_and_anything_more_as_lost() -> None:
    assert _difference({"x": 0.0004}, {"x": 0.0}) == (None, True)
    assert _difference({"x": 0.4}, {"x": 0.0})[0] == ".x: 0.4 became 0.0"
    assert _difference([1.0], [1.0, 2.0])[0] == ": 1 items became 2"


def test_a_hang_is_stopped() -> None:
    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timer on this platform")
    with pytest.raises(CaseTimedOut), time_limit(0.05):
        while True:
            time.sleep(0.001)


# --- messages stay short whatever the file holds ----------------------------------------------------------------


def test_a_long_unknown_key_gives_a_short_message() -> None:
    outcome = check_load(
        lambda: loads_document(json.dumps(TINY | {"k" * 1_000_000: 1}), "long-key.json"), "long-key.json"
    )
    assert outcome.problems == []


def test_a_long_scenario_name_gives_a_short_message() -> None:
    data = copy.deepcopy(SMALL)
    data["scenarios"][0]["name"] = "n" * 2000
    data["scenarios"][0]["flows"] = [{"id": f"g{i}", "source": "c1", "target": "ghost"} for i in range(10)]
    outcome = check_load(lambda: loads_document(json.dumps(data), "long-name.json"), "long-name.json")
    assert outcome.problems == []
