"""Selection helpers shared by the keyboard, the clipboard and Find: select cards and bring them into view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsView

from blueprint_editor.canvas.scene import BlueprintScene

# Room kept around a card brought into view, so that it does not sit against the window's edge.
REVEAL_MARGIN = 48


def select_steps(scene: BlueprintScene, step_ids: Iterable[str]) -> list[str]:
    """Make these steps (those on show) the selection, and nothing else; returns the ids selected."""
    scene.clearSelection()
    chosen = []
    for step_id in step_ids:
        item = scene.step_item(step_id)
        if item is not None and item.isVisible():
            item.setSelected(True)
            chosen.append(step_id)
    return chosen


def reveal_steps(view: QGraphicsView, scene: BlueprintScene, step_ids: Iterable[str]) -> None:
    """Scroll just enough to show these cards (as many as fit), at the current zoom."""
    rect = QRectF()
    for step_id in step_ids:
        item = scene.step_item(step_id)
        if item is not None:
            rect = rect.united(item.scene_card_rect())
    if not rect.isEmpty():
        view.ensureVisible(rect, REVEAL_MARGIN, REVEAL_MARGIN)


def visible_step_ids(scene: BlueprintScene) -> set[str]:
    """The steps whose cards are on show (a collapsed lane hides its cards)."""
    return {item.step_id for item in scene.step_items() if item.isVisible()}


def card_heights(scene: BlueprintScene) -> Mapping[str, float]:
    """How tall each card is drawn, which the model does not know: it keeps nudges and new cards in their lanes."""
    return {item.step_id: item.height for item in scene.step_items()}
