"""Right-click menus of the canvas, built at the moment of the click from the window's actions.

The scene says what was right-clicked (``BlueprintScene.context_menu_requested``: kind, item id, scene and screen
position); this module builds the menu for that kind and pops it up. A menu offers the window's actions by their
keys in ``window.actions`` (an action that does not exist is simply left out, so menus follow the window as it
grows), plus entries of its own, plus whatever fillers other modules registered for the kind with
``register_menu_filler``: the flow, lane and phase menus are such fillers.

Kinds: "canvas" (empty canvas or a lane's empty area), "step", "flow", "lane" (a lane's title), "phase" (a
phase's header).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, QPointF
from PySide6.QtWidgets import QInputDialog, QMenu

from blueprint_editor.canvas.flow_menu import fill_flow_menu
from blueprint_editor.model.document import MAX_MINUTES
from blueprint_editor.model.geometry import band_at, content_width
from blueprint_editor.ui import prompts
from blueprint_editor.ui.structure_menus import fill_lane_menu, fill_phase_menu

if TYPE_CHECKING:
    from blueprint_editor.ui.main_window import MainWindow

KINDS = ("canvas", "step", "flow", "lane", "phase")


@dataclass(frozen=True)
class MenuContext:
    """What was right-clicked, and where."""

    window: MainWindow
    kind: str
    item_id: str
    scene_pos: QPointF
    screen_pos: QPoint


MenuFiller = Callable[[QMenu, MenuContext], None]

_fillers: dict[str, list[MenuFiller]] = {kind: [] for kind in KINDS}


def register_menu_filler(kind: str, filler: MenuFiller) -> None:
    """Have ``filler(menu, context)`` add entries to every menu of ``kind``, after the entries already there.

    Registering the same filler twice adds it once.
    """
    if kind not in _fillers:
        raise ValueError(f"unknown context menu kind {kind!r}; expected one of {', '.join(KINDS)}")
    if filler not in _fillers[kind]:
        _fillers[kind].append(filler)


def unregister_menu_filler(kind: str, filler: MenuFiller) -> None:
    if filler in _fillers.get(kind, []):
        _fillers[kind].remove(filler)


class ContextMenus(QObject):
    """Shows the canvas's right-click menus for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.menu: QMenu | None = None  # the menu on show, kept alive until it closes
        window.scene.context_menu_requested.connect(self.show)

    def build(self, kind: str, item_id: str, scene_pos: QPointF, screen_pos: QPoint) -> QMenu:
        """The menu for a right-click on ``kind`` (not shown)."""
        context = MenuContext(self._window, kind, item_id, QPointF(scene_pos), QPoint(screen_pos))
        menu = QMenu(self._window)
        for filler in _fillers.get(kind, []):
            if menu.actions() and not menu.actions()[-1].isSeparator():
                menu.addSeparator()
            filler(menu, context)
        while menu.actions() and menu.actions()[-1].isSeparator():
            menu.removeAction(menu.actions()[-1])
        return menu

    def show(self, kind: str, item_id: str, scene_pos: QPointF, screen_pos: QPoint) -> QMenu | None:
        """Build the menu and pop it up at ``screen_pos``; it does not block, and goes when it closes."""
        menu = self.build(kind, item_id, scene_pos, screen_pos)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        if self.menu is not None:
            self.menu.close()
        self.menu = menu
        menu.aboutToHide.connect(lambda: self._forget(menu))
        menu.popup(screen_pos)
        return menu

    def _forget(self, menu: QMenu) -> None:
        # Deleted later: the action that closed the menu is still being triggered.
        if self.menu is menu:
            self.menu = None
        menu.deleteLater()


def add_actions(menu: QMenu, window: MainWindow, keys: list[str | None]) -> None:
    """Add the window's actions by key, a separator for None; missing keys are skipped, as are doubled separators."""
    for key in keys:
        if key is None:
            if menu.actions() and not menu.actions()[-1].isSeparator():
                menu.addSeparator()
        elif key in window.actions:
            menu.addAction(window.actions[key])


# The fillers of this module: the canvas and the step menus.


def _fill_canvas(menu: QMenu, context: MenuContext) -> None:
    window, pos = context.window, context.scene_pos
    scene = window.scene
    band = band_at(scene.scenario, pos.y(), for_steps=True)
    if band is not None and 0 <= pos.x() <= content_width(scene.scenario):
        add = menu.addAction(f"Add Step Here ({band.lane.title})")
        add.triggered.connect(lambda: _add_step_at(window, pos))
    add_actions(menu, window, ["paste", None, "select_all", None, "tidy"])


def _add_step_at(window: MainWindow, pos: QPointF) -> None:
    step_id = window.scene.add_step_at(pos)
    if step_id is not None:
        window.scene.edit_step_label(step_id, new=True)


def _fill_step(menu: QMenu, context: MenuContext) -> None:
    window = context.window
    scene = window.scene
    selected = scene.selected_step_ids() or {context.item_id}
    if len(selected) == 1:
        add_actions(menu, window, ["edit_text"])
    add_actions(menu, window, [None, "cut", "copy", "duplicate", "delete", None])
    steps = [s for s in scene.scenario.steps if s.id in selected]
    fail = menu.addAction("Mark Fail Point")
    fail.setCheckable(True)
    fail.setChecked(bool(steps) and all(s.fail_point for s in steps))
    fail.setStatusTip("Where the service can break: the card gets an F badge")
    fail.triggered.connect(lambda on: _set_for_selection(window, selected, "Mark fail point", fail_point=bool(on)))
    waits = [s.wait_min for s in steps if s.wait_min > 0]
    wait = menu.addAction("Change Wait…" if waits else "Mark Wait…")
    wait.setStatusTip("The customer waits before this step: the card gets a W badge with the wait")
    wait.triggered.connect(lambda: _ask_wait(window, selected, waits[0] if waits else 10.0))
    if waits:
        clear = menu.addAction("Clear Wait")
        clear.triggered.connect(lambda: _set_for_selection(window, selected, "Clear wait", wait_min=0.0))
    if len(selected) >= 2:
        arrange = menu.addMenu("Align and Distribute")
        add_actions(
            arrange,
            window,
            [
                *("align_left", "align_centre", "align_right", None, "align_top", "align_middle", "align_bottom"),
                *(None, "distribute_horizontally", "distribute_vertically"),
            ],
        )
        if arrange.isEmpty():
            menu.removeAction(arrange.menuAction())
        add_actions(menu, window, ["tidy"])


def _set_for_selection(window: MainWindow, step_ids: set[str], text: str, **fields: Any) -> None:
    """Set the same fields on several steps as one undo step."""
    controller, scenario_id = window.controller, window.scene.scenario_id
    ids = [s.id for s in controller.scenario(scenario_id).steps if s.id in step_ids]
    stack = controller.undo_stack
    stack.beginMacro(text)
    try:
        for step_id in ids:
            controller.set_step_fields(scenario_id, step_id, **fields)
    finally:
        stack.endMacro()


def _ask_wait(window: MainWindow, step_ids: set[str], current: float) -> None:
    minutes, ok = QInputDialog.getDouble(
        window, "Wait before the step", "How long does the customer wait before this step (minutes)?", current, 0,
        MAX_MINUTES, 1,
    )  # fmt: skip
    if not ok:
        return
    try:
        _set_for_selection(window, step_ids, "Mark wait", wait_min=float(minutes))
    except ValueError as error:
        prompts.tell(window, "Cannot mark the wait", str(error))


register_menu_filler("canvas", _fill_canvas)
register_menu_filler("step", _fill_step)


# The flow, lane and phase menus live with the code that edits flows and structure.


def _fill_flow(menu: QMenu, context: MenuContext) -> None:
    fill_flow_menu(menu, context.window.controller, context.window.scene, context.item_id)


def _fill_lane(menu: QMenu, context: MenuContext) -> None:
    window = context.window
    fill_lane_menu(menu, window, window.controller, window.scene, context.item_id)


def _fill_phase(menu: QMenu, context: MenuContext) -> None:
    window = context.window
    fill_phase_menu(menu, window, window.controller, window.scene, context.item_id)


register_menu_filler("flow", _fill_flow)
register_menu_filler("lane", _fill_lane)
register_menu_filler("phase", _fill_phase)
