"""The find bar under the canvas (Ctrl+F): type to find steps by their text, description or notes.

Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous one; the match is selected and
centred in the view at the current zoom. Esc closes the bar and hands the keyboard back to the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGraphicsView, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.selection import select_steps, visible_step_ids
from blueprint_editor.model.navigation import find_steps


class FindBar(QWidget):
    """A search field with next/previous buttons and a "3 of 7" count, hidden until Ctrl+F."""

    def __init__(self, scene: BlueprintScene, view: QGraphicsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._view = view
        self._current: str | None = None
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find steps by their text, description or notes")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("888 of 888") + 8)
        self.previous_button = self._button("▲", "Previous match (Shift+Enter, Shift+F3)", self.find_previous)
        self.next_button = self._button("▼", "Next match (Enter, F3)", self.find_next)
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(QLabel("Find:", self))
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.close_button)
        self.field.textChanged.connect(self._on_text_changed)
        controller = scene.controller
        # Bound methods, not lambdas: Qt lets go of them when the bar goes, before the controller does.
        for signal in (controller.step_added, controller.step_removed, controller.step_changed):
            signal.connect(self._on_step_changed)
        scene.scenario_shown.connect(self._on_text_changed)
        scene.background_redrawn.connect(self._refresh_count)  # a lane removed (even in place) takes its matches
        self.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # Opening and closing

    def open_bar(self) -> None:
        """Show the bar with the keyboard in the field, its text selected for typing over."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._refresh_count()

    def close_bar(self) -> None:
        self.hide()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            key = key_event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # Matches

    def matches(self) -> list[str]:
        """The matching steps on show, in reading order."""
        shown = visible_step_ids(self._scene)
        return [sid for sid in find_steps(self._scene.scenario, self.field.text()) if sid in shown]

    def find_next(self) -> str | None:
        return self._go(1)

    def find_previous(self) -> str | None:
        return self._go(-1)

    def _go(self, step: int) -> str | None:
        if not self.isVisible():
            self.open_bar()
        matches = self.matches()
        if not matches:
            self._current = None
            self._refresh_count()
            return None
        if self._current in matches:
            index = (matches.index(self._current) + step) % len(matches)
        else:
            index = 0 if step > 0 else len(matches) - 1
        return self._show(matches[index])

    def _on_step_changed(self, _scenario_id: str, _step_id: str) -> None:
        self._refresh_count()

    def _on_text_changed(self, _text: str) -> None:
        # Typing goes to the first match at once, as in a browser's find bar.
        self._current = None
        matches = self.matches()
        if matches and self.isVisible():
            self._show(matches[0])
        else:
            self._refresh_count()

    def _show(self, step_id: str) -> str:
        self._current = step_id
        select_steps(self._scene, [step_id])
        item = self._scene.step_item(step_id)
        if item is not None:
            self._view.centerOn(item.scene_card_rect().center())
        self._refresh_count()
        return step_id

    def _refresh_count(self) -> None:
        if not self.isVisible() or not self.field.text().strip():
            self.count.setText("")
            return
        matches = self.matches()
        if not matches:
            self.count.setText("No matches")
        elif self._current in matches:
            self.count.setText(f"{matches.index(self._current) + 1} of {len(matches)}")
        else:
            self.count.setText(f"{len(matches)} found")
