"""The Arrange menu's actions (align, distribute, Tidy), View > Snap to Grid, View > Overview and Help > Keyboard
Shortcuts, added to the window's actions by key so that menus and the canvas's right-click menus can offer them.

Each arranging action asks the controller for one undoable change with the cards' drawn heights, which only the
canvas knows; a change that cannot be made is explained in a message, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid

from blueprint_editor.canvas.selection import select_steps
from blueprint_editor.editing.arrange import ArrangeError
from blueprint_editor.model.arrange import MIN_TO_ALIGN, MIN_TO_DISTRIBUTE, Alignment, Distribution
from blueprint_editor.ui import prompts

if TYPE_CHECKING:
    from blueprint_editor.ui.main_window import MainWindow

SNAP_KEY = "canvas/snap_to_grid"

ALIGN_ACTIONS: tuple[tuple[str, str, Alignment], ...] = (
    ("align_left", "Align &Left Edges", Alignment.LEFT),
    ("align_centre", "Align &Centres", Alignment.CENTRE),
    ("align_right", "Align &Right Edges", Alignment.RIGHT),
    ("align_top", "Align &Tops", Alignment.TOP),
    ("align_middle", "Align &Middles", Alignment.MIDDLE),
    ("align_bottom", "Align &Bottoms", Alignment.BOTTOM),
)
DISTRIBUTE_ACTIONS: tuple[tuple[str, str, Distribution], ...] = (
    ("distribute_horizontally", "Distribute &Horizontally", Distribution.HORIZONTAL),
    ("distribute_vertically", "Distribute &Vertically", Distribution.VERTICAL),
)
# The Arrange menu, by action key (None: a separator).
ARRANGE_MENU: list[str | None] = [
    "tidy",
    None,
    *(key for key, _, _ in ALIGN_ACTIONS[:3]),
    None,
    *(key for key, _, _ in ALIGN_ACTIONS[3:]),
    None,
    *(key for key, _, _ in DISTRIBUTE_ACTIONS),
]


def add_actions(window: MainWindow) -> None:
    """Put the arranging, snapping, overview and shortcut-sheet actions into ``window.actions``."""
    for key, text, alignment in ALIGN_ACTIONS:
        action = _action(window, key, text, lambda _=False, a=alignment: align(window, a))
        action.setStatusTip(f"{text.replace('&', '')} of the selected steps (two or more)")
    for key, text, distribution in DISTRIBUTE_ACTIONS:
        action = _action(window, key, text, lambda _=False, d=distribution: distribute(window, d))
        action.setStatusTip("Spread the selected steps (three or more) evenly between the outermost two")
    tidy_action = _action(window, "tidy", "&Tidy", lambda: tidy(window))
    tidy_action.setStatusTip(
        "Lay the steps out left to right in flow order, each in its lane and phase (the selection, when there is one)"
    )
    snap = _action(window, "snap_to_grid", "Snap to &Grid", lambda on: set_snap(window, bool(on)))
    snap.setCheckable(True)
    snap.setStatusTip("Dragged cards settle on a grid and at a phase's edge; hold Alt while dragging to place freely")
    snap.setChecked(bool(QSettings().value(SNAP_KEY, False, type=bool)))
    window.scene.drag_aids.snap_to_grid = snap.isChecked()
    overview = getattr(window, "overview", None)
    if overview is not None:
        window.actions["overview"] = overview.toggleViewAction()
    sheet = _action(window, "shortcuts", "&Keyboard Shortcuts", lambda: _open_shortcuts_sheet(window))
    sheet.setShortcut(QKeySequence("F1"))
    follower = _SelectionFollower(window)
    window.scene.selectionChanged.connect(follower.follow)
    update_enabled(window)


def _open_shortcuts_sheet(window: MainWindow) -> None:
    # Imported on the first F1: the start of the editor does without it.
    from blueprint_editor.ui.shortcuts_sheet import open_sheet

    open_sheet(window)


class _SelectionFollower(QObject):
    """Keeps the arranging actions' enabled state with the selection; a child of the window, so that the connection
    goes with the window rather than outliving it while the scene is torn down."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def follow(self) -> None:
        if isValid(self._window.scene):  # a scene being destroyed still announces its emptied selection
            update_enabled(self._window)


def _action(window: MainWindow, key: str, text: str, slot: Callable[..., object]) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(slot)
    window.actions[key] = action
    return action


def update_enabled(window: MainWindow) -> None:
    """Align needs two selected steps, distribute three."""
    count = len(window.scene.selected_step_ids())
    for key, _, _ in ALIGN_ACTIONS:
        window.actions[key].setEnabled(count >= MIN_TO_ALIGN)
    for key, _, _ in DISTRIBUTE_ACTIONS:
        window.actions[key].setEnabled(count >= MIN_TO_DISTRIBUTE)
    window.actions["tidy"].setText("&Tidy Selection" if count >= 2 else "&Tidy")


def set_snap(window: MainWindow, on: bool) -> None:
    window.scene.drag_aids.snap_to_grid = on
    QSettings().setValue(SNAP_KEY, on)


def _heights(window: MainWindow) -> dict[str, float]:
    return {item.step_id: item.height for item in window.scene.step_items()}


def align(window: MainWindow, how: Alignment) -> bool:
    scene = window.scene
    try:
        return window.controller.align_steps(scene.scenario_id, scene.selected_step_ids(), how, _heights(window))
    except ArrangeError as error:
        prompts.tell(window, "Cannot align", str(error))
        return False


def distribute(window: MainWindow, how: Distribution) -> bool:
    scene = window.scene
    try:
        return window.controller.distribute_steps(scene.scenario_id, scene.selected_step_ids(), how, _heights(window))
    except ArrangeError as error:
        prompts.tell(window, "Cannot distribute", str(error))
        return False


def tidy(window: MainWindow) -> bool:
    """Tidy the selected steps when two or more are selected, else the whole scenario."""
    scene = window.scene
    selected = scene.selected_step_ids()
    only = selected if len(selected) >= 2 else None
    try:
        changed = window.controller.tidy_steps(scene.scenario_id, _heights(window), only)
    except ArrangeError as error:
        prompts.tell(window, "Cannot tidy", str(error))
        return False
    if not changed:
        window.statusBar().showMessage("Already tidy: nothing to move.", 4000)
    elif only is not None:
        select_steps(scene, only)  # a tidy that resized phases or lanes redrew the canvas
    return changed
