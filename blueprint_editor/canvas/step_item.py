"""A step drawn as a card: wrapped plain text, a stripe in its lane's colour, and a handle to draw flows from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import style
from blueprint_editor.canvas.text_layout import plain_tooltip, wrap_lines
from blueprint_editor.model import LaneKind
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_item import FlowItem
    from blueprint_editor.canvas.scene import BlueprintScene

Z_STEP = 10.0
TEXT_PADDING = 12.0
MAX_TEXT_LINES = 6
HANDLE_RADIUS = 7.0


class StepItem(QGraphicsItem):
    """The card of one step. It holds the step's id and drawing caches only; the model holds the rest."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id
        self.flows: set[FlowItem] = set()
        self._label = ""
        self._kind = LaneKind.CUSTOMER
        self._lines: list[str] = []
        self._height = CARD_MIN_HEIGHT
        self._editing = False
        self._drop_target = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_STEP)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.handle = ConnectionHandle(self)

    @property
    def height(self) -> float:
        return self._height

    @property
    def label(self) -> str:
        return self._label

    def show_content(self, label: str, kind: LaneKind) -> None:
        """Take the text and lane colour to draw; grows the card to fit its text."""
        if label == self._label and kind == self._kind and self._lines:
            return
        self._label = label
        self._kind = kind
        font = style.card_font()
        self._lines = wrap_lines(label, font, CARD_WIDTH - 2 * TEXT_PADDING, MAX_TEXT_LINES)
        line_height = QFontMetricsF(font).lineSpacing()
        height = max(CARD_MIN_HEIGHT, len(self._lines) * line_height + 2 * TEXT_PADDING)
        if height != self._height:
            self.prepareGeometryChange()
            self._height = height
        self.handle.setPos(CARD_WIDTH, self._height / 2)
        self.setToolTip(plain_tooltip(label))
        self.update()

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, self._height)

    def scene_card_rect(self) -> QRectF:
        return self.mapRectToScene(self.card_rect())

    def set_editing(self, on: bool) -> None:
        """Hide the text while the in-place editor covers the card."""
        self._editing = on
        self.update()

    def set_drop_target(self, on: bool) -> None:
        """Mark this card as the one a flow being drawn would end on."""
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    def boundingRect(self) -> QRectF:
        return self.card_rect().adjusted(-4, -4, 4, 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.card_rect(), 8, 8)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.card_rect()
        if self._drop_target:
            pen = QPen(style.SELECTION, 3, Qt.PenStyle.DashLine)
        elif self.isSelected():
            pen = QPen(style.SELECTION, 2.5)
        else:
            pen = QPen(style.CARD_EDGE, 1)
        painter.setPen(pen)
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(rect, 8, 8)
        stripe = QPainterPath()
        stripe.addRoundedRect(QRectF(0, 0, 12, self._height), 6, 6)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, 5, self._height))
        painter.fillPath(stripe.intersected(clip), style.LANE_ACCENT[self._kind])
        if self._editing or not self._lines:
            return
        painter.setPen(style.INK)
        font = style.card_font()
        painter.setFont(font)
        line_height = painter.fontMetrics().lineSpacing()
        top = (self._height - len(self._lines) * line_height) / 2
        for number, text in enumerate(self._lines):
            box = QRectF(TEXT_PADDING, top + number * line_height, CARD_WIDTH - 2 * TEXT_PADDING, line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine, text)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for flow in self.flows:
                flow.update_path()
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.handle.setVisible(bool(value) or self.isUnderMouse())
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.handle.setVisible(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.handle.setVisible(self.isSelected())
        super().hoverLeaveEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._blueprint_scene()
        if scene is not None and event.button() == Qt.MouseButton.LeftButton:
            scene.edit_step_label(self.step_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _blueprint_scene(self) -> BlueprintScene | None:
        return self.scene()  # type: ignore[return-value]


class ConnectionHandle(QGraphicsEllipseItem):
    """The dot on a card's right edge: drag from it to another card to add a flow."""

    def __init__(self, card: StepItem) -> None:
        r = HANDLE_RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r, card)
        self.card = card
        self.setBrush(QBrush(style.SELECTION))
        self.setPen(QPen(style.CARD_FILL, 2))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Drag to another step to connect")
        self.setVisible(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.begin_connection(self.card.step_id, self.scenePos())  # type: ignore[attr-defined]
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.update_connection(event.scenePos())  # type: ignore[attr-defined]

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.finish_connection(event.scenePos())  # type: ignore[attr-defined]


def card_anchor(rect: QRectF, side: str) -> QPointF:
    """The middle of one side of a card: 'left', 'right', 'top' or 'bottom'."""
    return {
        "left": QPointF(rect.left(), rect.center().y()),
        "right": QPointF(rect.right(), rect.center().y()),
        "top": QPointF(rect.center().x(), rect.top()),
        "bottom": QPointF(rect.center().x(), rect.bottom()),
    }[side]
