"""After a crash: offer each autosaved document left behind, to recover, discard, or decide later."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from blueprint_editor.io import BlueprintFileError
from blueprint_editor.io.autosave import AutosaveEntry, AutosaveStore
from blueprint_editor.model import Document

RECOVER, DISCARD, LATER = "recover", "discard", "later"


def describe(entry: AutosaveEntry) -> str:
    """One paragraph naming the work: its title, file and when it was autosaved."""
    when = entry.saved_at.astimezone().strftime("%d %b %Y at %H:%M")
    source = f"from {entry.original.name}" if entry.original else "never saved"
    return f"“{entry.title}” ({source}), {entry.steps} steps, autosaved on {when}."


def ask_what_to_do(entry: AutosaveEntry, parent: QWidget | None) -> str:
    """Ask the user about one left-over document: RECOVER, DISCARD or LATER."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved work")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Blueprint Editor closed without saving this work:\n\n" + describe(entry))
    box.setInformativeText("Recover it now, discard it for good, or decide at the next start?")
    recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("Decide Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    if clicked is recover:
        return RECOVER
    if clicked is discard:
        return DISCARD
    return LATER


def offer_recovery(
    store: AutosaveStore,
    show: Callable[[Document, AutosaveEntry], None],
    parent: QWidget | None = None,
    ask: Callable[[AutosaveEntry, QWidget | None], str] = ask_what_to_do,
) -> int:
    """Go through the left-over autosaves; ``show`` opens each recovered one. Returns how many were recovered."""
    recovered = 0
    for entry in store.left_over():
        choice = ask(entry, parent)
        if choice == DISCARD:
            store.remove(entry.entry_id)
        elif choice == RECOVER:
            try:
                document = store.load(entry)
            except BlueprintFileError as error:
                box = QMessageBox(QMessageBox.Icon.Warning, "Cannot recover", str(error), parent=parent)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.exec()
                continue
            show(document, entry)
            recovered += 1
    return recovered
