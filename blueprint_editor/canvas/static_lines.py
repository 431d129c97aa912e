"""Lines of plain text laid out once and drawn many times: a card's label on screen.

``QPainter.drawText`` with a box and alignment lays the text out again on every call, which makes the text the
costliest part of a card's frame. A ``QStaticText`` keeps its layout, so a card that is repainted (a drag passing
over it, a selection) only draws glyphs. Static text is for the screen, where cards are painted again and again:
an export paints each card once (laying the text out once either way), and PDF and SVG painters must be given
plain ``drawText`` calls so that their text stays text (see StepItem.paint).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QStaticText
from PySide6.QtWidgets import QWidget

# How a line of a label is drawn in its box where static text is not used (exports, prints): centred, as the static
# text is placed, and, like it, not clipped to the box. A clip per line would go into a PDF with the whole drawing
# state after it. The flags are combined once: combining them for each line costs more than drawing it.
LINE_FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine | Qt.TextFlag.TextDontClip)


def on_screen(painter: QPainter) -> bool:
    """Whether ``painter`` draws a view on screen, where static text pays."""
    return isinstance(painter.device(), QWidget)


class StaticLines:
    """Lines centred in a column, as ``drawText(box, AlignCenter | TextSingleLine, line)`` places each of them."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._placed: list[tuple[QPointF, QStaticText]] = []

    def draw(
        self, painter: QPainter, lines: list[str], font: QFont, left: float, width: float, top: float, line: float
    ) -> None:
        """Draw ``lines`` one under the other from ``top``, each ``line`` high, centred between ``left`` and
        ``left + width``, in the painter's pen and in ``font`` (which the painter must hold)."""
        key = (tuple(lines), font.key(), left, width, top, line)
        if key != self._key:
            self._key = key
            self._placed = []
            for number, text in enumerate(lines):
                static = QStaticText(text)
                static.setTextFormat(Qt.TextFormat.PlainText)  # a label is never markup
                static.prepare(painter.transform(), font)
                size = static.size()
                position = QPointF(left + (width - size.width()) / 2, top + number * line + (line - size.height()) / 2)
                self._placed.append((position, static))
        for position, static in self._placed:
            painter.drawStaticText(position, static)
