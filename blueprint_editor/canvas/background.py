"""The fixed parts of the drawing: lane bands with their titles, phase columns, and the three blueprint lines.

These items take no mouse buttons, so clicks reach the scene (rubber band, double-click to add a step).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.model.geometry import LANE_GUTTER, PHASE_HEADER, Band, Column
from blueprint_editor.model.lines import BlueprintLine

Z_LANE = -30.0
Z_PHASE = -20.0
Z_LINE = -10.0


class _BackgroundItem(QGraphicsItem):
    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)


class LaneBand(_BackgroundItem):
    """One lane: a tinted band across all phases, titled in the gutter at the left."""

    def __init__(self, band: Band, width: float) -> None:
        super().__init__()
        self.band = band
        self.lane_id = band.lane.id
        self._width = width
        self._highlighted = False
        self.setZValue(Z_LANE)

    def boundingRect(self) -> QRectF:
        return QRectF(-LANE_GUTTER, self.band.top, LANE_GUTTER + self._width, self.band.height)

    def is_highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, on: bool) -> None:
        """Mark this lane as the one a dragged step would land in."""
        if on != self._highlighted:
            self._highlighted = on
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        kind = self.band.lane.kind
        top, height = self.band.top, self.band.height
        content = QRectF(0, top, self._width, height)
        gutter = QRectF(-LANE_GUTTER, top, LANE_GUTTER, height)
        painter.fillRect(gutter, style.GUTTER_FILL)
        painter.fillRect(content, style.HIGHLIGHT_FILL if self._highlighted else style.LANE_FILL[kind])
        painter.fillRect(QRectF(-LANE_GUTTER, top, 6, height), style.LANE_ACCENT[kind])
        painter.setPen(QPen(style.GRID_LINE, 1))
        painter.drawLine(QPointF(-LANE_GUTTER, top + height), QPointF(self._width, top + height))
        if self._highlighted:
            painter.setPen(QPen(style.HIGHLIGHT_EDGE, 3))
            painter.drawRect(content.adjusted(1.5, 1.5, -1.5, -1.5))
        painter.setPen(style.INK)
        painter.setFont(style.lane_title_font())
        text_box = gutter.adjusted(18, 8, -10, -8)
        painter.drawText(
            text_box,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            self.band.lane.title,
        )


class PhaseColumn(_BackgroundItem):
    """A phase: its title in the header row and a thin rule at its right edge down through the lanes."""

    def __init__(self, column: Column, lanes_height: float) -> None:
        super().__init__()
        self.column = column
        self.phase_id = column.phase.id
        self._lanes_height = lanes_height
        self.setZValue(Z_PHASE)

    def boundingRect(self) -> QRectF:
        return QRectF(self.column.left - 1, -PHASE_HEADER, self.column.width + 2, PHASE_HEADER + self._lanes_height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        header = QRectF(self.column.left, -PHASE_HEADER, self.column.width, PHASE_HEADER)
        painter.fillRect(header, style.HEADER_FILL)
        pen = QPen(style.GRID_LINE, 1)
        painter.setPen(pen)
        painter.drawLine(header.bottomLeft(), header.bottomRight())
        painter.drawLine(QPointF(self.column.left, -PHASE_HEADER), QPointF(self.column.left, 0))
        right = self.column.right
        painter.drawLine(QPointF(right, -PHASE_HEADER), QPointF(right, 0))
        pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(right, 0), QPointF(right, self._lanes_height))
        painter.setPen(style.INK)
        painter.setFont(style.phase_title_font())
        painter.drawText(
            header.adjusted(12, 0, -12, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(
                self.column.phase.name, Qt.TextElideMode.ElideRight, int(header.width() - 24)
            ),
        )


class BlueprintLineItem(_BackgroundItem):
    """One of the three lines, across the whole blueprint, labelled in the gutter."""

    def __init__(self, line: BlueprintLine, y: float, width: float) -> None:
        super().__init__()
        self.line = line
        self.y = y
        self._width = width
        self.setZValue(Z_LINE)

    def boundingRect(self) -> QRectF:
        return QRectF(-LANE_GUTTER, self.y - 10, LANE_GUTTER + self._width, 20)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pen = QPen(style.BLUEPRINT_LINE, 2.5)
        if self.line.dashed:
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern([6, 4])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(-LANE_GUTTER, self.y), QPointF(self._width, self.y))
        painter.setFont(style.line_label_font())
        metrics = painter.fontMetrics()
        text = self.line.title
        box = QRectF(-LANE_GUTTER + 8, self.y - 9, metrics.horizontalAdvance(text) + 14, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.BLUEPRINT_LINE)
        painter.drawRoundedRect(box, 9, 9)
        painter.setPen(style.CARD_FILL)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
