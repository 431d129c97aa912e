"""The open document's file: open, save, save as, backups, changes made on disk by others, autosave, recovery."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from blueprint_editor.editing import DocumentController
from blueprint_editor.io import BlueprintFileError, load_document, save_document
from blueprint_editor.io.atomic import fingerprint
from blueprint_editor.io.autosave import AutosaveEntry, AutosaveStore
from blueprint_editor.io.templates import Template, open_template
from blueprint_editor.model import Document
from blueprint_editor.model.document import blank_document
from blueprint_editor.ui import prompts
from blueprint_editor.ui.autosave import Autosaver

FILE_FILTER = "Blueprints (*.json);;All files (*)"
CSV_FILTER = "Tables (*.csv);;All files (*)"
BACKUP_KEY = "files/keep_backup"

SAVE, DISCARD, CANCEL = "Save", "Don't Save", "Cancel"
RELOAD, KEEP = "Reload", "Keep My Version"
OVERWRITE, SAVE_AS = "Overwrite", "Save As…"
OPEN_REPAIRED = "Open Repaired Copy"


class DocumentFiles(QObject):
    """Ties the controller's document to a file on disk, and keeps unsaved work safe."""

    path_changed = Signal()
    status = Signal(str)

    def __init__(self, window: QWidget, controller: DocumentController, store: AutosaveStore) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self.path: Path | None = None
        self._disk_fingerprint: str | None = None
        self._declined_fingerprint: str | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_disk_change)
        self.autosaver = Autosaver(controller, store, lambda: self.path, self)
        self.autosaver.failed.connect(lambda message: self.status.emit(f"Autosave failed: {message}"))

    # Settings

    @property
    def keep_backup(self) -> bool:
        return QSettings().value(BACKUP_KEY, False, type=bool)  # type: ignore[no-any-return]

    @keep_backup.setter
    def keep_backup(self, on: bool) -> None:
        QSettings().setValue(BACKUP_KEY, on)

    # Showing a document

    def show(self, document: Document, path: Path | None, *, modified: bool = False) -> None:
        """Make ``document`` the open one, read from ``path`` (None: untitled); ``modified`` marks it unsaved."""
        self.autosaver.discard()
        self._controller.replace_document(document)
        if modified:
            self._controller.undo_stack.resetClean()  # never clean until saved: it exists only in memory
        self._set_path(path, fingerprint(path) if path else None)

    def _set_path(self, path: Path | None, disk_fingerprint: str | None) -> None:
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self.path = path
        self._disk_fingerprint = disk_fingerprint
        self._declined_fingerprint = None
        if path is not None and path.exists():
            self._watcher.addPath(str(path))
            folder = str(path.resolve().parent)
            if self.folder() != folder:  # unchanged, it is not written again: a file write delays opening
                QSettings().setValue("last_folder", folder)
        self.path_changed.emit()

    def folder(self) -> str:
        return str(QSettings().value("last_folder", str(Path.home())))

    # Commands of the File menu

    def new(self) -> None:
        if self.maybe_save():
            self.show(blank_document(), None)

    def new_from_template(self, template: Template) -> None:
        """Start an untitled document from a template."""
        if not self.maybe_save():
            return
        try:
            document = open_template(template)
        except BlueprintFileError as error:
            prompts.tell(self._window, "Cannot open template", error.full_message())
            return
        self.show(document, None)
        self.status.emit(f"New blueprint from the {template.name} template: Save gives it a name")

    def import_csv_dialog(self) -> None:
        """Start an untitled blueprint from a table of steps (a CSV file)."""
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self._window, "Import CSV", self.folder(), CSV_FILTER)
        if name:
            self.import_csv(Path(name))

    def import_csv(self, path: Path) -> bool:
        from blueprint_editor.io.csv_io import load_csv  # on demand: the first window needs no CSV

        try:
            imported = load_csv(path)
        except BlueprintFileError as error:
            prompts.tell(self._window, "Cannot import CSV", error.full_message())
            return False
        self.show(imported.document, None, modified=True)
        if imported.warnings:
            prompts.tell(self._window, "Imported with warnings", "\n".join(imported.warnings[:20]), warning=False)
        self.status.emit(f"Imported {path.name}: save it as a blueprint to keep it")
        return True

    def export_csv_dialog(self) -> None:
        base = self.path.with_suffix(".csv") if self.path else Path(self.folder()) / "blueprint.csv"
        name, _ = QFileDialog.getSaveFileName(self._window, "Export CSV", str(base), CSV_FILTER)
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path) -> bool:
        from blueprint_editor.io.csv_io import export_warnings, save_csv  # on demand, as in import_csv

        try:
            save_csv(self._controller.document, path)
        except BlueprintFileError as error:
            prompts.tell(self._window, "Cannot export CSV", error.full_message())
            return False
        lost = export_warnings(self._controller.document)
        if lost:
            prompts.tell(self._window, "Exported, with some details left out", "\n".join(lost[:20]), warning=False)
        self.status.emit(f"Exported {path.name}")
        return True

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self._window, "Open blueprint", self.folder(), FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open a file; on failure say why (offering a repaired copy where one is safe) and change nothing."""
        try:
            document = load_document(path)
        except BlueprintFileError as error:
            if error.repaired is None:
                prompts.tell(self._window, "Cannot open blueprint", error.full_message())
                return False
            repairs = "\n".join(f"  - {r}" for r in error.repairs[:10])
            choice = prompts.ask(
                self._window,
                "Cannot open blueprint",
                error.full_message(),
                f"A repaired copy can be opened, untitled, with these changes:\n{repairs}",
                [OPEN_REPAIRED, CANCEL],
            )
            if choice != OPEN_REPAIRED:
                return False
            self.show(error.repaired, None, modified=True)
            self.status.emit(f"Opened a repaired copy of {path.name}: save it under a name of your choice")
            return True
        self.show(document, path)
        return True

    def save(self) -> bool:
        return self.save_as() if self.path is None else self.save_to(self.path)

    def save_as(self) -> bool:
        suggested = str(self.path) if self.path else str(Path(self.folder()) / "Untitled.json")
        name, _ = QFileDialog.getSaveFileName(self._window, "Save blueprint", suggested, FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        return self.save_to(path if path.suffix else path.with_suffix(".json"))

    def save_to(self, path: Path) -> bool:
        """Write the document to ``path``; on failure say why, keep everything, and offer to save elsewhere."""
        if path == self.path and not self._may_overwrite(path):
            return False
        try:
            save_document(self._controller.document, path, backup=self.keep_backup)
        except BlueprintFileError as error:
            choice = prompts.ask(
                self._window,
                "Cannot save blueprint",
                error.full_message(),
                "The file on disk is as it was. Your work is still open, and autosaved.",
                [SAVE_AS, CANCEL],
            )
            return choice == SAVE_AS and self.save_as()
        self._controller.undo_stack.setClean()
        self._set_path(path, fingerprint(path))
        self.status.emit(f"Saved {path.name}")
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels."""
        if self._controller.undo_stack.isClean():
            return True
        name = self.path.name if self.path else "Untitled"
        choice = prompts.ask(
            self._window,
            "Blueprint Editor",
            f"Save the changes to {name} before closing?",
            "Your changes will be lost if you don't save them.",
            [SAVE, DISCARD, CANCEL],
        )
        if choice == SAVE:
            return self.save()
        if choice == DISCARD:
            self.autosaver.discard()
            return True
        return False

    def closing(self) -> None:
        """The window closes with nothing left to save: no autosave should outlive it, nor any watch on its file."""
        self.autosaver.discard()
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())

    def recover(self, document: Document, entry: AutosaveEntry) -> None:
        """Show recovered work, unsaved, under its original file name, and keep autosaving into its entry."""
        self.show(document, entry.original, modified=True)
        self.autosaver.adopt(entry.entry_id)
        self.status.emit("Recovered unsaved work: save it to keep it")

    # Someone else changing the file

    def _may_overwrite(self, path: Path) -> bool:
        on_disk = fingerprint(path)
        if on_disk is None or on_disk == self._disk_fingerprint:
            return True
        choice = prompts.ask(
            self._window,
            "File changed on disk",
            f"{path.name} was changed by another program since you opened it.",
            "Overwrite it with your version, or save yours under another name?",
            [SAVE_AS, OVERWRITE, CANCEL],
        )
        if choice == OVERWRITE:
            return True
        if choice == SAVE_AS:
            self.save_as()
        return False

    def _on_disk_change(self, name: str) -> None:
        path = Path(name)
        if self.path is None or path != self.path:
            return
        if path.exists() and name not in self._watcher.files():
            self._watcher.addPath(name)  # a replace by rename drops the watch
        on_disk = fingerprint(path)
        if on_disk is None or on_disk in (self._disk_fingerprint, self._declined_fingerprint):
            return
        unsaved = not self._controller.undo_stack.isClean()
        choice = prompts.ask(
            self._window,
            "File changed on disk",
            f"{path.name} was changed by another program.",
            "Reload it? Your unsaved changes would be lost." if unsaved else "Reload it to see the changes?",
            [RELOAD, KEEP],
        )
        if choice == RELOAD:
            self.open_path(path)
        else:
            self._declined_fingerprint = on_disk
