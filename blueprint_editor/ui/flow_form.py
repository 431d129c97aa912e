"""The inspector's form for one selected flow: its label, line style, arrowheads, and a button to reverse it.

Typing a label merges into one undo step per field edit, like the step fields. The form follows the model (undo,
the canvas's inline editor, the context menu) without echoing values back: the controller only announces real
changes, and the form blocks its own signals while it is being filled.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from blueprint_editor.canvas import BlueprintScene
from blueprint_editor.canvas.flow_menu import ARROW_NAMES, STYLE_NAMES
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import Flow
from blueprint_editor.model.document import MAX_LABEL_LENGTH


class FlowForm(QWidget):
    """Shows and edits the one selected flow; hidden while the selection is anything else."""

    shown = Signal(bool)  # whether the form is showing a flow (the inspector then hides the step form)

    def __init__(self, controller: DocumentController, scene: BlueprintScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._scene = scene
        self._flow_id: str | None = None
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        outer.addStretch(1)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.title)
        self.label = QLineEdit()
        self.label.setMaxLength(MAX_LABEL_LENGTH)
        self.label.setPlaceholderText("Text on the arrow")
        self.line_style = QComboBox()
        for style, name in STYLE_NAMES.items():
            self.line_style.addItem(name, style)
        self.arrowheads = QComboBox()
        for arrows, name in ARROW_NAMES.items():
            self.arrowheads.addItem(name, arrows)
        self.reverse = QPushButton("Reverse direction")
        hint = QLabel("Drag either end of the selected arrow onto another step to reconnect it.")
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        for title, widget in (("Label", self.label), ("Line", self.line_style), ("Arrowheads", self.arrowheads)):
            form.addRow(title, widget)
        form.addRow(self.reverse)
        form.addRow(hint)
        self._fields: list[QWidget] = [self.label, self.line_style, self.arrowheads]

        self.label.textEdited.connect(lambda text: self._set(merge=True, label=text))
        self.line_style.activated.connect(lambda: self._set(style=self.line_style.currentData()))
        self.arrowheads.activated.connect(lambda: self._set(arrows=self.arrowheads.currentData()))
        self.reverse.clicked.connect(self._reverse)
        controller.flow_changed.connect(self._on_flow_changed)
        controller.flow_removed.connect(lambda _s, flow_id: self.refresh() if flow_id == self._flow_id else None)
        controller.step_changed.connect(lambda _s, _step: self._fill_title())
        controller.document_replaced.connect(self.refresh)
        scene.selectionChanged.connect(self.refresh)
        scene.scenario_shown.connect(lambda _id: self.refresh())
        self.refresh()

    @property
    def flow_id(self) -> str | None:
        return self._flow_id

    def _flow(self) -> Flow | None:
        scenario = self._controller.document.scenario(self._scene.scenario_id)
        if self._flow_id is None or scenario is None:
            return None
        return scenario.flow(self._flow_id)

    def refresh(self) -> None:
        """Show the selected flow, when exactly one flow and nothing else is selected."""
        try:
            flows = self._scene.selected_flow_ids()
            steps = self._scene.selected_step_ids()
        except RuntimeError:
            return  # the scene is being torn down with the window
        self._flow_id = next(iter(flows)) if len(flows) == 1 and not steps else None
        flow = self._flow()
        self.setVisible(flow is not None)
        self.shown.emit(flow is not None)
        if flow is not None:
            self._fill(flow)

    def _fill(self, flow: Flow) -> None:
        blockers = [QSignalBlocker(w) for w in self._fields]
        if self.label.text() != flow.label:
            self.label.setText(flow.label)
        self.line_style.setCurrentIndex(self.line_style.findData(flow.style))
        self.arrowheads.setCurrentIndex(self.arrowheads.findData(flow.arrows))
        del blockers
        problem = self._controller.reconnect_problem(
            self._scene.scenario_id, flow.id, source=flow.target, target=flow.source
        )
        self.reverse.setEnabled(problem is None)
        self.reverse.setToolTip(problem or "Make the arrow point the other way")
        self._fill_title()

    def _fill_title(self) -> None:
        flow = self._flow()
        if flow is None:
            return
        scenario = self._scene.scenario
        source, target = scenario.step(flow.source), scenario.step(flow.target)
        names = [_short(step.label if step is not None else "?") for step in (source, target)]
        self.title.setText(f"Flow {flow.id} from “{names[0]}” to “{names[1]}” — edits here can be undone.")

    def _on_flow_changed(self, scenario_id: str, flow_id: str) -> None:
        if scenario_id == self._scene.scenario_id and flow_id == self._flow_id:
            flow = self._flow()
            if flow is not None:
                self._fill(flow)

    def _set(self, *, merge: bool = False, **fields: object) -> None:
        if self._flow_id is not None:
            self._controller.set_flow_fields(self._scene.scenario_id, self._flow_id, merge=merge, **fields)

    def _reverse(self) -> None:
        if self._flow_id is not None:
            self._controller.reverse_flow(self._scene.scenario_id, self._flow_id)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split()) or "(no text)"
    return text if len(text) <= limit else text[: limit - 1] + "…"
