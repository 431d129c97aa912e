"""The analysis of a scenario: its graph, its lean figures and what ``check`` finds. Pure model, no Qt."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise, permutations

import pytest

from blueprint_editor.analysis import (
    Finding,
    Severity,
    document_findings,
    figures_to_json,
    phase_figures,
    scenario_figures,
    scenario_findings,
    scenario_graph,
)
from blueprint_editor.analysis.findings import MAX_CYCLES
from blueprint_editor.analysis.graph import has_cycle
from blueprint_editor.model import Document, Flow, Lane, LaneKind, Phase, Scenario, Step
from blueprint_editor.model.document import ValueClass, blank_scenario

JSON_KEYS = [
    "scenario",
    "steps",
    "steps_by_lane",
    "flows",
    "crossings",
    "fail_points",
    "wait_points",
    "lead_time_min",
    "touch_time_min",
    "flow_efficiency",
]
KINDS = ["evidence", "customer", "frontstage", "backstage", "support"]
# blank_scenario: four phases 600 wide, so a card at x = 40 is in p1, at x = 640 in p2.
P1, P2 = 40.0, 640.0


def step(step_id: str, lane: str = "customer", *, wait: float = 0, duration: float = 0, **fields: object) -> Step:
    return Step.model_validate({"id": step_id, "lane": lane, "wait_min": wait, "duration_min": duration} | fields)


def scenario(*steps: Step, flows: tuple[tuple[str, str], ...] = (), base: Scenario | None = None) -> Scenario:
    """A blank five-lane scenario with these steps and flows (flow ids l1, l2, ...)."""
    result = base if base is not None else blank_scenario()
    result.steps = list(steps)
    result.flows = [Flow(id=f"l{i}", source=s, target=t) for i, (s, t) in enumerate(flows, start=1)]
    return result


def chain(*step_ids: str) -> tuple[tuple[str, str], ...]:
    return tuple(pairwise(step_ids))


def of(findings: list[Finding], severity: Severity, text: str) -> list[Finding]:
    return [f for f in findings if f.severity is severity and text in f.message]


# --- graph -------------------------------------------------------------------------------------------------------


def test_graph_has_a_node_per_step_and_an_edge_per_flow_between_existing_steps() -> None:
    s = scenario(step("a"), step("b"), step("c"), flows=(("a", "b"), ("b", "zz"), ("a", "b"), ("b", "c")))
    graph = scenario_graph(s)
    assert list(graph.nodes) == ["a", "b", "c"]
    assert sorted(graph.edges) == [("a", "b"), ("b", "c")]
    assert graph.nodes["b"]["step"] is s.steps[1]
    assert not has_cycle(graph)
    assert has_cycle(scenario_graph(scenario(step("a"), flows=(("a", "a"),))))


# --- counts ------------------------------------------------------------------------------------------------------


def test_counts_by_lane_kind_with_zeros_and_in_order() -> None:
    s = scenario(
        step("c1"),
        step("c2", fail_point=True),
        step("b1", "backstage", wait=3),
        step("x1", "nowhere", wait=1, fail_point=True),
    )
    figures = scenario_figures(s)
    assert figures.steps == 4
    assert list(figures.steps_by_lane.items()) == [
        ("evidence", 0),
        ("customer", 2),
        ("frontstage", 0),
        ("backstage", 1),
        ("support", 0),
    ]
    assert figures.fail_points == 2
    assert figures.wait_points == 2
    assert figures.flows == 0


def test_every_lane_of_a_kind_counts_and_other_kinds_do_not() -> None:
    base = blank_scenario()
    base.lanes.insert(2, Lane(id="customer2", kind=LaneKind.CUSTOMER, title="More customer actions"))
    # A lane of a kind this version does not know, as a later version might write.
    base.lanes.append(Lane.model_construct(id="extra", kind="partner", title="Partners", height=150))
    s = scenario(step("c1"), step("c2", "customer2"), step("x1", "extra"), base=base)
    figures = scenario_figures(s)
    assert figures.steps == 3
    assert figures.steps_by_lane == {"evidence": 0, "customer": 2, "frontstage": 0, "backstage": 0, "support": 0}


def test_an_empty_scenario() -> None:
    data = figures_to_json(scenario_figures(scenario()))
    assert data == {
        "scenario": "Main",
        "steps": 0,
        "steps_by_lane": dict.fromkeys(KINDS, 0),
        "flows": 0,
        "crossings": {"interaction": 0, "visibility": 0, "internal": 0},
        "fail_points": 0,
        "wait_points": 0,
        "lead_time_min": None,
        "touch_time_min": None,
        "flow_efficiency": None,
    }


# --- crossings ---------------------------------------------------------------------------------------------------


def test_a_flow_from_customer_to_backstage_crosses_two_lines() -> None:
    s = scenario(step("c1"), step("b1", "backstage"), flows=(("c1", "b1"),))
    assert scenario_figures(s).crossings == {"interaction": 1, "visibility": 1, "internal": 0}


def test_crossings_of_each_pair_of_lanes() -> None:
    s = scenario(
        step("e1", "evidence"),
        step("c1"),
        step("f1", "frontstage"),
        step("b1", "backstage"),
        step("s1", "support"),
        flows=(
            ("e1", "c1"),  # none: both above the line of interaction
            ("c1", "f1"),  # interaction
            ("f1", "c1"),  # interaction, either way round
            ("f1", "b1"),  # visibility
            ("b1", "s1"),  # internal
            ("s1", "e1"),  # all three
            ("b1", "b1"),  # none: a flow to itself
        ),
    )
    figures = scenario_figures(s)
    assert figures.crossings == {"interaction": 3, "visibility": 2, "internal": 2}
    assert figures.flows == 7


def test_dangling_flows_are_counted_but_cross_nothing() -> None:
    s = scenario(step("c1"), step("s1", "support"), flows=(("c1", "gone"), ("gone", "s1"), ("c1", "s1")))
    figures = scenario_figures(s)
    assert figures.flows == 3
    assert figures.crossings == {"interaction": 1, "visibility": 1, "internal": 1}


def test_a_line_whose_lanes_are_missing_is_never_crossed() -> None:
    base = blank_scenario()
    base.lanes = [lane for lane in base.lanes if lane.kind != LaneKind.FRONTSTAGE]
    s = scenario(
        step("c1"), step("b1", "backstage"), step("s1", "support"), flows=(("c1", "b1"), ("c1", "s1")), base=base
    )
    # Interaction and visibility both need a frontstage lane; the internal line is still there.
    assert scenario_figures(s).crossings == {"interaction": 0, "visibility": 0, "internal": 1}


def test_a_line_lies_below_the_last_lane_of_its_upper_kind() -> None:
    base = blank_scenario()
    # evidence, customer, frontstage, customer2, backstage, support: the line of interaction lies below customer2.
    base.lanes.insert(3, Lane(id="customer2", kind=LaneKind.CUSTOMER, title="More customer actions"))
    s = scenario(
        step("c2", "customer2"),
        step("f1", "frontstage"),
        step("b1", "backstage"),
        flows=(("f1", "c2"), ("f1", "b1"), ("c2", "b1")),
        base=base,
    )
    # f1 sits above the line of interaction here, which f1 -> b1 and c2 -> b1 cross; c2 sits below the line of
    # visibility (under the last frontstage lane), which f1 -> c2 and f1 -> b1 cross.
    assert scenario_figures(s).crossings == {"interaction": 2, "visibility": 2, "internal": 0}


# --- lead time, touch time, flow efficiency ----------------------------------------------------------------------


def test_a_chain_adds_up_waits_and_durations() -> None:
    s = scenario(
        step("a", wait=10, duration=5),
        step("b", "frontstage", duration=20),
        step("c", wait=30, duration=60),
        flows=chain("a", "b", "c"),
    )
    figures = scenario_figures(s)
    assert figures.lead_time_min == 125
    assert figures.touch_time_min == 85
    assert figures.flow_efficiency == 0.68
    assert figures.critical_path == ("a", "b", "c")
    data = figures_to_json(figures)
    assert list(data) == JSON_KEYS
    assert type(data["lead_time_min"]) is int
    assert json.dumps(data["lead_time_min"]) == "125"
    assert json.dumps(data["flow_efficiency"]) == "0.68"


def test_a_single_step_is_a_path() -> None:
    figures = scenario_figures(scenario(step("a", wait=3, duration=1)))
    assert (figures.lead_time_min, figures.touch_time_min, figures.flow_efficiency) == (4, 1, 0.25)
    assert figures.critical_path == ("a",)


def test_parallel_branches_take_the_longer_one() -> None:
    s = scenario(
        step("start", duration=1),
        step("quick", duration=2),
        step("slow", wait=10, duration=3),
        step("end", duration=1),
        flows=(("start", "quick"), ("start", "slow"), ("quick", "end"), ("slow", "end")),
    )
    figures = scenario_figures(s)
    assert figures.lead_time_min == 15
    assert figures.touch_time_min == 5
    assert figures.critical_path == ("start", "slow", "end")


def test_a_lone_step_can_outweigh_a_chain() -> None:
    s = scenario(step("a", duration=5), step("b", duration=5), step("z", wait=20), flows=chain("a", "b"))
    figures = scenario_figures(s)
    assert (figures.lead_time_min, figures.touch_time_min, figures.flow_efficiency) == (20, 0, 0)
    assert figures.critical_path == ("z",)
    assert type(figures_to_json(figures)["flow_efficiency"]) is int


def test_equal_lead_time_prefers_more_touch_time() -> None:
    s = scenario(
        step("a", duration=1),
        step("waits", wait=8, duration=2),  # 10 minutes, 2 of them worked
        step("works", wait=2, duration=8),  # 10 minutes, 8 of them worked
        flows=(("a", "waits"), ("a", "works")),
    )
    figures = scenario_figures(s)
    assert (figures.lead_time_min, figures.touch_time_min) == (11, 9)
    assert figures.critical_path == ("a", "works")
    assert figures.flow_efficiency == round(9 / 11, 3) == 0.818


def test_a_full_tie_takes_the_smallest_ids_whatever_the_order() -> None:
    steps = [step("a", duration=1), step("m", duration=4), step("k", duration=4), step("z", duration=1)]
    flows = (("a", "m"), ("a", "k"), ("m", "z"), ("k", "z"))
    for order in permutations(steps):
        figures = scenario_figures(scenario(*order, flows=flows))
        assert figures.critical_path == ("a", "k", "z")
        assert figures.lead_time_min == figures.touch_time_min == 6


def test_sums_are_exact_and_fractions_stay_floats() -> None:
    s = scenario(step("a", duration=0.1), step("b", duration=0.2), step("c", wait=0.3), flows=(("a", "b"),))
    figures = scenario_figures(s)
    # 0.1 + 0.2 ties with 0.3 exactly, so the tie is broken by touch time, not by float rounding.
    assert figures.lead_time_min == 0.3
    assert figures.critical_path == ("a", "b")
    data = figures_to_json(figures)
    assert json.dumps([data["lead_time_min"], data["touch_time_min"], data["flow_efficiency"]]) == "[0.3, 0.3, 1]"


def test_lead_time_zero_gives_no_lead_time() -> None:
    s = scenario(step("e1", "evidence"), step("c1"), flows=(("e1", "c1"),))
    figures = scenario_figures(s)
    assert (figures.lead_time_min, figures.touch_time_min, figures.flow_efficiency) == (None, None, None)
    assert figures.critical_path == ()


def test_a_cycle_gives_no_lead_time() -> None:
    s = scenario(
        step("a", duration=5),
        step("b", duration=5),
        step("c", duration=5),
        step("d", duration=100),
        flows=(*chain("a", "b", "c"), ("c", "a")),
    )
    figures = scenario_figures(s)
    assert (figures.lead_time_min, figures.touch_time_min, figures.flow_efficiency) == (None, None, None)
    assert figures.critical_path == ()
    data = figures_to_json(figures)
    assert json.dumps(data["lead_time_min"]) == "null"


def test_a_flow_from_a_step_to_itself_is_a_cycle() -> None:
    figures = scenario_figures(scenario(step("a", duration=5), flows=(("a", "a"),)))
    assert figures.lead_time_min is None


def test_dangling_flows_do_not_take_part_in_paths() -> None:
    s = scenario(step("a", duration=5), step("b", duration=5), flows=(("a", "b"), ("b", "gone"), ("gone", "a")))
    figures = scenario_figures(s)
    assert figures.lead_time_min == 10
    assert figures.critical_path == ("a", "b")


# --- per phase ---------------------------------------------------------------------------------------------------


def test_phase_figures() -> None:
    s = scenario(
        step("a", x=P1, wait=5, duration=10, value_class="value-adding", fail_point=True),
        step("b", "backstage", x=P1, duration=2.5, value_class="waste"),
        step("c", x=P2, wait=1, duration=4, value_class="value-adding"),
        step("d", "frontstage", x=P2, duration=6),
    )
    figures = phase_figures(s)
    assert [f.phase_id for f in figures] == ["p1", "p2", "p3", "p4"]
    p1, p2, p3, _ = figures
    assert (p1.phase_name, p1.steps, p1.fail_points, p1.wait_points) == ("Phase 1", 2, 1, 1)
    assert (p1.wait_min, p1.duration_min, p1.value_adding_min) == (5, 12.5, 10)
    assert (p2.steps, p2.fail_points, p2.wait_points, p2.wait_min, p2.duration_min, p2.value_adding_min) == (
        2,
        0,
        1,
        1,
        10,
        4,
    )
    assert (p3.steps, p3.wait_min, p3.duration_min, p3.value_adding_min) == (0, 0, 0, 0)


# --- findings: errors --------------------------------------------------------------------------------------------


def test_a_dangling_flow_is_an_error_naming_the_missing_step() -> None:
    s = scenario(step("c1", label="Pay the bill"), step("c2"), flows=(("c1", "gone"), ("c1", "c2")))
    findings = scenario_findings(s)
    [error] = [f for f in findings if f.severity is Severity.ERROR]
    assert "flow 'l1'" in error.message
    assert "missing step 'gone' as its target" in error.message
    assert "'c1' (\"Pay the bill\")" in error.message
    assert error.message.startswith("scenario 'Main': ")
    assert error.step_ids == ("c1",)
    assert error.scenario_id == "main"
    assert error.line().startswith("error: scenario 'Main': ")


def test_a_flow_between_two_missing_steps() -> None:
    [error] = scenario_findings(scenario(flows=(("x", "y"),)))
    assert "'x' as its source and a missing step 'y' as its target" in error.message
    assert error.step_ids == ()


@pytest.mark.parametrize(
    ("kind", "edit", "expected"),
    [
        ("step", lambda s: s.steps.append(step("c1", duration=1)), "the id 'c1' is used by 2 steps"),
        ("flow", lambda s: s.flows.append(Flow(id="l1", source="c1", target="c2")), "the id 'l1' is used by 2 flows"),
        (
            "both",
            lambda s: s.flows.append(Flow(id="c2", source="c1", target="c2")),
            "'c2' is used by a step and a flow",
        ),
        ("lane", lambda s: s.lanes.append(Lane(id="support", kind="support", title="S")), "lane id 'support' is used"),
        ("phase", lambda s: s.phases.append(Phase(id="p1", name="Again")), "the phase id 'p1' is used by 2 phases"),
    ],
)
def test_a_duplicate_id_is_an_error(kind: str, edit: Callable[[Scenario], None], expected: str) -> None:
    s = scenario(step("c1"), step("c2"), flows=(("c1", "c2"),))
    edit(s)
    errors = [f for f in scenario_findings(s) if f.severity is Severity.ERROR]
    assert [expected in f.message for f in errors] == [True], errors
    if kind in {"step", "both"}:
        assert errors[0].step_ids == (s.steps[0].id if kind == "step" else "c2",)


def test_a_duplicate_scenario_id_is_an_error() -> None:
    document = Document(scenarios=[blank_scenario(name="One"), blank_scenario(name="Two")])
    [error] = document_findings(document)
    assert error.severity is Severity.ERROR
    assert "scenario id 'main' is used by 2 scenarios ('One', 'Two')" in error.message


def test_a_step_in_a_missing_lane_is_an_error() -> None:
    s = scenario(step("c1"), step("x1", "gone", label="Lost"), flows=(("c1", "x1"),))
    [error] = [f for f in scenario_findings(s) if f.severity is Severity.ERROR]
    assert "step 'x1' (\"Lost\") is in a missing lane 'gone'" in error.message
    assert error.step_ids == ("x1",)


def test_errors_come_first() -> None:
    s = scenario(step("c1"), step("c2"), flows=(("c2", "gone"),))
    severities = [f.severity for f in scenario_findings(s)]
    assert severities == sorted(severities, key=list(Severity).index)
    assert severities[0] is Severity.ERROR
    assert Severity.WARNING in severities


# --- findings: warnings ------------------------------------------------------------------------------------------


def test_a_clean_scenario_has_no_findings() -> None:
    s = scenario(
        step("e1", "evidence", x=P1),
        step("c1", x=P1),
        step("f1", "frontstage", x=P1, fail_point=True, owner="Front desk"),
        step("b1", "backstage", x=P1),
        step("s1", "support", x=P1),
        flows=(("e1", "c1"), ("c1", "f1"), ("s1", "b1"), ("b1", "f1")),
    )
    assert scenario_findings(s) == []


def test_a_customer_action_alone_in_its_phase() -> None:
    s = scenario(
        step("c1", x=P1, label="Ask"),
        step("c2", x=P2),
        step("f2", "frontstage", x=P2),
        step("c3", x=P1 + 1200),
        step("e3", "evidence", x=P1 + 1200),
        flows=(("c1", "c2"), ("c2", "f2"), ("f2", "c3"), ("e3", "c3")),
    )
    [warning] = of(scenario_findings(s), Severity.WARNING, "customer action")
    assert warning.message == (
        "scenario 'Main': customer action 'c1' (\"Ask\") has no frontstage or evidence step in its phase 'Phase 1'"
    )
    assert warning.step_ids == ("c1",)


def test_a_step_without_flows_is_isolated_evidence_too() -> None:
    s = scenario(step("e1", "evidence"), step("c1"), step("c2"), step("f1", "frontstage"), flows=(("c1", "f1"),))
    isolated = of(scenario_findings(s), Severity.WARNING, "has no flows")
    assert [f.step_ids for f in isolated] == [("e1",), ("c2",)]


def test_a_step_with_only_a_dangling_flow_is_not_isolated() -> None:
    s = scenario(step("e1", "evidence"), step("c1"), flows=(("c1", "gone"), ("e1", "c1")))
    assert of(scenario_findings(s), Severity.WARNING, "has no flows") == []


def test_each_rework_loop_is_reported_once_in_flow_order() -> None:
    s = scenario(
        step("e1", "evidence"),
        step("c1"),
        step("f1", "frontstage", label="Check"),
        step("f2", "frontstage", label="Fix"),
        step("b1", "backstage"),
        flows=(("e1", "c1"), ("c1", "f1"), ("f2", "f1"), ("f1", "f2"), ("f1", "b1"), ("b1", "c1"), ("f1", "f1")),
    )
    loops = of(scenario_findings(s), Severity.WARNING, "loop")
    assert [f.step_ids for f in loops] == [("f1",), ("f1", "f2"), ("c1", "f1", "b1")]
    assert loops[1].message == (
        "scenario 'Main': the flows go round in a loop (rework): 'f1' (\"Check\") -> 'f2' (\"Fix\") -> back to 'f1'"
    )


def test_many_loops_are_capped() -> None:
    ids = [f"c{i}" for i in range(5)]
    s = scenario(*(step(i) for i in ids), flows=tuple(permutations(ids, 2)))
    findings = scenario_findings(s)
    assert len(of(findings, Severity.WARNING, "loop")) == MAX_CYCLES
    [info] = [f for f in findings if f.severity is Severity.INFO]
    assert f"more than {MAX_CYCLES} loops" in info.message
    assert findings[-1] == info


def test_a_fail_point_needs_an_owner() -> None:
    s = scenario(
        step("c1", fail_point=True),
        step("c2", fail_point=True, owner="  "),
        step("c3", fail_point=True, owner="Desk"),
        step("c4"),
        flows=chain("c1", "c2", "c3", "c4"),
    )
    unowned = of(scenario_findings(s), Severity.WARNING, "has no owner")
    assert [f.step_ids for f in unowned] == [("c1",), ("c2",)]
    assert unowned[0].message == "scenario 'Main': fail point 'c1' has no owner"


def test_backstage_work_must_lead_to_something_the_customer_sees() -> None:
    s = scenario(
        step("c1"),
        step("f1", "frontstage"),
        step("b1", "backstage"),  # -> f1: fine
        step("s1", "support"),  # -> b1 -> f1: fine
        step("b2", "backstage"),  # -> s2 -> nothing
        step("s2", "support"),
        step("s3", "support"),  # -> b3 -> s3: a loop that never comes out
        step("b3", "backstage"),
        flows=(("c1", "f1"), ("b1", "f1"), ("s1", "b1"), ("b2", "s2"), ("f1", "b2"), ("s3", "b3"), ("b3", "s3")),
    )
    hidden = of(scenario_findings(s), Severity.WARNING, "leads to nothing the customer sees")
    assert [f.step_ids for f in hidden] == [("b2",), ("s2",), ("s3",), ("b3",)]
    assert hidden[0].message.startswith("scenario 'Main': backstage step 'b2' leads to nothing the customer sees")
    assert hidden[1].message.startswith("scenario 'Main': support step 's2' ")


def test_every_scenario_is_checked() -> None:
    one = scenario(step("c1"), base=blank_scenario("one", "First"))
    two = scenario(step("c1"), flows=(("c1", "x"),), base=blank_scenario("two", "Second"))
    findings = document_findings(Document(scenarios=[one, two]))
    assert {f.scenario_id for f in findings} == {"one", "two"}
    assert any(f.message.startswith("scenario 'Second': flow 'l1'") for f in findings)


# --- the bundled example -----------------------------------------------------------------------------------------


def test_example_figures(example_document: Document) -> None:
    s = example_document.scenarios[0]
    figures = scenario_figures(s)
    data = figures_to_json(figures)
    assert list(data) == JSON_KEYS
    assert data["scenario"] == "First visit"
    assert data["steps"] == 70
    assert data["steps_by_lane"] == {"evidence": 12, "customer": 17, "frontstage": 13, "backstage": 13, "support": 15}
    assert data["flows"] == 73
    # Counted separately: a flow crosses a line when one end is above it and the other below.
    rank = {kind: index for index, kind in enumerate(KINDS)}
    kind = {step.id: rank[s.lane(step.lane).kind.value] for step in s.steps}  # type: ignore[union-attr]
    ends = [(kind[f.source], kind[f.target]) for f in s.flows]
    for key, last_above in (("interaction", 1), ("visibility", 2), ("internal", 3)):
        expected = sum(1 for a, b in ends if (a <= last_above) != (b <= last_above))
        assert data["crossings"][key] == expected  # type: ignore[index]
    assert data["fail_points"] == 4  # c5, b3, b4, b9
    assert data["wait_points"] == 4  # c5, c7, c10, c12
    # The customer's own steps c1..c17 take 611 minutes and wait 27; the longest detours add 42 minutes of work:
    # booking through the back office (c2 f1 b1 s2 s3 b2 f2 -> c3, +10), check-in with the card hold (c5 f4 b4 f5
    # -> c6, +8), the final bill (c12 f9 b9 f10 -> c13, +8) and the reply to a review (c16 s14 b12 f13 -> c17, +16).
    assert (data["lead_time_min"], data["touch_time_min"]) == (611 + 27 + 42, 611 + 42)
    assert data["flow_efficiency"] == round(653 / 680, 3) == 0.96
    assert figures.critical_path == (
        *("c1", "c2", "f1", "b1", "s2", "s3", "b2", "f2", "c3", "c4", "c5", "f4", "b4", "f5", "c6", "c7", "c8"),
        *("c9", "c10", "c11", "c12", "f9", "b9", "f10", "c13", "c14", "c15", "c16", "s14", "b12", "f13", "c17"),
    )


def test_example_with_the_card_hold_going_back_and_forth(example_document: Document) -> None:
    s = example_document.scenarios[0]
    s.flows.append(Flow(id="back", source="s5", target="b4"))
    figures = scenario_figures(s)
    assert (figures.lead_time_min, figures.touch_time_min, figures.flow_efficiency) == (None, None, None)
    [loop] = of(scenario_findings(s), Severity.WARNING, "loop")
    assert loop.step_ids == ("b4", "s5")


def test_example_findings(example_document: Document) -> None:
    findings = document_findings(example_document)
    assert [f for f in findings if f.severity is not Severity.WARNING] == []
    hidden = {f.step_ids[0] for f in of(findings, Severity.WARNING, "leads to nothing the customer sees")}
    # Work that ends in the back office: the night audit, the card hold, payment capture, departure cleaning, ...
    assert hidden == {"s4", "s5", "b6", "s7", "b10", "s11", "b11", "s12", "b13", "s15"}
    assert len(findings) == len(hidden)


def test_example_phase_figures(example_document: Document) -> None:
    s = example_document.scenarios[0]
    figures = phase_figures(s)
    assert [f.phase_id for f in figures] == [p.id for p in s.phases]
    assert sum(f.steps for f in figures) == len(s.steps)
    stay = next(f for f in figures if f.phase_id == "stay")
    # The night's sleep is most of the stay, and breakfast waits 4 minutes.
    assert stay.wait_min == 4
    expected = sum(
        step.duration_min
        for step in s.steps
        if 1520 <= step.x + 80 < 2320 and step.value_class == ValueClass.VALUE_ADDING
    )
    assert stay.value_adding_min == expected
