"""The export dialog: where to write the image and, for PNG, at what scale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

SCALES = (1, 2, 3, 4)


class ExportDialog(QDialog):
    """Asks for a file name and, for PNG, a scale of 1x to 4x."""

    def __init__(self, fmt: str, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fmt = fmt
        self.setWindowTitle(f"Export as {fmt.upper()}")
        layout = QFormLayout(self)
        self.path_edit = QLineEdit(str(suggested.with_suffix(f".{fmt}")))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addRow("File:", row)
        self.scale_box = QComboBox()
        for scale in SCALES:
            self.scale_box.addItem(f"{scale}x", scale)
        self.scale_box.setCurrentIndex(1)
        self.scale_box.setToolTip("2x suits documents and high-density screens")
        if fmt == "png":
            layout.addRow("Scale:", self.scale_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def path(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix.lower() == f".{self._fmt}" else path.with_name(path.name + f".{self._fmt}")

    def scale(self) -> int:
        return int(self.scale_box.currentData())

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{self._fmt.upper()} image (*.{self._fmt})"
        )
        if name:
            self.path_edit.setText(name)
