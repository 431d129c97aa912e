"""Cut, Copy, Paste and Duplicate of the selected steps with the flows between them.

Copy puts two things on the application's clipboard: our own MIME type (see ``io.clipboard_format``), which
another scenario or another window of the editor pastes with its flows and lanes, and the steps' text one per
line for other programs. Paste takes ours first, else plain text (one step per line). Each paste is one undo
step; the pasted cards land under the pointer when it is over the canvas, else where they were copied from
(moved on by +24, +24 while they would lie on a card), and become the selection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMimeData, QObject, QPointF, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGraphicsView

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.selection import reveal_steps, select_steps
from blueprint_editor.editing.item_commands import steps_noun
from blueprint_editor.io.clipboard_format import (
    MAX_CLIPBOARD_BYTES,
    MIME_TYPE,
    ClipboardFormatError,
    PastedItems,
    parse,
    parse_plain_text,
    plain_text,
    serialize,
)
from blueprint_editor.model.placement import clear_of_existing, placed_at


class CanvasClipboard(QObject):
    """The clipboard verbs of one canvas; ``message`` says what happened (or why not) for the status bar."""

    message = Signal(str)

    def __init__(
        self,
        view: QGraphicsView,
        scene: BlueprintScene,
        pointer: Callable[[], QPointF | None] = lambda: None,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._scene = scene
        self._pointer = pointer

    def _selection(self, verb: str) -> set[str]:
        ids = self._scene.selected_step_ids()
        if not ids:
            self.message.emit(f"Select the steps to {verb} first")
        return ids

    def copy(self) -> bool:
        """Put the selected steps, the flows between them and their text on the clipboard."""
        ids = self._selection("copy")
        if not ids:
            return False
        scenario = self._scene.scenario
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(serialize(scenario, ids).encode("utf-8")))
        mime.setText(plain_text(scenario, ids))
        QGuiApplication.clipboard().setMimeData(mime)
        self.message.emit(f"Copied {steps_noun(len(ids))}")
        return True

    def cut(self) -> None:
        """Copy the selected steps, then remove them with all their flows (one undo step)."""
        if self._scene.read_only or not self.copy():
            return
        ids = self._scene.selected_step_ids()
        self._scene.controller.cut_items(self._scene.scenario_id, ids)
        self.message.emit(f"Cut {steps_noun(len(ids))}")

    def paste(self, at: QPointF | None = None) -> list[str]:
        """Add what the clipboard holds to the scenario on show, at ``at``, under the pointer, or where it was
        copied from; returns the new steps' ids (none, with a message, when there is nothing fit to paste)."""
        if self._scene.read_only:
            return []
        try:
            items = self._read_clipboard()
        except ClipboardFormatError as error:
            self.message.emit(f"Nothing pasted: {error}.")
            return []
        return self._add(items, "Paste", at if at is not None else self._pointer())

    def duplicate(self) -> list[str]:
        """Copies of the selected steps and the flows between them beside the originals; the clipboard is left
        as it is."""
        ids = self._selection("duplicate")
        if not ids or self._scene.read_only:
            return []
        scenario = self._scene.scenario
        return self._add(parse(serialize(scenario, ids), scenario), "Duplicate", None)

    def _read_clipboard(self) -> PastedItems:
        mime = QGuiApplication.clipboard().mimeData()
        scenario = self._scene.scenario
        if mime is not None and mime.hasFormat(MIME_TYPE):
            data = mime.data(MIME_TYPE)
            if data.size() > MAX_CLIPBOARD_BYTES:
                raise ClipboardFormatError("the clipboard holds too much to paste")
            try:
                text = bytes(data.data()).decode("utf-8")
            except UnicodeDecodeError as error:
                raise ClipboardFormatError("the clipboard's blueprint data is not text") from error
            return parse(text, scenario)
        if mime is not None and mime.hasText():
            return parse_plain_text(mime.text(), scenario)
        raise ClipboardFormatError("the clipboard is empty")

    def _add(self, items: PastedItems, verb: str, at: QPointF | None) -> list[str]:
        scene = self._scene
        scenario = scene.scenario
        steps = placed_at(scenario, items.steps, at.x(), at.y()) if at is not None else items.steps
        steps = clear_of_existing(scenario, steps)
        try:
            ids = scene.controller.add_items(scene.scenario_id, steps, items.flows, f"{verb} {steps_noun(len(steps))}")
        except ValueError as error:
            self.message.emit(f"Nothing pasted: {error}.")
            return []
        select_steps(scene, ids)
        reveal_steps(self._view, scene, ids)
        self.message.emit(f"{'Pasted' if verb == 'Paste' else 'Duplicated'} {steps_noun(len(ids))}")
        return ids
