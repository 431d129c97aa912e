"""A step drawn as a card: wrapped plain text, a stripe in its lane's colour, and a handle to draw flows from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
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
from blueprint_editor.model import LaneKind, Step
from blueprint_editor.model.document import ValueClass
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_item import FlowItem
    from blueprint_editor.canvas.scene import BlueprintScene

Z_STEP = 10.0
BADGE_RADIUS = 10.0
FOOTER_HEIGHT = 16.0
WAIT_OVERHANG = 60.0  # how far a long wait badge may reach left of the card
VALUE_TAGS = {ValueClass.VALUE_ADDING: "value", ValueClass.NECESSARY: "needed", ValueClass.WASTE: "waste"}


@dataclass(frozen=True)
class CardFace:
    """What a card shows, taken from its step: the card redraws only when this changes."""

    label: str = ""
    kind: LaneKind = LaneKind.CUSTOMER
    fail_point: bool = False
    risk_note: str = ""
    wait_min: float = 0
    duration_min: float = 0
    value_class: ValueClass | None = None

    @property
    def has_footer(self) -> bool:
        return self.duration_min > 0 or self.value_class is not None


def format_minutes(minutes: float) -> str:
    """A duration as people say it: 45 min, 2 h 30, 3 d 4 h."""
    total = round(minutes)
    if total < 1 and minutes > 0:
        return f"{minutes:.1f} min"
    if total < 120:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    if hours < 48:
        return f"{hours} h {mins:02d}" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _tooltip_text(step: Step) -> str:
    lines = [step.label]
    if step.description:
        lines.append(step.description)
    if step.fail_point:
        lines.append("Fail point" + (f": {step.risk_note}" if step.risk_note else ""))
    if step.wait_min:
        lines.append(f"Wait before: {format_minutes(step.wait_min)}")
    if step.duration_min:
        lines.append(f"Duration: {format_minutes(step.duration_min)}")
    if step.owner:
        lines.append(f"Owner: {step.owner}")
    return "\n".join(lines)


TEXT_PADDING = 12.0
MAX_TEXT_LINES = 6
HANDLE_RADIUS = 7.0


class StepItem(QGraphicsItem):
    """The card of one step. It holds the step's id and drawing caches only; the model holds the rest."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id
        self.flows: set[FlowItem] = set()
        self._face = CardFace()
        self._lines: list[str] = []
        self._height = CARD_MIN_HEIGHT
        self._editing = False
        self._drop_target = False
        self._mark: QColor | None = None
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
        return self._face.label

    @property
    def face(self) -> CardFace:
        return self._face

    def show_step(self, step: Step, kind: LaneKind) -> None:
        """Take what the card shows from the model; grows the card to fit its text."""
        face = CardFace(
            step.label, kind, step.fail_point, step.risk_note, step.wait_min, step.duration_min, step.value_class
        )
        # The tooltip says more than the card shows (the owner, the risk), so it is kept up to date on its own.
        tooltip = plain_tooltip(_tooltip_text(step))
        if tooltip != self.toolTip():
            self.setToolTip(tooltip)
        if face == self._face and self._lines:
            return
        self._face = face
        font = style.card_font()
        self._lines = wrap_lines(step.label, font, CARD_WIDTH - 2 * TEXT_PADDING, MAX_TEXT_LINES)
        line_height = QFontMetricsF(font).lineSpacing()
        text_height = len(self._lines) * line_height + 2 * TEXT_PADDING
        height = max(CARD_MIN_HEIGHT, text_height + (FOOTER_HEIGHT if face.has_footer else 0))
        if height != self._height:
            self.prepareGeometryChange()
            self._height = height
        self.handle.setPos(CARD_WIDTH, self._height / 2)
        self.update()

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, self._height)

    def scene_card_rect(self) -> QRectF:
        return self.mapRectToScene(self.card_rect())

    def set_editing(self, on: bool) -> None:
        """Hide the text while the in-place editor covers the card."""
        self._editing = on
        self.update()

    def set_mark(self, colour: QColor | None) -> None:
        """Ring the card in a colour (a comparison's added, removed or changed), or take the ring away."""
        self._mark = colour
        self.update()

    @property
    def mark(self) -> QColor | None:
        return self._mark

    def set_read_only(self) -> None:
        """A card that can be looked at and selected, but not moved, edited or connected."""
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.handle.setEnabled(False)
        self.handle.hide()

    def set_drop_target(self, on: bool) -> None:
        """Mark this card as the one a flow being drawn would end on."""
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    def boundingRect(self) -> QRectF:
        # Room for the selection outline and for the badges that sit across the card's top edge.
        return self.card_rect().adjusted(-WAIT_OVERHANG, -BADGE_RADIUS - 4, BADGE_RADIUS + 4, 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.card_rect(), 8, 8)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.card_rect()
        face = self._face
        if self._drop_target:
            pen = QPen(style.SELECTION, 3, Qt.PenStyle.DashLine)
        elif self.isSelected():
            pen = QPen(style.SELECTION, 2.5)
        else:
            pen = QPen(style.FAIL if face.fail_point else style.CARD_EDGE, style.stroke(1.5 if face.fail_point else 1))
        if self._mark is not None:
            painter.setPen(QPen(self._mark, 6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 9, 9)
        painter.setPen(pen)
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(rect, 8, 8)
        stripe = QPainterPath()
        stripe.addRoundedRect(QRectF(0, 0, 12, self._height), 6, 6)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, 5, self._height))
        painter.fillPath(stripe.intersected(clip), style.LANE_ACCENT[face.kind])
        if face.has_footer:
            self._paint_footer(painter)
        if face.wait_min > 0:
            self._paint_wait_badge(painter)
        if face.fail_point:
            self._paint_fail_badge(painter)
        if self._editing or not self._lines:
            return
        painter.setPen(style.INK)
        font = style.card_font()
        painter.setFont(font)
        line_height = painter.fontMetrics().lineSpacing()
        text_area = self._height - (FOOTER_HEIGHT if face.has_footer else 0)
        top = (text_area - len(self._lines) * line_height) / 2
        for number, text in enumerate(self._lines):
            box = QRectF(TEXT_PADDING, top + number * line_height, CARD_WIDTH - 2 * TEXT_PADDING, line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine, text)

    def _paint_fail_badge(self, painter: QPainter) -> None:
        """F in a red disc on the top-right corner: the classic mark of a fail point."""
        centre = QPointF(CARD_WIDTH - 4, 0)
        painter.setPen(QPen(style.CARD_FILL, 2))
        painter.setBrush(style.FAIL)
        painter.drawEllipse(centre, BADGE_RADIUS, BADGE_RADIUS)
        painter.setPen(style.CARD_FILL)
        painter.setFont(style.badge_font())
        box = QRectF(centre.x() - BADGE_RADIUS, -BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "F")

    def _paint_wait_badge(self, painter: QPainter) -> None:
        """W and the wait in an amber pill across the top edge: the customer waits before this step."""
        painter.setFont(style.badge_font())
        text = f"W {format_minutes(self._face.wait_min)}"
        width = painter.fontMetrics().horizontalAdvance(text) + 14
        # Ends left of the middle of the top edge, where arrows from the lane above arrive.
        box = QRectF(CARD_WIDTH / 2 - 12 - width, -BADGE_RADIUS, width, 2 * BADGE_RADIUS)
        painter.setPen(QPen(style.CARD_FILL, 2))
        painter.setBrush(style.WAIT)
        painter.drawRoundedRect(box, BADGE_RADIUS, BADGE_RADIUS)
        painter.setPen(style.INK)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_footer(self, painter: QPainter) -> None:
        """Duration at the bottom right, and the value class as a coloured tag at the bottom left."""
        face = self._face
        row = QRectF(TEXT_PADDING, self._height - FOOTER_HEIGHT - 4, CARD_WIDTH - 2 * TEXT_PADDING, FOOTER_HEIGHT)
        painter.setFont(style.footer_font())
        if face.duration_min > 0:
            painter.setPen(style.MUTED_INK)
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_minutes(face.duration_min))  # fmt: skip
        if face.value_class is not None:
            text = VALUE_TAGS[face.value_class]
            width = painter.fontMetrics().horizontalAdvance(text) + 10
            tag = QRectF(row.left(), row.top() + 1, width, row.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.VALUE_CLASS[face.value_class])
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(style.CARD_FILL)
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for flow in self.flows:
                flow.update_path()
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.handle.setVisible(self.handle.isEnabled() and (bool(value) or self.isUnderMouse()))
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.handle.setVisible(self.handle.isEnabled())
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.handle.setVisible(self.handle.isEnabled() and self.isSelected())
        super().hoverLeaveEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._blueprint_scene()
        if scene is not None and event.button() == Qt.MouseButton.LeftButton and not scene.read_only:
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
