"""The Export dialog: one place to choose the format, what to show, and where the file goes.

Only the options that apply to the chosen format are shown (resolution and transparency for PNG, page size and
tiling for PDF, every scenario at once for PDF only). The last choices are remembered between sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QSizeF
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

FORMATS = {"png": "PNG image", "svg": "SVG drawing", "pdf": "PDF document"}
PAGES = {"fit": "Fit the drawing", "a4": "A4 landscape", "a3": "A3 landscape", "letter": "Letter landscape"}
MIN_DPI, MAX_DPI, DEFAULT_DPI = 72, 600, 192
SETTINGS_GROUP = "export"


@dataclass(frozen=True)
class ExportRequest:
    """Everything the dialog asked for."""

    path: Path
    fmt: str
    all_scenarios: bool = False
    selection_only: bool = False
    customer_view: bool = False
    title_block: bool = False
    legend: bool = False
    dpi: int = DEFAULT_DPI
    transparent: bool = False
    page: str = "fit"
    tile: bool = False


class ExportDialog(QDialog):
    """Asks for a format, the options that apply to it, and a file name."""

    def __init__(
        self,
        suggested: Path,
        parent: QWidget | None = None,
        *,
        fmt: str | None = None,
        scenario_name: str = "",
        selected_steps: int = 0,
        scenario_count: int = 1,
        drawing_size: QSizeF | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._drawing_size = drawing_size
        self._selected_steps = selected_steps
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)

        self.format_box = QComboBox()
        for key, title in FORMATS.items():
            self.format_box.addItem(title, key)
        self.form.addRow("&Format:", self.format_box)

        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setMinimumWidth(380)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        file_row = QWidget()  # a widget, not a layout, so that the label's Alt+I shortcut reaches the field
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.form.addRow("F&ile:", file_row)
        label = self.form.labelForField(file_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.path_edit)

        self.scenario_box = QComboBox()
        self.scenario_box.addItem(f"This scenario ({scenario_name})" if scenario_name else "This scenario", False)
        self.scenario_box.addItem(f"All {scenario_count} scenarios, a page each", True)
        self.scenario_box.setEnabled(scenario_count > 1)
        self.form.addRow("&Scenario:", self.scenario_box)

        self.selection_check = QCheckBox(
            f"Only the {selected_steps} selected steps" if selected_steps else "Only the selected steps (none selected)"
        )
        self.customer_check = QCheckBox("Customer view (only what lies above the line of visibility)")
        self.title_check = QCheckBox("Title block (title, scenario and date above the blueprint)")
        self.legend_check = QCheckBox("Legend (lines, fail and wait badges, lane colours)")
        shows = QVBoxLayout()
        for box in (self.selection_check, self.customer_check, self.title_check, self.legend_check):
            shows.addWidget(box)
        self.form.addRow("Show:", shows)

        self.dpi_spin = QSpinBox()
        self.dpi_spin.setRange(MIN_DPI, MAX_DPI)
        self.dpi_spin.setSingleStep(24)
        self.dpi_spin.setSuffix(" dpi")
        self.dpi_spin.setToolTip(
            "96 dpi is one pixel per unit of the drawing; 192 dpi suits documents and sharp screens"
        )
        self.pixels_label = QLabel()
        self._dpi_row = QWidget()
        dpi_row = QHBoxLayout(self._dpi_row)
        dpi_row.setContentsMargins(0, 0, 0, 0)
        dpi_row.addWidget(self.dpi_spin)
        dpi_row.addWidget(self.pixels_label, 1)
        self.form.addRow("&Resolution:", self._dpi_row)
        label = self.form.labelForField(self._dpi_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.dpi_spin)
        self.transparent_check = QCheckBox("Transparent background")
        self.form.addRow("", self.transparent_check)

        self.page_box = QComboBox()
        for key, title in PAGES.items():
            self.page_box.addItem(title, key)
        self.form.addRow("&Page:", self.page_box)
        self.tile_box = QComboBox()
        self.tile_box.addItem("Scale down to fit the sheet", False)
        self.tile_box.addItem("Tile across several sheets", True)
        self.form.addRow("&Wide blueprints:", self.tile_box)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b42318;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._restore()
        if fmt is not None:
            self.set_format(fmt)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.scenario_box.currentIndexChanged.connect(self._update)
        self.page_box.currentIndexChanged.connect(self._update)
        self.dpi_spin.valueChanged.connect(self._update)
        self.path_edit.textChanged.connect(lambda _: self.error_label.hide())
        self._format_changed()

    # What was asked

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, fmt: str) -> None:
        index = self.format_box.findData(fmt)
        if index >= 0:
            self.format_box.setCurrentIndex(index)

    def path(self) -> Path:
        """The file name, with the format's extension added when it lacks it."""
        path = Path(self.path_edit.text().strip()).expanduser()
        suffix = f".{self.fmt()}"
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def scale(self) -> float:
        return self.dpi_spin.value() / 96

    def request(self) -> ExportRequest:
        fmt = self.fmt()
        all_scenarios = fmt == "pdf" and bool(self.scenario_box.currentData())
        return ExportRequest(
            path=self.path(),
            fmt=fmt,
            all_scenarios=all_scenarios,
            selection_only=self.selection_check.isEnabled() and self.selection_check.isChecked(),
            customer_view=self.customer_check.isChecked(),
            title_block=self.title_check.isChecked(),
            legend=self.legend_check.isChecked(),
            dpi=self.dpi_spin.value(),
            transparent=fmt == "png" and self.transparent_check.isChecked(),
            page=str(self.page_box.currentData()),
            tile=bool(self.tile_box.currentData()) and self.page_box.currentData() != "fit",
        )

    # Behaviour

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self._remember()
        super().accept()

    def _problem(self) -> str:
        """Why the file cannot be written where it is asked for; empty when it can."""
        text = self.path_edit.text().strip()
        if not text:
            return "Give the file a name."
        path = self.path()
        if path.is_dir():
            return f"{path} is a folder: add a file name."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        return ""

    def _format_changed(self) -> None:
        fmt = self.fmt()
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower().lstrip(".") in FORMATS:
                self.path_edit.setText(str(path.with_suffix(f".{fmt}")))
        self._update()

    def _update(self) -> None:
        fmt = self.fmt()
        for widget, shown in (
            (self.scenario_box, fmt == "pdf"),
            (self._dpi_row, fmt == "png"),
            (self.transparent_check, fmt == "png"),
            (self.page_box, fmt == "pdf"),
            (self.tile_box, fmt == "pdf"),
        ):
            self.form.setRowVisible(widget, shown)
        everything = fmt == "pdf" and bool(self.scenario_box.currentData())
        self.selection_check.setEnabled(self._selected_steps > 0 and not everything)
        self.tile_box.setEnabled(self.page_box.currentData() != "fit")
        if self._drawing_size is not None:
            scale = self.scale()
            width, height = self._drawing_size.width() * scale, self._drawing_size.height() * scale
            self.pixels_label.setText(f"{scale:g}x, about {width:,.0f} x {height:,.0f} pixels")
        else:
            self.pixels_label.setText(f"{self.scale():g}x")
        self.adjustSize()

    def _browse(self) -> None:
        fmt = self.fmt()
        name, _ = QFileDialog.getSaveFileName(self, "Export to", str(self.path()), f"{FORMATS[fmt]} (*.{fmt})")
        if name:
            self.path_edit.setText(name)

    # Remembered choices

    def _restore(self) -> None:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        self.set_format(str(settings.value("format", "png")))
        self.customer_check.setChecked(_flag(settings.value("customer_view", False)))
        self.title_check.setChecked(_flag(settings.value("title_block", False)))
        self.legend_check.setChecked(_flag(settings.value("legend", False)))
        self.selection_check.setChecked(_flag(settings.value("selection_only", False)))
        self.dpi_spin.setValue(_int(settings.value("dpi", DEFAULT_DPI), DEFAULT_DPI))
        self.transparent_check.setChecked(_flag(settings.value("transparent", False)))
        page = self.page_box.findData(str(settings.value("page", "fit")))
        self.page_box.setCurrentIndex(max(page, 0))
        self.tile_box.setCurrentIndex(1 if _flag(settings.value("tile", False)) else 0)
        self.scenario_box.setCurrentIndex(1 if _flag(settings.value("all_scenarios", False)) else 0)
        settings.endGroup()

    def _remember(self) -> None:
        request = self.request()
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("format", request.fmt)
        settings.setValue("customer_view", request.customer_view)
        settings.setValue("title_block", request.title_block)
        settings.setValue("legend", request.legend)
        settings.setValue("selection_only", self.selection_check.isChecked())
        settings.setValue("dpi", request.dpi)
        settings.setValue("transparent", self.transparent_check.isChecked())
        settings.setValue("page", request.page)
        settings.setValue("tile", bool(self.tile_box.currentData()))
        settings.setValue("all_scenarios", bool(self.scenario_box.currentData()))
        settings.setValue("folder", str(request.path.parent))
        settings.endGroup()


def remembered_folder() -> str:
    """The folder of the last export, or empty when there was none."""
    return str(QSettings().value(f"{SETTINGS_GROUP}/folder", ""))


def remembered_options() -> dict[str, bool]:
    """The last export's choices of what to show, for printing and copying the same way."""
    settings = QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    options = {key: _flag(settings.value(key, False)) for key in ("customer_view", "title_block", "legend", "tile")}
    settings.endGroup()
    return options


def _flag(value: object) -> bool:
    """A boolean read back from QSettings, which may hand back "true" or "false" as text."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return default
