"""The editor over a lane title or a phase header while it is renamed in place (canvas/structure_gestures.py).

A module of its own, imported when the first rename starts: the first window draws grips, not editors.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from blueprint_editor.canvas import style
from blueprint_editor.canvas.inline_editor import InlineTextEditor


class TitleEditor(InlineTextEditor):
    """A one-line plain-text editor over a lane title or phase header: Enter keeps, Esc cancels, clicking away
    keeps. Calls ``on_done(text)`` or ``on_done(None)`` once, then removes itself.

    It lives among the scene's overlays, which a redraw of the scene keeps, since keeping a title redraws it.
    """

    def __init__(self, rect: QRectF, text: str, on_done: Callable[[str | None], None]) -> None:
        super().__init__(None, text, on_done, font=style.lane_title_font(), width=rect.width(), centred=False)
        self.setPos(rect.left(), rect.top() + max(0.0, (rect.height() - self.boundingRect().height()) / 2))

    def _ended(self) -> None:
        self.clearFocus()

    def _detach(self, scene: QGraphicsScene) -> None:
        remove_overlay = getattr(scene, "remove_overlay", None)
        if remove_overlay is not None:
            remove_overlay(self)
        else:
            scene.removeItem(self)
