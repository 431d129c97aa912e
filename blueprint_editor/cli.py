"""The command line: ``blueprint-editor [FILE]`` opens the editor; ``blueprint-editor export ...`` needs no window.

Qt is imported only by the verbs that need it, so that the non-GUI verbs start fast and run without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from blueprint_editor import __version__

PROG = "blueprint-editor"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``blueprint-editor`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "export":
        return _export(args[1:])
    return _open_editor(args)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def _export(argv: list[str]) -> int:
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
        return _fail(error.full_message())

    scenario_id = None
    if options.scenario:
        match = next((s for s in document.scenarios if options.scenario in (s.id, s.name)), None)
        if match is None:
            names = ", ".join(s.name for s in document.scenarios)
            return _fail(f"{options.input.name} has no scenario '{options.scenario}' (it has: {names}).")
        scenario_id = match.id

    from blueprint_editor.render import ExportError, export_scenario
    from blueprint_editor.render.export import format_for

    try:
        format_for(options.output)
        export_scenario(document, options.output, scenario_id=scenario_id, scale=options.scale)
    except ExportError as error:
        return _fail(str(error))
    return 0


def _open_editor(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Blueprint Editor: an offline editor for service blueprints.",
        epilog=f"To export without a window: {PROG} export IN.json -o OUT.png|OUT.svg [--scale N]",
    )
    parser.add_argument("file", nargs="?", type=Path, help="blueprint file to open")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    options = parser.parse_args(argv)

    from blueprint_editor.ui.app import run

    return run(options.file)


if __name__ == "__main__":
    sys.exit(main())
