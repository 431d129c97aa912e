"""A flow drawn as an arrow between two cards, re-routed whenever either card moves."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import card_anchor

if TYPE_CHECKING:
    from blueprint_editor.canvas.step_item import StepItem

Z_FLOW = 5.0
ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.5
GAP = 12.0


def route(source: QRectF, target: QRectF) -> tuple[QPainterPath, QPointF, QPointF]:
    """A smooth path from one card to another, leaving and entering on the sides that face each other.

    Returns the path and the arrow's tip and the direction it points along (as a unit vector).
    """
    if target.left() >= source.right() + GAP:
        sides = ("right", "left")
    elif target.right() <= source.left() - GAP:
        sides = ("left", "right")
    elif target.top() >= source.bottom():
        sides = ("bottom", "top")
    else:
        sides = ("top", "bottom")
    start = card_anchor(source, sides[0])
    end = card_anchor(target, sides[1])
    direction = {
        "right": QPointF(1, 0),
        "left": QPointF(-1, 0),
        "bottom": QPointF(0, 1),
        "top": QPointF(0, -1),
    }
    out_dir = direction[sides[0]]
    in_dir = direction[sides[1]]
    distance = math.hypot(end.x() - start.x(), end.y() - start.y())
    pull = max(24.0, min(distance / 2.0, 160.0))
    # The curve ends where the arrowhead begins, so the head sits flush on the card's edge.
    shaft_end = end + in_dir * ARROW_LENGTH
    path = QPainterPath(start)
    path.cubicTo(start + out_dir * pull, shaft_end + in_dir * pull, shaft_end)
    return path, end, in_dir * -1.0


class FlowItem(QGraphicsPathItem):
    """The arrow of one flow; it holds the flow's id and its two cards."""

    def __init__(self, flow_id: str, source: StepItem, target: StepItem) -> None:
        super().__init__()
        self.flow_id = flow_id
        self.source = source
        self.target = target
        self._tip = QPointF()
        self._direction = QPointF(1, 0)
        self._emphasis: QColor | None = None
        self.setZValue(Z_FLOW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        source.flows.add(self)
        target.flows.add(self)
        self.update_path()

    def set_emphasis(self, colour: QColor | None) -> None:
        """Draw the arrow bold in a colour (the critical path), or as usual."""
        if colour != self._emphasis:
            self._emphasis = colour
            self.update()

    @property
    def emphasis(self) -> QColor | None:
        return self._emphasis

    def detach(self) -> None:
        """Forget the cards, before the item leaves the scene."""
        self.source.flows.discard(self)
        self.target.flows.discard(self)

    def update_path(self) -> None:
        self.prepareGeometryChange()
        path, self._tip, self._direction = route(self.source.scene_card_rect(), self.target.scene_card_rect())
        self.setPath(path)

    def _arrow_head(self) -> QPolygonF:
        tip, d = self._tip, self._direction
        base = tip - d * ARROW_LENGTH
        normal = QPointF(-d.y(), d.x()) * ARROW_HALF_WIDTH
        return QPolygonF([tip, base + normal, base - normal])

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self._arrow_head().boundingRect()).adjusted(-6, -6, 6, 6)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        outline = stroker.createStroke(self.path())
        outline.addPolygon(self._arrow_head())
        return outline

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.isSelected():
            colour, width = style.SELECTION, 2.5
        elif self._emphasis is not None:
            colour, width = self._emphasis, 3.5
        else:
            colour, width = style.FLOW, 1.6
        painter.setPen(QPen(colour, style.stroke(width)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow_head())
