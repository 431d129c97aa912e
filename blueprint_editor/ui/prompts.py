"""The editor's questions and messages, always in plain text. Tests replace ``ask`` and ``tell`` here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tell(parent: QWidget | None, title: str, text: str, *, warning: bool = True) -> None:
    """Show a message; its text may quote file contents, so it is never rendered as markup."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, informative: str, choices: list[str]) -> str | None:
    """Ask a question with buttons labelled ``choices`` (the first is the default, the last is what Esc picks);
    returns the chosen label, or None when the box was closed without one."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setInformativeText(informative)
    buttons = {}
    for number, label in enumerate(choices):
        if number == len(choices) - 1 and len(choices) > 1:
            role = QMessageBox.ButtonRole.RejectRole
        elif number == 0:
            role = QMessageBox.ButtonRole.AcceptRole
        else:
            role = QMessageBox.ButtonRole.DestructiveRole
        buttons[label] = box.addButton(label, role)
    box.setDefaultButton(buttons[choices[0]])
    box.setEscapeButton(buttons[choices[-1]])
    box.exec()
    clicked = box.clickedButton()
    return next((label for label, button in buttons.items() if button is clicked), None)
