"""Editing text in place on the canvas (a card's label, a flow's label, a lane title, a phase name).

Enter keeps the text (Shift+Enter breaks the line where the text may hold several), Esc cancels, clicking
elsewhere keeps it, as in any editor; a popup menu does not end the edit. The text is always plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPen, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import style

Z_EDITOR = 100.0


class InlineTextEditor(QGraphicsTextItem):
    """A plain-text editor laid over the drawing; calls ``on_done(text)`` or ``on_done(None)`` once, then goes.

    Subclasses place it (``setPos``) and say what ending an edit means for the item edited (``_ended``).
    """

    multiline = False  # whether Shift+Enter breaks the line (else Enter always keeps the text)

    def __init__(
        self,
        parent: QGraphicsItem | None,
        text: str,
        on_done: Callable[[str | None], None],
        *,
        font: QFont,
        width: float,
        centred: bool = True,
        fill: QColor | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._finished = False
        # Theme colours are changed in place, so holding the palette's colour keeps up with the theme.
        self._fill = fill if fill is not None else style.CARD_FILL
        self.setZValue(Z_EDITOR)
        self.setFont(font)
        self.setDefaultTextColor(style.INK)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setTextWidth(width)
        option = self.document().defaultTextOption()
        if centred:
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        # Plain text in, plain text out: the text is never interpreted as markup.
        self.setPlainText(text)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)

    def start(self) -> None:
        """Take the keyboard focus with the whole text selected."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def text(self) -> str:
        return self.toPlainText()

    def is_finished(self) -> bool:
        return self._finished

    def commit(self) -> None:
        self._finish(self.toPlainText())

    def cancel(self) -> None:
        self._finish(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        new_line = self.multiline and bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not new_line:
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
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(style.SELECTION, 1.5))
        painter.setBrush(self._fill)
        painter.drawRoundedRect(super().boundingRect().adjusted(-2, -2, 2, 2), 4, 4)
        # Without Qt's dotted focus frame: the blue outline already says where the typing goes.
        option.state &= ~(QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected)
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt accepts no widget

    def _ended(self) -> None:
        """The edit is over (the editor is hidden): let the edited item show itself again."""

    def _detach(self, scene: QGraphicsScene) -> None:
        scene.removeItem(self)

    def _finish(self, text: str | None) -> None:
        if self._finished:
            return
        self._finished = True
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()
        self._ended()
        self._on_done(text)
        # Removed after the event that ended the edit has been handled, never from inside it.
        QTimer.singleShot(0, self._dispose)

    def _dispose(self) -> None:
        try:
            scene = self.scene()
            if scene is not None:
                self._detach(scene)
            self.deleteLater()
        except RuntimeError:
            pass  # the edited item or the scene was deleted first (an undo removed it, the window closed)
