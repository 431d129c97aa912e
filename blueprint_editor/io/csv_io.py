"""Blueprints as CSV tables: one row per step, for facilitators who transcribe sticky notes into a spreadsheet.

A header row names the columns, in any order and any letter case: ``id``, ``scenario``, ``phase``, ``lane``,
``label``, ``next``, ``duration_min``, ``wait_min``, ``fail_point``, ``notes``. Only ``lane`` and ``label`` are
required; unknown columns are ignored with a warning. Rows are numbered as a spreadsheet shows them (the header is
row 1) in every message, with the column's name and letter.

Import lays the steps out afresh: each scenario gets the five standard lanes, each phase a column wide enough for
its busiest lane, and within one scenario, phase and lane the rows' order is the cards' order from left to right.
Export writes the steps in that same order (phase, then lane, then x), so that importing an export reproduces the
document, and exporting again reproduces the CSV text. What a table cannot hold (positions, lane heights, a step's
owner, tags, ...) is left out; ``export_warnings`` says so.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some skip a leading tab
or carriage return and run what follows, so a label such as ``=HYPERLINK(...)`` would become a live link or worse.
Export therefore writes every text cell (all but ``duration_min`` and ``wait_min``, whose numbers stay numbers)
that starts with one of those six characters with an apostrophe in front, which spreadsheets take to mean "this is
text": ``=SUM(1)`` is written ``'=SUM(1)``. So that import can tell this mark from apostrophes the text itself
begins with, a text that starts with apostrophes followed by one of the six gets one more: ``'=x`` is written
``''=x``. Import undoes exactly that: a text cell that starts with an apostrophe, then any further apostrophes,
then one of the six characters, loses its first apostrophe; every other cell is read as written. So export then
import gives back every text as it was. A hand-written table needs no marks: ``- check in`` is the label
``- check in``; ``'- check in`` is the same label (a spreadsheet would show it so), while ``'til noon`` keeps
its apostrophe.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from pydantic import ValidationError

from blueprint_editor.io.atomic import write_atomically
from blueprint_editor.io.errors import BlueprintFileError
from blueprint_editor.io.reading import read_limited
from blueprint_editor.model import STANDARD_LANES, Document, Flow, Lane, LaneKind, Phase, Scenario, Step
from blueprint_editor.model.document import (
    MAX_COORDINATE,
    MAX_LABEL_LENGTH,
    MAX_MINUTES,
    MAX_NOTES_LENGTH,
    next_id,
)
from blueprint_editor.model.geometry import CARD_WIDTH, column_at, phase_columns

COLUMNS: Final = (
    "id",
    "scenario",
    "phase",
    "lane",
    "label",
    "next",
    "duration_min",
    "wait_min",
    "fail_point",
    "notes",
)
REQUIRED_COLUMNS: Final = ("lane", "label")
NUMBER_COLUMNS: Final = frozenset({"duration_min", "wait_min"})  # every other column holds text

# The start of a text that a spreadsheet would run as a formula, or of such a text behind apostrophes of its own:
# export puts one more apostrophe in front of either, and import takes one away (see the module's description).
_MARKED_AS_TEXT: Final = re.compile(r"'*[=+\-@\t\r]")

DEFAULT_SCENARIO: Final = "Main"
# The name of the one phase that rows with a blank ``phase`` share (the editor names new phases the same way).
DEFAULT_PHASE: Final = "Phase 1"

# Exports are written as UTF-8 *with* a byte order mark. The people who use this format work in spreadsheets, and
# Excel, opening a CSV file by double-click, reads UTF-8 without a BOM as the legacy code page: every é, dash or
# curly quote from a sticky note turns into mojibake, and saving the sheet again makes that permanent. LibreOffice,
# Google Sheets, Numbers, pandas (encoding="utf-8-sig") and this module's reader all skip the BOM. The cost is
# that plain-text tools show it in front of the first header cell. Reading accepts files with and without one.
# Line ends are "\n" (Excel reads them fine, and they diff well).
CSV_ENCODING: Final = "utf-8-sig"

GAP: Final = 40.0  # between cards, and between a phase's left edge and its first card
STEP_Y: Final = 40.0
MIN_PHASE_WIDTH: Final = 600.0

LANE_NAMES: Final[dict[str, LaneKind]] = {
    **{kind.value: kind for kind in LaneKind},
    "physical evidence": LaneKind.EVIDENCE,
    "customer actions": LaneKind.CUSTOMER,
    "frontstage actions": LaneKind.FRONTSTAGE,
    "onstage": LaneKind.FRONTSTAGE,
    "backstage actions": LaneKind.BACKSTAGE,
    "support processes": LaneKind.SUPPORT,
}
LANE_ORDER: Final = tuple(kind for kind, _ in STANDARD_LANES)

NOT_A_FAIL_POINT: Final = frozenset({"", "no", "false", "0"})
A_FAIL_POINT: Final = frozenset({"yes", "true", "1"})

GENERATED_STEP_PREFIX: Final = "s"  # as the editor names new steps
FLOW_PREFIX: Final = "l"
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_MAX_LISTED = 5


class CsvImport(NamedTuple):
    """A document read from a CSV table, and the warnings about what in the table was ignored."""

    document: Document
    warnings: list[str]


# --- import ---------------------------------------------------------------------------------------------------


def load_csv(path: str | os.PathLike[str], title: str | None = None) -> CsvImport:
    """Read a CSV table of steps; the document's title is ``title``, by default the file's name without extension.

    Raises BlueprintFileError with a message naming the file, and for a bad row its row and column.
    """
    path = Path(path)
    name = path.name
    raw = read_limited(path, "a CSV file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise BlueprintFileError(
            f"{name} is not a text file in UTF-8 (undecodable byte at line {line}); "
            "in a spreadsheet, save it as 'CSV UTF-8'."
        ) from None
    return loads_csv(text, title if title is not None else (path.stem or "Untitled blueprint"), name)


def loads_csv(text: str, title: str, source: str = "the table") -> CsvImport:
    """Parse the text of a CSV table of steps (a leading BOM is skipped); ``source`` names it in messages."""
    if text.startswith("\ufeff"):
        text = text[1:]
    records = _records(text, source)
    header_index = next((i for i, record in enumerate(records) if _has_text(record)), None)
    if header_index is None:
        raise BlueprintFileError(f"{source} is empty: it needs a header row naming the columns, such as lane,label.")
    header = _Header.parse(records[header_index], header_index + 1, source)
    warnings = header.warnings()

    rows: list[_Row] = []
    unnamed: dict[int, list[int]] = {}  # column index -> rows with text in that column, which has no name
    for index in range(header_index + 1, len(records)):
        record, number = records[index], index + 1
        for column in header.unnamed_with_text(record):
            unnamed.setdefault(column, []).append(number)
        cells = _Cells(header, record, number, source)
        if cells.blank():
            continue
        rows.append(_Row.parse(cells))
    if unnamed:
        letters = ", ".join(_letter(column) for column in sorted(unnamed))
        numbers = sorted({n for ns in unnamed.values() for n in ns})
        warnings.append(
            f"{source}: cells in column{'s' if len(unnamed) > 1 else ''} {letters}, which "
            f"{'have' if len(unnamed) > 1 else 'has'} no name in the header, are ignored "
            f"({_rows_text(numbers)})."
        )
    if not rows:
        raise BlueprintFileError(f"{source} has no steps: below the header row, every row is empty.")

    document = _build(rows, title, source, warnings)
    return CsvImport(document, warnings)


def _records(text: str, source: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        problem = str(error)
        if "end of data" in problem:
            problem = 'a quoted cell is never closed (a " is missing)'
        elif "expected after" in problem:
            problem = 'a quoted cell has text after its closing " (write a " inside quotes as "")'
        raise BlueprintFileError(f"{source}, row {len(records) + 1}: {problem}.") from None
    return records


def _has_text(cells: Iterable[str]) -> bool:
    return any(cell.strip() for cell in cells)


class _Header:
    """The header row: which column holds what, by canonical name."""

    def __init__(self, names: list[str], known: dict[str, int], unknown: list[int], source: str) -> None:
        self.names = names
        self.known = known
        self.unknown = unknown
        self.source = source

    @classmethod
    def parse(cls, record: list[str], number: int, source: str) -> _Header:
        known: dict[str, int] = {}
        unknown: list[int] = []
        for index, cell in enumerate(record):
            key = _column_key(cell)
            if not key:
                continue
            if key in COLUMNS:
                if key in known:
                    raise BlueprintFileError(
                        f"{source}, row {number}: the column {key} is named twice "
                        f"(columns {_letter(known[key])} and {_letter(index)})."
                    )
                known[key] = index
            else:
                unknown.append(index)
        missing = [name for name in REQUIRED_COLUMNS if name not in known]
        if missing:
            raise BlueprintFileError(
                f"{source}, row {number}: the header has no {' and no '.join(missing)} column; "
                f"row {number} must name the columns, from {', '.join(COLUMNS)} (lane and label are required)."
            )
        return cls(record, known, unknown, source)

    def warnings(self) -> list[str]:
        return [
            f"{self.source}: the column {_quote(self.names[index])} ({_letter(index)}) is not one of "
            f"{', '.join(COLUMNS)}; it is ignored."
            for index in self.unknown
        ]

    def unnamed_with_text(self, record: list[str]) -> list[int]:
        """Columns of this record that hold text but have no name in the header."""
        return [
            index
            for index, cell in enumerate(record)
            if cell.strip() and (index >= len(self.names) or not _column_key(self.names[index]))
        ]

    def label(self, name: str) -> str:
        """How a message names a column: as the header writes it, with its letter."""
        index = self.known[name]
        return f"{' '.join(self.names[index].split())} ({_letter(index)})"


def _column_key(cell: str) -> str:
    """``Duration min``, ``duration-min`` and `` DURATION_MIN `` all name the column duration_min."""
    return re.sub(r"[\s\-]+", "_", cell.strip().lower())


class _Cells:
    """One data row's cells, by column name, and the errors that name the row and column."""

    def __init__(self, header: _Header, record: list[str], number: int, source: str) -> None:
        self.header = header
        self.record = record
        self.number = number
        self.source = source

    def raw(self, name: str) -> str:
        index = self.header.known.get(name)
        if index is None or index >= len(self.record):
            return ""
        cell = self.record[index]
        return _one_newline(cell if name in NUMBER_COLUMNS else _text_of_cell(cell))

    def get(self, name: str) -> str:
        return self.raw(name).strip()

    def blank(self) -> bool:
        return not _has_text(self.raw(name) for name in self.header.known)

    def error(self, name: str, problem: str) -> BlueprintFileError:
        return BlueprintFileError(f"{self.source}, row {self.number}, column {self.header.label(name)}: {problem}")


@dataclass
class _Row:
    number: int
    cells: _Cells
    step_id: str | None
    scenario: str
    phase: str
    kind: LaneKind
    label: str
    successors: list[str]
    duration_min: float
    wait_min: float
    fail_point: bool
    risk_note: str
    notes: str

    @classmethod
    def parse(cls, cells: _Cells) -> _Row:
        step_id = cells.get("id") or None
        if step_id is not None and not _IDENTIFIER.match(step_id):
            raise cells.error(
                "id",
                f"the id {_quote(step_id)} is not valid: use up to 64 letters, digits, '-', '_' or '.', "
                "without spaces.",
            )
        scenario = cells.get("scenario") or DEFAULT_SCENARIO
        phase = cells.get("phase") or DEFAULT_PHASE
        for name, value in (("scenario", scenario), ("phase", phase)):
            if len(value) > MAX_LABEL_LENGTH:
                raise cells.error(name, f"the name is {len(value)} characters long, more than {MAX_LABEL_LENGTH}.")

        lane_text = " ".join(cells.get("lane").lower().split())
        if not lane_text:
            raise cells.error("lane", f"the lane is empty; use one of {', '.join(LANE_ORDER)}.")
        kind = LANE_NAMES.get(lane_text)
        if kind is None:
            raise cells.error("lane", f"unknown lane {_quote(cells.get('lane'))}; use one of {', '.join(LANE_ORDER)}.")

        label = cells.get("label")
        if not label:
            raise cells.error("label", "the label is empty; every step needs one.")
        if len(label) > MAX_LABEL_LENGTH:
            raise cells.error("label", f"the label is {len(label)} characters long, more than {MAX_LABEL_LENGTH}.")

        successors = [part.strip() for part in cells.get("next").split(";")]
        fail_text = cells.get("fail_point")
        fail_word = fail_text.lower()
        fail_point = fail_word not in NOT_A_FAIL_POINT
        risk_note = fail_text if fail_point and fail_word not in A_FAIL_POINT else ""
        if len(risk_note) > MAX_LABEL_LENGTH:
            raise cells.error(
                "fail_point", f"the risk note is {len(risk_note)} characters long, more than {MAX_LABEL_LENGTH}."
            )
        notes = cells.raw("notes")  # kept as written: the only free text whose spacing is left alone
        if len(notes) > MAX_NOTES_LENGTH:
            raise cells.error("notes", f"the notes are {len(notes)} characters long, more than {MAX_NOTES_LENGTH}.")
        return cls(
            number=cells.number,
            cells=cells,
            step_id=step_id,
            scenario=scenario,
            phase=phase,
            kind=kind,
            label=label,
            successors=[s for s in successors if s],
            duration_min=_minutes(cells, "duration_min"),
            wait_min=_minutes(cells, "wait_min"),
            fail_point=fail_point,
            risk_note=risk_note,
            notes=notes,
        )


def _minutes(cells: _Cells, name: str) -> float:
    text = cells.get(name)
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        hint = " (write decimals with a point, as in 1.5)" if re.fullmatch(r"\d+,\d+", text) else ""
        raise cells.error(name, f"{_quote(text)} is not a number of minutes{hint}.") from None
    if not math.isfinite(value):
        raise cells.error(name, f"{_quote(text)} is not a number of minutes.")
    if value < 0:
        raise cells.error(name, f"the time {_quote(text)} is negative; times are minutes, 0 or more.")
    if value > MAX_MINUTES:
        raise cells.error(name, f"the time {_quote(text)} is more than {MAX_MINUTES:.0f} minutes.")
    return value


@dataclass
class _ScenarioRows:
    name: str
    rows: list[_Row] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)  # names, in the order first seen
    ids: dict[str, int] = field(default_factory=dict)  # given step id -> its row


def _build(rows: list[_Row], title: str, source: str, warnings: list[str]) -> Document:
    groups: dict[str, _ScenarioRows] = {}
    for row in rows:
        group = groups.setdefault(row.scenario, _ScenarioRows(row.scenario))
        if row.step_id is not None:
            if row.step_id in group.ids:
                raise row.cells.error(
                    "id",
                    f"the id {_quote(row.step_id)} is already used by row {group.ids[row.step_id]}"
                    f" in scenario {_quote(group.name)}.",
                )
            group.ids[row.step_id] = row.number
        if row.phase not in group.phases:
            group.phases.append(row.phase)
        group.rows.append(row)

    _check_successors(rows, groups)

    scenario_ids: set[str] = set()
    scenarios = [
        _build_scenario(group, _slug(group.name, "scenario", scenario_ids), warnings, source)
        for group in groups.values()
    ]
    try:
        return Document(title=title[:MAX_LABEL_LENGTH], scenarios=scenarios)
    except ValidationError as error:  # pragma: no cover - every value was checked above
        raise BlueprintFileError(f"{source} cannot be imported: {error.errors()[0]['msg']}.") from None


def _check_successors(rows: list[_Row], groups: dict[str, _ScenarioRows]) -> None:
    """Every id in a ``next`` cell names another step of the same scenario: the first bad row, in file order."""
    for row in rows:
        group = groups[row.scenario]
        for target in row.successors:
            if target in group.ids:
                if target == row.step_id:
                    raise row.cells.error(
                        "next", f"the step names itself ({_quote(target)}); a step cannot follow itself."
                    )
                continue
            elsewhere = [g.name for g in groups.values() if target in g.ids]
            if elsewhere:
                raise row.cells.error(
                    "next",
                    f"{_quote(target)} is a step of scenario {_quote(elsewhere[0])}, not of "
                    f"{_quote(group.name)}; a flow cannot join two scenarios.",
                )
            raise row.cells.error("next", f"no step has the id {_quote(target)} in scenario {_quote(group.name)}.")


def _build_scenario(group: _ScenarioRows, scenario_id: str, warnings: list[str], source: str) -> Scenario:
    taken = set(group.ids)
    ids: dict[int, str] = {}  # row number -> step id
    for row in group.rows:
        if row.step_id is None:
            ids[row.number] = next_id(GENERATED_STEP_PREFIX, taken)
            taken.add(ids[row.number])
        else:
            ids[row.number] = row.step_id

    # Cards of one phase and lane, left to right in row order.
    cells: dict[tuple[str, LaneKind], list[_Row]] = {}
    for row in group.rows:
        cells.setdefault((row.phase, row.kind), []).append(row)

    phase_ids: set[str] = set()
    phases: list[Phase] = []
    placed: list[tuple[_Row, float]] = []
    left = 0.0
    for name in group.phases:
        busiest = max(len(cells.get((name, kind), [])) for kind in LANE_ORDER)
        width = max(MIN_PHASE_WIDTH, GAP + busiest * (CARD_WIDTH + GAP))
        if left + width > MAX_COORDINATE:
            raise BlueprintFileError(
                f"{source}: scenario {_quote(group.name)} has too many steps to lay out side by side "
                f"(its phases would be wider than {MAX_COORDINATE:.0f} units)."
            )
        phases.append(Phase(id=_slug(name, "phase", phase_ids), name=name, width=width))
        for kind in LANE_ORDER:
            for i, row in enumerate(cells.get((name, kind), [])):
                placed.append((row, left + GAP + i * (CARD_WIDTH + GAP)))
        left += width

    steps = [
        Step(
            id=ids[row.number],
            lane=row.kind.value,
            x=x,
            y=STEP_Y,
            label=row.label,
            duration_min=row.duration_min,
            wait_min=row.wait_min,
            fail_point=row.fail_point,
            risk_note=row.risk_note,
            notes=row.notes,
        )
        for row, x in placed
    ]

    flows: list[Flow] = []
    flow_taken = set(taken)
    for row, _ in placed:
        seen: set[str] = set()
        for target in row.successors:
            if target in seen:
                warnings.append(
                    f"{source}, row {row.number}, column {row.cells.header.label('next')}: "
                    f"{_quote(target)} is named twice; one flow is made."
                )
                continue
            seen.add(target)
            flow_id = next_id(FLOW_PREFIX, flow_taken)
            flow_taken.add(flow_id)
            flows.append(Flow(id=flow_id, source=ids[row.number], target=target))

    return Scenario(
        id=scenario_id,
        name=group.name,
        lanes=[Lane(id=kind.value, kind=kind, title=title) for kind, title in STANDARD_LANES],
        phases=phases,
        steps=steps,
        flows=flows,
    )


def _slug(name: str, fallback: str, taken: set[str]) -> str:
    """An id made from a name (``After the stay`` -> ``after-the-stay``), unique among ``taken``, which it joins."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48].strip("-") or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


# --- export ---------------------------------------------------------------------------------------------------


def dumps_csv(document: Document) -> str:
    """The document as CSV text: the header, then one row per step (see the module's description)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for scenario in document.scenarios:
        writer.writerows(_scenario_rows(scenario))
    return buffer.getvalue()


def save_csv(document: Document, path: str | os.PathLike[str]) -> None:
    """Write the document as a CSV table, atomically."""
    write_atomically(path, dumps_csv(document).encode(CSV_ENCODING))


def export_warnings(document: Document) -> list[str]:
    """What of the document a CSV table cannot hold, or would not read back."""
    warnings: list[str] = []
    unlabelled = [
        f"{_quote(scenario.name)} > {step.id}"
        for scenario in document.scenarios
        for step in scenario.steps
        if not _one_line_strip(step.label)
    ]
    if unlabelled:
        warnings.append(
            f"{len(unlabelled)} step{'s have' if len(unlabelled) > 1 else ' has'} no label "
            f"({_listed(unlabelled)}); import-csv refuses such rows until they get one."
        )
    dropped: dict[str, int] = {}
    for scenario in document.scenarios:
        for step in scenario.steps:
            for name, value in (
                ("value class", step.value_class),
                ("emotion", step.emotion),
                ("channel", step.channel),
                ("owner", step.owner),
                ("cost", step.cost),
                ("tags", step.tags),
                ("description", step.description),
                ("risk note without a fail point", step.risk_note if not step.fail_point else ""),
            ):
                if value not in (None, "", []):
                    dropped[name] = dropped.get(name, 0) + 1
    if dropped:
        listed = ", ".join(f"{name} ({n} step{'s' if n > 1 else ''})" for name, n in dropped.items())
        warnings.append(f"the CSV table has no column for: {listed}; these are left out.")
    return warnings


def _scenario_rows(scenario: Scenario) -> list[list[str]]:
    lanes = {lane.id: lane for lane in reversed(scenario.lanes)}  # the first lane of an id wins
    lane_order = {lane.id: i for i, lane in reversed(list(enumerate(scenario.lanes)))}
    columns = phase_columns(scenario)
    name = _one_newline(scenario.name).strip() or DEFAULT_SCENARIO
    successors: dict[str, list[str]] = {}
    for flow in scenario.flows:
        successors.setdefault(flow.source, []).append(flow.target)

    placed: list[tuple[tuple[int, int, float, float, int], Step, str]] = []
    for index, step in enumerate(scenario.steps):
        if step.lane not in lanes:
            raise BlueprintFileError(
                f"scenario {_quote(scenario.name)}: step '{step.id}' is in a missing lane '{step.lane}'."
            )
        column = column_at(scenario, step.x + CARD_WIDTH / 2)
        phase_index = next((i for i, c in enumerate(columns) if column is not None and c.phase is column.phase), 0)
        # A phase with no name reads back as the default phase, so it is written as one.
        phase = (_one_newline(column.phase.name).strip() if column else "") or DEFAULT_PHASE
        key = (phase_index, lane_order[step.lane], step.x, step.y, index)
        placed.append((key, step, phase))
    placed.sort(key=lambda item: item[0])

    return [
        [
            _text_cell(step.id),
            _text_cell(name),
            _text_cell(phase),
            _text_cell(lanes[step.lane].kind.value),
            _text_cell(_one_newline(step.label).strip()),
            _text_cell(";".join(successors.get(step.id, []))),
            _number(step.duration_min),
            _number(step.wait_min),
            _text_cell(_fail_point_cell(step)),
            _text_cell(_one_newline(step.notes)),
        ]
        for _, step, phase in placed
    ]


def _fail_point_cell(step: Step) -> str:
    if not step.fail_point:
        return ""
    note = _one_newline(step.risk_note).strip()
    # A note that reads as yes or no (or is empty) would not come back as a note: the flag alone is written.
    if note.lower() in NOT_A_FAIL_POINT | A_FAIL_POINT:
        return "yes"
    return note


def _number(value: float) -> str:
    """Minutes as the file format writes them: rounded to 3 decimals, whole numbers without a point."""
    value = round(float(value), 3)
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _text_cell(text: str) -> str:
    """Text as a cell that no spreadsheet runs as a formula, and that import reads back as ``text``."""
    return "'" + text if _MARKED_AS_TEXT.match(text) else text


def _text_of_cell(cell: str) -> str:
    """The text of a cell that ``_text_cell`` wrote: without the apostrophe it put in front, if it put one."""
    return cell[1:] if cell.startswith("'") and _MARKED_AS_TEXT.match(cell, 1) else cell


# --- helpers --------------------------------------------------------------------------------------------------


def _one_newline(text: str) -> str:
    r"""Line breaks as "\n" only: Python's csv writer does not quote a lone "\r", and readers split on it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _one_line_strip(text: str) -> str:
    return _one_newline(text).strip()


def _letter(index: int) -> str:
    """A spreadsheet's letter for a column: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _quote(text: str) -> str:
    """Text from the table, on one line and not too long, in quotes, to show in a message."""
    text = " ".join(text.split())
    return "'" + (text if len(text) <= 40 else text[:39] + "…") + "'"


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else "")


def _rows_text(numbers: Sequence[int]) -> str:
    return ("row " if len(numbers) == 1 else "rows ") + _listed([str(n) for n in numbers])
