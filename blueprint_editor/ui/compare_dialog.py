"""Compare two scenarios side by side: steps added, removed and changed ringed in colour."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from blueprint_editor.analysis.compare import ScenarioDiff, compare_scenarios
from blueprint_editor.canvas import BlueprintScene, BlueprintView
from blueprint_editor.editing import DocumentController

ADDED = QColor("#2e9d5b")
REMOVED = QColor("#d42a1e")
CHANGED = QColor("#f0a020")


class CompareDialog(QDialog):
    """As-is on the left, to-be on the right; the diff follows edits made meanwhile in the main window."""

    def __init__(self, controller: DocumentController, left_id: str, right_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Compare scenarios")
        self._controller = controller
        self.left_scene = BlueprintScene(controller, left_id, read_only=True)
        self.right_scene = BlueprintScene(controller, right_id, read_only=True)
        self.left_view, self.right_view = BlueprintView(), BlueprintView()
        self.left_view.setScene(self.left_scene)
        self.right_view.setScene(self.right_scene)
        self.left_box, self.right_box = QComboBox(), QComboBox()
        for box, scenario_id in ((self.left_box, left_id), (self.right_box, right_id)):
            for scenario in controller.document.scenarios:
                box.addItem(scenario.name, scenario.id)
            box.setCurrentIndex(box.findData(scenario_id))
            box.activated.connect(self._choose)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        legend = QLabel(
            f'<span style="color:{ADDED.name()}">■</span> added &nbsp; '
            f'<span style="color:{REMOVED.name()}">■</span> removed &nbsp; '
            f'<span style="color:{CHANGED.name()}">■</span> changed'
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("As-is:"))
        top.addWidget(self.left_box, 1)
        top.addWidget(QLabel("To-be:"))
        top.addWidget(self.right_box, 1)
        top.addWidget(legend)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_view)
        splitter.addWidget(self.right_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        # The two sides scroll and zoom together, so the same part of the journey stays side by side.
        for a, b in ((self.left_view, self.right_view), (self.right_view, self.left_view)):
            a.horizontalScrollBar().valueChanged.connect(b.horizontalScrollBar().setValue)
            a.verticalScrollBar().valueChanged.connect(b.verticalScrollBar().setValue)
            a.zoom_changed.connect(b.set_zoom)
        for signal in (
            controller.step_added,
            controller.step_removed,
            controller.step_changed,
            controller.flow_added,
            controller.flow_removed,
        ):
            signal.connect(lambda *_: self.refresh())
        controller.scenarios_changed.connect(self.refresh)
        controller.lanes_changed.connect(lambda _scenario_id: self.refresh())
        self.resize(1400, 800)
        self.refresh()

    def diff(self) -> ScenarioDiff:
        return compare_scenarios(self.left_scene.scenario, self.right_scene.scenario)

    def _choose(self) -> None:
        self.left_scene.set_scenario(str(self.left_box.currentData()))
        self.right_scene.set_scenario(str(self.right_box.currentData()))
        self.refresh()

    def refresh(self) -> None:
        """Ring the differences again, after any change to either scenario."""
        diff = self.diff()
        for item in self.left_scene.step_items():
            removed = item.step_id in diff.removed
            item.set_mark(REMOVED if removed else CHANGED if item.step_id in diff.changed else None)
        for item in self.right_scene.step_items():
            added = item.step_id in diff.added
            item.set_mark(ADDED if added else CHANGED if item.step_id in diff.changed else None)
        self.summary.setText("No differences." if diff.unchanged else diff.summary())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Once the splitter has given the views their sizes.
        QTimer.singleShot(0, self.left_view.show_beginning)
        QTimer.singleShot(0, self.right_view.show_beginning)
