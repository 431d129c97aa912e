"""``blueprint-editor import-csv IN.csv -o OUT.json`` and ``blueprint-editor export-csv IN.json -o OUT.csv``.

The VERBS table runs a module's ``run``, so each verb has a two-line module (csv_import_verb, csv_export_verb)
that hands over to the functions here. Neither imports Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from blueprint_editor.cli import PROG, fail


def run_import(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} import-csv",
        description=(
            "Make a blueprint file from a CSV table of steps, one row per step. Columns (header row, any order): "
            "id, scenario, phase, lane, label, next, duration_min, wait_min, fail_point, notes; "
            "lane and label are required."
        ),
    )
    parser.add_argument("input", type=Path, help="table of steps (.csv, UTF-8)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="blueprint file to write (.json)")
    options = parser.parse_args(argv)

    from blueprint_editor.io import BlueprintFileError, save_document
    from blueprint_editor.io.csv_io import load_csv

    if _same_file(options.input, options.output):
        return fail(f"the output {options.output} is the input table; name another file after -o.")
    try:
        document, warnings = load_csv(options.input)
        save_document(document, options.output)
    except BlueprintFileError as error:
        return fail(error.full_message())
    _warn(warnings)
    return 0


def run_export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} export-csv",
        description=(
            "Write a blueprint's steps as a CSV table (UTF-8), one row per step, which import-csv reads back. "
            "A text that starts with =, +, -, @, a tab or a carriage return is written with an apostrophe in front, "
            "so that a spreadsheet shows it as text instead of running it as a formula."
        ),
    )
    parser.add_argument("input", type=Path, help="blueprint file (.json)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="table to write (.csv)")
    options = parser.parse_args(argv)

    from blueprint_editor.io import BlueprintFileError, load_document
    from blueprint_editor.io.csv_io import export_warnings, save_csv

    if _same_file(options.input, options.output):
        return fail(f"the output {options.output} is the input blueprint; name another file after -o.")
    try:
        document = load_document(options.input)
        save_csv(document, options.output)
    except BlueprintFileError as error:
        return fail(error.full_message())
    _warn(export_warnings(document))
    return 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()
