"""CSV tables of steps: import, export, round trips (pure io, no Qt), and the import-csv / export-csv verbs."""

from __future__ import annotations

import csv
import io
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import one_error_line, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint_editor.io import BlueprintFileError, load_document, save_document
from blueprint_editor.io.csv_io import (
    COLUMNS,
    DEFAULT_PHASE,
    CsvImport,
    dumps_csv,
    export_warnings,
    load_csv,
    loads_csv,
    save_csv,
)
from blueprint_editor.model import Document, Flow, LaneKind, Scenario, Step
from blueprint_editor.model.document import blank_scenario
from blueprint_editor.model.geometry import CARD_WIDTH, phase_of

MARKUP_LABEL = "<img src=x> & <b>"
BOM = "\ufeff"


def table(*rows: list[str] | tuple[str, ...]) -> str:
    """CSV text as a spreadsheet writes it (quotes where needed, CRLF line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def imported(text: str, title: str = "T") -> CsvImport:
    return loads_csv(text, title, "steps.csv")


def document_of(text: str) -> Document:
    return imported(text).document


def import_error(text: str) -> str:
    with pytest.raises(BlueprintFileError) as info:
        loads_csv(text, "T", "steps.csv")
    message = str(info.value)
    assert "\n" not in message
    return message


def steps_by_label(scenario: Scenario) -> dict[str, Step]:
    return {step.label: step for step in scenario.steps}


def phase_name(scenario: Scenario, step: Step) -> str:
    phase = phase_of(scenario, step)
    assert phase is not None
    return phase.name


def flow_pairs(scenario: Scenario) -> list[tuple[str, str]]:
    return [(flow.source, flow.target) for flow in scenario.flows]


# --- import: columns and defaults -------------------------------------------------------------------------------


def test_minimal_table_gets_defaults_lanes_and_title() -> None:
    document = document_of(table(["lane", "label"], ["customer", "Arrive"], ["frontstage", "Greet"]))
    assert document.title == "T"
    [scenario] = document.scenarios
    assert (scenario.id, scenario.name) == ("main", "Main")
    assert [(lane.id, lane.kind, lane.title, lane.height) for lane in scenario.lanes] == [
        ("evidence", LaneKind.EVIDENCE, "Physical evidence", 150),
        ("customer", LaneKind.CUSTOMER, "Customer actions", 150),
        ("frontstage", LaneKind.FRONTSTAGE, "Frontstage actions", 150),
        ("backstage", LaneKind.BACKSTAGE, "Backstage actions", 150),
        ("support", LaneKind.SUPPORT, "Support processes", 150),
    ]
    assert [(p.id, p.name, p.width) for p in scenario.phases] == [("phase-1", DEFAULT_PHASE, 600)]
    arrive, greet = scenario.steps
    assert (arrive.lane, arrive.x, arrive.y, arrive.label) == ("customer", 40, 40, "Arrive")
    assert (greet.lane, greet.x, greet.y, greet.label) == ("frontstage", 40, 40, "Greet")
    assert (arrive.duration_min, arrive.wait_min, arrive.fail_point, arrive.risk_note, arrive.notes) == (
        0,
        0,
        False,
        "",
        "",
    )
    assert scenario.flows == []


def test_columns_in_any_order_and_any_case() -> None:
    text = table(
        ["Notes", "Wait Min", "LABEL", "next", "duration-min", " Lane ", "Fail_Point", "Phase", "Scenario", "ID"],
        ["n1", "5", "Arrive", "b", "2.5", "Customer", "yes", "Arrival", "Visit", "a"],
        ["", "", "Greet", "", "", "frontstage", "", "Arrival", "Visit", "b"],
    )
    [scenario] = document_of(text).scenarios
    arrive, greet = scenario.steps
    assert (arrive.id, arrive.label, arrive.notes, arrive.duration_min, arrive.wait_min) == (
        "a",
        "Arrive",
        "n1",
        2.5,
        5,
    )
    assert arrive.fail_point and arrive.risk_note == ""
    assert greet.id == "b"
    assert (scenario.name, [p.name for p in scenario.phases]) == ("Visit", ["Arrival"])
    assert flow_pairs(scenario) == [("a", "b")]


def test_unknown_columns_are_ignored_with_a_warning() -> None:
    result = imported(table(["lane", "colour", "label", "", "Owner"], ["customer", "red", "Arrive", "", "Ann"]))
    assert [s.label for s in result.document.scenarios[0].steps] == ["Arrive"]
    assert len(result.warnings) == 2
    assert "'colour' (B)" in result.warnings[0] and "ignored" in result.warnings[0]
    assert "'Owner' (E)" in result.warnings[1]


def test_cells_in_unnamed_columns_are_ignored_with_one_warning() -> None:
    text = table(["lane", "label", ""], ["customer", "A", "stray"], ["customer", "B", "", "more"])
    result = imported(text)
    assert [s.label for s in result.document.scenarios[0].steps] == ["A", "B"]
    [warning] = result.warnings
    assert "columns C, D" in warning and "rows 2, 3" in warning


def test_blank_rows_and_blank_trailing_cells_are_skipped() -> None:
    text = "\n\nlane,label,,\ncustomer,A,,\n,,,\n\ncustomer,B,,\n"
    result = imported(text)
    assert [s.label for s in result.document.scenarios[0].steps] == ["A", "B"]
    assert result.warnings == []


def test_header_must_name_lane_and_label() -> None:
    message = import_error(table(["id", "label"], ["a", "Arrive"]))
    assert message.startswith("steps.csv, row 1:") and "no lane column" in message
    message = import_error(table(["Notes"], ["x"]))
    assert "no lane and no label column" in message


def test_a_column_named_twice_is_refused() -> None:
    message = import_error(table(["lane", "label", "Label"], ["customer", "A", "B"]))
    assert message == "steps.csv, row 1: the column label is named twice (columns B and C)."


def test_empty_table_and_header_only_are_refused() -> None:
    assert "is empty" in import_error("")
    assert "is empty" in import_error(" , \n\n")
    assert "has no steps" in import_error("lane,label\n,\n")


# --- import: lanes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("evidence", LaneKind.EVIDENCE),
        ("Physical evidence", LaneKind.EVIDENCE),
        ("PHYSICAL   EVIDENCE", LaneKind.EVIDENCE),
        ("Customer", LaneKind.CUSTOMER),
        ("customer actions", LaneKind.CUSTOMER),
        ("frontstage", LaneKind.FRONTSTAGE),
        ("Frontstage Actions", LaneKind.FRONTSTAGE),
        ("Onstage", LaneKind.FRONTSTAGE),
        (" backstage ", LaneKind.BACKSTAGE),
        ("Backstage actions", LaneKind.BACKSTAGE),
        ("SUPPORT", LaneKind.SUPPORT),
        ("support processes", LaneKind.SUPPORT),
    ],
)
def test_lane_names_short_long_and_any_case(written: str, kind: LaneKind) -> None:
    [step] = document_of(table(["lane", "label"], [written, "A"])).scenarios[0].steps
    assert step.lane == kind.value


# --- import: text -------------------------------------------------------------------------------------------------


def test_excel_bom_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "workshop notes.csv"
    path.write_bytes((BOM + table(["id", "lane", "label"], ["a", "customer", "Café"])).encode("utf-8"))
    result = load_csv(path)
    assert result.warnings == []
    assert result.document.title == "workshop notes"
    [step] = result.document.scenarios[0].steps
    assert (step.id, step.label) == ("a", "Café")
    assert imported(BOM + "lane,label\ncustomer,A\n").document.scenarios[0].steps[0].label == "A"


def test_title_argument_overrides_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("lane,label\ncustomer,A\n", encoding="utf-8")
    assert load_csv(path, title="Hotel stay").document.title == "Hotel stay"


def test_quoted_commas_quotes_newlines_and_markup() -> None:
    label = 'Pay, then "sign"\nthe bill'
    text = table(
        ["lane", "label", "notes"], ["customer", label, "line 1\r\nline 2"], ["customer", MARKUP_LABEL, "ünï ✓"]
    )
    assert '"Pay, then ""sign""\nthe bill"' in text
    pay, markup = document_of(text).scenarios[0].steps
    assert pay.label == label
    assert pay.notes == "line 1\nline 2"  # one kind of line break in the document
    assert (markup.label, markup.notes) == (MARKUP_LABEL, "ünï ✓")


def test_labels_are_trimmed_notes_are_kept_as_written() -> None:
    [step] = document_of('lane,label,notes\ncustomer,"  Arrive \n"," two  spaces "\n').scenarios[0].steps
    assert (step.label, step.notes) == ("Arrive", " two  spaces ")


def test_undecodable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("lane,label\ncustomer,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(BlueprintFileError, match=r"latin.csv is not a text file in UTF-8 .*line 2.*CSV UTF-8"):
        load_csv(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BlueprintFileError, match="does not exist"):
        load_csv(tmp_path / "none.csv")


def test_an_unclosed_quote_names_its_row() -> None:
    message = import_error('lane,label\ncustomer,A\ncustomer,"B\ncustomer,C\n')
    assert message.startswith("steps.csv, row 3: a quoted cell is never closed")


# --- import: scenarios, phases, layout ----------------------------------------------------------------------------


def test_scenarios_and_phases_in_the_order_first_seen_with_slug_ids() -> None:
    text = table(
        ["scenario", "phase", "lane", "label"],
        ["Plan B", "Stay", "customer", "b1"],
        ["", "After the stay", "customer", "m1"],
        ["Plan B", "Arrival", "customer", "b2"],
        ["Main", "Booking", "customer", "m2"],
        ["main", "", "customer", "x1"],
        ["Plan B", "Stay", "backstage", "b3"],
        ["Ärger im Café", "Stay", "customer", "u1"],
        ["Plan-B", "stay", "customer", "y1"],
        ["到着", "到着", "customer", "z1"],
        ["到着", "出発", "customer", "z2"],
    )
    document = document_of(text)
    assert [(s.id, s.name) for s in document.scenarios] == [
        ("plan-b", "Plan B"),
        ("main", "Main"),
        ("main-2", "main"),
        ("arger-im-cafe", "Ärger im Café"),
        ("plan-b-2", "Plan-B"),
        ("scenario", "到着"),
    ]
    plan_b, main, _, _, _, kanji = document.scenarios
    assert [(p.id, p.name) for p in plan_b.phases] == [("stay", "Stay"), ("arrival", "Arrival")]
    assert [(p.id, p.name) for p in main.phases] == [("after-the-stay", "After the stay"), ("booking", "Booking")]
    assert [(p.id, p.name) for p in kanji.phases] == [("phase", "到着"), ("phase-2", "出発")]
    assert {phase_name(plan_b, s) for s in plan_b.steps if s.label in {"b1", "b3"}} == {"Stay"}


def test_blank_phase_is_one_default_phase_among_the_others() -> None:
    text = table(
        ["phase", "lane", "label"],
        ["", "customer", "a"],
        ["Stay", "customer", "b"],
        ["", "backstage", "c"],
    )
    [scenario] = document_of(text).scenarios
    assert [p.name for p in scenario.phases] == [DEFAULT_PHASE, "Stay"]
    assert {label: phase_name(scenario, step) for label, step in steps_by_label(scenario).items()} == {
        "a": DEFAULT_PHASE,
        "b": "Stay",
        "c": DEFAULT_PHASE,
    }


def test_layout_rows_left_to_right_phases_wide_enough_for_their_busiest_lane() -> None:
    rows = [["Arrival", "customer", f"c{i}"] for i in range(4)]
    rows += [["Arrival", "backstage", "b0"], ["Stay", "support", "s0"], ["Arrival", "Customer", "c4"]]
    rows += [["Stay", "support", "s1"], ["Leave", "evidence", "e0"]]
    [scenario] = document_of(table(["phase", "lane", "label"], *rows)).scenarios
    gap = 40
    step = CARD_WIDTH + gap
    # 5 customer cards in Arrival: 40 + 5 * 200 = 1040; Stay and Leave hold fewer and keep the 600 minimum.
    assert [(p.name, p.width) for p in scenario.phases] == [("Arrival", 1040), ("Stay", 600), ("Leave", 600)]
    by_label = steps_by_label(scenario)
    assert [by_label[f"c{i}"].x for i in range(5)] == [gap + i * step for i in range(5)]
    assert by_label["b0"].x == gap
    assert [by_label["s0"].x, by_label["s1"].x] == [1040 + gap, 1040 + gap + step]
    assert by_label["e0"].x == 1640 + gap
    assert {s.y for s in scenario.steps} == {40}
    assert {label: phase_name(scenario, s) for label, s in by_label.items()} == {
        **{f"c{i}": "Arrival" for i in range(5)},
        "b0": "Arrival",
        "s0": "Stay",
        "s1": "Stay",
        "e0": "Leave",
    }
    # The document lists steps by phase, then lane, then left to right: the order an export writes.
    assert [s.label for s in scenario.steps] == ["c0", "c1", "c2", "c3", "c4", "b0", "s0", "s1", "e0"]


def test_phase_width_formula_at_its_threshold() -> None:
    # 40 + 2 * 200 = 440 < 600; 40 + 3 * 200 = 640 > 600.
    two = document_of(table(["lane", "label"], *[["customer", str(i)] for i in range(2)]))
    three = document_of(table(["lane", "label"], *[["customer", str(i)] for i in range(3)]))
    assert two.scenarios[0].phases[0].width == 600
    assert three.scenarios[0].phases[0].width == 640


# --- import: ids and flows ----------------------------------------------------------------------------------------


def test_generated_ids_do_not_collide_with_given_ones() -> None:
    text = table(
        ["id", "lane", "label", "next"],
        ["", "customer", "first", "s1"],
        ["s1", "customer", "given s1", "l1"],
        ["", "customer", "second", ""],
        ["l1", "customer", "given l1", "s3;l2"],
        ["s3", "customer", "given s3", ""],
        ["l2", "customer", "given l2", ""],
        ["", "customer", "third", "s1"],
    )
    [scenario] = document_of(text).scenarios
    ids = {label: step.id for label, step in steps_by_label(scenario).items()}
    assert ids == {
        "first": "s2",
        "given s1": "s1",
        "second": "s4",
        "given l1": "l1",
        "given s3": "s3",
        "given l2": "l2",
        "third": "s5",
    }
    assert [(f.id, f.source, f.target) for f in scenario.flows] == [
        ("l3", "s2", "s1"),
        ("l4", "s1", "l1"),
        ("l5", "l1", "s3"),
        ("l6", "l1", "l2"),
        ("l7", "s5", "s1"),
    ]


def test_next_names_steps_further_down_in_order_and_repeats_make_one_flow() -> None:
    text = table(
        ["id", "lane", "label", "next"],
        ["a", "customer", "A", " c ; b;;c "],
        ["b", "frontstage", "B", ""],
        ["c", "customer", "C", "b"],
    )
    result = imported(text)
    [scenario] = result.document.scenarios
    assert flow_pairs(scenario) == [("a", "c"), ("a", "b"), ("c", "b")]
    assert [f.id for f in scenario.flows] == ["l1", "l2", "l3"]
    [warning] = result.warnings
    assert warning.startswith("steps.csv, row 2, column next (D): 'c' is named twice")


def test_same_ids_in_two_scenarios_are_separate_steps() -> None:
    text = table(
        ["scenario", "id", "lane", "label", "next"],
        ["A", "x", "customer", "A x", "y"],
        ["A", "y", "customer", "A y", ""],
        ["B", "x", "customer", "B x", "y"],
        ["B", "y", "customer", "B y", ""],
    )
    first, second = document_of(text).scenarios
    assert flow_pairs(first) == flow_pairs(second) == [("x", "y")]


# --- import: fail points and times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "fail_point", "note"),
    [
        ("", False, ""),
        ("no", False, ""),
        ("No", False, ""),
        ("false", False, ""),
        (" FALSE ", False, ""),
        ("0", False, ""),
        ("yes", True, ""),
        ("Yes", True, ""),
        ("true", True, ""),
        ("1", True, ""),
        ("x", True, "x"),
        ('Card reader, often "offline"', True, 'Card reader, often "offline"'),
        ("  queue too long  ", True, "queue too long"),
        ("two\nlines", True, "two\nlines"),
    ],
)
def test_fail_point_cell(cell: str, fail_point: bool, note: str) -> None:
    [step] = document_of(table(["lane", "label", "fail_point"], ["customer", "A", cell])).scenarios[0].steps
    assert (step.fail_point, step.risk_note) == (fail_point, note)


@pytest.mark.parametrize(
    ("cell", "minutes"), [("", 0), ("0", 0), ("12", 12), (" 2.5 ", 2.5), ("1e2", 100), ("0.125", 0.125)]
)
def test_times(cell: str, minutes: float) -> None:
    text = table(["lane", "label", "duration_min", "wait_min"], ["customer", "A", cell, cell])
    [step] = document_of(text).scenarios[0].steps
    assert step.duration_min == step.wait_min == minutes


# --- import: bad rows -------------------------------------------------------------------------------------------

HEADER = ["id", "scenario", "lane", "label", "next", "duration_min", "wait_min", "notes"]
GOOD = ["a", "", "customer", "Arrive", "", "", "", ""]


def _row(**cells: str) -> list[str]:
    row = list(GOOD)
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


@pytest.mark.parametrize(
    ("bad", "where", "says"),
    [
        (_row(id="b", label=""), "column label (D)", "the label is empty"),
        (_row(id="b", label="   "), "column label (D)", "the label is empty"),
        (_row(id="b", label="x" * 2001), "column label (D)", "more than 2000"),
        (_row(id="b", lane="front"), "column lane (C)", "unknown lane 'front'; use one of evidence, customer"),
        (_row(id="b", lane=""), "column lane (C)", "the lane is empty"),
        (_row(id="a"), "column id (A)", "the id 'a' is already used by row 2 in scenario 'Main'"),
        (_row(id="b c"), "column id (A)", "the id 'b c' is not valid"),
        (_row(id="b", next="zz"), "column next (E)", "no step has the id 'zz' in scenario 'Main'"),
        (_row(id="b", next="a;b"), "column next (E)", "a step cannot follow itself"),
        (_row(id="b", duration_min="-1"), "column duration_min (F)", "the time '-1' is negative"),
        (_row(id="b", wait_min="soon"), "column wait_min (G)", "'soon' is not a number of minutes."),
        (_row(id="b", wait_min="1,5"), "column wait_min (G)", "write decimals with a point"),
        (_row(id="b", wait_min="nan"), "column wait_min (G)", "'nan' is not a number of minutes"),
        (_row(id="b", wait_min="inf"), "column wait_min (G)", "'inf' is not a number of minutes"),
        (_row(id="b", duration_min="1e9"), "column duration_min (F)", "more than 10000000 minutes"),
        (_row(id="b", notes="n" * 20_001), "column notes (H)", "more than 20000"),
    ],
)
def test_bad_row_names_row_and_column(bad: list[str], where: str, says: str) -> None:
    message = import_error(table(HEADER, GOOD, ["", "", "", "", "", "", "", ""], bad, _row(id="z")))
    # The header is row 1, the good row 2, a blank row 3: the bad row is row 4, as a spreadsheet shows it.
    assert message.startswith(f"steps.csv, row 4, {where}: ")
    assert says in message


def test_next_naming_a_step_of_another_scenario() -> None:
    text = table(HEADER, _row(scenario="Plan B", id="a"), _row(scenario="Main", id="b", next="a"))
    message = import_error(text)
    assert message.startswith("steps.csv, row 3, column next (E): 'a' is a step of scenario 'Plan B'")
    assert "cannot join two scenarios" in message


def test_the_first_bad_row_in_the_file_is_reported() -> None:
    text = table(HEADER, _row(id="a", next="missing"), _row(id="b", lane="nowhere"))
    # Lanes and labels are checked row by row first, references once every id is known.
    assert import_error(text).startswith("steps.csv, row 3, column lane (C)")
    text = table(HEADER, _row(id="a", next="missing"), _row(id="b", next="gone"))
    assert import_error(text).startswith("steps.csv, row 2, column next (E): no step has the id 'missing'")


def test_message_about_a_multiline_cell_stays_on_one_line() -> None:
    message = import_error(table(HEADER, _row(lane="cus\ntomer\r\n")))
    assert "unknown lane 'cus tomer'" in message


# --- export -------------------------------------------------------------------------------------------------------


def test_export_format() -> None:
    scenario = blank_scenario(phases=2)
    scenario.steps = [
        Step(id="b", lane="customer", x=240, label='Pay, "now"', duration_min=2.5, wait_min=3.0, notes="a\r\nb"),
        Step(id="a", lane="customer", x=40, label=MARKUP_LABEL, fail_point=True, risk_note="Card declined"),
        Step(id="e", lane="evidence", x=640, label="Bill", fail_point=True),
        Step(id="n", lane="backstage", x=40, label="Note", fail_point=True, risk_note=" no "),
        Step(id="f", lane="frontstage", x=40, label="Ignored note", risk_note="stale"),
    ]
    scenario.flows = [Flow(id="l1", source="a", target="e"), Flow(id="l2", source="a", target="b")]
    document = Document(title="T", scenarios=[scenario])
    text = dumps_csv(document)
    assert text == (
        "id,scenario,phase,lane,label,next,duration_min,wait_min,fail_point,notes\n"
        "a,Main,Phase 1,customer,<img src=x> & <b>,e;b,0,0,Card declined,\n"
        'b,Main,Phase 1,customer,"Pay, ""now""",,2.5,3,,"a\nb"\n'
        "f,Main,Phase 1,frontstage,Ignored note,,0,0,,\n"
        "n,Main,Phase 1,backstage,Note,,0,0,yes,\n"
        "e,Main,Phase 2,evidence,Bill,,0,0,yes,\n"
    )
    assert next(csv.reader(io.StringIO(text))) == list(COLUMNS)
    assert export_warnings(document) == [
        "the CSV table has no column for: risk note without a fail point (1 step); these are left out."
    ]


def test_export_warns_about_unlabelled_steps_and_fields_it_leaves_out() -> None:
    scenario = blank_scenario()
    scenario.steps = [
        Step(id="a", lane="customer", label=" "),
        Step(id="b", lane="customer", owner="Ann", tags=["x"], cost=3),
        Step(id="c", lane="customer", label="ok", owner="Bob"),
    ]
    warnings = export_warnings(Document(scenarios=[scenario]))
    assert warnings == [
        "2 steps have no label ('Main' > a, 'Main' > b); import-csv refuses such rows until they get one.",
        "the CSV table has no column for: owner (2 steps), cost (1 step), tags (1 step); these are left out.",
    ]


def test_save_csv_writes_utf8_with_bom_and_newline_ends(tmp_path: Path) -> None:
    scenario = blank_scenario()
    scenario.steps = [Step(id="a", lane="customer", label="Café\r\nau lait")]
    path = tmp_path / "out.csv"
    save_csv(Document(scenarios=[scenario]), path)
    data = path.read_bytes()
    assert data.startswith(BOM.encode("utf-8") + b"id,scenario,")
    assert b"\r" not in data
    assert data.decode("utf-8-sig") == dumps_csv(Document(scenarios=[scenario]))
    assert load_csv(path).document.scenarios[0].steps[0].label == "Café\nau lait"


# --- cells a spreadsheet would run as formulas --------------------------------------------------------------------


def exported_rows(*steps: Step, name: str = "Main", phase: str = "Phase 1") -> list[dict[str, str]]:
    """The rows of the CSV export of one scenario of ``steps`` joined by flows in a chain, in one phase."""
    scenario = blank_scenario(name=name, phases=1)
    scenario.phases[0].name = phase
    scenario.steps = list(steps)
    scenario.flows = [Flow(id=f"l{i}", source=a.id, target=b.id) for i, (a, b) in enumerate(itertools.pairwise(steps))]
    return list(csv.DictReader(io.StringIO(dumps_csv(Document(scenarios=[scenario])), newline="")))


def rows_table(rows: list[dict[str, str]]) -> str:
    return table(list(rows[0]), *(list(row.values()) for row in rows))


@pytest.mark.parametrize(
    ("label", "cell"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("- check in", "'- check in"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-5", "'-5"),
        ("'=x", "''=x"),  # the label's own apostrophe before a formula character gets one more...
        ("''+x", "'''+x"),
        ("'til noon", "'til noon"),  # ...but not before anything else: it cannot be taken for the mark
        ("'", "'"),
        ("a=b", "a=b"),
        ("Check in", "Check in"),
    ],
)
def test_a_label_a_spreadsheet_would_run_is_written_as_text_and_read_back(label: str, cell: str) -> None:
    rows = exported_rows(Step(id="a", lane="customer", x=40, label=label))
    assert rows[0]["label"] == cell
    [step] = document_of(rows_table(rows)).scenarios[0].steps
    assert step.label == label


def test_every_text_column_is_written_as_text_and_numbers_stay_numbers() -> None:
    rows = exported_rows(
        Step(id="-1", lane="customer", x=40, label="=1+1", fail_point=True, risk_note="@risk", notes="\tindented"),
        Step(id="-2", lane="backstage", x=40, label="ok", duration_min=2.5, wait_min=10, notes="-\n- two"),
        name="=Plan",
        phase="+1 day",
    )
    assert [list(row.values()) for row in rows] == [
        ["'-1", "'=Plan", "'+1 day", "customer", "'=1+1", "'-2", "0", "0", "'@risk", "'\tindented"],
        ["'-2", "'=Plan", "'+1 day", "backstage", "ok", "", "2.5", "10", "", "'-\n- two"],
    ]
    [scenario] = document_of(rows_table(rows)).scenarios
    first, second = scenario.steps
    assert (scenario.name, scenario.phases[0].name) == ("=Plan", "+1 day")
    assert (first.id, first.label, first.risk_note, first.notes) == ("-1", "=1+1", "@risk", "\tindented")
    assert (second.id, second.notes, second.duration_min, second.wait_min) == ("-2", "-\n- two", 2.5, 10)
    assert flow_pairs(scenario) == [("-1", "-2")]


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("- check in", "- check in"),  # a hand-written table needs no marks
        ("=1+1", "=1+1"),
        ("'- check in", "- check in"),  # a mark where none was needed reads as a spreadsheet shows it
        ("''=x", "'=x"),
        ("'til noon", "'til noon"),  # an apostrophe before anything else is part of the text
        ("' =x", "' =x"),
        ("'", "'"),
    ],
)
def test_hand_written_cells_read_as_written_but_for_the_mark(cell: str, text: str) -> None:
    [step] = (
        document_of(table(["lane", "label", "fail_point", "notes"], ["customer", cell, cell, cell])).scenarios[0].steps
    )
    assert (step.label, step.risk_note, step.notes) == (text, text, text)


def test_only_the_first_character_of_a_cell_can_be_the_mark() -> None:
    [step] = document_of(table(["lane", "label", "notes"], ["customer", " '=x ", " '=x"])).scenarios[0].steps
    assert (step.label, step.notes) == ("'=x", " '=x")  # labels are trimmed after the mark is looked for


def test_number_cells_have_no_mark_to_take_away() -> None:
    message = import_error(table(["lane", "label", "duration_min"], ["customer", "A", "'5"]))
    assert "row 2, column duration_min (C): ''5' is not a number of minutes" in message


# --- round trips --------------------------------------------------------------------------------------------------


def assert_round_trip(text: str) -> Document:
    """import, export, import: the same document; and the second export is the first one's text."""
    first = document_of(text)
    exported = dumps_csv(first)
    second = document_of(exported)
    assert second.model_dump() == first.model_dump()
    assert dumps_csv(second) == exported
    return first


def test_round_trip_of_a_table_with_everything() -> None:
    text = table(
        ["notes", "fail_point", "label", "lane", "phase", "scenario", "id", "next", "wait_min", "duration_min"],
        ["", "Card declined", 'Pay, "now"\nplease', "Customer actions", "Leave", "", "", "s9", "3", "2.5"],
        ["multi\nline, note", "yes", MARKUP_LABEL, "backstage", "Arrive", "", "s9", "", "0.25", ""],
        ["", "", "Ünïcödé ✓ 漢字", "evidence", "Arrive", "Plan B", "k", "", "", "1"],
        ["", "", "Greet", "onstage", "", "Plan B", "", "k", "", ""],
        ["", "", "Sleep", "customer", "Arrive", "", "c1", "s9;x", "480", ""],
        ["", "", "x", "SUPPORT", "Leave", "", "x", "", "", ""],
    )
    document = assert_round_trip(text)
    main, plan_b = document.scenarios
    assert [p.name for p in main.phases] == ["Leave", "Arrive"]
    assert [p.name for p in plan_b.phases] == ["Arrive", DEFAULT_PHASE]
    by_label = steps_by_label(main)
    assert by_label['Pay, "now"\nplease'].risk_note == "Card declined"
    assert by_label[MARKUP_LABEL].fail_point and by_label[MARKUP_LABEL].notes == "multi\nline, note"
    assert by_label['Pay, "now"\nplease'].duration_min == 2.5


def test_example_export_import_export_gives_the_same_text(example_document: Document) -> None:
    exported = dumps_csv(example_document)
    again = document_of(exported)
    assert dumps_csv(again) == exported
    assert again.model_dump() == document_of(dumps_csv(again)).model_dump()
    # What the table holds survives: steps with their lanes, phases, texts, times and flows.
    for original, copy in zip(example_document.scenarios, again.scenarios, strict=True):
        assert original.name == copy.name
        assert [p.name for p in original.phases] == [p.name for p in copy.phases]
        copies = {s.id: s for s in copy.steps}
        assert set(copies) == {s.id for s in original.steps}
        for step in original.steps:
            twin = copies[step.id]
            assert (twin.lane, twin.label, twin.duration_min, twin.wait_min, twin.fail_point, twin.notes) == (
                step.lane,
                step.label,
                step.duration_min,
                step.wait_min,
                step.fail_point,
                step.notes,
            )
            assert phase_name(copy, twin) == phase_name(original, step)
        assert sorted(flow_pairs(copy)) == sorted(flow_pairs(original))


def test_document_not_made_from_csv_exports_stably() -> None:
    """Cards out of list order, off the columns, stacked; a copied scenario with the same ids; no phases."""
    first = blank_scenario(phases=3)
    first.steps = [
        Step(id="z", lane="support", x=1300, label="far right, beyond the last phase"),
        Step(id="c2", lane="customer", x=540, y=90, label="stacked below"),
        Step(id="c1", lane="customer", x=540, y=10, label="stacked above", wait_min=1 / 3),
        Step(id="c0", lane="customer", x=-400, label="left of the first phase", fail_point=True, risk_note="No"),
        Step(id="c3", lane="customer", x=560, label="  padded  \r\n", notes="\r"),
    ]
    first.flows = [Flow(id="f9", source="c3", target="z"), Flow(id="f1", source="c0", target="c1")]
    first.flows.append(Flow(id="f2", source="c0", target="c2"))
    copy = first.model_copy(deep=True, update={"id": "scenario1", "name": " Copy "})
    bare = blank_scenario("bare", "Bare", phases=0)
    bare.steps = [Step(id="q", lane="frontstage", x=5000, label="no phases at all")]
    document = Document(title="Hand made", scenarios=[first, copy, bare])

    exported = dumps_csv(document)
    back = document_of(exported)
    assert dumps_csv(back) == exported
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["id"] for r in rows[:5]] == ["c0", "c1", "c2", "c3", "z"]
    assert [r["phase"] for r in rows[:5]] == ["Phase 1", "Phase 2", "Phase 2", "Phase 2", "Phase 3"]
    assert rows[0]["fail_point"] == "yes"  # a note reading "No" would otherwise come back as no fail point
    assert rows[0]["next"] == "c1;c2"
    assert rows[3]["label"] == "padded" and rows[3]["notes"] == "\n"
    assert rows[2]["wait_min"] == "0" and rows[1]["wait_min"] == "0.333"
    assert [r["scenario"] for r in rows] == ["Main"] * 5 + ["Copy"] * 5 + ["Bare"]
    assert rows[-1]["phase"] == DEFAULT_PHASE
    assert [s.name for s in back.scenarios] == ["Main", "Copy", "Bare"]


LANE_WRITINGS = ["evidence", "Customer", "customer actions", "FRONTSTAGE", "onstage", "Backstage Actions", "support"]
PHASES = ["", "Arrival", "Stay, then leave", "Phase 1", "Ärger", "+1 day", "-"]
SCENARIOS = ["", "Main", "Plan B", "plan b", "到着", "=Plan", "@home"]
FAIL_CELLS = ["", "no", "0", "yes", "TRUE", "1", 'Risky, "very"', " x ", "multi\nline", "-", "'=risk"]
TEXT = st.text(st.sampled_from([*"ab ,;\"\n\r\t<>&é漢✓=+-@'", "\x00", "\u2028"]), max_size=12)
TIMES = st.one_of(
    st.just(""),
    st.integers(0, 600).map(str),
    st.floats(0, 10_000, allow_nan=False).map(lambda value: f"{value:.4f}"),
)


def as_read(cell: str) -> str:
    """A hand-written text cell as import reads it: an apostrophe in front of apostrophes and = + - @ tab or CR goes."""
    return cell[1:] if re.match(r"''*[=+\-@\t\r]", cell) else cell


def one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def step_tables(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 12))
    rows: list[dict[str, str]] = []
    for index in range(count):
        given = draw(st.booleans())
        rows.append(
            {
                "id": f"{draw(st.sampled_from(['s', 'l', 'c', '', '-']))}{index + 1}" if given else "",
                "scenario": draw(st.sampled_from(SCENARIOS)),
                "phase": draw(st.sampled_from(PHASES)),
                "lane": draw(st.sampled_from(LANE_WRITINGS)),
                "label": draw(TEXT.filter(lambda text: as_read(text).strip())),
                "duration_min": draw(TIMES),
                "wait_min": draw(TIMES),
                "fail_point": draw(st.sampled_from(FAIL_CELLS)),
                "notes": draw(TEXT),
            }
        )
    for row in rows:
        scenario = row["scenario"] or "Main"
        candidates = [r["id"] for r in rows if r["id"] and r is not row and (r["scenario"] or "Main") == scenario]
        row["next"] = ";".join(draw(st.lists(st.sampled_from(candidates), max_size=3))) if candidates else ""
    columns = draw(st.permutations(list(COLUMNS)))
    buffer = io.StringIO()
    # Excel's line ends, so that a lone "\r" in a cell is quoted as Excel quotes it.
    writer = csv.writer(
        buffer, lineterminator="\r\n", quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    )
    writer.writerow(columns)
    writer.writerows([row[column] for column in columns] for row in rows)
    return (BOM if draw(st.booleans()) else "") + buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step_tables())
def test_generated_tables_round_trip(text: str) -> None:
    document = assert_round_trip(text)
    records = list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert sum(len(s.steps) for s in document.scenarios) == len(records)
    for record in records:
        if not record["id"]:
            continue
        scenario = next(s for s in document.scenarios if s.name == (record["scenario"] or "Main"))
        step = scenario.step(record["id"])
        assert step is not None
        assert step.label == one_newline(as_read(record["label"])).strip()
        assert step.notes == one_newline(as_read(record["notes"]))
        assert phase_name(scenario, step) == (record["phase"] or DEFAULT_PHASE)
        targets = [f.target for f in scenario.flows if f.source == step.id]
        assert targets == list(dict.fromkeys(t for t in record["next"].split(";") if t))


ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=10)  # a file in UTF-8 cannot hold "Cs"
# Text a spreadsheet would run, with or without apostrophes of its own in front, and text of every other kind.
TEXTS = st.one_of(
    ANY_TEXT,
    st.tuples(st.text("'", max_size=3), st.sampled_from([*"=+-@\t\r", ""]), ANY_TEXT).map("".join),
)
IDS = st.from_regex(r"[A-Za-z0-9_.\-]{1,6}", fullmatch=True)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """One scenario, one phase, steps stacked in it, with texts of any kind and ids that may start with a "-"."""
    scenario = blank_scenario(name=draw(TEXTS), phases=1)
    scenario.phases[0].name = draw(TEXTS)
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    scenario.steps = [
        Step(
            id=step_id,
            lane=draw(st.sampled_from([lane.id for lane in scenario.lanes])),
            x=40,
            y=index,
            label=draw(TEXTS.filter(lambda text: one_newline(text).strip())),
            fail_point=True,
            risk_note=draw(
                TEXTS.filter(
                    lambda text: one_newline(text).strip().lower() not in {"", "yes", "no", "true", "false"}
                ).filter(lambda text: one_newline(text).strip() not in {"0", "1"})
            ),
            notes=draw(TEXTS),
        )
        for index, step_id in enumerate(ids)
    ]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6, unique=True))
    scenario.flows = [Flow(id=f"f{i}", source=a, target=b) for i, (a, b) in enumerate(pairs) if a != b]
    return Document(title="T", scenarios=[scenario])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_text_comes_back_from_an_export(document: Document) -> None:
    [original] = document.scenarios
    [scenario] = document_of(dumps_csv(document)).scenarios
    assert scenario.name == one_newline(original.name).strip() or "Main"
    assert scenario.phases[0].name == one_newline(original.phases[0].name).strip() or DEFAULT_PHASE
    copies = {step.id: step for step in scenario.steps}
    assert set(copies) == {step.id for step in original.steps}
    for step in original.steps:
        copy = copies[step.id]
        assert copy.label == one_newline(step.label).strip()
        assert copy.risk_note == one_newline(step.risk_note).strip()
        assert copy.notes == one_newline(step.notes)
    assert sorted(flow_pairs(scenario)) == sorted(flow_pairs(original))


# --- the command line ---------------------------------------------------------------------------------------------


def test_cli_import_csv(tmp_path: Path) -> None:
    source = tmp_path / "Hotel stay.csv"
    source.write_text(
        BOM + table(["lane", "label", "next", "id"], ["customer", "Arrive", "b", "a"], ["onstage", "Greet", "", "b"]),
        encoding="utf-8",
    )
    result = run_cli("import-csv", source.name, "-o", "stay.json", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    document = load_document(tmp_path / "stay.json")
    assert document.title == "Hotel stay"
    assert flow_pairs(document.scenarios[0]) == [("a", "b")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, "stay.json"])


def test_cli_import_csv_warns_about_unknown_columns(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("lane,label,colour\ncustomer,Arrive,red\n", encoding="utf-8")
    result = run_cli("import-csv", "in.csv", "-o", "out.json", cwd=tmp_path)
    assert result.returncode == 0
    [line] = result.stderr.splitlines()
    assert line.startswith("blueprint-editor: warning: in.csv: the column 'colour' (C)")
    assert load_document(tmp_path / "out.json").scenarios[0].steps[0].label == "Arrive"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("lane,label,colour\ncustomer,Arrive,red\nfront,Greet,blue\n", "in.csv, row 3, column lane (A): unknown lane"),
        ("id,lane,label\na,customer,A\na,customer,B\n", "in.csv, row 3, column id (A): the id 'a' is already used"),
        ("lane,label,next\ncustomer,A,nope\n", "in.csv, row 2, column next (C): no step has the id 'nope'"),
        ("lane,wait_min,label\ncustomer,-3,A\n", "in.csv, row 2, column wait_min (B): the time '-3' is negative"),
        ("label\nA\n", "in.csv, row 1: the header has no lane column"),
    ],
)
def test_cli_import_csv_failure_writes_nothing(tmp_path: Path, content: str, says: str) -> None:
    (tmp_path / "in.csv").write_text(content, encoding="utf-8")
    line = one_error_line(run_cli("import-csv", "in.csv", "-o", "out.json", cwd=tmp_path))
    assert line.startswith(f"blueprint-editor: {says}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_cli_import_csv_failure_leaves_an_existing_output_alone(tmp_path: Path, example_file: Path) -> None:
    output = tmp_path / "out.json"
    output.write_bytes(example_file.read_bytes())
    (tmp_path / "in.csv").write_text("lane,label\ncustomer,\n", encoding="utf-8")
    one_error_line(run_cli("import-csv", "in.csv", "-o", output, cwd=tmp_path))
    assert output.read_bytes() == example_file.read_bytes()


def test_cli_import_csv_missing_input_and_missing_folder(tmp_path: Path) -> None:
    line = one_error_line(run_cli("import-csv", "none.csv", "-o", "out.json", cwd=tmp_path))
    assert "none.csv does not exist" in line
    (tmp_path / "in.csv").write_text("lane,label\ncustomer,A\n", encoding="utf-8")
    line = one_error_line(run_cli("import-csv", "in.csv", "-o", tmp_path / "no" / "out.json", cwd=tmp_path))
    assert "the folder" in line and "does not exist" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_cli_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("lane,label\ncustomer,A\n", encoding="utf-8")
    line = one_error_line(run_cli("import-csv", "in.csv", "-o", "./in.csv", cwd=tmp_path))
    assert "is the input" in line
    assert (tmp_path / "in.csv").read_text(encoding="utf-8") == "lane,label\ncustomer,A\n"


def test_cli_export_csv_and_back(tmp_path: Path, example_file: Path, example_document: Document) -> None:
    result = run_cli("export-csv", example_file, "-o", "stay.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert all(line.startswith("blueprint-editor: warning: ") for line in result.stderr.splitlines())
    exported = (tmp_path / "stay.csv").read_bytes()
    assert exported.decode("utf-8-sig") == dumps_csv(example_document)

    result = run_cli("import-csv", "stay.csv", "-o", "stay.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    result = run_cli("export-csv", "stay.json", "-o", "again.csv", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "again.csv").read_bytes() == exported


def test_cli_export_csv_writes_formulas_as_text_and_import_csv_reads_them_back(tmp_path: Path) -> None:
    scenario = blank_scenario()
    labels = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "'=x", "- check in"]
    scenario.steps = [
        Step(id=f"s{i}", lane="customer", x=40 + 200 * i, label=label, duration_min=5) for i, label in enumerate(labels)
    ]
    save_document(Document(title="T", scenarios=[scenario]), tmp_path / "in.json")
    result = run_cli("export-csv", "in.json", "-o", "out.csv", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert [row["label"] for row in rows] == [
        '\'=HYPERLINK("http://x","click")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
        "''=x",
        "'- check in",
    ]
    assert {row["duration_min"] for row in rows} == {"5"}

    result = run_cli("import-csv", "out.csv", "-o", "back.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert [step.label for step in load_document(tmp_path / "back.json").scenarios[0].steps] == labels


def test_cli_export_csv_failure_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    line = one_error_line(run_cli("export-csv", "bad.json", "-o", "out.csv", cwd=tmp_path))
    assert "bad.json is not a Blueprint Editor file" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_cli_csv_verbs_import_no_qt(tmp_path: Path, example_document: Document) -> None:
    save_document(example_document, tmp_path / "in.json")
    script = (
        "import sys\n"
        "from blueprint_editor.cli import main\n"
        "assert main(['export-csv', 'in.json', '-o', 'out.csv']) == 0\n"
        "assert main(['import-csv', 'out.csv', '-o', 'out.json']) == 0\n"
        "assert not any(name.startswith(('PySide6', 'shiboken6')) for name in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_verbs_are_registered() -> None:
    from blueprint_editor.cli import VERBS

    assert VERBS["import-csv"][0] == "csv_import_verb"
    assert VERBS["export-csv"][0] == "csv_export_verb"
