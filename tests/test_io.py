"""Reading and writing blueprint files, and where things sit on the canvas: pure model and io, no Qt."""

from __future__ import annotations

import errno
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from blueprint_editor.io import BlueprintFileError, dumps_document, load_document, loads_document, save_document
from blueprint_editor.model import FORMAT_VERSION, Document, Flow, Lane, LaneKind, Phase, Scenario, Step
from blueprint_editor.model.document import MAX_COORDINATE, MAX_MINUTES
from blueprint_editor.model.geometry import CARD_WIDTH, band_at, column_at, phase_of

MARKUP_LABEL = "<img src=x> & <b>"


def _leftover_temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def _document_text(scenario: dict, **top: object) -> str:
    data = {"format": "blueprint-editor", "version": 1, "title": "T", "scenarios": [scenario]} | top
    return json.dumps(data, indent=2, ensure_ascii=False)


def _scenario(steps: list[dict] | None = None, flows: list[dict] | None = None) -> dict:
    return {
        "id": "main",
        "name": "Main",
        "lanes": [{"id": "customer", "kind": "customer", "title": "Customer actions"}],
        "phases": [{"id": "p1", "name": "Phase 1"}],
        "steps": steps or [],
        "flows": flows or [],
    }


def _open_error(text: str, source: str = "bad.json") -> BlueprintFileError:
    with pytest.raises(BlueprintFileError) as info:
        loads_document(text, source)
    return info.value


# --- saving: stable bytes ----------------------------------------------------------------------------------------


def test_example_loads_and_saves_byte_for_byte(example_file: Path) -> None:
    original = example_file.read_text(encoding="utf-8")
    document = load_document(example_file)
    first = dumps_document(document)
    assert first == original
    assert dumps_document(loads_document(first)) == first
    assert list(json.loads(first))[:2] == ["format", "version"]


def test_saved_file_matches_dumps_and_saves_twice_identically(example_document: Document, tmp_path: Path) -> None:
    target = tmp_path / "stay.json"
    save_document(example_document, target)
    first = target.read_bytes()
    save_document(load_document(target), target)
    assert target.read_bytes() == first
    assert first == dumps_document(example_document).encode("utf-8")


# --- saving: atomic ----------------------------------------------------------------------------------------------


def test_save_replaces_an_existing_file_and_leaves_no_temp_file(example_document: Document, tmp_path: Path) -> None:
    target = tmp_path / "stay.json"
    target.write_text("old contents", encoding="utf-8")
    save_document(example_document, target)
    assert target.read_text(encoding="utf-8") == dumps_document(example_document)
    assert _leftover_temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stay.json"]


def test_a_failed_save_keeps_the_original_file(
    example_document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stay.json"
    original = b'{"format": "blueprint-editor", "precious": true}\n'
    target.write_bytes(original)

    def full_disk(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(BlueprintFileError) as info:
        save_document(example_document, target)
    monkeypatch.undo()

    assert target.read_bytes() == original
    assert _leftover_temp_files(tmp_path) == []
    assert "stay.json" in str(info.value)
    assert "No space left" in str(info.value)


def test_saving_into_a_missing_folder_names_the_folder(example_document: Document, tmp_path: Path) -> None:
    folder = tmp_path / "no-such-folder"
    with pytest.raises(BlueprintFileError) as info:
        save_document(example_document, folder / "stay.json")
    assert str(folder) in str(info.value)
    assert "does not exist" in str(info.value)
    assert not folder.exists()


# --- loading: bad input ------------------------------------------------------------------------------------------


def test_not_json_names_line_and_column() -> None:
    text = '{\n  "format": "blueprint-editor",\n  "version": 1,\n  oops\n}\n'
    message = str(_open_error(text))
    assert message.startswith("bad.json ")
    assert "not valid JSON" in message
    assert "line 4, column 3" in message


@pytest.mark.parametrize("text", ["[1, 2, 3]", '{"version": 1, "scenarios": []}', '{"format": "drawio"}'])
def test_not_a_blueprint(text: str) -> None:
    message = str(_open_error(text))
    assert "bad.json" in message
    assert "not a Blueprint Editor file" in message


def test_newer_version_names_both_versions() -> None:
    message = str(_open_error(_document_text(_scenario(), version=99)))
    assert "99" in message
    assert f"up to {FORMAT_VERSION}" in message
    assert "newer" in message


@pytest.mark.parametrize(("version", "shown"), [(None, "null"), ("1", '"1"'), (True, "true"), (0, "0")])
def test_missing_or_wrong_version(version: object, shown: str) -> None:
    data = json.loads(_document_text(_scenario()))
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    message = str(_open_error(json.dumps(data)))
    assert '"version"' in message
    assert f"found {shown}" in message


def test_flow_naming_a_missing_step() -> None:
    steps = [{"id": "a", "lane": "customer"}]
    error = _open_error(_document_text(_scenario(steps, [{"id": "fl1", "source": "a", "target": "ghost"}])))
    assert len(error.problems) == 1
    assert "flow 'fl1'" in error.problems[0]
    assert "missing step 'ghost'" in error.problems[0]
    assert "1 problem found" in error.message


def test_step_in_a_missing_lane() -> None:
    error = _open_error(_document_text(_scenario([{"id": "a", "lane": "basement", "label": "Fix the boiler"}])))
    assert len(error.problems) == 1
    assert "step 'a'" in error.problems[0]
    assert "missing lane 'basement'" in error.problems[0]
    assert "Fix the boiler" in error.problems[0]


def test_duplicate_step_ids() -> None:
    steps = [{"id": "a", "lane": "customer"}, {"id": "b", "lane": "customer"}, {"id": "a", "lane": "customer"}]
    error = _open_error(_document_text(_scenario(steps)))
    assert len(error.problems) == 1
    assert "'a' is used twice" in error.problems[0]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_in_a_coordinate(constant: str) -> None:
    text = _document_text(_scenario([{"id": "a", "lane": "customer", "x": 12345}])).replace("12345", constant)
    assert constant in text
    message = str(_open_error(text))
    assert constant in message
    assert "not valid JSON" in message


@pytest.mark.parametrize("value", ["1e308", "-1e308", "1e999"])
def test_huge_coordinate(value: str) -> None:
    text = _document_text(_scenario([{"id": "a", "lane": "customer", "y": 12345}])).replace("12345", value)
    error = _open_error(text)
    assert len(error.problems) == 1
    assert "step 'a'" in error.problems[0]
    assert error.problems[0].split(": ")[0].endswith("> y")


def test_wrong_type_names_the_step() -> None:
    error = _open_error(_document_text(_scenario([{"id": "c7", "lane": "customer", "label": 42}])))
    assert len(error.problems) == 1
    assert "step 'c7'" in error.problems[0]
    assert "label" in error.problems[0]
    assert "valid string" in error.problems[0]


def test_unknown_key_is_refused_not_dropped() -> None:
    error = _open_error(_document_text(_scenario([{"id": "a", "lane": "customer", "colour": "red"}])))
    assert len(error.problems) == 1
    assert "step 'a'" in error.problems[0]
    assert "colour" in error.problems[0]


def test_many_problems_are_cut_to_ten() -> None:
    steps = [{"id": f"s{i}", "lane": "nowhere"} for i in range(1, 16)]
    error = _open_error(_document_text(_scenario(steps)))
    assert "15 problems" in error.message
    assert len(error.problems) == 11
    assert all("missing lane 'nowhere'" in p for p in error.problems[:10])
    assert error.problems[10] == "... and 5 more"
    assert str(error).count("\n") == 11


def test_file_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(_document_text(_scenario(), title="Caf\u00e9").encode("latin-1"))
    offset = path.read_bytes().index(b"\xe9")
    with pytest.raises(BlueprintFileError) as info:
        load_document(path)
    message = str(info.value)
    assert "latin1.json" in message
    assert "UTF-8" in message
    assert f"offset {offset}" in message


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + _document_text(_scenario()).encode("utf-8"))
    assert load_document(path).scenarios[0].id == "main"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BlueprintFileError) as info:
        load_document(tmp_path / "gone.json")
    assert "gone.json" in str(info.value)
    assert "does not exist" in str(info.value)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.json"
    folder.mkdir()
    with pytest.raises(BlueprintFileError) as info:
        load_document(folder)
    assert "looks-like.json" in str(info.value)
    assert "folder" in str(info.value)


# --- labels are plain text ---------------------------------------------------------------------------------------


def test_markup_in_a_label_survives_save_and_load(example_document: Document, tmp_path: Path) -> None:
    example_document.scenarios[0].steps[0].label = MARKUP_LABEL
    path = tmp_path / "markup.json"
    save_document(example_document, path)
    assert MARKUP_LABEL in path.read_text(encoding="utf-8")
    assert load_document(path).scenarios[0].steps[0].label == MARKUP_LABEL


# --- generated documents -----------------------------------------------------------------------------------------

_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
ids = st.text(alphabet=_ID_CHARS, min_size=1, max_size=64)
labels = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
        st.sampled_from(["<b>", "</b>", "<img src=x>", "&", "&amp;", '"', "'", "\\", "\n", "\r\n", "\t", "\u00e9"]),
        st.sampled_from(["\u65e5\u672c\u8a9e", "\U0001f600", "\u202e", "\u0000", "\ufeff"]),
    ),
    max_size=12,
).map("".join)


def _thousandths(low: float, high: float) -> st.SearchStrategy[float]:
    """Whole numbers and fractions with up to three decimals: the precision a blueprint file keeps."""
    return st.one_of(
        st.integers(math.ceil(low), math.floor(high)).map(float),
        st.integers(round(low * 1000), round(high * 1000)).map(lambda n: n / 1000),
    )


coordinates = _thousandths(-MAX_COORDINATE, MAX_COORDINATE)
sizes = _thousandths(1, MAX_COORDINATE)
minutes = _thousandths(0, MAX_MINUTES)


@st.composite
def scenarios(draw: st.DrawFn, scenario_id: str, coordinate=coordinates, size=sizes) -> Scenario:
    lane_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    lanes = [
        Lane(id=lane_id, kind=draw(st.sampled_from(LaneKind)), title=draw(labels), height=draw(size))
        for lane_id in lane_ids
    ]
    phase_ids = draw(st.lists(ids, max_size=4, unique=True))
    phases = [Phase(id=phase_id, name=draw(labels), width=draw(size)) for phase_id in phase_ids]
    item_ids = draw(st.lists(ids, max_size=10, unique=True))
    split = draw(st.integers(0, len(item_ids)))
    step_ids, flow_ids = item_ids[:split], item_ids[split:]
    steps = [
        Step(
            id=step_id,
            lane=draw(st.sampled_from(lane_ids)),
            x=draw(coordinate),
            y=draw(coordinate),
            label=draw(labels),
            duration_min=draw(minutes),
            wait_min=draw(minutes),
            fail_point=draw(st.booleans()),
        )
        for step_id in step_ids
    ]
    flows = (
        [
            Flow(id=flow_id, source=draw(st.sampled_from(step_ids)), target=draw(st.sampled_from(step_ids)))
            for flow_id in flow_ids
        ]
        if step_ids
        else []
    )
    return Scenario(id=scenario_id, name=draw(labels), lanes=lanes, phases=phases, steps=steps, flows=flows)


@st.composite
def documents(draw: st.DrawFn, coordinate=coordinates, size=sizes) -> Document:
    scenario_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    return Document(title=draw(labels), scenarios=[draw(scenarios(sid, coordinate, size)) for sid in scenario_ids])


@settings(max_examples=100, deadline=None)
@given(documents())
def test_generated_documents_round_trip(document: Document) -> None:
    text = dumps_document(document)
    loaded = loads_document(text)
    assert dumps_document(loaded) == text
    assert loaded.model_dump() == document.model_dump()
    assert list(json.loads(text))[:2] == ["format", "version"]


@settings(max_examples=100, deadline=None)
@given(
    documents(
        coordinate=st.floats(-MAX_COORDINATE, MAX_COORDINATE, allow_nan=False, allow_infinity=False),
        size=st.floats(1, MAX_COORDINATE, allow_nan=False, allow_infinity=False),
    )
)
def test_any_document_saves_to_a_file_that_reopens_and_saves_unchanged(document: Document) -> None:
    text = dumps_document(document)
    assert dumps_document(loads_document(text)) == text


@pytest.mark.parametrize(
    ("x", "height"),
    [(2.9999, 150), (-0.0001, 150), (999_999.9999, 150), (12.5, 1.0004)],
)
def test_saving_an_opened_file_again_changes_nothing(x: float, height: float) -> None:
    lane = Lane(id="customer", kind=LaneKind.CUSTOMER, title="Customer actions", height=height)
    step = Step(id="a", lane="customer", x=x, label="Drag me")
    document = Document(scenarios=[Scenario(id="main", name="Main", lanes=[lane], steps=[step])])
    text = dumps_document(document)
    assert dumps_document(loads_document(text)) == text


def test_a_lane_thinner_than_one_unit_is_refused() -> None:
    with pytest.raises(ValidationError):
        Lane(id="customer", kind=LaneKind.CUSTOMER, title="Customer actions", height=0.0004)


# --- geometry ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("y", "lane"),
    [
        (0, "evidence"),
        (129.9, "evidence"),
        (130, "customer"),
        (300, "frontstage"),
        (500, "backstage"),
        (729, "support"),
    ],
)
def test_band_at(example_document: Document, y: float, lane: str) -> None:
    band = band_at(example_document.scenarios[0], y)
    assert band is not None
    assert band.lane.id == lane


def test_band_at_outside_the_lanes(example_document: Document) -> None:
    scenario = example_document.scenarios[0]
    assert band_at(scenario, -1) is None
    assert band_at(scenario, 730) is None
    assert band_at(scenario, -1, clamp=True).lane.id == "evidence"
    assert band_at(scenario, 5000, clamp=True).lane.id == "support"


@pytest.mark.parametrize(
    ("x", "phase"),
    [
        (-50, "booking"),
        (0, "booking"),
        (719, "booking"),
        (720, "arrival"),
        (1600, "stay"),
        (3100, "after"),
        (9e5, "after"),
    ],
)
def test_column_at(example_document: Document, x: float, phase: str) -> None:
    assert column_at(example_document.scenarios[0], x).phase.id == phase


@pytest.mark.parametrize(("step_id", "phase"), [("c1", "booking"), ("c4", "arrival"), ("c9", "stay"), ("c17", "after")])
def test_phase_of_example_steps(example_document: Document, step_id: str, phase: str) -> None:
    scenario = example_document.scenarios[0]
    assert phase_of(scenario, scenario.step(step_id)).id == phase


def test_a_step_whose_centre_crosses_a_phase_boundary_changes_phase(example_document: Document) -> None:
    scenario = example_document.scenarios[0]
    step = scenario.step("c3")
    boundary = 720  # booking | arrival
    step.x = boundary - CARD_WIDTH / 2 - 1
    assert phase_of(scenario, step).id == "booking"
    step.x = boundary - CARD_WIDTH / 2
    assert phase_of(scenario, step).id == "arrival"
