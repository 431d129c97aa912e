"""The quick way of reading a current file (pydantic's JSON parser) opens what the full way opens, and nothing else.

Every text is read twice: by ``loads_document`` as the editor reads it, and with the quick way switched off (json.loads,
the version checks, migrations, validation of the dicts). Both must end the same: the same document, down to the
type of every number and the fields the file set, or the same refusal with the same message and the same repair.
"""

from __future__ import annotations

import json
import re
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from perf.blueprints import make_document
from pydantic import BaseModel
from test_io import documents, labels
from test_loader_fuzz import hypothesis_texts

from blueprint_editor.io import BlueprintFileError, dumps_document, json_io, loads_document
from blueprint_editor.io.json_io import read_current_version
from blueprint_editor.model import Document, FlowArrows, FlowStyle
from blueprint_editor.model.document import Channel, ValueClass
from blueprint_editor.resources import example_path

SOURCE = "plan.json"
TINY = {"format": "blueprint-editor", "version": 3, "title": "T", "scenarios": [{"id": "main", "name": "Main"}]}
_TINY = json.dumps(TINY)


def _shape(value: Any) -> Any:
    """Everything a loaded model holds, with the fields its file set, as text that tells 40 from 40.0."""
    if isinstance(value, BaseModel):
        fields = {name: _shape(getattr(value, name)) for name in type(value).model_fields}
        return (type(value).__name__, sorted(value.model_fields_set), fields)
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return repr(value)


def _outcome(text: str) -> tuple[Any, ...]:
    try:
        document = loads_document(text, SOURCE)
    except BlueprintFileError as error:
        repaired = None if error.repaired is None else dumps_document(error.repaired)
        return ("refused", error.full_message(), repaired, error.repairs)
    return ("opened", dumps_document(document), _shape(document))


def outcomes(text: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What the editor makes of the text, and what the full way alone makes of it."""
    quick = _outcome(text)
    with patch.object(json_io, "read_current_version", return_value=None):
        full = _outcome(text)
    return quick, full


def test_files_the_editor_writes_take_the_quick_way() -> None:
    for document in (Document.model_validate_json(example_path().read_text("utf-8")), make_document(300)):
        text = dumps_document(document)
        quick = read_current_version(text)
        assert quick is not None
        assert dumps_document(quick) == text
        assert quick == document


@settings(max_examples=150, deadline=None)
@given(documents())
def test_generated_documents_open_the_same_either_way(document: Document) -> None:
    text = dumps_document(document)
    quick, full = outcomes(text)
    assert quick == full
    assert quick[1] == text


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


@st.composite
def rich_documents(draw: st.DrawFn) -> Document:
    """Generated documents with every attribute of steps, flows and lanes drawn, not left at its default."""
    document = draw(documents())
    for scenario in document.scenarios:
        for lane in scenario.lanes:
            lane.collapsed = draw(st.booleans())
        for step in scenario.steps:
            step.risk_note, step.owner, step.notes, step.description = (draw(labels) for _ in range(4))
            step.value_class = draw(_maybe(st.sampled_from(ValueClass)))
            step.emotion = draw(_maybe(st.integers(-2, 2)))
            step.channel = draw(_maybe(st.sampled_from(Channel)))
            step.cost = draw(_maybe(st.floats(0, 1e12) | st.integers(0, 10**12)))
            step.tags = draw(st.lists(st.text(min_size=1, max_size=64), max_size=4))
            step.colour = draw(_maybe(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)))
        for flow in scenario.flows:
            flow.label = draw(labels)
            flow.style = draw(st.sampled_from(FlowStyle))
            flow.arrows = draw(st.sampled_from(FlowArrows))
    return document


@settings(max_examples=150, deadline=None)
@given(rich_documents())
def test_documents_using_every_attribute_open_the_same_either_way(document: Document) -> None:
    text = dumps_document(document)
    quick, full = outcomes(text)
    assert quick == full
    assert quick[:2] == ("opened", text)


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_is_left_to_the_full_way_and_opens_as_before(version: int) -> None:
    text = json.dumps({**TINY, "version": version})
    assert read_current_version(text) is None
    quick, full = outcomes(text)
    assert quick == full
    assert quick[0] == "opened"


@pytest.mark.parametrize("title", ["NaN", "Infinity pool", "-Infinity", "Not a NaN-free zone"])
def test_a_text_saying_nan_or_infinity_takes_the_quick_way(title: str) -> None:
    text = _TINY.replace('"T"', json.dumps(title))
    assert read_current_version(text) == loads_document(text)
    assert loads_document(text).title == title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hypothesis_texts)
def test_any_json_ends_the_same_either_way(text: str) -> None:
    quick, full = outcomes(text)
    assert quick == full


# Values json.loads and pydantic's parser may read differently, or the loader checks before validation.
ODD_VALUES = [
    "NaN", "Infinity", "-Infinity", "3.0", "3", "1.0", "true", "false", "null", "1e400", "-1e400", "1e-400",
    "-0.0", "-0", "0.1", "1E2", "12345678901234567890123456789", '"\\ud800"', '"\\udc00x"', '"\\ud83d\\ude00"',
    '"x"', '""', '"customer"', "[]", "{}", '["a"]', "01", "1.", ".5", "+1", "0x10", "'a'", "None",
]  # fmt: skip

_SCALAR_LINE = re.compile(r'^(\s*)("(?:[^"\\]|\\.)*"): (.*?)(,?)$')


@st.composite
def saved_texts_with_a_key_twice(draw: st.DrawFn) -> str:
    """A saved file in which one key holding a plain value is written twice, the odd value first or last."""
    lines = dumps_document(draw(documents())).splitlines()
    candidates = [i for i, line in enumerate(lines) if (m := _SCALAR_LINE.match(line)) and m[3][-1:] not in "[{"]
    index = draw(st.sampled_from(candidates))
    indent, key, value, comma = _SCALAR_LINE.match(lines[index]).groups()  # type: ignore[union-attr]
    odd = draw(st.sampled_from(ODD_VALUES))
    first, last = (odd, value) if draw(st.booleans()) else (value, odd)
    lines[index] = f"{indent}{key}: {first},\n{indent}{key}: {last}{comma}"
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(saved_texts_with_a_key_twice())
def test_a_key_written_twice_ends_the_same_either_way(text: str) -> None:
    quick, full = outcomes(text)
    assert quick == full


@st.composite
def saved_texts_with_an_odd_value(draw: st.DrawFn) -> str:
    """A saved file with one plain value replaced by an odd one."""
    lines = dumps_document(draw(documents())).splitlines()
    candidates = [i for i, line in enumerate(lines) if (m := _SCALAR_LINE.match(line)) and m[3][-1:] not in "[{"]
    index = draw(st.sampled_from(candidates))
    indent, key, _, comma = _SCALAR_LINE.match(lines[index]).groups()  # type: ignore[union-attr]
    lines[index] = f"{indent}{key}: {draw(st.sampled_from(ODD_VALUES))}{comma}"
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(saved_texts_with_an_odd_value())
def test_an_odd_value_ends_the_same_either_way(text: str) -> None:
    quick, full = outcomes(text)
    assert quick == full


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_TINY.replace('"version": 3', '"version": 3.0'), 'has no valid "version" (found 3.0)'),
        (_TINY.replace('"version": 3', '"version": true'), 'has no valid "version" (found true)'),
        (_TINY.replace('"version": 3, ', ""), 'has no valid "version" (found null)'),
        (_TINY.replace('"format": "blueprint-editor", ', ""), 'no "format": "blueprint-editor"'),
        (_TINY.replace('"title": "T"', '"title": NaN, "title": "T"'), "NaN is not a number JSON allows at line 1"),
        (_TINY.replace('"title": "T"', '"title": "\\ud800"'), "title: Input should be a valid string"),
        (_TINY + " x", "is not valid JSON: Extra data at line 1, column"),
        (_TINY.replace('"T"', '"a\tb"'), "is not valid JSON: Invalid control character at"),
        ("\ufeff" + _TINY, "is not valid JSON: Unexpected UTF-8 BOM"),
        ("[" * 5000 + "]" * 5000, "is not valid JSON: it is nested too deeply."),
        (_TINY.replace('"T"', "[" * 300 + "]" * 300), "title: Input should be a valid string"),
    ],
)
def test_what_the_quick_way_reads_differently_is_refused_as_before(text: str, message: str) -> None:
    quick, full = outcomes(text)
    assert quick == full
    assert quick[0] == "refused"
    assert message in quick[1]


def test_a_lone_surrogate_in_a_string_given_as_text_is_refused_as_before() -> None:
    # Text handed over by the application (not read from a file) can hold what UTF-8 cannot.
    text = _TINY.replace('"T"', '"\ud800"')
    quick, full = outcomes(text)
    assert quick == full


def test_a_key_written_twice_keeps_its_last_value_either_way() -> None:
    text = _TINY.replace('"title": "T"', '"title": "first", "title": "second"')
    quick, full = outcomes(text)
    assert quick == full
    assert loads_document(text).title == "second"


# --- the reference checks' shortcut ------------------------------------------------------------------------------

few_ids = st.sampled_from(["a", "b", "c", "customer", "p1"])


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_the_reference_shortcut_passes_exactly_the_scenarios_without_problems(document: Document, data: Any) -> None:
    for scenario in document.scenarios:
        for item in [*scenario.lanes, *scenario.phases, *scenario.steps, *scenario.flows]:
            if data.draw(st.integers(0, 9)) == 0:
                item.id = data.draw(few_ids)
        for step in scenario.steps:
            if data.draw(st.integers(0, 9)) == 0:
                step.lane = data.draw(few_ids)
        for flow in scenario.flows:
            if data.draw(st.integers(0, 9)) == 0:
                flow.source = data.draw(few_ids)
            if data.draw(st.integers(0, 9)) == 0:
                flow.target = data.draw(few_ids)
        has_problems = bool(json_io._scenario_problems(scenario, "here"))
        assert json_io._scenario_is_sound(scenario) is not has_problems
