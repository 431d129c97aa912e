"""The fixed parts of the drawing: lane bands with their titles, phase columns, and the three blueprint lines.

These items take no mouse buttons, so clicks reach the scene (rubber band, double-click to add a step).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import detail, style
from blueprint_editor.model import LaneKind
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
        self._card_count = 0
        self.setZValue(Z_LANE)

    def boundingRect(self) -> QRectF:
        return QRectF(-LANE_GUTTER, self.band.top, LANE_GUTTER + self._width, self.band.height)

    @property
    def card_count(self) -> int:
        return self._card_count

    def set_card_count(self, count: int) -> None:
        """How many cards a collapsed lane hides: its strip says so, since the cards themselves are not shown."""
        if count != self._card_count:
            self._card_count = count
            self.update()

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
        painter.setPen(QPen(style.GRID_LINE, style.rule()))
        painter.drawLine(QPointF(-LANE_GUTTER, top + height), QPointF(self._width, top + height))
        if self._highlighted:
            painter.setPen(QPen(style.HIGHLIGHT_EDGE, 3))
            painter.drawRect(content.adjusted(1.5, 1.5, -1.5, -1.5))
        painter.setPen(style.INK)
        painter.setFont(style.lane_title_font())
        if self.band.lane.collapsed:
            self._paint_collapsed(painter)
            return
        text_box = gutter.adjusted(18, 8, -10, -8)
        painter.drawText(
            text_box,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            self.band.lane.title,
        )

    def _paint_collapsed(self, painter: QPainter) -> None:
        """A thin strip with the title and how many cards it hides, at the start of the lane itself: the gutter is
        too low for them beside the labels of blueprint lines, which may sit on both edges of the strip."""
        box = QRectF(12, self.band.top, max(self._width - 24, 0), self.band.height)
        painter.setFont(style.font(13, bold=True))
        metrics = painter.fontMetrics()
        title = metrics.elidedText(self.band.lane.title, Qt.TextElideMode.ElideRight, int(min(box.width(), 420)))
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        n = self._card_count
        painter.setPen(style.MUTED_INK)
        painter.drawText(
            box.adjusted(metrics.horizontalAdvance(title) + 8, 0, 0, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            f"({n} card{'' if n == 1 else 's'}, collapsed)",
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
        pen = QPen(style.GRID_LINE, style.rule())
        painter.setPen(pen)
        painter.drawLine(header.bottomLeft(), header.bottomRight())
        painter.drawLine(QPointF(self.column.left, -PHASE_HEADER), QPointF(self.column.left, 0))
        right = self.column.right
        painter.drawLine(QPointF(right, -PHASE_HEADER), QPointF(right, 0))
        pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(right, 0), QPointF(right, self._lanes_height))
        if not detail.readable(detail.level_of(painter), 15):  # the title could not be read at this size
            return
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
        pen = QPen(style.BLUEPRINT_LINE, style.stroke(2.5))
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


class EmotionCurve(_BackgroundItem):
    """The customer's emotion along the journey: a line through the emotions (-2..+2) of the customer actions."""

    PADDING = 18.0

    def __init__(self, band: Band, width: float) -> None:
        super().__init__()
        self.band = band
        self._width = width
        self._points: list[tuple[float, int]] = []
        self.setZValue(Z_LINE + 1)

    def set_points(self, points: list[tuple[float, int]]) -> None:
        """(x, emotion) of each customer action that has an emotion, in any order."""
        points = sorted(points)
        if points != self._points:
            self._points = points
            self.update()

    @property
    def points(self) -> list[tuple[float, int]]:
        return list(self._points)

    def y_of(self, emotion: float) -> float:
        top = self.band.top + self.PADDING
        usable = self.band.height - 2 * self.PADDING
        return top + (2 - emotion) / 4 * usable

    def boundingRect(self) -> QRectF:
        return QRectF(0, self.band.top, self._width, self.band.height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setFont(style.footer_font())
        for level in (2, 0, -2):
            y = self.y_of(level)
            pen = QPen(style.GRID_LINE, 1, Qt.PenStyle.DashLine if level == 0 else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(28, y), QPointF(self._width, y))
            painter.setPen(style.MUTED_INK)
            painter.drawText(QRectF(2, y - 8, 24, 16), Qt.AlignmentFlag.AlignCenter, f"{level:+d}" if level else "0")
        if not self._points:
            painter.setPen(style.MUTED_INK)
            painter.drawText(
                QRectF(40, self.band.top, self._width - 40, self.band.height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "Give customer actions an emotion (in the inspector) to draw the curve",
            )
            return
        path = QPainterPath(QPointF(self._points[0][0], self.y_of(self._points[0][1])))
        for (x0, e0), (x1, e1) in zip(self._points, self._points[1:], strict=False):
            middle = (x0 + x1) / 2
            path.cubicTo(QPointF(middle, self.y_of(e0)), QPointF(middle, self.y_of(e1)), QPointF(x1, self.y_of(e1)))
        painter.setPen(QPen(style.LANE_ACCENT[LaneKind.EMOTION], 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for x, emotion in self._points:
            colour = style.EMOTION_GOOD if emotion > 0 else style.EMOTION_BAD if emotion < 0 else style.MUTED_INK
            painter.setPen(QPen(style.CARD_FILL, 2))
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x, self.y_of(emotion)), 7, 7)
