"""The clipboard format, placement and keyboard navigation: pure functions over the model, no Qt."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint_editor.io.clipboard_format import (
    CLIPBOARD_FORMAT,
    MAX_CLIPBOARD_BYTES,
    ClipboardFormatError,
    parse,
    parse_plain_text,
    plain_text,
    serialize,
)
from blueprint_editor.model import Document, Lane, LaneKind, Scenario, Step
from blueprint_editor.model.document import MAX_COORDINATE, blank_scenario
from blueprint_editor.model.geometry import CARD_WIDTH, LANE_PADDING, band_of, phase_columns, phase_of
from blueprint_editor.model.navigation import (
    Direction,
    find_steps,
    nearest_in_direction,
    neighbour_lane,
    x_in_neighbour_phase,
)
from blueprint_editor.model.placement import (
    PASTE_OFFSET,
    clear_of_existing,
    next_free_x,
    nudged_places,
    placed_at,
)


@pytest.fixture
def hotel(example_document: Document) -> Scenario:
    return example_document.scenarios[0]


def _ids(scenario: Scenario) -> set[str]:
    return {s.id for s in scenario.steps} | {f.id for f in scenario.flows}


# Copy and paste


def test_a_copy_holds_the_steps_the_flows_between_them_and_their_lanes(hotel: Scenario) -> None:
    payload = json.loads(serialize(hotel, {"c1", "c2", "f1", "e5"}))
    assert payload["format"] == CLIPBOARD_FORMAT and payload["version"] == 1
    assert [s["id"] for s in payload["steps"]] == ["e5", "c1", "c2", "f1"]
    # c1->c2 and c2->f1 join chosen steps; e1->c1 and f1->b1 lead outside the selection and stay behind.
    assert sorted((f["source"], f["target"]) for f in payload["flows"]) == [("c1", "c2"), ("c2", "f1")]
    assert {lane["id"]: lane["kind"] for lane in payload["lanes"]} == {
        "evidence": "evidence",
        "customer": "customer",
        "frontstage": "frontstage",
    }


def test_plain_text_is_the_labels_one_per_line_left_to_right(hotel: Scenario) -> None:
    hotel.step("c2").label = "Book room\nwith card"  # type: ignore[union-attr]
    assert plain_text(hotel, {"c3", "c1", "c2"}) == (
        "Search and compare hotel rooms\nBook room with card\nRead the confirmation email"
    )


def test_a_paste_gets_fresh_ids_and_keeps_its_flows(hotel: Scenario) -> None:
    pasted = parse(serialize(hotel, {"c1", "c2", "f1"}), hotel)
    new_ids = [s.id for s in pasted.steps] + [f.id for f in pasted.flows]
    assert len(set(new_ids)) == len(new_ids) and not set(new_ids) & _ids(hotel)
    by_label = {s.label: s for s in pasted.steps}
    first, second = by_label["Search and compare hotel rooms"], by_label["Book room with card guarantee"]
    assert (first.lane, first.x, first.y) == ("customer", 40, 40), "positions are as copied; placing comes later"
    assert {(f.source, f.target) for f in pasted.flows} == {(first.id, second.id), (second.id, pasted.steps[2].id)}


def test_lanes_are_matched_by_id_then_by_kind_then_title() -> None:
    source = blank_scenario()
    source.lanes.append(Lane(id="policy", kind=LaneKind.CUSTOM, title="Policies"))
    source.steps = [
        Step(id="a", lane="backstage", x=0, label="back"),
        Step(id="b", lane="policy", x=0, label="rule"),
    ]
    target = blank_scenario("other")
    # The target calls its lanes otherwise: no id matches, so kinds (and for custom lanes, titles) decide.
    target.lanes = [
        Lane(id="cust", kind=LaneKind.CUSTOMER, title="Customer"),
        Lane(id="notes", kind=LaneKind.CUSTOM, title="Notes"),
        Lane(id="rules", kind=LaneKind.CUSTOM, title="Policies"),
        Lane(id="back", kind=LaneKind.BACKSTAGE, title="Back office"),
    ]
    pasted = parse(serialize(source, {"a", "b"}), target)
    assert {s.label: s.lane for s in pasted.steps} == {"back": "back", "rule": "rules"}

    only_customer = Scenario(id="x", name="x", lanes=[Lane(id="c", kind=LaneKind.CUSTOMER, title="C")])
    assert {s.lane for s in parse(serialize(source, {"a", "b"}), only_customer).steps} == {"c"}


def test_a_paste_into_a_scenario_without_lanes_for_steps_is_refused() -> None:
    source = blank_scenario()
    source.steps = [Step(id="a", lane="customer")]
    empty = Scenario(id="x", name="x", lanes=[Lane(id="emo", kind=LaneKind.EMOTION, title="Emotion")])
    with pytest.raises(ClipboardFormatError, match="no lane"):
        parse(serialize(source, {"a"}), empty)


def _payload(**changes: object) -> str:
    payload: dict[str, object] = {
        "format": CLIPBOARD_FORMAT,
        "version": 1,
        "lanes": [{"id": "customer", "kind": "customer", "title": "Customer actions"}],
        "steps": [{"id": "a", "lane": "customer", "label": "A"}, {"id": "b", "lane": "customer", "label": "B"}],
        "flows": [{"id": "f", "source": "a", "target": "b"}],
    }
    payload.update(changes)
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "no steps copied from Blueprint Editor"),
        (json.dumps({"format": "something-else", "version": 1}), "no steps copied"),
        (_payload(version=2), "newer version"),
        (_payload(version=True), "no valid version"),
        (_payload(version="1"), "no valid version"),
        (_payload(steps=[]), "no steps"),
        (_payload(steps={"a": 1}), "not a list"),
        (_payload(steps=[{"id": "a", "lane": "customer", "x": "12"}]), "step on the clipboard is not valid"),
        (_payload(steps=[{"id": "a", "lane": "customer"}, {"id": "a", "lane": "customer"}]), "same id"),
        (_payload(flows=[{"id": "f", "source": "a", "target": "gone"}]), "leads to a step that is not there"),
        (_payload(flows=[{"id": "f", "source": "a"}]), "flow on the clipboard is not valid"),
        (_payload(lanes=[{"id": "customer", "kind": "basement", "title": "?"}]), "unknown kind"),
        (_payload(lanes=[{"kind": "customer"}]), "no id or title"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON|no steps copied"),
        (" " * (MAX_CLIPBOARD_BYTES + 1), "too much"),
    ],
)
def test_malformed_clipboards_are_refused_with_a_reason(hotel: Scenario, text: str, message: str) -> None:
    with pytest.raises(ClipboardFormatError, match=message):
        parse(text, hotel)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
step_like = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "", "a b"]), "lane": st.sampled_from(["customer", "nowhere", "x"])},
    optional={"x": json_values, "y": json_values, "label": json_values, "tags": json_values},
)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(step_like, max_size=4) | json_values,
    flows=st.lists(st.dictionaries(st.sampled_from(["id", "source", "target"]), json_values), max_size=3),
    lanes=st.lists(st.dictionaries(st.sampled_from(["id", "kind", "title"]), json_values), max_size=3) | json_values,
    version=json_values,
)
def test_whatever_the_clipboard_holds_parse_gives_items_or_a_clear_error(
    steps: object, flows: object, lanes: object, version: object
) -> None:
    scenario = blank_scenario()
    text = json.dumps({"format": CLIPBOARD_FORMAT, "version": version, "steps": steps, "flows": flows, "lanes": lanes})
    try:
        pasted = parse(text, scenario)
    except ClipboardFormatError as error:
        assert str(error)
        return
    lanes_for_steps = {lane.id for lane in scenario.lanes}
    assert all(s.lane in lanes_for_steps for s in pasted.steps)
    step_ids = {s.id for s in pasted.steps}
    assert all(f.source in step_ids and f.target in step_ids for f in pasted.flows)


def test_plain_text_becomes_one_step_per_line_after_the_customer_actions(hotel: Scenario) -> None:
    pasted = parse_plain_text("  Greet guest \n\n\tOffer   water\n", hotel)
    assert [s.label for s in pasted.steps] == ["Greet guest", "Offer water"]
    assert {s.lane for s in pasted.steps} == {"customer"}
    rightmost = max(s.x for s in hotel.steps if s.lane == "customer")
    assert pasted.steps[0].x > rightmost + CARD_WIDTH and pasted.steps[1].x > pasted.steps[0].x + CARD_WIDTH
    assert pasted.flows == []
    with pytest.raises(ClipboardFormatError, match="no text"):
        parse_plain_text(" \n \n", hotel)
    with pytest.raises(ClipboardFormatError, match="more than"):
        parse_plain_text("x\n" * 1000, hotel)


# Placement


def test_nudges_stay_inside_the_lane_and_the_phases(hotel: Scenario) -> None:
    band = band_of(hotel, "customer")
    assert band is not None
    up = nudged_places(hotel, {"c1"}, 0, -100)
    assert up["c1"].y == LANE_PADDING, "Up stops at the top of the lane"
    down = nudged_places(hotel, {"c1"}, 0, 1000, heights={"c1": 80})
    assert down["c1"].y == band.height - 80 - LANE_PADDING, "Down stops where a card this tall still fits"
    left = nudged_places(hotel, {"c1", "c2"}, -100, 0)
    assert (left["c1"].x, left["c2"].x) == (0, 160), "each card stops at the left edge on its own"
    assert nudged_places(hotel, {"c1"}, 8, 8)["c1"] == ("customer", 48, 48)


def test_a_card_outside_its_lane_may_come_back_but_not_go_further(hotel: Scenario) -> None:
    hotel.step("c1").y = 500  # type: ignore[union-attr]
    assert nudged_places(hotel, {"c1"}, 0, 8)["c1"].y == 500
    assert nudged_places(hotel, {"c1"}, 0, -8)["c1"].y == 492


def test_the_next_free_place_skips_cards_in_the_way(hotel: Scenario) -> None:
    # Right of c1 (x=40) comes c2 at 260: a card at 240 would overlap it, so the new one goes past c2 and c3...
    # all the way along the customer lane, whose cards stand 200 to 260 apart.
    x = next_free_x(hotel, "customer", 240, 40)
    assert x is not None
    others = [s.x for s in hotel.steps if s.lane == "customer"]
    assert all(abs(x - other) >= CARD_WIDTH for other in others)
    assert next_free_x(hotel, "customer", 240, 40, leftwards=True) is None, "no room left of c1"
    assert next_free_x(hotel, "evidence", 240, 40) == 240, "the evidence lane is free there"


def test_a_group_pasted_again_and_again_never_lies_on_another(hotel: Scenario) -> None:
    copies = parse(serialize(hotel, {"c1", "c2"}), hotel).steps
    first = clear_of_existing(hotel, copies)
    assert [(s.x, s.y) for s in first] == [(40 + PASTE_OFFSET, 40 + PASTE_OFFSET), (260 + PASTE_OFFSET, 64)]
    hotel.steps.extend(first)
    second = clear_of_existing(hotel, copies)
    assert [s.x for s in second] == [40 + 2 * PASTE_OFFSET, 260 + 2 * PASTE_OFFSET]


def test_at_the_far_right_end_a_pasted_card_moves_on_leftwards() -> None:
    scenario = blank_scenario()
    end = MAX_COORDINATE - CARD_WIDTH
    scenario.steps = [Step(id="a", lane="customer", x=end, y=78), Step(id="b", lane="customer", x=end - 24, y=78)]
    copy = parse(serialize(scenario, {"a"}), scenario).steps
    placed = clear_of_existing(scenario, copy)
    assert placed[0].x == end - 48 and placed[0].y == 78, "stuck at the lane's bottom and the coordinates' end"


def test_a_group_spanning_all_the_coordinates_is_pasted_where_it_can_be_saved() -> None:
    """Found by the editing state machine: such a group moved left past the smallest coordinate, and the paste
    failed validation instead of adding the cards."""
    scenario = blank_scenario()
    end = MAX_COORDINATE - CARD_WIDTH
    scenario.steps = [
        Step(id="a", lane="customer", x=-MAX_COORDINATE, y=78),
        Step(id="b", lane="customer", x=end, y=78),
    ]
    placed = clear_of_existing(scenario, parse(serialize(scenario, {"a", "b"}), scenario).steps)
    for step in placed:
        Step.model_validate(step.model_dump())  # every place is one a file can hold
    assert [step.x for step in placed] == [-MAX_COORDINATE, end], "it can only move down its lane"


def test_a_group_placed_at_a_point_keeps_its_shape_and_finds_lanes_under_its_cards(hotel: Scenario) -> None:
    copies = parse(serialize(hotel, {"c1", "f1"}), hotel).steps  # c1 at 40, f1 at 260 one lane lower
    backstage = band_of(hotel, "backstage")
    assert backstage is not None
    placed = placed_at(hotel, copies, 1000, backstage.top + 50)
    c1, f1 = placed
    assert c1.lane == "backstage" and c1.x == 1000 - CARD_WIDTH / 2
    assert f1.lane == "support" and f1.x == c1.x + 220, "the group keeps its shape, a lane lower"
    assert placed_at(hotel, copies, -500, 10)[0].x == 0, "never left of the lanes"


# Navigation and finding


def test_ctrl_arrow_goes_to_the_nearest_card_that_way(hotel: Scenario) -> None:
    assert nearest_in_direction(hotel, "c2", Direction.RIGHT) == "c3"
    assert nearest_in_direction(hotel, "c2", Direction.LEFT) == "c1"
    assert nearest_in_direction(hotel, "c2", Direction.DOWN) == "f1"
    assert nearest_in_direction(hotel, "c3", Direction.UP) == "e2", "straight up"
    assert nearest_in_direction(hotel, "c4", Direction.UP) == "e3"
    assert nearest_in_direction(hotel, "c9", Direction.DOWN) == "b6", "no frontstage card below: the next one down"
    assert nearest_in_direction(hotel, "c1", Direction.LEFT) is None
    assert nearest_in_direction(hotel, "c2", Direction.RIGHT, among={"c1", "c4"}) == "c4"


def test_neighbour_lanes_skip_lanes_that_hold_no_steps(hotel: Scenario) -> None:
    hotel.lanes.insert(1, Lane(id="emotion", kind=LaneKind.EMOTION, title="Emotion"))
    assert neighbour_lane(hotel, "customer", -1).id == "evidence"  # type: ignore[union-attr]
    assert neighbour_lane(hotel, "customer", 1).id == "frontstage"  # type: ignore[union-attr]
    assert neighbour_lane(hotel, "evidence", -1) is None
    hotel.lanes[2].collapsed = True  # customer
    assert neighbour_lane(hotel, "evidence", 1).id == "frontstage"  # type: ignore[union-attr]


def test_alt_left_and_right_keep_the_place_within_the_column(hotel: Scenario) -> None:
    c2 = hotel.step("c2")
    assert c2 is not None
    columns = phase_columns(hotel)
    x = x_in_neighbour_phase(hotel, c2, 1)
    assert x is not None
    moved = c2.model_copy(update={"x": x})
    assert phase_of(hotel, moved).id == "arrival"  # type: ignore[union-attr]
    fraction = (c2.x - columns[0].left) / columns[0].width
    assert x == round(columns[1].left + fraction * columns[1].width)
    assert x_in_neighbour_phase(hotel, c2, -1) is None, "no phase before the first"


def test_find_looks_in_labels_descriptions_and_notes_in_reading_order(hotel: Scenario) -> None:
    hotel.step("b13").notes = "Ask about the KEY card next time"  # type: ignore[union-attr]
    hotel.step("e1").description = "Shows the key facts"  # type: ignore[union-attr]
    assert find_steps(hotel, "key") == ["e1", "e5", "c6", "f5", "b5", "c12", "b13"]
    assert find_steps(hotel, "  ") == []
    assert find_steps(hotel, "nothing like this") == []
