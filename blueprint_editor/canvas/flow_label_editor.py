"""Editing a flow's label in place: Enter keeps it, Esc cancels, clicking elsewhere keeps it.

A flow's label is one short line of plain text, so Enter always ends the edit and pasted line breaks become
spaces. An empty label takes the label away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPen, QTextCursor, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QStyle, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.canvas.flow_item import LABEL_MAX_WIDTH, FlowItem, label_font
from blueprint_editor.model.document import MAX_LABEL_LENGTH

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene

Z_EDITOR = 100.0
MIN_WIDTH = 120.0


def one_line(text: str) -> str:
    """A label as the model keeps it: one line, without surrounding spaces, no longer than a file allows."""
    return " ".join(text.split())[:MAX_LABEL_LENGTH]


class FlowLabelEditor(QGraphicsTextItem):
    """A plain-text editor over a flow's label; calls ``on_done(text)`` or ``on_done(None)`` once, then goes."""

    def __init__(self, flow: FlowItem, on_done: Callable[[str | None], None]) -> None:
        super().__init__()
        self._flow = flow
        self._on_done = on_done
        self._finished = False
        self.setZValue(Z_EDITOR)
        self.setFont(label_font())
        self.setDefaultTextColor(style.INK)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        width = max(MIN_WIDTH, min(LABEL_MAX_WIDTH, flow.label_rect().width()))
        self.setTextWidth(width)
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        # Plain text in, plain text out: the label is never interpreted as markup.
        self.setPlainText(flow.label)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        centre = flow.label_anchor()
        box = super().boundingRect()
        self.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)
        flow.set_editing(True)

    def start(self) -> None:
        """Take the keyboard focus with the whole text selected."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def text(self) -> str:
        return self.toPlainText()

    def commit(self) -> None:
        self._finish(self.toPlainText())

    def cancel(self) -> None:
        self._finish(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Clicking elsewhere keeps what was typed, as in any editor; a popup menu does not end the edit.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(style.SELECTION, 1.5))
        painter.setBrush(style.CANVAS_BACKGROUND)
        painter.drawRoundedRect(super().boundingRect().adjusted(-2, -2, 2, 2), 4, 4)
        # Without Qt's dotted focus frame: the blue outline already says where the typing goes.
        option.state &= ~(QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt accepts no widget

    def _finish(self, text: str | None) -> None:
        if self._finished:
            return
        self._finished = True
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()
        try:
            self._flow.set_editing(False)
            if self._flow.label_editor is self:
                self._flow.label_editor = None
        except RuntimeError:
            pass  # the arrow was deleted first (an undo removed the flow, or the scene was rebuilt)
        self._on_done(text)
        # Removed after the event that ended the edit has been handled, never from inside it.
        QTimer.singleShot(0, self._dispose)

    def _dispose(self) -> None:
        try:
            scene = self.scene()
            if scene is not None:
                scene.removeItem(self)
            self.deleteLater()
        except RuntimeError:
            pass  # the scene went first and took this editor with it


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
