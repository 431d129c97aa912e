"""Plain-text wrapping for cards: lines that fit a width, the last one elided when there are too many."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption

# Laying text out is the costliest part of making a card; a scene is rebuilt whole after some edits (lanes,
# phases), and exports build one of their own, so the lines of recent labels are kept.
_WRAPPED_KEPT = 20_000
_wrapped: dict[tuple[str, str, float, int], tuple[str, ...]] = {}


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``; newlines are kept."""
    key = (text, font.key(), width, max_lines)
    lines = _wrapped.get(key)
    if lines is None:
        if len(_wrapped) >= _WRAPPED_KEPT:
            _wrapped.clear()  # simple and bounded: the labels in use come back on the next build
        lines = _wrapped[key] = tuple(_wrap(text, font, width, max_lines))
    return list(lines)


def _wrap(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        # QTextLayout counts in UTF-16 units: an emoji is two of them, so slice the UTF-16 form, not the str.
        units = paragraph.encode("utf-16-le", "surrogatepass")
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(_utf16_slice(units, start, start + length).strip())
            if len(lines) == max_lines:
                layout.endLayout()
                rest = " ".join([_utf16_slice(units, start, len(units) // 2), *paragraphs[number + 1 :]]).split()
                if " ".join(rest) != lines[-1]:
                    elided = QFontMetricsF(font).elidedText(" ".join(rest) + " …", Qt.TextElideMode.ElideRight, width)
                    lines[-1] = elided
                return lines
        layout.endLayout()
    return lines


def _utf16_slice(units: bytes, start: int, end: int) -> str:
    """Characters ``start`` to ``end`` of a text given in UTF-16 (little-endian), counted in UTF-16 units."""
    return units[2 * start : 2 * end].decode("utf-16-le", "surrogatepass")


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt would otherwise guess that text with tags in it is markup."""
    return f'<p style="white-space: pre-wrap;">{html.escape(text, quote=False)}</p>' if text else ""
