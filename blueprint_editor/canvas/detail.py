"""Level of detail: what an item draws at the size it is shown, so that a blueprint of thousands of steps stays
smooth when the whole of it is in view.

Text smaller than a few pixels on screen cannot be read, yet laying it out and drawing it costs more than anything
else a card draws; so below a readable size items draw no text, further out cards become plain coloured blocks and
arrows thin lines without heads. The level of detail is Qt's: screen pixels per scene unit of the painter the item
is drawn with (1 at 100 %), so one scene shown in two views at different zooms is drawn right in each. Only
what is drawn on screen is simplified: an export or a print draws everything, however small, since its reader may
zoom in (a PDF) or asked for that size on purpose (a PNG).
"""

from __future__ import annotations

import math

from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

# Text whose letters would be smaller than this many screen pixels is not drawn.
READABLE_PIXELS = 6.0
# Below this level (a card 32 pixels wide), cards are drawn as blocks and arrows as hairlines.
PLAIN = 0.2


def level_of(painter: QPainter) -> float:
    """Screen pixels per scene unit for what ``painter`` draws now on screen; infinite (draw everything) when it
    draws anything else. A QPixmap is the screen's too: Qt draws an item into one to cache it for a view (cards
    being dragged, see StepItem), and a widget grabs itself into one; exports draw into images, PDF and SVG."""
    if not isinstance(painter.device(), (QWidget, QPixmap)):
        return math.inf
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def readable(level: float, pixel_size: float) -> bool:
    """Whether text of ``pixel_size`` scene pixels can be read at ``level``."""
    return level * pixel_size >= READABLE_PIXELS


def plain(level: float) -> bool:
    """Whether items are drawn in their simplest form at ``level``."""
    return level < PLAIN
