"""Reading and writing blueprint files. Never imports Qt."""

from blueprint_editor.io.errors import BlueprintFileError
from blueprint_editor.io.json_io import dumps_document, load_document, loads_document, save_document

__all__ = ["BlueprintFileError", "dumps_document", "load_document", "loads_document", "save_document"]
