"""Editing a card's text in place: Enter commits, Shift+Enter breaks the line, Esc cancels."""

from __future__ import annotations

from collections.abc import Callable

from blueprint_editor.canvas import style
from blueprint_editor.canvas.inline_editor import InlineTextEditor
from blueprint_editor.canvas.step_item import TEXT_PADDING, StepItem
from blueprint_editor.model.geometry import CARD_WIDTH


class StepLabelEditor(InlineTextEditor):
    """A plain-text editor laid over a card; calls ``on_done(text)`` or ``on_done(None)`` once, then goes away."""

    multiline = True

    def __init__(self, card: StepItem, on_done: Callable[[str | None], None]) -> None:
        super().__init__(card, card.label, on_done, font=style.card_font(), width=CARD_WIDTH - 2 * TEXT_PADDING + 8)
        self._card = card
        self.setPos(TEXT_PADDING - 4, 6)
        card.set_editing(True)

    def _ended(self) -> None:
        self._card.set_editing(False)
