"""``blueprint-editor export IN.json -o OUT.png|OUT.svg [--scale N] [--scenario NAME]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from blueprint_editor.cli import PROG, CliError, fail, pick_scenario


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description="Export a blueprint to PNG or SVG without opening a window.",
    )
    parser.add_argument("input", type=Path, help="blueprint file (.json)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="image to write: OUT.png or OUT.svg")
    parser.add_argument("--scale", type=float, default=1.0, help="PNG scale, 1 to 4 (default 1)")
    parser.add_argument("--scenario", help="id or name of the scenario to export (default: the first)")
    options = parser.parse_args(argv)

    from blueprint_editor.io import BlueprintFileError, load_document

    try:
        document = load_document(options.input)
    except BlueprintFileError as error:
        return fail(error.full_message())

    try:
        scenario_id = pick_scenario(document, options.scenario, options.input.name).id
    except CliError as error:
        return fail(str(error))

    from blueprint_editor.render import ExportError, export_scenario
    from blueprint_editor.render.export import format_for

    try:
        format_for(options.output)
        export_scenario(document, options.output, scenario_id=scenario_id, scale=options.scale)
    except ExportError as error:
        return fail(str(error))
    return 0
