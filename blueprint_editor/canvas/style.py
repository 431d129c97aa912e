"""Colours, pens and fonts of the blueprint drawing, shared by the canvas and the exports.

The colours are module-level ``QColor`` objects (``style.INK``, ``style.LANE_FILL[kind]``...) that items read each
time they paint. A palette (the light, dark and high-contrast themes of the screen, each optionally with
colour-blind-safe accents, and the print palette of exports) is put in place by changing those objects in place, so
every reader follows without holding a palette of its own. Scenes listen to ``signals.changed`` to redraw and to
refresh the few colours Qt copies (the scene's background brush, the cards' handles).

Exports draw in the print palette whatever the screen shows: see :func:`palette_for_export`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont

from blueprint_editor.model import LaneKind
from blueprint_editor.model.document import ValueClass

# The colours every palette sets, by the name of their module-level constant.
_COLOUR_NAMES = (
    "GUTTER_FILL",
    "HEADER_FILL",
    "HIGHLIGHT_FILL",
    "HIGHLIGHT_EDGE",
    "GRID_LINE",
    "BLUEPRINT_LINE",
    "INK",
    "MUTED_INK",
    "CARD_FILL",
    "CARD_EDGE",
    "SELECTION",
    "FLOW",
    "CANVAS_BACKGROUND",
    "FAIL",
    "EMOTION_GOOD",
    "EMOTION_BAD",
    "WAIT",
    "GUIDE",  # alignment guides while cards are dragged: a hue kept for them, clear of the ground and the lanes
)

THEMES = ("light", "dark", "high-contrast")
THEME_TITLES = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}
PRINT = "print"


@dataclass(frozen=True)
class Palette:
    """Every colour of the drawing, as #rrggbb, and how heavy its lines are."""

    name: str  # one of THEMES, or PRINT
    colours: dict[str, str] = field(hash=False)  # constant name (see _COLOUR_NAMES) -> colour
    lane_fill: dict[LaneKind, str] = field(hash=False)
    lane_accent: dict[LaneKind, str] = field(hash=False)
    value_class: dict[ValueClass, str] = field(hash=False)
    line_width: float = 1.0  # lines drawn this many times thicker (high contrast)
    card_tint: float = 0.35  # how much of a card's own colour goes into its fill
    dark: bool = False  # light ink on dark ground: the application's widgets follow
    colour_blind_safe: bool = False

    @property
    def distinct_badges(self) -> bool:
        """Fail and wait badges differ by shape as well as by letter and colour (a diamond and a pill)."""
        return self.colour_blind_safe or self.name == "high-contrast"

    def colour(self, name: str) -> QColor:
        return QColor(self.colours[name])


_LIGHT = Palette(
    "light",
    colours={
        "GUTTER_FILL": "#ffffff",
        "HEADER_FILL": "#f7f7f8",
        "HIGHLIGHT_FILL": "#fff3b0",
        "HIGHLIGHT_EDGE": "#e0b000",
        "GRID_LINE": "#c9ccd2",
        "BLUEPRINT_LINE": "#1d2430",
        "INK": "#1d2430",
        "MUTED_INK": "#4b5260",
        "CARD_FILL": "#ffffff",
        "CARD_EDGE": "#9aa1ad",
        "SELECTION": "#2563eb",
        "FLOW": "#4b5563",
        "CANVAS_BACKGROUND": "#ffffff",
        "FAIL": "#d42a1e",
        "EMOTION_GOOD": "#2e9d5b",
        "EMOTION_BAD": "#d42a1e",
        "WAIT": "#f5b83d",
        "GUIDE": "#d1157a",
    },
    lane_fill={
        LaneKind.EVIDENCE: "#f4f1fb",
        LaneKind.CUSTOMER: "#eaf3fc",
        LaneKind.FRONTSTAGE: "#eaf7ef",
        LaneKind.BACKSTAGE: "#fdf5e6",
        LaneKind.SUPPORT: "#f2f3f5",
        LaneKind.EMOTION: "#fdf2f7",
        LaneKind.CUSTOM: "#e9f6f6",
    },
    lane_accent={
        LaneKind.EVIDENCE: "#7b5cc4",
        LaneKind.CUSTOMER: "#1f74c4",
        LaneKind.FRONTSTAGE: "#23915a",
        LaneKind.BACKSTAGE: "#c7810f",
        LaneKind.SUPPORT: "#5f6673",
        LaneKind.EMOTION: "#c2255c",
        LaneKind.CUSTOM: "#138a8a",
    },
    value_class={
        ValueClass.VALUE_ADDING: "#1a7f45",
        ValueClass.NECESSARY: "#6b7280",
        ValueClass.WASTE: "#b42318",
    },
)

_DARK = Palette(
    "dark",
    colours={
        "GUTTER_FILL": "#20242b",
        "HEADER_FILL": "#262a32",
        "HIGHLIGHT_FILL": "#4a4120",
        "HIGHLIGHT_EDGE": "#f2c94c",
        "GRID_LINE": "#444b57",
        "BLUEPRINT_LINE": "#d6dae1",
        "INK": "#e8ebf0",
        "MUTED_INK": "#aeb5c1",
        "CARD_FILL": "#2c3139",
        "CARD_EDGE": "#656e7c",
        "SELECTION": "#6aa6ff",
        "FLOW": "#b4bbc7",
        "CANVAS_BACKGROUND": "#1a1d23",
        "FAIL": "#f0564d",
        "EMOTION_GOOD": "#4cc184",
        "EMOTION_BAD": "#f0564d",
        "WAIT": "#f5b83d",
        "GUIDE": "#ff5cc8",
    },
    lane_fill={
        LaneKind.EVIDENCE: "#29253a",
        LaneKind.CUSTOMER: "#1e2a3a",
        LaneKind.FRONTSTAGE: "#1e2f28",
        LaneKind.BACKSTAGE: "#332c1d",
        LaneKind.SUPPORT: "#262a31",
        LaneKind.EMOTION: "#35212b",
        LaneKind.CUSTOM: "#1c3132",
    },
    lane_accent={
        LaneKind.EVIDENCE: "#a68cec",
        LaneKind.CUSTOMER: "#5aa5ec",
        LaneKind.FRONTSTAGE: "#4cc184",
        LaneKind.BACKSTAGE: "#e6a23c",
        LaneKind.SUPPORT: "#9ca4b2",
        LaneKind.EMOTION: "#ec5e92",
        LaneKind.CUSTOM: "#3cc4c4",
    },
    value_class={
        ValueClass.VALUE_ADDING: "#3fae6a",
        ValueClass.NECESSARY: "#7d8592",
        ValueClass.WASTE: "#e5483f",
    },
    card_tint=0.4,
    dark=True,
)

# Black, white and yellow; saturated accents; no tinted fills; heavier lines.
_HIGH_CONTRAST = Palette(
    "high-contrast",
    colours={
        "GUTTER_FILL": "#000000",
        "HEADER_FILL": "#000000",
        "HIGHLIGHT_FILL": "#3d3d00",
        "HIGHLIGHT_EDGE": "#ffff00",
        "GRID_LINE": "#ffffff",
        "BLUEPRINT_LINE": "#ffff00",
        "INK": "#ffffff",
        "MUTED_INK": "#ffffff",
        "CARD_FILL": "#000000",
        "CARD_EDGE": "#ffffff",
        "SELECTION": "#00ffff",
        "FLOW": "#ffffff",
        "CANVAS_BACKGROUND": "#000000",
        "FAIL": "#ff4d4d",
        "EMOTION_GOOD": "#00ff66",
        "EMOTION_BAD": "#ff4d4d",
        "WAIT": "#ffff00",
        "GUIDE": "#ff00ff",
    },
    lane_fill=dict.fromkeys(LaneKind, "#000000"),
    lane_accent={
        LaneKind.EVIDENCE: "#ff80ff",
        LaneKind.CUSTOMER: "#00e5ff",
        LaneKind.FRONTSTAGE: "#00ff66",
        LaneKind.BACKSTAGE: "#ffd000",
        LaneKind.SUPPORT: "#ffffff",
        LaneKind.EMOTION: "#ff66aa",
        LaneKind.CUSTOM: "#80ffff",
    },
    value_class={
        ValueClass.VALUE_ADDING: "#00ff66",
        ValueClass.NECESSARY: "#ffffff",
        ValueClass.WASTE: "#ff4d4d",
    },
    line_width=1.8,
    card_tint=0.45,
    dark=True,
)

# White paper; ink, lines and edges darker than on screen so that they survive a grey-scale printer.
_PRINT = replace(
    _LIGHT,
    name=PRINT,
    colours={
        **_LIGHT.colours,
        "HEADER_FILL": "#f3f4f6",
        "GRID_LINE": "#a3a8b1",
        "BLUEPRINT_LINE": "#111827",
        "INK": "#111827",
        "MUTED_INK": "#374151",
        "CARD_EDGE": "#6b7280",
        "FLOW": "#374151",
    },
    card_tint=0.3,
)

# Okabe & Ito's colour-universal design set, told apart with any of the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#e69f00",
    "sky blue": "#56b4e9",
    "bluish green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish purple": "#cc79a7",
}
_OI = OKABE_ITO
# Accents on light ground; on dark ground the dark blue gives way to sky blue and grey lightens.
_SAFE_ACCENTS_LIGHT = {
    LaneKind.EVIDENCE: _OI["reddish purple"],
    LaneKind.CUSTOMER: _OI["blue"],
    LaneKind.FRONTSTAGE: _OI["bluish green"],
    LaneKind.BACKSTAGE: _OI["orange"],
    LaneKind.SUPPORT: "#595959",
    LaneKind.EMOTION: _OI["vermillion"],
    LaneKind.CUSTOM: _OI["sky blue"],
}
_SAFE_ACCENTS_DARK = {
    **_SAFE_ACCENTS_LIGHT,
    LaneKind.CUSTOMER: _OI["sky blue"],
    LaneKind.SUPPORT: "#bdbdbd",
    LaneKind.CUSTOM: _OI["yellow"],
}


def _colour_blind_safe(base: Palette) -> Palette:
    """``base`` with lane accents, badges, value classes and the emotion curve from the Okabe-Ito set: red and
    green never carry a meaning alone (fail is vermillion, good is blue), and lane fills are tints of the accents."""
    accents = _SAFE_ACCENTS_DARK if base.dark else _SAFE_ACCENTS_LIGHT
    good = _OI["sky blue"] if base.dark else _OI["blue"]
    ground = QColor(base.colours["CANVAS_BACKGROUND"])
    if base.name == "high-contrast":
        fills = dict(base.lane_fill)  # no tinted fills in high contrast
    else:
        fills = {
            kind: mix(QColor(accent), ground, 0.18 if base.dark else 0.1).name() for kind, accent in accents.items()
        }
    return replace(
        base,
        colours={
            **base.colours,
            "FAIL": _OI["vermillion"],
            "EMOTION_GOOD": good,
            "EMOTION_BAD": _OI["vermillion"],
            "WAIT": _OI["yellow"],
            # Magenta reads as the selection's blue to many colour-blind eyes: the guides turn orange instead.
            "GUIDE": "#ff9f40" if base.dark else "#c85200",
        },
        lane_fill=fills,
        lane_accent=accents,
        value_class={
            ValueClass.VALUE_ADDING: good,
            ValueClass.NECESSARY: base.value_class[ValueClass.NECESSARY],
            ValueClass.WASTE: _OI["vermillion"],
        },
        colour_blind_safe=True,
    )


_BASES = {p.name: p for p in (_LIGHT, _DARK, _HIGH_CONTRAST, _PRINT)}


def palette(theme: str, *, colour_blind_safe: bool = False) -> Palette:
    """The palette of a theme (one of THEMES, or PRINT); ValueError names the themes for an unknown one."""
    base = _BASES.get(theme)
    if base is None:
        raise ValueError(f"Unknown theme '{theme}': use one of {', '.join(THEMES)}.")
    return _colour_blind_safe(base) if colour_blind_safe else base


# The constants the drawing code reads. They hold the light palette until another is put in place.
LANE_FILL = {kind: QColor(colour) for kind, colour in _LIGHT.lane_fill.items()}
LANE_ACCENT = {kind: QColor(colour) for kind, colour in _LIGHT.lane_accent.items()}
VALUE_CLASS = {value: QColor(colour) for value, colour in _LIGHT.value_class.items()}
GUTTER_FILL = QColor()
HEADER_FILL = QColor()
HIGHLIGHT_FILL = QColor()
HIGHLIGHT_EDGE = QColor()
GRID_LINE = QColor()
BLUEPRINT_LINE = QColor()
INK = QColor()
MUTED_INK = QColor()
CARD_FILL = QColor()
CARD_EDGE = QColor()
SELECTION = QColor()
FLOW = QColor()
CANVAS_BACKGROUND = QColor()
FAIL = QColor()
EMOTION_GOOD = QColor()
EMOTION_BAD = QColor()
WAIT = QColor()
GUIDE = QColor()


class _StyleSignals(QObject):
    changed = Signal()  # the palette of the screen changed, or an export put it back: redraw


signals = _StyleSignals()
_state: dict[str, Palette] = {"screen": _LIGHT, "active": _LIGHT}


def _put_in_place(p: Palette) -> None:
    """Make the module's colour constants hold palette ``p`` (in place: readers keep their references)."""
    constants = globals()
    for name in _COLOUR_NAMES:
        constants[name].setRgba(QColor(p.colours[name]).rgba())
    for kind, colour in p.lane_fill.items():
        LANE_FILL.setdefault(kind, QColor()).setRgba(QColor(colour).rgba())
    for kind, colour in p.lane_accent.items():
        LANE_ACCENT.setdefault(kind, QColor()).setRgba(QColor(colour).rgba())
    for value, colour in p.value_class.items():
        VALUE_CLASS.setdefault(value, QColor()).setRgba(QColor(colour).rgba())
    _state["active"] = p


_put_in_place(_LIGHT)


def use_theme(theme: str, *, colour_blind_safe: bool = False) -> Palette:
    """Show the drawing in ``theme`` from now on, and tell the scenes to redraw; returns the palette."""
    if theme == PRINT:
        raise ValueError("The print palette is for exports: see palette_for_export.")
    p = palette(theme, colour_blind_safe=colour_blind_safe)
    _state["screen"] = p
    _put_in_place(p)
    signals.changed.emit()
    return p


def screen_palette() -> Palette:
    """The palette the user chose for the screen."""
    return _state["screen"]


def active_palette() -> Palette:
    """The palette the constants hold now: the screen's, or the print palette while an export draws."""
    return _state["active"]


@contextmanager
def palette_for_export(keep_screen_theme: bool = False) -> Iterator[Palette]:
    """Draw in the print palette (white paper, dark ink; colour-blind-safe when the screen is) inside the block,
    or, with ``keep_screen_theme``, in the palette of the screen. Build the export's scene and draw it inside the
    block: items read the colours when they paint. The palette before the block is back afterwards, even on an
    error, and scenes are told to redraw in case anything painted meanwhile."""
    before = _state["active"]
    screen = _state["screen"]
    wanted = screen if keep_screen_theme else palette(PRINT, colour_blind_safe=screen.colour_blind_safe)
    if wanted == before:
        yield before
        return
    _put_in_place(wanted)
    try:
        yield wanted
    finally:
        _put_in_place(before)
        signals.changed.emit()


def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    """``share_of_a`` of colour ``a`` over colour ``b``, as paint mixes (0: all ``b``; 1: all ``a``)."""
    t = min(max(share_of_a, 0.0), 1.0)
    return QColor.fromRgbF(
        a.redF() * t + b.redF() * (1 - t),
        a.greenF() * t + b.greenF() * (1 - t),
        a.blueF() * t + b.blueF() * (1 - t),
    )


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Pure black and white: one of them reaches a contrast of at least 4.58 (the square root of 21) on any fill.
_DARK_INK = QColor("#000000")
_LIGHT_INK = QColor("#ffffff")


def ink_on(fill: QColor) -> QColor:
    """Text colour for ``fill``: black or white, whichever reads better on it (badges, tinted cards)."""
    return QColor(_DARK_INK if contrast(_DARK_INK, fill) >= contrast(_LIGHT_INK, fill) else _LIGHT_INK)


def card_fill(colour: str | None) -> QColor:
    """The fill of a card: the theme's card colour, tinted with the card's own colour (#rrggbb) when it has one."""
    if not colour or not QColor.isValidColorName(colour):
        return QColor(CARD_FILL)
    return mix(QColor(colour), CARD_FILL, _state["active"].card_tint)


_scale = {"text": 1.0, "line": 1.0}


def set_presentation_scale(text: float, line: float) -> None:
    """Draw type and lines larger (presentation mode, for the back of a room) or, with 1 and 1, as usual.
    Items take the scale when they are made, so the scene is rebuilt after a change."""
    _scale["text"] = text
    _scale["line"] = line


def stroke(width: float) -> float:
    """A line width, scaled for presentation and for the theme (heavier in high contrast)."""
    return width * _scale["line"] * _state["active"].line_width


def rule(width: float = 1.0) -> float:
    """A thin rule (grid, lane edges, phase rules): heavier in high contrast only."""
    return width * _state["active"].line_width


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
