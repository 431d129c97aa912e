"""A phase edit on a large blueprint works out where every step goes with the phases laid out once, not once per
step: the work grows with the number of steps, not with steps times phases."""

from __future__ import annotations

import pytest
from perf.blueprints import make_document

from blueprint_editor.model import geometry, structure
from blueprint_editor.model.geometry import CARD_WIDTH, column_at


def test_a_phase_resize_lays_the_phases_out_a_few_times_whatever_the_number_of_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = make_document(1_000).scenarios[0]
    phase = scenario.phases[len(scenario.phases) // 2]
    laid_out: list[None] = []
    real = geometry.phase_columns
    for module in (structure, geometry):  # the name, where either module's functions look it up
        monkeypatch.setattr(module, "phase_columns", lambda s: (laid_out.append(None), real(s))[1])
    after = structure.with_phase_width(scenario, phase.id, phase.width + 40)
    assert len(laid_out) <= 3, "the phases were laid out once per step"
    assert any(a.x != b.x for a, b in zip(after.steps, scenario.steps, strict=True)), "later steps moved right"


def test_each_step_keeps_the_column_under_the_middle_of_its_card() -> None:
    scenario = make_document(300).scenarios[0]
    scenario.steps[0].x = -500  # before every column: the first one
    scenario.steps[1].x = 10**6  # beyond every column: the last one
    scenario.steps[2].x = scenario.phases[0].width - CARD_WIDTH / 2  # its middle on an edge: the column after it
    homes = structure._home_columns(scenario)
    assert homes == {step.id: column_at(scenario, step.x + CARD_WIDTH / 2) for step in scenario.steps}
