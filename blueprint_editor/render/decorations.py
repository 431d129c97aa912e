"""What an export may add around the blueprint: a title block above it and a legend below it.

Each is laid out once, as a list of positioned parts, and drawn from that list twice: by ``paint`` for PNG, PDF
and printing, and by the SVG writer, which turns the same parts into text and shared classes. So the two can
never disagree about what the title block says or where the legend puts a swatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import BADGE_RADIUS
from blueprint_editor.model import LaneKind
from blueprint_editor.model.lines import BlueprintLine

GAP = 24.0  # between the blueprint and a decoration
TITLE_SIZE = 26
SUBTITLE_SIZE = 15
LEGEND_TEXT_SIZE = 12
LEGEND_PADDING = 12.0
LEGEND_ROW = 28.0
LEGEND_SPACING = 26.0  # between one entry and the next in a row
SYMBOL_WIDTH = 34.0  # the sample line, badge or swatch of an entry
SYMBOL_GAP = 8.0
LEGEND_MIN_WIDTH = 520.0


@dataclass(frozen=True)
class TextLine:
    """One line of text: its left end on the baseline, its size in scene pixels, and whether it is bold."""

    x: float
    baseline: float
    text: str
    size: int
    bold: bool = False
    muted: bool = False

    def font(self) -> QFont:
        return style.font(self.size, bold=self.bold)


class TitleBlockItem(QGraphicsItem):
    """The document's title above the blueprint, and under it the scenario's name and the date."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.title = title
        self.subtitle = subtitle
        self._left = 0.0
        self._bottom = 0.0
        self._lines: list[TextLine] = []

    def place(self, left: float, bottom: float) -> None:
        """Sit with the bottom of the block ``GAP`` above ``bottom``, starting at ``left``."""
        self.prepareGeometryChange()
        self._left, self._bottom = left, bottom - GAP
        title_metrics = QFontMetricsF(style.font(TITLE_SIZE, bold=True))
        sub_metrics = QFontMetricsF(style.font(SUBTITLE_SIZE))
        sub_baseline = self._bottom - sub_metrics.descent()
        title_baseline = sub_baseline - sub_metrics.ascent() - 6 - title_metrics.descent()
        self._lines = [TextLine(left, title_baseline, self.title, TITLE_SIZE, bold=True)]
        if self.subtitle:
            self._lines.append(TextLine(left, sub_baseline, self.subtitle, SUBTITLE_SIZE, muted=True))

    def lines(self) -> list[TextLine]:
        return list(self._lines)

    def boundingRect(self) -> QRectF:
        if not self._lines:
            return QRectF()
        top = self._lines[0].baseline - QFontMetricsF(self._lines[0].font()).ascent()
        width = max(QFontMetricsF(line.font()).horizontalAdvance(line.text) for line in self._lines)
        return QRectF(self._left, top, width, self._bottom - top)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        for line in self._lines:
            painter.setFont(line.font())
            painter.setPen(style.MUTED_INK if line.muted else style.INK)
            painter.drawText(QPointF(line.x, line.baseline), line.text)


EntryKind = Literal["line", "fail", "wait", "lane"]


@dataclass(frozen=True)
class LegendEntry:
    """One explained symbol: where its symbol sits (left edge, vertical middle) and what it stands for."""

    kind: EntryKind
    label: str
    x: float
    middle: float
    dashed: bool = False  # a line entry: the line of visibility
    lane: LaneKind = LaneKind.CUSTOMER  # a lane entry: the lane's colours

    @property
    def text_x(self) -> float:
        return self.x + SYMBOL_WIDTH + SYMBOL_GAP


class LegendItem(QGraphicsItem):
    """Below the blueprint: what the three lines, the F and W badges and the lane colours mean."""

    def __init__(self, lines: list[BlueprintLine], lanes: list[tuple[LaneKind, str]]) -> None:
        super().__init__()
        self._symbols: list[tuple[EntryKind, str, bool, LaneKind]] = [
            ("line", line.title, line.dashed, LaneKind.CUSTOMER) for line in lines
        ]
        self._symbols += [("fail", "Fail point", False, LaneKind.CUSTOMER)]
        self._symbols += [("wait", "Customer waits before the step", False, LaneKind.CUSTOMER)]
        self._symbols += [("lane", title, False, kind) for kind, title in lanes]
        self._rect = QRectF()
        self._entries: list[LegendEntry] = []

    def place(self, left: float, top: float, width: float) -> None:
        """Lay the entries out left to right in rows no wider than ``width``, the box's top ``GAP`` below ``top``."""
        self.prepareGeometryChange()
        width = max(width, LEGEND_MIN_WIDTH)
        metrics = QFontMetricsF(self.text_font())
        top += GAP
        x, row = left + LEGEND_PADDING, 0
        entries: list[LegendEntry] = []
        previous: EntryKind | None = None
        for kind, label, dashed, lane in self._symbols:
            entry_width = SYMBOL_WIDTH + SYMBOL_GAP + metrics.horizontalAdvance(label)
            # Lanes start a row of their own: lines and badges read as one group, colours as another.
            new_group = kind == "lane" and previous not in (None, "lane")
            if x > left + LEGEND_PADDING and (new_group or x + entry_width > left + width - LEGEND_PADDING):
                x, row = left + LEGEND_PADDING, row + 1
            middle = top + LEGEND_PADDING + (row + 0.5) * LEGEND_ROW
            entries.append(LegendEntry(kind, label, x, middle, dashed, lane))
            x += entry_width + LEGEND_SPACING
            previous = kind
        self._entries = entries
        # As wide as its longest row: a box across the whole of a long blueprint would be mostly empty.
        used = max((e.text_x + metrics.horizontalAdvance(e.label) for e in entries), default=left) - left
        self._rect = QRectF(left, top, used + LEGEND_PADDING, 2 * LEGEND_PADDING + (row + 1) * LEGEND_ROW)

    def entries(self) -> list[LegendEntry]:
        return list(self._entries)

    def box(self) -> QRectF:
        return QRectF(self._rect)

    @staticmethod
    def text_font() -> QFont:
        return style.font(LEGEND_TEXT_SIZE)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(style.GRID_LINE, 1))
        painter.setBrush(style.CARD_FILL)
        painter.drawRoundedRect(self._rect, 6, 6)
        font = self.text_font()
        for entry in self._entries:
            self._paint_symbol(painter, entry)
            painter.setFont(font)
            painter.setPen(style.INK)
            box = QRectF(entry.text_x, entry.middle - LEGEND_ROW / 2, 10_000, LEGEND_ROW)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.label)

    def _paint_symbol(self, painter: QPainter, entry: LegendEntry) -> None:
        x, y = entry.x, entry.middle
        if entry.kind == "line":
            pen = QPen(style.BLUEPRINT_LINE, style.stroke(2.5))
            if entry.dashed:
                pen.setStyle(Qt.PenStyle.CustomDashLine)
                pen.setDashPattern([6, 4])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + SYMBOL_WIDTH, y))
        elif entry.kind == "fail":
            painter.setPen(QPen(style.CARD_FILL, 2))
            painter.setBrush(style.FAIL)
            centre = QPointF(x + SYMBOL_WIDTH / 2, y)
            painter.drawEllipse(centre, BADGE_RADIUS, BADGE_RADIUS)
            painter.setPen(style.CARD_FILL)
            painter.setFont(style.badge_font())
            painter.drawText(self.badge_box(entry), Qt.AlignmentFlag.AlignCenter, "F")
        elif entry.kind == "wait":
            painter.setPen(QPen(style.CARD_FILL, 2))
            painter.setBrush(style.WAIT)
            painter.drawRoundedRect(self.badge_box(entry), BADGE_RADIUS, BADGE_RADIUS)
            painter.setPen(style.INK)
            painter.setFont(style.badge_font())
            painter.drawText(self.badge_box(entry), Qt.AlignmentFlag.AlignCenter, "W")
        else:
            swatch = self.swatch(entry)
            painter.fillRect(swatch, style.LANE_FILL.get(entry.lane, style.HEADER_FILL))
            painter.fillRect(
                QRectF(swatch.left(), swatch.top(), 5, swatch.height()),
                style.LANE_ACCENT.get(entry.lane, style.MUTED_INK),
            )
            painter.setPen(QPen(style.GRID_LINE, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(swatch)

    @staticmethod
    def badge_box(entry: LegendEntry) -> QRectF:
        """The F disc's square, or the W pill, centred in the symbol's place."""
        width = 2 * BADGE_RADIUS if entry.kind == "fail" else SYMBOL_WIDTH - 6
        return QRectF(entry.x + (SYMBOL_WIDTH - width) / 2, entry.middle - BADGE_RADIUS, width, 2 * BADGE_RADIUS)

    @staticmethod
    def swatch(entry: LegendEntry) -> QRectF:
        return QRectF(entry.x, entry.middle - 9, SYMBOL_WIDTH, 18)
