"""``blueprint-editor export-csv IN.json -o OUT.csv``: see csv_verbs."""

from blueprint_editor.cli.csv_verbs import run_export as run

__all__ = ["run"]
