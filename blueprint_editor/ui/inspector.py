"""The inspector dock: every field of the selected step, edited through undoable commands.

Typing in a field merges into one undo step per field; the form follows the model (undo, other views) without
echoing values back, since the controller only announces real changes and the form blocks its own signals while
it is being filled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from blueprint_editor.canvas import BlueprintScene
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import LaneKind, Step, StepPlace
from blueprint_editor.model.document import MAX_LABEL_LENGTH, MAX_MINUTES, MAX_NOTES_LENGTH, Channel, ValueClass
from blueprint_editor.model.geometry import CARD_WIDTH, Band, clamp_in_band, phase_columns, phase_of
from blueprint_editor.ui.colour_field import ColourField
from blueprint_editor.ui.flow_form import FlowForm

VALUE_NAMES = {ValueClass.VALUE_ADDING: "Value-adding", ValueClass.NECESSARY: "Necessary", ValueClass.WASTE: "Waste"}
CHANNEL_NAMES = {
    Channel.IN_PERSON: "In person",
    Channel.PHONE: "Phone",
    Channel.WEB: "Web",
    Channel.APP: "App",
    Channel.EMAIL: "Email",
    Channel.MAIL: "Mail",
    Channel.SELF_SERVICE: "Self-service",
}
EMOTIONS = {-2: "-2  very unhappy", -1: "-1  unhappy", 0: "0  neutral", 1: "+1  happy", 2: "+2  delighted"}


class _PlainTextField(QPlainTextEdit):
    """A multi-line plain-text field that reports each edit; pasted rich text arrives as plain text."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)


class Inspector(QDockWidget):
    """Shows and edits the one selected step."""

    def __init__(self, controller: DocumentController, scene: BlueprintScene, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self._controller = controller
        self._scene = scene
        self._step_id: str | None = None
        self._form_widget = QWidget()
        outer = QVBoxLayout(self._form_widget)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._hint = QLabel("Select one step to see and edit its details.")
        self._hint.setWordWrap(True)
        self._hint.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self._hint)

        self.label = _PlainTextField(3)
        self.lane = QComboBox()
        self.phase = QComboBox()
        self.duration = self._minutes_box()
        self.wait = self._minutes_box()
        self.fail_point = QCheckBox("This is where the service can fail")
        self.risk_note = QLineEdit()
        self.risk_note.setPlaceholderText("What goes wrong, and how often")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Role or team")
        self.value_class = QComboBox()
        self.value_class.addItem("—", None)
        for value, name in VALUE_NAMES.items():
            self.value_class.addItem(name, value)
        self.emotion = QComboBox()
        self.emotion.addItem("—", None)
        for value, name in EMOTIONS.items():
            self.emotion.addItem(name, value)
        self.channel = QComboBox()
        self.channel.addItem("—", None)
        for value, name in CHANNEL_NAMES.items():
            self.channel.addItem(name, value)
        self.cost = QLineEdit()
        self.cost.setPlaceholderText("—")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("comma, separated")
        self.description = QLineEdit()
        self.description.setPlaceholderText("What the customer sees or touches")
        self.notes = _PlainTextField(4)
        self.colour = ColourField()

        for title, widget in (
            ("Text", self.label),
            ("Lane", self.lane),
            ("Phase", self.phase),
            ("Colour", self.colour),
            ("Duration", self.duration),
            ("Wait before", self.wait),
            ("Fail point", self.fail_point),
            ("Risk", self.risk_note),
            ("Owner", self.owner),
            ("Value", self.value_class),
            ("Emotion", self.emotion),
            ("Channel", self.channel),
            ("Cost", self.cost),
            ("Tags", self.tags),
            ("Evidence", self.description),
            ("Notes", self.notes),
        ):
            form.addRow(title, widget)
        self._fields = [w for w in self._form_widget.findChildren(QWidget) if w is not self._hint]
        for line in (self.risk_note, self.owner, self.description):
            line.setMaxLength(MAX_LABEL_LENGTH)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # One selected flow shows its own form in place of the step's.
        self.flow_form = FlowForm(controller, scene)
        self.flow_form.shown.connect(self._form_widget.setHidden)
        forms = QWidget()
        column = QVBoxLayout(forms)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.flow_form)
        column.addWidget(self._form_widget)
        scroll.setWidget(forms)
        self.setWidget(scroll)
        self._connect_edits()
        controller.step_changed.connect(self._on_step_changed)
        controller.step_removed.connect(self._on_step_removed)
        controller.document_replaced.connect(self.refresh)
        controller.lanes_changed.connect(lambda _scenario_id: self.refresh())  # lane titles, phases: the combos
        scene.selectionChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _minutes_box() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, MAX_MINUTES)
        box.setDecimals(1)
        box.setSuffix(" min")
        box.setKeyboardTracking(True)
        return box

    # Model to form

    @property
    def step_id(self) -> str | None:
        return self._step_id

    def _step(self) -> Step | None:
        scenario = self._controller.document.scenario(self._scene.scenario_id)
        if self._step_id is None or scenario is None:
            return None
        return scenario.step(self._step_id)

    def refresh(self) -> None:
        """Show the selected step (or nothing when none or several are selected)."""
        try:
            ids = self._scene.selected_step_ids()
        except RuntimeError:
            return  # the scene is being torn down with the window
        self._step_id = next(iter(ids)) if len(ids) == 1 else None
        step = self._step()
        for widget in self._fields:
            widget.setEnabled(step is not None)
        self._hint.setText(
            "Select one step to see and edit its details."
            if step is None
            else f"Step {step.id} — edits here can be undone like any other."
        )
        if step is not None:
            self._fill(step)

    def _fill(self, step: Step) -> None:
        scenario = self._scene.scenario
        blockers = [QSignalBlocker(w) for w in self._fields]
        if self.label.toPlainText() != step.label:
            self.label.setPlainText(step.label)
        self.lane.clear()
        for lane in scenario.lanes:
            if lane.kind.holds_steps:
                self.lane.addItem(lane.title, lane.id)
        self.lane.setCurrentIndex(self.lane.findData(step.lane))
        self.phase.clear()
        for column in phase_columns(scenario):
            self.phase.addItem(column.phase.name, column.phase.id)
        phase = phase_of(scenario, step)
        self.phase.setCurrentIndex(self.phase.findData(phase.id) if phase else -1)
        self.duration.setValue(step.duration_min)
        self.wait.setValue(step.wait_min)
        self.fail_point.setChecked(step.fail_point)
        self.colour.set_colour(step.colour)
        _set_text(self.risk_note, step.risk_note)
        _set_text(self.owner, step.owner)
        self.value_class.setCurrentIndex(self.value_class.findData(step.value_class))
        self.emotion.setCurrentIndex(self.emotion.findData(step.emotion))
        self.channel.setCurrentIndex(self.channel.findData(step.channel))
        _set_text(self.cost, "" if step.cost is None else f"{step.cost:g}")
        _set_text(self.tags, ", ".join(step.tags))
        _set_text(self.description, step.description)
        lane = scenario.lane(step.lane)
        self.description.setEnabled(lane is not None and lane.kind == LaneKind.EVIDENCE)
        if self.notes.toPlainText() != step.notes:
            self.notes.setPlainText(step.notes)
        del blockers

    def _on_step_changed(self, scenario_id: str, step_id: str) -> None:
        if scenario_id == self._scene.scenario_id and step_id == self._step_id:
            step = self._step()
            if step is not None:
                self._fill(step)

    def _on_step_removed(self, scenario_id: str, step_id: str) -> None:
        if step_id == self._step_id:
            self.refresh()

    # Form to model

    def _connect_edits(self) -> None:
        self.label.textChanged.connect(lambda: self._set(merge=True, label=self.label.toPlainText()[:MAX_LABEL_LENGTH]))
        self.duration.valueChanged.connect(lambda v: self._set(merge=True, duration_min=v))
        self.wait.valueChanged.connect(lambda v: self._set(merge=True, wait_min=v))
        self.fail_point.toggled.connect(lambda on: self._set(fail_point=on))
        self.colour.colour_chosen.connect(lambda colour: self._set(colour=colour))
        self.risk_note.textEdited.connect(lambda t: self._set(merge=True, risk_note=t))
        self.owner.textEdited.connect(lambda t: self._set(merge=True, owner=t))
        self.value_class.activated.connect(lambda: self._set(value_class=self.value_class.currentData()))
        self.emotion.activated.connect(lambda: self._set(emotion=self.emotion.currentData()))
        self.channel.activated.connect(lambda: self._set(channel=self.channel.currentData()))
        self.cost.editingFinished.connect(self._set_cost)
        self.tags.editingFinished.connect(self._set_tags)
        self.description.textEdited.connect(lambda t: self._set(merge=True, description=t))
        self.notes.textChanged.connect(lambda: self._set(merge=True, notes=self.notes.toPlainText()[:MAX_NOTES_LENGTH]))
        self.lane.activated.connect(self._move_to_lane)
        self.phase.activated.connect(self._move_to_phase)

    def _set(self, *, merge: bool = False, **fields: object) -> None:
        if self._step_id is not None:
            self._controller.set_step_fields(self._scene.scenario_id, self._step_id, merge=merge, **fields)

    def _set_cost(self) -> None:
        text = self.cost.text().strip().replace(",", ".")
        if not text:
            self._set(cost=None)
            return
        try:
            value = float(text)
        except ValueError:
            value = -1
        if value < 0 or value != value:  # not a number the model accepts: show the stored one again
            step = self._step()
            _set_text(self.cost, "" if step is None or step.cost is None else f"{step.cost:g}")
            return
        self._set(cost=value)

    def _set_tags(self) -> None:
        tags = [t.strip()[:64] for t in self.tags.text().split(",") if t.strip()]
        self._set(tags=list(dict.fromkeys(tags)))

    def _move(self, place: Callable[[Step], StepPlace | None]) -> None:
        step = self._step()
        if step is None:
            return
        target = place(step)
        if target is not None:
            self._controller.move_steps(self._scene.scenario_id, {step.id: target})

    def _move_to_lane(self) -> None:
        lane_id = self.lane.currentData()

        def place(step: Step) -> StepPlace | None:
            lane = self._scene.scenario.lane(lane_id)
            # The lane's own height, not the strip it shows while collapsed: the card keeps its place in it.
            band = None if lane is None else Band(lane, 0.0, lane.height)
            return None if band is None else StepPlace(lane_id, step.x, round(clamp_in_band(band, step.y)))

        self._move(place)

    def _move_to_phase(self) -> None:
        phase_id = self.phase.currentData()

        def place(step: Step) -> StepPlace | None:
            scenario = self._scene.scenario
            columns = {c.phase.id: c for c in phase_columns(scenario)}
            current = phase_of(scenario, step)
            if phase_id not in columns or current is None:
                return None
            # Same place within the new column as in the old one, as far as it fits.
            offset = step.x - columns[current.id].left
            target = columns[phase_id]
            x = min(max(target.left + offset, target.left), target.right - CARD_WIDTH)
            return StepPlace(step.lane, round(x), step.y)

        self._move(place)


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
