"""``blueprint-editor schema [-o FILE]``: the JSON Schema of the file format, for other tools to validate against.

The schema is generated from the pydantic models at run time, so it can never drift from what the editor reads.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from blueprint_editor.cli import PROG, fail


def schema_text() -> str:
    """The schema of the current format version as indented JSON, with the version in its title."""
    from blueprint_editor.model import FORMAT_VERSION, Document

    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Blueprint Editor file, format version {FORMAT_VERSION}"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} schema",
        description="Print the JSON Schema of blueprint files (the version this program writes).",
    )
    parser.add_argument("-o", "--output", type=Path, help="write the schema to this file instead of stdout")
    options = parser.parse_args(argv)
    text = schema_text()
    if options.output is None:
        print(text, end="")
        return 0
    from blueprint_editor.io.atomic import write_atomically
    from blueprint_editor.io.errors import BlueprintFileError

    try:
        write_atomically(options.output, text.encode("utf-8"))
    except BlueprintFileError as error:
        return fail(str(error))
    return 0
