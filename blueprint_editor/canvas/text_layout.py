"""Plain-text wrapping for cards: lines that fit a width, the last one elided when there are too many."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``; newlines are kept."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(paragraph[start : start + length].strip())
            if len(lines) == max_lines:
                layout.endLayout()
                rest = " ".join([paragraph[start:], *paragraphs[number + 1 :]]).split()
                if " ".join(rest) != lines[-1]:
                    elided = QFontMetricsF(font).elidedText(" ".join(rest) + " …", Qt.TextElideMode.ElideRight, width)
                    lines[-1] = elided
                return lines
        layout.endLayout()
    return lines


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt would otherwise guess that text with tags in it is markup."""
    return f'<p style="white-space: pre-wrap;">{html.escape(text, quote=False)}</p>' if text else ""
