"""Editing a flow's label in place: Enter keeps it, Esc cancels, clicking elsewhere keeps it.

A flow's label is one short line of plain text, so Enter always ends the edit and pasted line breaks become
spaces. An empty label takes the label away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsTextItem

from blueprint_editor.canvas import style
from blueprint_editor.canvas.flow_item import LABEL_MAX_WIDTH, FlowItem, label_font
from blueprint_editor.canvas.inline_editor import InlineTextEditor
from blueprint_editor.model.document import MAX_LABEL_LENGTH

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene

MIN_WIDTH = 120.0


def one_line(text: str) -> str:
    """A label as the model keeps it: one line, without surrounding spaces, no longer than a file allows."""
    return " ".join(text.split())[:MAX_LABEL_LENGTH]


class FlowLabelEditor(InlineTextEditor):
    """A plain-text editor over a flow's label; calls ``on_done(text)`` or ``on_done(None)`` once, then goes."""

    def __init__(self, flow: FlowItem, on_done: Callable[[str | None], None]) -> None:
        width = max(MIN_WIDTH, min(LABEL_MAX_WIDTH, flow.label_rect().width()))
        super().__init__(None, flow.label, on_done, font=label_font(), width=width, fill=style.CANVAS_BACKGROUND)
        self._flow = flow
        centre = flow.label_anchor()
        box = QGraphicsTextItem.boundingRect(self)  # the text's own box, without the editor's frame
        self.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)
        flow.set_editing(True)

    def _ended(self) -> None:
        try:
            self._flow.set_editing(False)
            if self._flow.label_editor is self:
                self._flow.label_editor = None
        except RuntimeError:
            pass  # the arrow was deleted first (an undo removed the flow, or the scene was rebuilt)


def edit_flow_label(scene: BlueprintScene, flow_id: str) -> FlowLabelEditor | None:
    """Open the inline editor on a flow's label (or where its label would go)."""
    flow = scene.flow_item(flow_id)
    if flow is None or scene.read_only:
        return None
    if flow.label_editor is not None:
        return flow.label_editor  # type: ignore[return-value]
    scenario_id = scene.scenario_id

    def done(text: str | None) -> None:
        if text is None:
            return
        controller = scene.controller
        scenario = controller.document.scenario(scenario_id)
        if scenario is None or scenario.flow(flow_id) is None:
            return  # the flow went while its label was being edited
        controller.set_flow_fields(scenario_id, flow_id, label=one_line(text))

    editor = FlowLabelEditor(flow, done)
    flow.label_editor = editor
    scene.addItem(editor)
    editor.start()
    return editor
