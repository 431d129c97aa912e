"""Starting the editor: the application object, one main window, the file from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from blueprint_editor import __version__
from blueprint_editor.ui.main_window import MainWindow


def run(path: Path | None = None) -> int:
    """Show the editor, open ``path`` if given, and run until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Blueprint Editor")
    app.setOrganizationName("Blueprint Editor")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("blueprint-editor")
    window = MainWindow()
    screen = window.screen().availableGeometry()
    window.resize(int(screen.width() * 0.92), int(screen.height() * 0.92))
    window.move(screen.center() - window.rect().center())
    window.show()
    if path is None or not window.open_path(path):
        window.view.show_beginning()
    return app.exec()
