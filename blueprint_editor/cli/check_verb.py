"""``blueprint-editor check IN.json``: report broken references and blueprint smells, one finding per line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blueprint_editor.cli import PROG, fail


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} check",
        description=(
            "Check every scenario of a blueprint and print what is found, one line each "
            "(error: / warning: / info:). Exits with 1 when anything is an error."
        ),
    )
    parser.add_argument("input", type=Path, help="blueprint file (.json)")
    options = parser.parse_args(argv)

    from blueprint_editor.io import BlueprintFileError, load_document

    try:
        # Duplicate ids and flows to missing steps are what check reports, so the loader must let them through.
        document = load_document(options.input, check_references=False)
    except BlueprintFileError as error:
        return fail(error.full_message())

    from blueprint_editor.analysis.findings import Severity, document_findings

    findings = document_findings(document)
    _tolerant_stdout()
    for finding in findings:
        print(finding.line())
    return 1 if any(finding.severity is Severity.ERROR for finding in findings) else 0


def _tolerant_stdout() -> None:
    """Labels may hold characters a Windows console's code page lacks: print those escaped, never crash."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
