"""The grips of the blueprint's structure: lane edges and blueprint lines to drag, phase edges to drag, the
collapse chevron of lane titles, phase headers to drag, and the in-place editor of lane and phase titles.

A double-click on a title and a right-click are the scene's to route (StructureGestures.double_click, and the
canvas's context menus, whose lane and phase entries come from ui.structure_menus).

The grips draw almost nothing: the lanes, lines and headers below them are drawn by canvas.background. They hand
every gesture to the scene's StructureGestures, which previews it and, when the button is released, asks the
controller for the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import style
from blueprint_editor.model.geometry import LANE_GUTTER, PHASE_HEADER

if TYPE_CHECKING:
    from blueprint_editor.canvas.structure_gestures import StructureGestures

# Above the lanes, phases and lines, below flows (5) and cards (10): a card lying on a line is still a card to grab.
Z_GRIP = 3.0
Z_TITLE = 2.0
Z_PREVIEW = 60.0
GRIP = 5.0  # how far either side of an edge the pointer may be to take it
CHEVRON = 16.0


def _left(event: QGraphicsSceneMouseEvent) -> bool:
    """Whether a press is the left button's; any other is left to the items below (and right-clicks to menus)."""
    if event.button() == Qt.MouseButton.LeftButton:
        return True
    event.ignore()
    return False


class _EdgeGrip(QGraphicsItem):
    """An invisible strip along an edge to drag: it shows a resize cursor, on hover the edge it would move, and a
    press there starts resizing. The edge moves along ``axis``: a lane's lower edge up and down (the strip runs
    from the lane titles' gutter across the blueprint), a phase's right edge sideways (from its header down)."""

    axis: ClassVar[Qt.Orientation]

    def __init__(self, gestures: StructureGestures, target_id: str, at: float, length: float, tooltip: str) -> None:
        super().__init__()
        self._gestures = gestures
        self.target_id = target_id  # the lane or phase the edge belongs to
        self.edge_at = at  # where the edge is along the axis it moves on
        self._hovered = False
        if self.axis == Qt.Orientation.Vertical:
            self._rect = QRectF(-LANE_GUTTER, at - GRIP, LANE_GUTTER + length, 2 * GRIP)
            self.setCursor(Qt.CursorShape.SplitVCursor)
        else:
            self._rect = QRectF(at - GRIP, -PHASE_HEADER, 2 * GRIP, PHASE_HEADER + length)
            self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setZValue(Z_GRIP)
        self.setToolTip(tooltip)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:
        return self._rect

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._hovered:
            painter.setPen(QPen(style.SELECTION, 3))
            centre = self._rect.center()
            if self.axis == Qt.Orientation.Vertical:
                painter.drawLine(QPointF(self._rect.left(), centre.y()), QPointF(self._rect.right(), centre.y()))
            else:
                painter.drawLine(QPointF(centre.x(), self._rect.top()), QPointF(centre.x(), self._rect.bottom()))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not _left(event):
            return
        self._gestures.begin_resize(self.axis, self.target_id, event.scenePos())
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._gestures.drag_to(event.scenePos())


class LaneEdgeGrip(_EdgeGrip):
    """The lower edge of a lane, or the blueprint line drawn there: drag it to make the lane above taller."""

    axis = Qt.Orientation.Vertical

    @property
    def lane_id(self) -> str:
        return self.target_id

    @property
    def edge_y(self) -> float:
        return self.edge_at


class PhaseEdgeGrip(_EdgeGrip):
    """The right edge of a phase column: drag it to make the phase wider or narrower."""

    axis = Qt.Orientation.Horizontal

    @property
    def phase_id(self) -> str:
        return self.target_id

    @property
    def edge_x(self) -> float:
        return self.edge_at


class LaneTitleGrip(QGraphicsItem):
    """A lane's title in the gutter, with a chevron at its top right to collapse or expand the lane."""

    def __init__(self, gestures: StructureGestures, lane_id: str, rect: QRectF, collapsed: bool) -> None:
        super().__init__()
        self._gestures = gestures
        self.lane_id = lane_id
        self._rect = rect
        self.collapsed = collapsed
        self._hovered = False
        self.setZValue(Z_TITLE)
        self.setAcceptHoverEvents(True)
        self.setToolTip("Double-click to rename · right-click for more")

    def boundingRect(self) -> QRectF:
        return self._rect

    def chevron_rect(self) -> QRectF:
        """Where the collapse/expand chevron sits (scene coordinates)."""
        top = self._rect.top() + (self._rect.height() - CHEVRON) / 2 if self.collapsed else self._rect.top() + 6
        return QRectF(self._rect.right() - CHEVRON - 6, top, CHEVRON, CHEVRON)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not (self._hovered or self.collapsed):
            return
        box = self.chevron_rect()
        c = box.center()
        if self.collapsed:  # pointing right: "there is more here"
            points = [QPointF(c.x() - 3, c.y() - 5), QPointF(c.x() + 4, c.y()), QPointF(c.x() - 3, c.y() + 5)]
        else:  # pointing down: "open"
            points = [QPointF(c.x() - 5, c.y() - 3), QPointF(c.x() + 5, c.y() - 3), QPointF(c.x(), c.y() + 4)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.MUTED_INK)
        painter.drawPolygon(QPolygonF(points))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not _left(event):
            return
        if self.chevron_rect().contains(event.scenePos()):
            self._gestures.begin_collapse_click(self.lane_id, self.chevron_rect())
        event.accept()


class PhaseHeaderGrip(QGraphicsItem):
    """A phase's header: drag it sideways to reorder the phases."""

    def __init__(self, gestures: StructureGestures, phase_id: str, rect: QRectF) -> None:
        super().__init__()
        self._gestures = gestures
        self.phase_id = phase_id
        self._rect = rect
        self.setZValue(Z_TITLE)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("Drag to reorder · double-click to rename · right-click for more")

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass  # the header itself is drawn by PhaseColumn

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not _left(event):
            return
        self._gestures.begin_phase_press(self.phase_id, event.scenePos())
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        moved = event.screenPos() - event.buttonDownScreenPos(Qt.MouseButton.LeftButton)
        self._gestures.drag_to(event.scenePos(), far_enough=moved.manhattanLength() >= QApplication.startDragDistance())


class StructurePreview(QGraphicsItem):
    """What a drag would do, drawn over everything until the button is released: the lane or column at its new
    size with its new edge, or the phase being moved and the gap it would drop into."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_PREVIEW)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._area = QRectF()
        self._edge: tuple[QPointF, QPointF] | None = None
        self._label = ""
        self._label_at = QPointF()

    def show_area(self, area: QRectF, edge: tuple[QPointF, QPointF] | None, label: str, label_at: QPointF) -> None:
        self.prepareGeometryChange()
        self._area = QRectF(area)
        self._edge = edge
        self._label = label
        self._label_at = QPointF(label_at)
        self.update()

    @property
    def label(self) -> str:
        return self._label

    @property
    def edge(self) -> tuple[QPointF, QPointF] | None:
        return self._edge

    def boundingRect(self) -> QRectF:
        rect = QRectF(self._area)
        if self._edge is not None:
            rect = rect.united(QRectF(self._edge[0], self._edge[1]).normalized())
        return rect.united(QRectF(self._label_at, self._label_at + QPointF(260, 24))).adjusted(-6, -6, 6, 6)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        fill = style.SELECTION.lighter(100)
        fill.setAlpha(38)
        painter.fillRect(self._area, fill)
        painter.setPen(QPen(style.SELECTION, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self._area)
        if self._edge is not None:
            painter.setPen(QPen(style.SELECTION, 3))
            painter.drawLine(self._edge[0], self._edge[1])
        if self._label:
            painter.setFont(style.line_label_font())
            metrics = painter.fontMetrics()
            box = QRectF(self._label_at, QPointF(self._label_at.x() + metrics.horizontalAdvance(self._label) + 16,
                                                  self._label_at.y() + 20))  # fmt: skip
            path = QPainterPath()
            path.addRoundedRect(box, 10, 10)
            painter.fillPath(path, style.SELECTION)
            painter.setPen(style.CARD_FILL)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._label)
