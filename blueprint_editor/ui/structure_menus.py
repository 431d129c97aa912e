"""Menus and questions for editing lanes and phases: the right-click menus of lane titles and phase headers, the
Blueprint menu's Add Phase and Add Lane…, and the questions asked before cards are deleted with a lane or phase.

``fill_lane_menu`` and ``fill_phase_menu`` fill any QMenu: the canvas's right-click menus (ui.context_menus) use
them for a lane's title and a phase's header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QWidget,
)

from blueprint_editor.canvas import BlueprintScene
from blueprint_editor.editing import DocumentController
from blueprint_editor.editing.structure import StructureError
from blueprint_editor.model.document import MAX_LABEL_LENGTH
from blueprint_editor.model.geometry import PHASE_HEADER, lane_bands, phase_columns
from blueprint_editor.model.structure import (
    CUSTOM_LANE_TITLES,
    cards_in_lane,
    clean_title,
    lane_move_target,
    neighbour_phase,
    steps_in_phase,
)
from blueprint_editor.ui import prompts

if TYPE_CHECKING:
    from blueprint_editor.ui.main_window import MainWindow


def _cards(n: int) -> str:
    return f"{n} card{'' if n == 1 else 's'}"


def _steps(n: int) -> str:
    return f"{n} step{'' if n == 1 else 's'}"


def _attempt(parent: QWidget | None, title: str, change: Callable[[], None]) -> None:
    """Run a change; one that cannot be made is explained, never a crash."""
    try:
        change()
    except StructureError as error:
        prompts.tell(parent, title, str(error))


def _show(scene: BlueprintScene, rect: QRectF) -> None:
    for view in scene.views():
        view.ensureVisible(rect, 40, 40)


# Lanes


def insert_lane(parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, index: int) -> str:
    """Add a lane of the user's own at ``index`` and start typing its title in place."""
    lane_id = controller.add_custom_lane(scene.scenario_id, index)
    band = next((b for b in lane_bands(scene.scenario) if b.lane.id == lane_id), None)
    if band is not None:
        _show(scene, QRectF(-200, band.top, 400, band.height))
    scene.structure.edit_lane_title(lane_id)
    return lane_id


def remove_lane(parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, lane_id: str) -> bool:
    """Remove a lane of the user's own; when it holds cards, ask first (it can be undone all the same)."""
    lane = scene.scenario.lane(lane_id)
    if lane is None:
        return False
    count = cards_in_lane(scene.scenario, lane_id)
    if count:
        answer = prompts.ask(
            parent,
            "Remove lane",
            f"Remove the lane “{lane.title}” and its {_cards(count)}?",
            "Flows to and from those cards go too. Undo brings everything back.",
            ["Remove Lane and Cards", "Cancel"],
        )
        if answer != "Remove Lane and Cards":
            return False
    removed = False

    def change() -> None:
        nonlocal removed
        removed = controller.remove_lane(scene.scenario_id, lane_id)

    _attempt(parent, "Cannot remove the lane", change)
    return removed


def fill_lane_menu(
    menu: QMenu, parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, lane_id: str
) -> None:
    """The entries for one lane: rename, collapse or expand, insert a lane above or below, move, remove."""
    scenario = scene.scenario
    lane = scenario.lane(lane_id)
    if lane is None:
        return
    sid = scene.scenario_id
    index = next(i for i, x in enumerate(scenario.lanes) if x.id == lane_id)
    menu.addAction("Rename Lane…", lambda: scene.structure.edit_lane_title(lane_id))
    if lane.collapsed:
        menu.addAction("Expand Lane", lambda: controller.set_lane_collapsed(sid, lane_id, False))
    else:
        count = cards_in_lane(scenario, lane_id)
        menu.addAction(f"Collapse Lane ({_cards(count)})", lambda: controller.set_lane_collapsed(sid, lane_id, True))
    menu.addSeparator()
    menu.addAction("Insert Lane Above", lambda: insert_lane(parent, controller, scene, index))
    menu.addAction("Insert Lane Below", lambda: insert_lane(parent, controller, scene, index + 1))
    up = menu.addAction("Move Lane Up", lambda: controller.move_lane(sid, lane_id, -1))
    down = menu.addAction("Move Lane Down", lambda: controller.move_lane(sid, lane_id, +1))
    up.setEnabled(lane_move_target(scenario, lane_id, -1) is not None)
    down.setEnabled(lane_move_target(scenario, lane_id, +1) is not None)
    menu.addSeparator()
    remove = menu.addAction("Remove Lane…", lambda: remove_lane(parent, controller, scene, lane_id))
    remove.setEnabled(not lane.kind.is_standard)
    if lane.kind.is_standard:
        for action in (up, down, remove):
            action.setStatusTip("The standard lanes of a blueprint keep their place; lanes you add can move and go")


class AddLaneDialog(QDialog):
    """Asks for a new lane's title (typed, or one of the usual ones) and where it goes among the lanes."""

    def __init__(self, scene: BlueprintScene, parent: QWidget | None = None, where: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Lane")
        form = QFormLayout(self)
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(list(CUSTOM_LANE_TITLES))
        line = self.title.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_LABEL_LENGTH)
        self.position = QComboBox()
        lanes = scene.scenario.lanes
        if lanes:
            self.position.addItem(f"Above {lanes[0].title}", 0)
        for number, lane in enumerate(lanes, start=1):
            self.position.addItem(f"Below {lane.title}", number)
        self.position.setCurrentIndex(self.position.count() - 1 if where is None else self.position.findData(where))
        form.addRow("Title", self.title)
        form.addRow("Where", self.position)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_title(self) -> str:
        return clean_title(self.title.currentText()) or CUSTOM_LANE_TITLES[0]

    def chosen_index(self) -> int:
        data = self.position.currentData()
        return int(data) if data is not None else 0


def ask_add_lane(parent: QWidget | None, controller: DocumentController, scene: BlueprintScene) -> str | None:
    """Blueprint > Add Lane…: ask for the title and place, then add the lane."""
    dialog = AddLaneDialog(scene, parent)
    if not dialog.exec():
        return None
    lane_id = controller.add_custom_lane(scene.scenario_id, dialog.chosen_index(), dialog.chosen_title())
    band = next((b for b in lane_bands(scene.scenario) if b.lane.id == lane_id), None)
    if band is not None:
        _show(scene, QRectF(-200, band.top, 400, band.height))
    return lane_id


# Phases


def insert_phase(
    parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, index: int | None = None
) -> str:
    """Add a phase at ``index`` (at the end by default), show it and start typing its name in place."""
    phase_id = controller.add_phase(scene.scenario_id, index)
    column = next((c for c in phase_columns(scene.scenario) if c.phase.id == phase_id), None)
    if column is not None:
        _show(scene, QRectF(column.left, -PHASE_HEADER, min(column.width, 400), PHASE_HEADER + 200))
    scene.structure.edit_phase_name(phase_id)
    return phase_id


def delete_phase(parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, phase_id: str) -> bool:
    """Delete a phase. When it holds steps, ask whether they move to the neighbouring phase or go with their
    flows; an empty phase simply goes (undo brings it back)."""
    scenario = scene.scenario
    phase = next((p for p in scenario.phases if p.id == phase_id), None)
    if phase is None:
        return False
    neighbour = neighbour_phase(scenario, phase_id)
    if neighbour is None:
        prompts.tell(parent, "Cannot delete the phase", "A blueprint needs at least one phase: this is the last one.")
        return False
    keep = True
    count = len(steps_in_phase(scenario, phase_id))
    if count:
        move = f"Move Them to “{neighbour.name}”"
        answer = prompts.ask(
            parent,
            "Delete phase",
            f"The phase “{phase.name}” holds {_steps(count)}. What becomes of them?",
            f"Moved, they join “{neighbour.name}”, which widens to take them. Deleted, their flows go too. "
            "Either way, Undo brings everything back.",
            [move, "Delete the Steps", "Cancel"],
        )
        if answer not in (move, "Delete the Steps"):
            return False
        keep = answer == move
    deleted = False

    def change() -> None:
        nonlocal deleted
        deleted = controller.remove_phase(scene.scenario_id, phase_id, keep_steps=keep)

    _attempt(parent, "Cannot delete the phase", change)
    return deleted


def fill_phase_menu(
    menu: QMenu, parent: QWidget | None, controller: DocumentController, scene: BlueprintScene, phase_id: str
) -> None:
    """The entries for one phase: rename, insert a phase before or after, delete, and add one at the end."""
    ids = [p.id for p in scene.scenario.phases]
    if phase_id not in ids:
        return
    index = ids.index(phase_id)
    menu.addAction("Rename Phase…", lambda: scene.structure.edit_phase_name(phase_id))
    menu.addSeparator()
    menu.addAction("Insert Phase Before", lambda: insert_phase(parent, controller, scene, index))
    menu.addAction("Insert Phase After", lambda: insert_phase(parent, controller, scene, index + 1))
    menu.addAction("Add Phase at the End", lambda: insert_phase(parent, controller, scene))
    menu.addSeparator()
    delete = menu.addAction("Delete Phase…", lambda: delete_phase(parent, controller, scene, phase_id))
    delete.setEnabled(len(ids) > 1)


# Wiring


def install(window: MainWindow) -> None:
    """Say in the window why a change made on the canvas (a rename, a drag) could not be made."""
    window.scene.structure.problem.connect(lambda text: prompts.tell(window, "Cannot change the blueprint", text))
