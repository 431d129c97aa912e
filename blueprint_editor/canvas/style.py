"""Colours, pens and fonts of the blueprint drawing, shared by the canvas and the exports."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from blueprint_editor.model import LaneKind
from blueprint_editor.model.document import ValueClass

LANE_FILL = {
    LaneKind.EVIDENCE: QColor("#f4f1fb"),
    LaneKind.CUSTOMER: QColor("#eaf3fc"),
    LaneKind.FRONTSTAGE: QColor("#eaf7ef"),
    LaneKind.BACKSTAGE: QColor("#fdf5e6"),
    LaneKind.SUPPORT: QColor("#f2f3f5"),
    LaneKind.EMOTION: QColor("#fdf2f7"),
}
LANE_ACCENT = {
    LaneKind.EVIDENCE: QColor("#7b5cc4"),
    LaneKind.CUSTOMER: QColor("#1f74c4"),
    LaneKind.FRONTSTAGE: QColor("#23915a"),
    LaneKind.BACKSTAGE: QColor("#c7810f"),
    LaneKind.SUPPORT: QColor("#5f6673"),
    LaneKind.EMOTION: QColor("#c2255c"),
}
GUTTER_FILL = QColor("#ffffff")
HEADER_FILL = QColor("#f7f7f8")
HIGHLIGHT_FILL = QColor("#fff3b0")
HIGHLIGHT_EDGE = QColor("#e0b000")
GRID_LINE = QColor("#c9ccd2")
BLUEPRINT_LINE = QColor("#1d2430")
INK = QColor("#1d2430")
MUTED_INK = QColor("#4b5260")
CARD_FILL = QColor("#ffffff")
CARD_EDGE = QColor("#9aa1ad")
SELECTION = QColor("#2563eb")
FLOW = QColor("#4b5563")
CANVAS_BACKGROUND = QColor("#ffffff")
FAIL = QColor("#d42a1e")
EMOTION_GOOD = QColor("#2e9d5b")
EMOTION_BAD = QColor("#d42a1e")
WAIT = QColor("#f5b83d")
VALUE_CLASS = {
    ValueClass.VALUE_ADDING: QColor("#1f8a4c"),
    ValueClass.NECESSARY: QColor("#6b7280"),
    ValueClass.WASTE: QColor("#b42318"),
}


_scale = {"text": 1.0, "line": 1.0}


def set_presentation_scale(text: float, line: float) -> None:
    """Draw type and lines larger (presentation mode, for the back of a room) or, with 1 and 1, as usual.
    Items take the scale when they are made, so the scene is rebuilt after a change."""
    _scale["text"] = text
    _scale["line"] = line


def stroke(width: float) -> float:
    """A line width, scaled for presentation."""
    return width * _scale["line"]


def font(pixel_size: int, *, bold: bool = False, italic: bool = False) -> QFont:
    """A font sized in scene pixels, so drawings and exports look the same on any screen."""
    f = QFont()
    f.setPixelSize(max(1, round(pixel_size * _scale["text"])))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def card_font() -> QFont:
    return font(13)


def lane_title_font() -> QFont:
    return font(14, bold=True)


def phase_title_font() -> QFont:
    return font(15, bold=True)


def line_label_font() -> QFont:
    return font(11, bold=True)


def badge_font() -> QFont:
    return font(11, bold=True)


def footer_font() -> QFont:
    return font(10, bold=True)
