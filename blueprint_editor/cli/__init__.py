"""The command line: ``blueprint-editor [FILE]`` opens the editor; the verbs below need no window.

Each verb lives in a module of its own and imports what it needs when it runs, so that the non-GUI verbs start
fast, import no Qt, and run without a display.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from blueprint_editor import __version__
from blueprint_editor.model import Document, Scenario

PROG = "blueprint-editor"

# verb -> (module under blueprint_editor.cli, one-line help)
VERBS: dict[str, tuple[str, str]] = {
    "export": ("export_verb", "export a blueprint to PNG or SVG"),
    "stats": ("stats_verb", "print the figures of a scenario (steps, crossings, lead time)"),
    "check": ("check_verb", "check a blueprint for broken references and weak spots"),
    "import-csv": ("csv_import_verb", "make a blueprint from a CSV table of steps"),
    "export-csv": ("csv_export_verb", "write a blueprint's steps as a CSV table"),
    "schema": ("schema_verb", "print the JSON Schema of blueprint files"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``blueprint-editor`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in VERBS:
        module = importlib.import_module(f"blueprint_editor.cli.{VERBS[args[0]][0]}")
        return int(module.run(args[1:]))
    return _open_editor(args)


def fail(message: str) -> int:
    """Print a message for the user on stderr (no traceback) and return the exit status 1."""
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def pick_scenario(document: Document, wanted: str | None, source: str) -> Scenario:
    """The scenario named (by id or name) on the command line, the first by default; CliError when missing."""
    if not wanted:
        return document.scenarios[0]
    match = next((s for s in document.scenarios if wanted in (s.id, s.name)), None)
    if match is None:
        names = ", ".join(s.name for s in document.scenarios)
        raise CliError(f"{source} has no scenario '{wanted}' (it has: {names}).")
    return match


class CliError(Exception):
    """A problem to report in one message, with exit status 1."""


def _open_editor(argv: list[str]) -> int:
    if len(argv) <= 1 and not any(arg.startswith("-") for arg in argv):
        # The usual start, with no file or one: argparse (and the translations it looks up) would add several ms
        # to it; it is still what reads anything else (--help, --version, mistakes).
        return _run_editor(Path(argv[0]) if argv else None)
    import argparse

    verbs = "\n".join(f"  {PROG} {verb} ...   {text}" for verb, (_, text) in VERBS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Blueprint Editor: an offline editor for service blueprints.",
        epilog=f"Commands that need no window (see {PROG} COMMAND --help):\n{verbs}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="blueprint file to open")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    options = parser.parse_args(argv)
    return _run_editor(options.file)


def _run_editor(path: Path | None) -> int:
    from blueprint_editor.ui.app import run

    return run(path)
