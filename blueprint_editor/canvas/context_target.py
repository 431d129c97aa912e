"""What a right-click on the canvas is about: a step, a flow, a lane's title, a phase's header, or the canvas.

The scene asks this when a context menu is requested and announces the answer; the window decides what the menu
holds (see ui/context_menus.py), so the canvas knows nothing of menus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.model.geometry import band_at, phase_columns

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene


def context_target(scene: BlueprintScene, pos: QPointF) -> tuple[str, str]:
    """The kind ("step", "flow", "lane", "phase" or "canvas") and id ("" for the canvas) of what is at ``pos``."""
    for item in scene.items(pos):  # topmost first
        found = item
        while found is not None:
            if not found.isVisible():
                break
            if isinstance(found, StepItem):
                return "step", found.step_id
            if isinstance(found, FlowItem):
                return "flow", found.flow_id
            found = found.parentItem()
    scenario = scene.scenario
    if pos.y() < 0 <= pos.x():
        for column in phase_columns(scenario):
            if column.left <= pos.x() < column.right:
                return "phase", column.phase.id
    if pos.x() < 0 <= pos.y():
        band = band_at(scenario, pos.y())
        if band is not None:
            return "lane", band.lane.id
    return "canvas", ""


def select_for_menu(scene: BlueprintScene, kind: str, item_id: str) -> None:
    """A right-click on a card or an arrow outside the selection makes it the selection, as in other editors;
    one inside keeps the selection, so that a menu can act on all of it."""
    item = scene.step_item(item_id) if kind == "step" else scene.flow_item(item_id) if kind == "flow" else None
    if item is not None and not item.isSelected():
        scene.clearSelection()
        item.setSelected(True)
