"""The analysis dock: lean figures of the shown scenario and its phases, and findings that select their steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from blueprint_editor.canvas import BlueprintScene, BlueprintView, style
from blueprint_editor.canvas.step_item import format_minutes
from blueprint_editor.editing import DocumentController

if TYPE_CHECKING:  # the analysis itself is imported when the dock first shows figures, not at start-up
    from blueprint_editor.analysis import Finding
    from blueprint_editor.model import Scenario

CRITICAL = QColor("#7c3aed")
SEVERITY_COLOUR = {  # by Severity's value
    "error": QColor("#b42318"),
    "warning": QColor("#9a6700"),
    "info": QColor("#475467"),
}
# Analysis runs once edits pause for this long, so a drag or typing never waits for it.
SETTLE_MS = 200


def _minutes(value: float | None) -> str:
    return "—" if value is None else format_minutes(value)


class AnalysisDock(QDockWidget):
    """Figures and findings of the scenario on screen, kept up to date as it is edited."""

    def __init__(
        self,
        controller: DocumentController,
        scene: BlueprintScene,
        view: BlueprintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Analysis", parent)
        self.setObjectName("analysis")
        self._controller = controller
        self._scene = scene
        self._view = view
        self._critical: tuple[str, ...] = ()
        self._findings_shown: list[Finding] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        figures = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("steps", "Steps"),
            ("flows", "Flows"),
            ("crossings", "Crossings"),
            ("fail_points", "Fail points"),
            ("wait_points", "Wait points"),
            ("lead", "Lead time"),
            ("touch", "Touch time"),
            ("efficiency", "Flow efficiency"),
        ):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            figures.addRow(title, label)
        layout.addLayout(figures)
        self.critical_path = QCheckBox("Show critical path")
        self.critical_path.setToolTip("Highlight the path of flows with the longest lead time")
        self.critical_path.toggled.connect(self._show_critical_path)
        layout.addWidget(self.critical_path)
        self.phases = QTableWidget(0, 6)
        self.phases.setHorizontalHeaderLabels(["Phase", "Steps", "F", "W", "Waiting", "Value-adding"])
        self.phases.verticalHeader().hide()
        self.phases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.phases.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel("Per phase"))
        layout.addWidget(self.phases, 1)
        layout.addWidget(QLabel("Findings (click to select the steps)"))
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.findings.itemClicked.connect(self._select_finding)
        self.findings.itemActivated.connect(self._select_finding)
        layout.addWidget(self.findings, 2)
        self.setWidget(body)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        for signal in (
            controller.step_added,
            controller.step_removed,
            controller.step_changed,
            controller.flow_added,
            controller.flow_removed,
        ):
            signal.connect(lambda *_: self._settle.start())
        controller.document_replaced.connect(self.refresh)
        controller.scenarios_changed.connect(self._settle.start)
        controller.lanes_changed.connect(lambda _scenario_id: self._settle.start())  # phases and lanes edited
        scene.scenario_shown.connect(lambda _: self.refresh())
        # Hidden (a tab behind the inspector, or closed), the dock computes nothing: the analysis of a large
        # blueprint takes a noticeable moment, and it is done when the dock is shown instead.
        # Qt says through visibilityChanged whether the user can see the dock (a tab behind another is not seen,
        # although the widget counts as visible).
        self._stale = True
        self._seen = False
        self.visibilityChanged.connect(self._seen_or_not)
        self.refresh()

    def _seen_or_not(self, visible: bool) -> None:
        self._seen = visible
        if visible and self._stale:
            handle = self.window().windowHandle()
            if handle is None or not handle.isExposed():
                # Shown with its window (the layout kept from the last window had it in front): the canvas is
                # painted first and the figures follow a moment later, so that start-up does not wait for them.
                self._settle.start()
            else:
                self.refresh()

    def refresh(self) -> None:
        """Compute the figures and findings of the shown scenario again (or, while hidden, once shown)."""
        if not self._seen:
            self._stale = True
            return
        self._stale = False
        scenario = self._controller.document.scenario(self._scene.scenario_id)
        if scenario is None:
            return
        from blueprint_editor.analysis import scenario_figures, scenario_findings
        from blueprint_editor.analysis.graph import has_cycle, scenario_graph

        figures = scenario_figures(scenario)
        c = figures.crossings
        self.labels["steps"].setText(str(figures.steps))
        self.labels["flows"].setText(str(figures.flows))
        self.labels["crossings"].setText(
            f"{c['interaction']} interaction · {c['visibility']} visibility · {c['internal']} internal"
        )
        self.labels["fail_points"].setText(str(figures.fail_points))
        self.labels["wait_points"].setText(str(figures.wait_points))
        if figures.lead_time_min is not None:
            lead = _minutes(figures.lead_time_min)
        elif has_cycle(scenario_graph(scenario)):
            lead = "—  (the flows go round in a loop)"
        else:
            lead = "—  (no durations or waits yet)"
        self.labels["lead"].setText(lead)
        self.labels["touch"].setText(_minutes(figures.touch_time_min))
        self.labels["efficiency"].setText(
            "—" if figures.flow_efficiency is None else f"{figures.flow_efficiency * 100:.1f} %"
        )
        self._critical = figures.critical_path
        self._fill_phases(scenario)
        self._fill_findings(scenario_findings(scenario))
        self._show_critical_path(self.critical_path.isChecked())

    def _fill_phases(self, scenario: Scenario) -> None:
        from blueprint_editor.analysis import phase_figures

        rows = phase_figures(scenario)
        self.phases.setRowCount(len(rows))
        for row, phase in enumerate(rows):
            cells = (
                phase.phase_name,
                str(phase.steps),
                str(phase.fail_points),
                str(phase.wait_points),
                _minutes(phase.wait_min),
                _minutes(phase.value_adding_min),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.phases.setItem(row, column, item)

    def _fill_findings(self, findings: list[Finding]) -> None:
        self._findings_shown = findings
        self.findings.clear()
        if not findings:
            self.findings.addItem("Nothing to report.")
        ground = self.palette().base().color()  # the dock's: updated before its children's on a theme change
        for finding in findings:
            item = QListWidgetItem(f"{finding.severity.value}: {finding.message}")
            item.setForeground(QBrush(readable_on(SEVERITY_COLOUR[finding.severity], ground)))
            item.setData(Qt.ItemDataRole.UserRole, finding.step_ids)
            self.findings.addItem(item)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._findings_shown:
            # The theme changed: choose the severity colours again to read on the list's new background.
            self._fill_findings(self._findings_shown)

    def _select_finding(self, item: QListWidgetItem) -> None:
        step_ids = item.data(Qt.ItemDataRole.UserRole) or ()
        cards = [c for c in (self._scene.step_item(s) for s in step_ids) if c is not None]
        if not cards:
            return
        self._scene.clearSelection()
        for card in cards:
            card.setSelected(True)
        self._view.centerOn(cards[0])

    def _show_critical_path(self, on: bool) -> None:
        path = set(self._critical) if on else set()
        for card in self._scene.step_items():
            if card.step_id in path or card.mark == CRITICAL:
                card.set_mark(CRITICAL if card.step_id in path else None)
        pairs = set(zip(self._critical, self._critical[1:], strict=False)) if on else set()
        for flow in self._scene.flow_items():
            flow.set_emphasis(CRITICAL if (flow.source.step_id, flow.target.step_id) in pairs else None)


def readable_on(colour: QColor, ground: QColor, minimum: float = 4.5) -> QColor:
    """``colour``, or the nearest mix of it towards black or white that reads on ``ground`` (dark themes)."""
    if style.contrast(colour, ground) >= minimum:
        return colour
    towards = QColor("#ffffff") if ground.lightnessF() < 0.5 else QColor("#000000")
    for step in range(1, 11):
        mixed = style.mix(towards, colour, step / 10)
        if style.contrast(mixed, ground) >= minimum:
            return mixed
    return towards
