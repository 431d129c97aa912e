"""The right-click menu of a flow: edit its label, elbow or straight, one-way or two-way, reverse, delete.

``fill_flow_menu`` fills any QMenu: the canvas's right-click menus (ui/context_menus.py) use it for a flow.
Every entry goes through the controller's verbs, so each is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from blueprint_editor.model.document import FlowArrows, FlowStyle

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene
    from blueprint_editor.editing import DocumentController

STYLE_NAMES = {FlowStyle.ELBOW: "Elbow", FlowStyle.STRAIGHT: "Straight"}
ARROW_NAMES = {FlowArrows.FORWARD: "One-way", FlowArrows.BOTH: "Two-way"}


def fill_flow_menu(menu: QMenu, controller: DocumentController, scene: BlueprintScene, flow_id: str) -> None:
    """Add a flow's entries to ``menu`` (nothing when the flow is not in the scene's scenario)."""
    scenario_id = scene.scenario_id
    scenario = controller.document.scenario(scenario_id)
    flow = scenario.flow(flow_id) if scenario is not None else None
    if flow is None:
        return

    edit = menu.addAction("Edit Label")
    edit.triggered.connect(lambda: scene.edit_flow_label(flow_id))
    menu.addSeparator()
    for group, current, names, field in (
        (QActionGroup(menu), flow.style, STYLE_NAMES, "style"),
        (QActionGroup(menu), flow.arrows, ARROW_NAMES, "arrows"),
    ):
        for value, name in names.items():
            action = QAction(name, group)
            action.setCheckable(True)
            action.setChecked(value == current)
            action.triggered.connect(
                lambda _=False, f=field, v=value: controller.set_flow_fields(scenario_id, flow_id, **{f: v})
            )
            menu.addAction(action)
        menu.addSeparator()
    reverse = menu.addAction("Reverse Direction")
    problem = controller.reconnect_problem(scenario_id, flow_id, source=flow.target, target=flow.source)
    reverse.setEnabled(problem is None)
    if problem is not None:
        reverse.setToolTip(problem)
        menu.setToolTipsVisible(True)
    reverse.triggered.connect(lambda: controller.reverse_flow(scenario_id, flow_id))
    menu.addSeparator()
    delete = menu.addAction("Delete Flow")
    delete.triggered.connect(lambda: controller.delete_items(scenario_id, set(), {flow_id}))
