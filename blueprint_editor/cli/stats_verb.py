"""``blueprint-editor stats IN.json [--scenario NAME] [--json]``: the lean figures of one scenario."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from blueprint_editor.cli import PROG, CliError, fail, pick_scenario

if TYPE_CHECKING:
    from blueprint_editor.analysis.metrics import ScenarioFigures


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} stats",
        description="Print the figures of a scenario: steps, flows, line crossings, waits, lead and touch time.",
    )
    parser.add_argument("input", type=Path, help="blueprint file (.json)")
    parser.add_argument("--scenario", help="id or name of the scenario (default: the first)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    options = parser.parse_args(argv)

    from blueprint_editor.io import BlueprintFileError, load_document

    try:
        # Broken references are let through: dangling flows are counted but ignored for crossings and paths.
        document = load_document(options.input, check_references=False)
    except BlueprintFileError as error:
        return fail(error.full_message())
    try:
        scenario = pick_scenario(document, options.scenario, options.input.name)
    except CliError as error:
        return fail(str(error))

    from blueprint_editor.analysis.graph import has_cycle, scenario_graph
    from blueprint_editor.analysis.metrics import figures_to_json, scenario_figures

    figures = scenario_figures(scenario)
    _tolerant_stdout()
    if options.json:
        print(json.dumps(figures_to_json(figures)))
        return 0
    why = "the flows contain a cycle" if has_cycle(scenario_graph(scenario)) else "the lead time is 0"
    for line in text_lines(figures, why):
        print(line)
    return 0


def text_lines(figures: ScenarioFigures, why_no_lead_time: str) -> list[str]:
    """The figures as aligned lines of text: a title, then the value."""
    from blueprint_editor.analysis.metrics import json_number
    from blueprint_editor.model.lines import BLUEPRINT_LINES

    titles = {line.key: line.title for line in BLUEPRINT_LINES}
    rows: list[tuple[str, object]] = [("Scenario", figures.scenario), ("Steps", figures.steps)]
    rows += [(f"  {kind}", count) for kind, count in figures.steps_by_lane.items()]
    rows.append(("Flows", figures.flows))
    rows += [(f"  crossing the {titles.get(key, key).lower()}", n) for key, n in figures.crossings.items()]
    rows += [("Fail points", figures.fail_points), ("Wait points", figures.wait_points)]
    if figures.lead_time_min is None:
        rows += [("Lead time", f"none ({why_no_lead_time})"), ("Touch time", "none"), ("Flow efficiency", "none")]
    else:
        rows += [
            ("Lead time", f"{json_number(figures.lead_time_min)} min"),
            ("Touch time", f"{json_number(figures.touch_time_min)} min"),
            ("Flow efficiency", json_number(figures.flow_efficiency)),
        ]
    width = max(len(title) for title, _ in rows) + 2
    return [f"{title:<{width}}{value}" for title, value in rows]


def _tolerant_stdout() -> None:
    """Labels may hold characters a Windows console's code page lacks: print those escaped, never crash."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
