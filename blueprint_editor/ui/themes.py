"""Themes of the editor: light, dark or high contrast, each with or without the colour-blind-safe palette.

The drawing's colours live in :mod:`blueprint_editor.canvas.style`; this module remembers the user's choice
(QSettings), puts it in place at start-up, gives the application's widgets matching colours, and offers the
View > Theme menu. Exports draw in the print palette whatever is chosen here (see ``style.palette_for_export``).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from blueprint_editor.canvas import style

# The scope app.run gives the application, named here so that the command line (which has no such names set)
# reads the same settings as the editor.
SETTINGS_SCOPE = ("Blueprint Editor", "Blueprint Editor")
THEME_KEY = "view/theme"
COLOUR_BLIND_KEY = "view/colour_blind_safe"
DEFAULT_THEME = "light"

# What the widgets looked like before any theme was applied: the light theme gives it back.
_native: dict[str, object] = {}
# Fusion draws the frames of text fields and check boxes in a shade of the window colour, which on black is black:
# high contrast draws them itself (a check box ticked is filled yellow).
HIGH_CONTRAST_SHEET = (
    "QLineEdit, QPlainTextEdit { border: 1px solid #ffffff; padding: 1px; background: #000000; color: #ffffff; }"
    " QLineEdit:focus, QPlainTextEdit:focus { border: 2px solid #ffff00; }"
    " QLineEdit:disabled, QPlainTextEdit:disabled { border-color: #b3b3b3; }"
    " QCheckBox::indicator { width: 12px; height: 12px; border: 2px solid #ffffff; background: #000000; }"
    " QCheckBox::indicator:checked { background: #ffff00; }"
    " QCheckBox::indicator:disabled { border-color: #b3b3b3; }"
)


def _settings() -> QSettings:
    return QSettings(*SETTINGS_SCOPE)


def remembered_theme() -> tuple[str, bool]:
    """The theme and colour-blind choice last made (light and off when none was, or the setting is unreadable)."""
    settings = _settings()
    theme = str(settings.value(THEME_KEY, DEFAULT_THEME))
    safe = settings.value(COLOUR_BLIND_KEY, False)
    colour_blind = safe is True or str(safe).lower() in ("true", "1", "yes")
    return (theme if theme in style.THEMES else DEFAULT_THEME), colour_blind


def show_theme(theme: str, *, colour_blind_safe: bool = False, remember: bool = True, widgets: bool = True) -> None:
    """Draw the blueprints (every open scene redraws) and, with ``widgets``, the application in ``theme``;
    with ``remember``, the next start opens in it too."""
    palette = style.use_theme(theme, colour_blind_safe=colour_blind_safe)
    if widgets:
        _style_widgets(palette)
    if remember:
        settings = _settings()
        settings.setValue(THEME_KEY, theme)
        settings.setValue(COLOUR_BLIND_KEY, colour_blind_safe)


def restore_remembered_theme(*, widgets: bool = True) -> None:
    """Put the remembered theme in place (at start-up, or for an export that keeps the screen's theme)."""
    theme, colour_blind = remembered_theme()
    current = style.screen_palette()
    if (current.name, current.colour_blind_safe) != (theme, colour_blind) or (widgets and not _native):
        show_theme(theme, colour_blind_safe=colour_blind, remember=False, widgets=widgets)


def _style_widgets(palette: style.Palette) -> None:
    """Menus, docks and dialogs in the theme's colours. Fusion draws from QPalette faithfully on every platform,
    so dark and high contrast use it; light gives back the platform's own style and colours."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _native:
        _native["style"] = app.style().name()
        _native["palette"] = QPalette(app.palette())
    if not palette.dark:
        if app.style().name() != _native["style"]:
            app.setStyle(str(_native["style"]))
        app.setPalette(_native["palette"])  # type: ignore[arg-type]
    else:
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(widget_palette(palette))
    sheet = HIGH_CONTRAST_SHEET if palette.name == "high-contrast" else ""
    if app.styleSheet() in (HIGH_CONTRAST_SHEET, "") and app.styleSheet() != sheet:  # never another's sheet
        app.setStyleSheet(sheet)


def widget_palette(palette: style.Palette) -> QPalette:
    """The QPalette of a dark theme's widgets: the canvas's ground, ink and selection colours."""
    high_contrast = palette.name == "high-contrast"
    c = palette.colour
    ground, ink = c("CANVAS_BACKGROUND"), c("INK")
    panel = QColor("#000000") if high_contrast else c("GUTTER_FILL")
    raised = QColor("#000000") if high_contrast else c("CARD_FILL")
    highlight = QColor("#ffff00") if high_contrast else QColor("#2f62c7")
    disabled = QColor("#b3b3b3") if high_contrast else QColor("#7a828f")
    edge = QColor("#ffffff") if high_contrast else c("CARD_EDGE")
    roles = QPalette.ColorRole
    result = QPalette()
    for role, colour in (
        (roles.Window, panel),
        (roles.WindowText, ink),
        (roles.Base, ground),
        (roles.AlternateBase, raised),
        (roles.ToolTipBase, raised),
        (roles.ToolTipText, ink),
        (roles.PlaceholderText, disabled),
        (roles.Text, ink),
        (roles.Button, raised),
        (roles.ButtonText, ink),
        (roles.BrightText, c("FAIL")),
        (roles.Highlight, highlight),
        (roles.HighlightedText, style.ink_on(highlight)),
        (roles.Link, c("SELECTION")),
        (roles.LinkVisited, c("SELECTION")),
        # Fusion draws frames and separators from these: light enough to see on the dark ground.
        (roles.Light, edge),
        (roles.Midlight, edge),
        (roles.Mid, edge),
        (roles.Dark, edge),
        (roles.Shadow, QColor("#000000")),
    ):
        result.setColor(role, colour)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        result.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return result


class ThemeMenu(QMenu):
    """View > Theme: Light, Dark, High contrast (one of them), and the colour-blind-safe palette (on or off).
    Making one puts the remembered theme in place, so the first window of a session opens in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("&Theme", parent)
        self.setObjectName("theme-menu")
        self.setStatusTip("Colours of the editor and its blueprints; exports keep the print palette")
        self.theme_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for theme in style.THEMES:
            action = QAction(f"&{style.THEME_TITLES[theme]}", self)
            action.setCheckable(True)
            action.setData(theme)
            action.triggered.connect(lambda _=False, t=theme: self._choose(theme=t))
            group.addAction(action)
            self.addAction(action)
            self.theme_actions[theme] = action
        self.addSeparator()
        self.colour_blind = QAction("&Colour-blind-safe Palette", self)
        self.colour_blind.setCheckable(True)
        self.colour_blind.setStatusTip(
            "Lane colours and badges from a set that people with colour-vision deficiencies tell apart"
        )
        self.colour_blind.triggered.connect(lambda on: self._choose(colour_blind_safe=on))
        self.addAction(self.colour_blind)
        restore_remembered_theme()
        style.signals.changed.connect(self._show_choice)
        self._show_choice()

    def _choose(self, *, theme: str | None = None, colour_blind_safe: bool | None = None) -> None:
        current = style.screen_palette()
        show_theme(
            theme or current.name,
            colour_blind_safe=current.colour_blind_safe if colour_blind_safe is None else colour_blind_safe,
        )

    def _show_choice(self) -> None:
        """Check what is in use (another window may have changed it)."""
        current = style.screen_palette()
        action = self.theme_actions.get(current.name)
        if action is not None:
            action.setChecked(True)
        self.colour_blind.setChecked(current.colour_blind_safe)
