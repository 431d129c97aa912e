"""The only way the document changes in the app: undoable commands on a QUndoStack."""

from blueprint_editor.editing.controller import DocumentController

__all__ = ["DocumentController"]
