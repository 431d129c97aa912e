"""Help while dragging cards: snapping to the grid and to phase padding, alignment guides with nearby cards, and
the dragged cards copied from pixmaps rather than painted again at each pointer move.

The scene calls ``follow`` after Qt has moved the dragged cards for a mouse move, and ``finish`` when the button is
released. Snapping only nudges the cards that are being dragged; the drop itself (one undoable move) stays the
scene's business. Holding Alt suspends snapping and guides, for the odd card that must sit just off the grid.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSceneMouseEvent, QGraphicsView

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import StepItem, draw_directly, draw_from_pixmaps
from blueprint_editor.model.geometry import band_at, phase_columns
from blueprint_editor.model.snapping import (
    GRID_SIZE,
    Box,
    Guide,
    GuideTargets,
    snap_card_offset,
    snap_card_x,
)

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene

# Within this many screen pixels a card's edge or middle is pulled onto another card's.
GUIDE_REACH_PX = 6.0
Z_GUIDE = 100.0


class DragAids:
    """Snapping and alignment guides for one scene's card drags."""

    def __init__(self, scene: BlueprintScene) -> None:
        self._scene = scene
        self.snap_to_grid = False
        self.grid = GRID_SIZE
        self._targets: GuideTargets | None = None
        self._lines: list[QGraphicsLineItem] = []
        self._shown: list[Guide] = []
        # The dragged cards Qt copies from pixmaps instead of painting each frame; None until the drag first moves.
        self._cached: list[StepItem] | None = None

    @property
    def guides(self) -> list[Guide]:
        """The guides on show now (empty when no drag is lining anything up)."""
        return list(self._shown)

    def follow(self, grabbed_id: str, moving: Collection[str], event: QGraphicsSceneMouseEvent) -> None:
        """Nudge the dragged cards onto the grid or a guide, and show the guides they line up with."""
        scene = self._scene
        grabbed = scene.step_item(grabbed_id)
        if grabbed is None:
            return
        view = _view_of(event)
        if self._cached is None and view is not None:
            # Set on the first move, not on the press: a click that drags nothing should not make pixmaps.
            self._cached = draw_from_pixmaps(self._moved_items(grabbed, moving), view)
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self._show([])
            return
        if self._targets is None:
            self._targets = GuideTargets(self._nearby_boxes(view, set(moving)))
        rect = grabbed.scene_card_rect()
        box = Box(rect.left(), rect.top(), rect.width(), rect.height())
        zoom = view.transform().m11() if view is not None else 1.0
        snap = self._targets.snap(box, GUIDE_REACH_PX / max(zoom, 1e-6))
        dx, dy = snap.dx, snap.dy
        if self.snap_to_grid:
            scenario = scene.scenario
            if dx is None:
                dx = snap_card_x(box.left, [c.left for c in phase_columns(scenario)], self.grid) - box.left
            if dy is None:
                # The card lands in the lane under the pointer (see the scene's drop): its grid starts at the lane top.
                band = band_at(scenario, event.scenePos().y(), clamp=True, for_steps=True)
                if band is not None:
                    dy = band.top + snap_card_offset(box.top - band.top, self.grid) - box.top
        dx, dy = dx or 0.0, dy or 0.0
        if dx or dy:
            for item in self._moved_items(grabbed, moving):
                item.moveBy(dx, dy)
        self._show(self._targets.guides(box.moved(dx, dy)))

    def finish(self) -> None:
        """The drag is over: the guides go, the cards are painted as usual again, and the next drag looks for its
        neighbours afresh."""
        self._targets = None
        self._show([])
        draw_directly(self._cached or ())
        self._cached = None

    def _moved_items(self, grabbed: StepItem, moving: Collection[str]) -> list[StepItem]:
        # Qt drags every selected card when the one under the pointer is selected, else just that one.
        if not grabbed.isSelected():
            return [grabbed]
        items = (self._scene.step_item(step_id) for step_id in moving)
        return [item for item in items if item is not None and item.isSelected()]

    def _nearby_boxes(self, view: QGraphicsView | None, moving: set[str]) -> list[Box]:
        """The cards in and around the visible area, the dragged ones left out: few, however big the blueprint."""
        scene = self._scene
        if view is not None:
            area = view.mapToScene(view.viewport().rect()).boundingRect()
            area = area.adjusted(-area.width() / 2, -area.height() / 2, area.width() / 2, area.height() / 2)
            candidates = [i for i in scene.items(area) if isinstance(i, StepItem)]
        else:
            candidates = scene.step_items()
        boxes = []
        for item in candidates:
            if item.step_id in moving or not item.isVisible():
                continue
            r = item.scene_card_rect()
            boxes.append(Box(r.left(), r.top(), r.width(), r.height()))
        return boxes

    def _show(self, guides: list[Guide]) -> None:
        if guides == self._shown:
            return
        self._shown = guides
        scene = self._scene
        while len(self._lines) < len(guides):
            line = QGraphicsLineItem()
            line.setZValue(Z_GUIDE)
            line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._lines.append(line)
        # The lines outlive a drag, and the theme may have changed since they were last shown: their pen is the
        # theme's now (heavier in high contrast), whatever it was then.
        pen = QPen(style.GUIDE, style.rule(1.0), Qt.PenStyle.DashLine)
        pen.setCosmetic(True)  # the same width on screen at any zoom
        for k, line in enumerate(self._lines):
            if k < len(guides):
                g = guides[k]
                if line.pen() != pen:
                    line.setPen(pen)
                margin = 12.0
                if g.vertical:
                    line.setLine(QLineF(g.at, g.start - margin, g.at, g.end + margin))
                else:
                    line.setLine(QLineF(g.start - margin, g.at, g.end + margin, g.at))
                scene.add_overlay(line)
            else:
                scene.remove_overlay(line)

    def visible_guide_rects(self) -> list[QRectF]:
        """Where the guides on show are drawn, in scene coordinates (for tests and the curious)."""
        return [line.sceneBoundingRect() for line in self._lines if line.scene() is self._scene]


def _view_of(event: QGraphicsSceneMouseEvent) -> QGraphicsView | None:
    """The view the pointer is in: the minimap shows the same scene, so scene.views() is not the answer."""
    widget = event.widget()
    parent = widget.parentWidget() if widget is not None else None
    return parent if isinstance(parent, QGraphicsView) else None
