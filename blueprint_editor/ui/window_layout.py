"""Where the user left the window and its docks: remembered when a main window closes, given to the next one.

The docks (Inspector, Analysis, Overview: where they sit, whether they are shown, floating or tabbed) and the
toolbar are Qt's ``saveState``; the window's size, position and maximised state are ``saveGeometry``. Both are
kept as Qt writes them in the application's settings. The state carries ``LAYOUT_VERSION``: a release that adds,
removes or renames a dock raises it, and a layout saved before is then ignored rather than half applied.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

# Raise when the window's docks or toolbars change (their object names or their number).
LAYOUT_VERSION = 1
STATE_KEY = "window/state"
GEOMETRY_KEY = "window/geometry"


def _settings() -> QSettings:
    """Where the layout is kept: the application's settings (tests point this at a file of their own)."""
    return QSettings()


def remember_layout(window: QMainWindow) -> None:
    """Keep the window's dock layout and geometry for the next window (called as it closes). Nothing is written
    when they are as already kept: every write is a file written and synced."""
    settings = _settings()
    for key, value in ((STATE_KEY, window.saveState(LAYOUT_VERSION)), (GEOMETRY_KEY, window.saveGeometry())):
        if _bytes(settings.value(key)) != value:
            settings.setValue(key, value)


def restore_layout(window: QMainWindow) -> bool:
    """Give a window, before it is first shown, the docks and the geometry last kept. The docks are restored
    whenever the kept state is of this version; True when the geometry was too, False leaves the sizing to the
    caller.

    Qt brings a kept geometry that lies off every screen back onto one, and refuses one kept on a screen of quite
    another width (a projector unplugged): that refusal is the False that leaves the sizing to the caller."""
    settings = _settings()
    state = _bytes(settings.value(STATE_KEY))
    if state is not None:
        window.restoreState(state, LAYOUT_VERSION)  # False, and nothing changed, for another version or garbage
    geometry = _bytes(settings.value(GEOMETRY_KEY))
    return geometry is not None and window.restoreGeometry(geometry)


def _bytes(value: object) -> QByteArray | None:
    """A value read back from the settings as the bytes Qt wrote, or None for anything else (a missing key, a
    settings file edited by hand)."""
    if isinstance(value, QByteArray):
        return value if not value.isEmpty() else None
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None
