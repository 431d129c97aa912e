"""Editing a card's text in place: Enter commits, Shift+Enter breaks the line, Esc cancels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPen, QTextCursor, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QStyle, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import TEXT_PADDING, StepItem
from blueprint_editor.model.geometry import CARD_WIDTH

Z_EDITOR = 100.0


class StepLabelEditor(QGraphicsTextItem):
    """A plain-text editor laid over a card; calls ``on_done(text)`` or ``on_done(None)`` once, then goes away."""

    def __init__(self, card: StepItem, on_done: Callable[[str | None], None]) -> None:
        super().__init__(card)
        self._card = card
        self._on_done = on_done
        self._finished = False
        self.setZValue(Z_EDITOR)
        self.setFont(style.card_font())
        self.setDefaultTextColor(style.INK)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setTextWidth(CARD_WIDTH - 2 * TEXT_PADDING + 8)
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        # Plain text in, plain text out: the label is never interpreted as markup.
        self.setPlainText(card.label)
        self.setPos(TEXT_PADDING - 4, 6)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        card.set_editing(True)

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
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
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
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(super().boundingRect().adjusted(-2, -2, 2, 2), 4, 4)
        # Without Qt's dotted focus frame: the blue outline already says where the typing goes.
        option.state &= ~(QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected)
        super().paint(painter, option, widget)

    def _finish(self, text: str | None) -> None:
        if self._finished:
            return
        self._finished = True
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()
        self._card.set_editing(False)
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
            pass  # the card, and this editor with it, was deleted first (an undo removed the step)
