"""Typing a card's text or a flow's label on the canvas: one in-place editor at a time, its text sent on as one edit.

Both are the same plain-text editor (canvas/inline_editor.py), laid over the card or over the arrow's label. Opening
one keeps what was typed in any other first. What is typed goes to the controller's verbs, so each edit is one
undo step; Esc sends nothing. Lane titles and phase names are renamed by StructureGestures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from blueprint_editor.model.document import MAX_LABEL_LENGTH

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsItem

    from blueprint_editor.canvas.flow_label_editor import FlowLabelEditor
    from blueprint_editor.canvas.inline_editor import InlineTextEditor
    from blueprint_editor.canvas.label_editor import StepLabelEditor
    from blueprint_editor.canvas.scene import BlueprintScene

# The editors themselves (canvas/inline_editor.py and the two made on it) are imported when the first edit opens:
# the first window shows none, and their text-editing classes take a noticeable part of a start.
Editor = TypeVar("Editor", bound="InlineTextEditor")
Done = Callable[[str | None], None]  # called once with the text typed, or with None when the edit was cancelled


class LabelEditing:
    """Opens the in-place editor of a scene's cards and arrows and turns what is typed into controller verbs."""

    def __init__(self, scene: BlueprintScene) -> None:
        self._scene = scene
        self._editor: InlineTextEditor | None = None

    @property
    def editor(self) -> InlineTextEditor | None:
        """The editor open now, None when nothing is being typed."""
        return self._editor

    def edit_step(self, step_id: str, *, new: bool = False) -> StepLabelEditor | None:
        """Open the editor on a card; cancelling the first edit of a ``new`` empty step removes it."""
        scene = self._scene
        card = scene.step_item(step_id)
        if card is None or scene.read_only:
            return None
        controller, scenario_id = scene.controller, scene.scenario_id

        def send(text: str | None) -> None:
            if text is not None and scene.step_item(step_id) is not None:
                controller.set_step_label(scenario_id, step_id, text.strip()[:MAX_LABEL_LENGTH])
            elif text is None and new:
                controller.abandon_new_step(scenario_id, step_id)

        from blueprint_editor.canvas.label_editor import StepLabelEditor

        return self._open(lambda done: StepLabelEditor(card, done), send)

    def edit_flow(self, flow_id: str) -> FlowLabelEditor | None:
        """Open the editor on a flow's label, or where its label would go; an emptied label takes the label away."""
        scene = self._scene
        flow = scene.flow_item(flow_id)
        if flow is None or scene.read_only:
            return None
        from blueprint_editor.canvas.flow_label_editor import FlowLabelEditor, one_line

        if isinstance(self._editor, FlowLabelEditor) and self._editor.flow is flow:
            return self._editor  # already being typed: a second double-click on the arrow keeps the typing
        controller, scenario_id = scene.controller, scene.scenario_id

        def send(text: str | None) -> None:
            scenario = controller.document.scenario(scenario_id)
            if text is None or scenario is None or scenario.flow(flow_id) is None:
                return  # cancelled, or the flow went while its label was being typed
            controller.set_flow_fields(scenario_id, flow_id, label=one_line(text))

        return self._open(lambda done: FlowLabelEditor(flow, done), send)

    def edit_selected(self) -> InlineTextEditor | None:
        """Open the editor on the one selected card, else on the one selected flow; None for any other selection."""
        scene = self._scene
        steps = scene.selected_step_ids()
        if len(steps) == 1:
            return self.edit_step(next(iter(steps)))
        flows = scene.selected_flow_ids()
        if not steps and len(flows) == 1:
            return self.edit_flow(next(iter(flows)))
        return None

    def item_removed(self, item: QGraphicsItem) -> None:
        """A card or an arrow leaves the scene: an edit of it ends without sending anything."""
        editor = self._editor
        if editor is None:
            return
        from blueprint_editor.canvas.flow_label_editor import FlowLabelEditor
        from blueprint_editor.canvas.label_editor import StepLabelEditor

        if isinstance(editor, StepLabelEditor) and editor.parentItem() is item:
            self._editor = None  # it goes with its card (which may be going because its new step was abandoned)
        elif isinstance(editor, FlowLabelEditor) and editor.flow is item:
            editor.cancel()  # it lies over the arrow, not in it: it would stay behind

    def forget(self) -> None:
        """The scene dropped every item, the editor with them."""
        self._editor = None

    def _open(self, make: Callable[[Done], Editor], send: Done) -> Editor:
        if self._editor is not None:
            self._editor.commit()

        def done(text: str | None) -> None:
            if self._editor is editor:
                self._editor = None
            send(text)
            self._scene.editing_finished.emit()

        editor = make(done)
        if editor.scene() is None:
            self._scene.addItem(editor)
        self._editor = editor
        editor.start()
        return editor
