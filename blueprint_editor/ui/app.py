"""Starting the editor: the application object, the main window, recovery of work left by a crash."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from blueprint_editor import __version__
from blueprint_editor.io.autosave import AutosaveEntry, AutosaveStore
from blueprint_editor.model import Document
from blueprint_editor.resources import icon_path
from blueprint_editor.ui import quit_when_shown, window_layout
from blueprint_editor.ui.autosave import autosave_folder
from blueprint_editor.ui.main_window import MainWindow
from blueprint_editor.ui.recovery import offer_recovery

# Windows opened for recovered work stay referenced here for as long as the application runs.
_windows: list[MainWindow] = []


def new_window(store: AutosaveStore) -> MainWindow:
    """A main window with the docks, size and place the last one closed had (or sized to the screen), shown."""
    window = MainWindow(store)
    if not window_layout.restore_layout(window):
        window.setWindowState(Qt.WindowState.WindowNoState)  # not maximised on a screen that has gone
        screen = window.screen().availableGeometry()
        window.resize(int(screen.width() * 0.92), int(screen.height() * 0.92))
        window.move(screen.center() - window.rect().center())
    window.show()
    _windows.append(window)
    return window


def run(path: Path | None = None) -> int:
    """Show the editor, offer to recover crashed work, open ``path`` if given, and run until the last window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Blueprint Editor")
    app.setOrganizationName("Blueprint Editor")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("blueprint-editor")
    # The SVG stays sharp at every size a desktop asks for (title bar, task switcher, dock).
    app.setWindowIcon(QIcon(str(icon_path())))
    store = AutosaveStore(autosave_folder())
    window = new_window(store)
    if path is None or not window.open_path(path):
        window.view.show_beginning()

    def show_recovered(document: Document, entry: AutosaveEntry) -> None:
        # Recovered work gets the first window when it holds nothing yet, a window of its own otherwise.
        untouched = window.files.path is None and window.controller.undo_stack.count() == 0 and path is None
        target = window if untouched and not window.isWindowModified() else new_window(store)
        target.files.recover(document, entry)

    offer_recovery(store, show_recovered, window)
    if quit_when_shown.wanted():  # start-up and open benchmarks (tests/perf)
        quit_when_shown.quit_when_shown(window.view.viewport(), lambda: window.scene.progressive.busy)
    return app.exec()
