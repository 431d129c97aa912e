"""Autosave: a copy of unsaved work a few seconds after the last edit, and at least every minute while editing."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer, Signal

from blueprint_editor.editing import DocumentController
from blueprint_editor.io import BlueprintFileError
from blueprint_editor.io.autosave import AutosaveStore

QUIET_MS = 3_000
DEFAULT_INTERVAL_S = 60
MIN_INTERVAL_S = 5
INTERVAL_KEY = "autosave/interval_s"
FOLDER_ENV = "BLUEPRINT_EDITOR_AUTOSAVE_DIR"


def autosave_folder() -> Path:
    """The application data folder's autosave/ (or the folder named by BLUEPRINT_EDITOR_AUTOSAVE_DIR)."""
    override = os.environ.get(FOLDER_ENV)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "autosave"


def autosave_interval_s() -> int:
    """The longest time unsaved work goes without an autosave while the user keeps editing (a setting)."""
    value = QSettings().value(INTERVAL_KEY, DEFAULT_INTERVAL_S)
    try:
        return max(MIN_INTERVAL_S, int(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL_S


def set_autosave_interval_s(seconds: int) -> None:
    QSettings().setValue(INTERVAL_KEY, max(MIN_INTERVAL_S, int(seconds)))


class Autosaver(QObject):
    """Keeps this window's autosave entry in step with its unsaved changes; removes it once they are saved."""

    failed = Signal(str)
    saved = Signal()

    def __init__(
        self,
        controller: DocumentController,
        store: AutosaveStore,
        current_path: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._store = store
        self._current_path = current_path
        self.entry_id = store.new_entry_id()
        self._last_write = time.monotonic()
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.autosave_now)
        stack = controller.undo_stack
        stack.indexChanged.connect(self._on_edit)
        stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def store(self) -> AutosaveStore:
        return self._store

    def _on_edit(self) -> None:
        stack = self._controller.undo_stack
        if not shiboken6.isValid(stack):
            return  # the window is being torn down: its stack announces its own clearing on the way out
        if stack.isClean():
            self.discard()
            return
        self._quiet.start()
        # A user who never pauses for QUIET_MS still gets a copy at least every interval.
        if time.monotonic() - self._last_write >= autosave_interval_s():
            self.autosave_now()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean and shiboken6.isValid(self._controller.undo_stack):
            self.discard()

    def autosave_now(self) -> bool:
        """Write the unsaved document now; False when there was nothing to write or it failed."""
        self._quiet.stop()
        if self._controller.undo_stack.isClean():
            return False
        try:
            self._store.write(self.entry_id, self._controller.document, self._current_path())
        except BlueprintFileError as error:
            self.failed.emit(str(error))
            return False
        self._last_write = time.monotonic()
        self.saved.emit()
        return True

    def adopt(self, entry_id: str) -> None:
        """Continue a recovered entry, so that its copy is replaced rather than duplicated."""
        self._store.remove(self.entry_id)
        self.entry_id = entry_id
        self.autosave_now()

    def discard(self) -> None:
        """The work is saved or thrown away: its autosave goes."""
        self._quiet.stop()
        self._store.remove(self.entry_id)
