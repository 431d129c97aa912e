"""``blueprint-editor import-csv IN.csv -o OUT.json``: see csv_verbs."""

from blueprint_editor.cli.csv_verbs import run_import as run

__all__ = ["run"]
