"""The card colour field of the inspector: a row of swatches, Custom… for any colour, and Lane colour for none."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from blueprint_editor.canvas import style

# Okabe & Ito's colours, told apart with colour-vision deficiencies and readable under dark or light ink.
SWATCHES: tuple[tuple[str, str], ...] = (
    ("Orange", style.OKABE_ITO["orange"]),
    ("Sky blue", style.OKABE_ITO["sky blue"]),
    ("Bluish green", style.OKABE_ITO["bluish green"]),
    ("Yellow", style.OKABE_ITO["yellow"]),
    ("Blue", style.OKABE_ITO["blue"]),
    ("Vermillion", style.OKABE_ITO["vermillion"]),
    ("Reddish purple", style.OKABE_ITO["reddish purple"]),
    ("Grey", "#999999"),
)
SWATCH_SIZE = 18


def ask_custom_colour(parent: QWidget | None, initial: QColor) -> QColor | None:
    """Ask for any colour; None when the dialog is cancelled. Tests replace this."""
    colour = QColorDialog.getColor(initial, parent, "Card colour")
    return colour if colour.isValid() else None


def _swatch_icon(colour: str) -> QIcon:
    pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#808080"), 1))  # an edge, so that light swatches show on light menus
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(1, 1, SWATCH_SIZE - 2, SWATCH_SIZE - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class ColourField(QWidget):
    """Shows a step's colour (the matching swatch is pressed) and reports the colour the user picks."""

    colour_chosen = Signal(object)  # "#rrggbb", or None for the lane's colour

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour: str | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        swatches = QHBoxLayout()
        swatches.setSpacing(2)
        self.swatches: dict[str, QToolButton] = {}
        for name, colour in SWATCHES:
            button = QToolButton(self)
            button.setIcon(_swatch_icon(colour))
            button.setIconSize(QSize(SWATCH_SIZE, SWATCH_SIZE))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"{name} ({colour})")
            button.setAccessibleName(f"{name} card")
            button.clicked.connect(lambda _=False, c=colour: self._choose(c))
            swatches.addWidget(button)
            self.swatches[colour] = button
        swatches.addStretch(1)
        column.addLayout(swatches)
        buttons = QHBoxLayout()
        self.custom = QToolButton(self)
        self.custom.setText("Custom…")
        self.custom.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.custom.setToolTip("Choose any colour for this card")
        self.custom.clicked.connect(self._ask_custom)
        self.lane_colour = QToolButton(self)
        self.lane_colour.setText("Lane colour")
        self.lane_colour.setCheckable(True)
        self.lane_colour.setToolTip("No colour of its own: the card looks like the others of its lane")
        self.lane_colour.clicked.connect(lambda: self._choose(None))
        buttons.addWidget(self.custom)
        buttons.addWidget(self.lane_colour)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.set_colour(None)

    def colour(self) -> str | None:
        return self._colour

    def set_colour(self, colour: str | None) -> None:
        """Show ``colour`` (#rrggbb or None) without reporting it."""
        self._colour = colour.lower() if colour else None
        for value, button in self.swatches.items():
            button.setChecked(value == self._colour)
        self.lane_colour.setChecked(self._colour is None)
        own = self._colour is not None and self._colour not in self.swatches
        self.custom.setIcon(_swatch_icon(self._colour) if own and self._colour else QIcon())
        self.custom.setToolTip(f"Custom colour {self._colour}" if own else "Choose any colour for this card")

    def _choose(self, colour: str | None) -> None:
        self.set_colour(colour)  # a click on the pressed swatch must leave it pressed
        self.colour_chosen.emit(self._colour)

    def _ask_custom(self) -> None:
        colour = ask_custom_colour(self, QColor(self._colour or SWATCHES[0][1]))
        if colour is not None:
            self._choose(colour.name())
