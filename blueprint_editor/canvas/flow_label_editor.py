"""The editor of a flow's label on the canvas: Enter keeps the text, Esc cancels, clicking elsewhere keeps it.

A flow's label is one short line of plain text, so Enter always ends the edit and pasted line breaks become
spaces. An empty label takes the label away.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtWidgets import QGraphicsTextItem

from blueprint_editor.canvas import style
from blueprint_editor.canvas.flow_item import LABEL_MAX_WIDTH, FlowItem, label_font
from blueprint_editor.canvas.inline_editor import InlineTextEditor
from blueprint_editor.model.document import MAX_LABEL_LENGTH

MIN_WIDTH = 120.0


def one_line(text: str) -> str:
    """A label as the model keeps it: one line, without surrounding spaces, no longer than a file allows."""
    return " ".join(text.split())[:MAX_LABEL_LENGTH]


class FlowLabelEditor(InlineTextEditor):
    """A plain-text editor over a flow's label; calls ``on_done(text)`` or ``on_done(None)`` once, then goes."""

    def __init__(self, flow: FlowItem, on_done: Callable[[str | None], None]) -> None:
        width = max(MIN_WIDTH, min(LABEL_MAX_WIDTH, flow.label_rect().width()))
        super().__init__(None, flow.label, on_done, font=label_font(), width=width, fill=style.CANVAS_BACKGROUND)
        self.flow = flow
        centre = flow.label_anchor()
        box = QGraphicsTextItem.boundingRect(self)  # the text's own box, without the editor's frame
        self.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)
        flow.set_editing(True)

    def _ended(self) -> None:
        # The arrow may have been deleted first (an undo removed the flow, or the scene was rebuilt).
        with contextlib.suppress(RuntimeError):
            self.flow.set_editing(False)
