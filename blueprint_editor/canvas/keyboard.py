"""The canvas driven from the keyboard, so that a blueprint can be built without touching the mouse.

With cards selected: Enter edits the text, Esc lets go of the selection, the arrows nudge (Shift: further),
Ctrl+arrow goes to the nearest card that way, Alt+Up/Down moves the cards into the lane above or below and
Alt+Left/Right into the phase before or after. Tab adds the next step to the right of the selected one, joined by
a flow, and starts typing in it (Shift+Tab: before it, to the left); Tab while typing keeps the text and goes on.

An event filter on the view sees the keys before Qt does: Qt would otherwise spend Tab on moving the focus to the
next widget, and the arrows on scrolling. Keys the canvas does not use pass on untouched. The filter also makes
Shift-click add to the selection as Ctrl-click does, and remembers where the pointer is over the canvas, for Paste.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsView

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.selection import card_heights, reveal_steps, select_steps, visible_step_ids
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.model import StepPlace
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, band_of, clamp_in_band
from blueprint_editor.model.navigation import (
    Direction,
    nearest_in_direction,
    nearest_to_point,
    neighbour_lane,
    reading_order,
    x_in_neighbour_phase,
)
from blueprint_editor.model.placement import NUDGE_LARGE, NUDGE_SMALL

ARROWS = {
    Qt.Key.Key_Left: Direction.LEFT,
    Qt.Key.Key_Right: Direction.RIGHT,
    Qt.Key.Key_Up: Direction.UP,
    Qt.Key.Key_Down: Direction.DOWN,
}
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_META = Qt.KeyboardModifier.MetaModifier


class CanvasKeyboard(QObject):
    """The keys of the main canvas (one view of one scene); ``message`` carries hints for the status bar."""

    message = Signal(str)

    def __init__(self, view: QGraphicsView, scene: BlueprintScene) -> None:
        super().__init__(view)
        self._view = view
        self._scene = scene
        self._pointer: QPoint | None = None
        # Where a context menu was asked for: its Paste lands there, though the pointer is over the menu by then.
        self._menu_point: QPoint | None = None
        # The card Ctrl+arrow last went to: among several selected cards, it is where the next move starts.
        self._current: str | None = None
        # (anchor, new step) while the text of a step added with Tab is typed: cancelling goes back to the anchor.
        self._chain: tuple[str, str] | None = None
        # Kept rather than asked of the view each time: while the window closes, the viewport still has events
        # to deliver after the view itself has gone.
        self._viewport = view.viewport()
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        # Moves without a button held are what tell where the pointer is.
        self._viewport.setMouseTracking(True)
        scene.editing_finished.connect(self._after_edit)

    # Where the pointer is

    def pointer_scene_pos(self) -> QPointF | None:
        """The scene point under the pointer while it is over the canvas (or where its context menu was opened),
        else None."""
        point = self._pointer or self._menu_point
        if point is None or not self._viewport.rect().contains(point):
            return None
        return self._view.mapToScene(point)

    # Events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and (watched is self._view or watched is self._viewport):
            return not self._scene.read_only and self._key(event)  # type: ignore[arg-type]
        if watched is self._viewport:
            if kind == QEvent.Type.MouseMove:
                self._pointer = event.position().toPoint()  # type: ignore[attr-defined]
                self._menu_point = None
            elif kind == QEvent.Type.Leave:
                self._pointer = None
            elif kind == QEvent.Type.ContextMenu:
                self._menu_point = event.pos()  # type: ignore[attr-defined]
            elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
                self._pointer = event.position().toPoint()  # type: ignore[attr-defined]
                _shift_as_ctrl(event)  # type: ignore[arg-type]
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        tab = key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & (_CTRL | _ALT | _META)
        backwards = key == Qt.Key.Key_Backtab or bool(mods & _SHIFT)
        if self._scene.focusItem() is not None:
            # Typing goes to the editor, except Tab: keep the text and, typing a card's, go on to the next step.
            editor = self._scene.label_editor
            if tab and editor is not None and self._scene.focusItem() is editor:
                card = editor.parentItem()
                editor.commit()
                if isinstance(card, StepItem):
                    self.add_beside(card.step_id, before=backwards)
                return True
            return False
        if tab:
            self._tab(backwards)
            return True  # never the focus chain: Tab on the canvas means "next step"
        if key == Qt.Key.Key_Escape and not mods:
            had_selection = bool(self._scene.selectedItems())
            self._scene.clearSelection()
            return had_selection
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            return self._scene.edit_selected_label() is not None
        direction = ARROWS.get(Qt.Key(key)) if key in ARROWS else None
        if direction is None:
            return False
        if mods == _ALT:
            return self._move_across(direction)
        if mods == _CTRL:
            return self._go(direction)
        if mods in (Qt.KeyboardModifier.NoModifier, _SHIFT):
            return self._nudge(direction, large=bool(mods & _SHIFT))
        return False

    # Tab: the next step of a chain

    def _tab(self, before: bool) -> None:
        steps = reading_order(self._scene.scenario, self._scene.selected_step_ids())
        if not steps:
            self.message.emit("Select a step first: Tab adds the next one beside it (Ctrl+Enter adds a first one)")
            return
        self.add_beside(steps[0].id if before else steps[-1].id, before=before)

    def add_beside(self, step_id: str, *, before: bool = False) -> str | None:
        """Add a step right of (or left of) ``step_id``, joined by a flow, and start typing its text."""
        scene = self._scene
        if scene.scenario.step(step_id) is None:
            return None
        new_id = scene.controller.add_next_step(scene.scenario_id, step_id, before=before, heights=card_heights(scene))
        if new_id is None:
            self.message.emit("There is no room left of this step for another one")
            return None
        select_steps(scene, [new_id])
        reveal_steps(self._view, scene, [new_id])
        self._chain = (step_id, new_id)
        scene.edit_step_label(new_id, new=True)
        return new_id

    def _after_edit(self) -> None:
        chain, self._chain = self._chain, None
        if chain is None:
            return
        anchor, new_id = chain
        scenario = self._scene.scenario
        # Esc on an empty new step took it back: the step it was to follow is selected again, ready for Tab.
        if scenario.step(new_id) is None and scenario.step(anchor) is not None:
            select_steps(self._scene, [anchor])

    # Arrows

    def _nudge(self, direction: Direction, *, large: bool) -> bool:
        ids = self._scene.selected_step_ids()
        if not ids:
            return False  # the arrows scroll the view as usual
        distance = NUDGE_LARGE if large else NUDGE_SMALL
        dx, dy = direction.value
        scene = self._scene
        scene.controller.nudge_steps(scene.scenario_id, ids, dx * distance, dy * distance, card_heights(scene))
        return True

    def _go(self, direction: Direction) -> bool:
        scene = self._scene
        shown = visible_step_ids(scene)
        selected = scene.selected_step_ids() & shown
        heights = card_heights(scene)
        if not selected:
            centre = self._view.mapToScene(self._view.viewport().rect().center())
            target = nearest_to_point(scene.scenario, centre.x(), centre.y(), heights=heights, among=shown)
        else:
            start = self._current if self._current in selected else reading_order(scene.scenario, selected)[0].id
            target = nearest_in_direction(scene.scenario, start, direction, heights=heights, among=shown)
        if target is not None:
            self._current = target
            select_steps(scene, [target])
            reveal_steps(self._view, scene, [target])
        return True

    def _move_across(self, direction: Direction) -> bool:
        scene = self._scene
        ids = scene.selected_step_ids()
        if not ids:
            return False
        scenario = scene.scenario
        heights = card_heights(scene)
        dx, dy = direction.value
        places: dict[str, StepPlace] = {}
        for step in reading_order(scenario, ids):
            if dy:
                lane = neighbour_lane(scenario, step.lane, dy)
                band = band_of(scenario, lane.id) if lane is not None else None
                if band is not None:
                    y = clamp_in_band(band, step.y, heights.get(step.id, CARD_MIN_HEIGHT))
                    places[step.id] = StepPlace(band.lane.id, step.x, round(y))
            else:
                x = x_in_neighbour_phase(scenario, step, dx)
                if x is not None:
                    places[step.id] = StepPlace(step.lane, x, step.y)
        if not places:
            where = {Direction.UP: "above", Direction.DOWN: "below", Direction.LEFT: "before", Direction.RIGHT: "after"}
            noun = "lane" if dy else "phase"
            self.message.emit(f"There is no {noun} {where[direction]} to move into")
            return True
        scene.controller.move_steps(scene.scenario_id, places)
        reveal_steps(self._view, scene, places)
        return True


def _shift_as_ctrl(event: QMouseEvent) -> None:
    """Shift-click adds to (or takes from) the selection as Ctrl-click does; Qt's items know only Ctrl."""
    mods = event.modifiers()
    if event.button() == Qt.MouseButton.LeftButton and mods & _SHIFT and not mods & _CTRL:
        event.setModifiers(mods | _CTRL)
