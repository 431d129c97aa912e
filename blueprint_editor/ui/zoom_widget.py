"""The status bar's zoom control: a slider and the zoom as a percentage, both following the view.

The slider works in powers of two (100 steps per doubling) so that it moves as much from 50 % to 100 % as from
100 % to 200 %, and it clicks into 100 % when it comes near. The view announces every zoom change, however it
came about (keys, wheel, Fit); the slider is set from that announcement with its own signals blocked, so the two
never chase each other.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from blueprint_editor.canvas.view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP, BlueprintView

STEPS_PER_DOUBLING = 100
# Within this many slider steps of 100 %, the slider gives exactly 100 %: text is crispest there.
DETENT = 4


def slider_value(zoom: float) -> int:
    """The slider position of a zoom factor."""
    return round(STEPS_PER_DOUBLING * math.log2(zoom))


def zoom_of(value: int) -> float:
    """The zoom factor of a slider position."""
    return 1.0 if abs(value) <= DETENT else float(2 ** (value / STEPS_PER_DOUBLING))


class ZoomWidget(QWidget):
    """A zoom slider and its percentage, for the status bar."""

    def __init__(self, view: BlueprintView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(slider_value(MIN_ZOOM), slider_value(MAX_ZOOM))
        self.slider.setSingleStep(10)
        self.slider.setPageStep(slider_value(ZOOM_STEP))  # one page is one Zoom In
        self.slider.setFixedWidth(140)
        self.slider.setToolTip("Zoom (Ctrl+wheel on the canvas; Ctrl+1 for 100 %, Ctrl+0 to fit)")
        self.slider.setAccessibleName("Zoom")
        self.label = QLabel(self)
        # Room for the widest text, so that the status bar does not jump as the number changes.
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("800 %") + 6)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(6)
        row.addWidget(self.slider)
        row.addWidget(self.label)
        # As wide as its parts: the status bar's message gets the rest.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.slider.valueChanged.connect(self._slider_moved)
        view.zoom_changed.connect(self.show_zoom)
        self.show_zoom(view.zoom())

    def show_zoom(self, factor: float) -> None:
        """Show the view's zoom (it changed elsewhere): the slider follows without zooming again."""
        value = slider_value(factor)
        with QSignalBlocker(self.slider):
            if value < self.slider.minimum():  # Fit can go below 10 % for a very large blueprint
                self.slider.setMinimum(value)
            self.slider.setValue(value)
        percent = factor * 100
        # A whole landscape fitted into the window can be below 1 %: show it as such, never as "0 %".
        self.label.setText(f"{percent:.0f} %" if percent >= 9.5 else f"{percent:.2g} %")

    def _slider_moved(self, value: int) -> None:
        self._view.set_zoom(zoom_of(value))
