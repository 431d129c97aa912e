"""A step drawn as a card: wrapped plain text, a stripe in its lane's colour, and a handle to draw flows from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmapCache, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import detail, style
from blueprint_editor.canvas.static_lines import LINE_FLAGS, StaticLines, on_screen
from blueprint_editor.canvas.text_layout import plain_tooltip, wrap_lines
from blueprint_editor.model import LaneKind, Step
from blueprint_editor.model.document import ValueClass
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_item import FlowItem
    from blueprint_editor.canvas.scene import BlueprintScene

Z_STEP = 10.0
BADGE_RADIUS = 10.0
FOOTER_HEIGHT = 16.0
WAIT_OVERHANG = 60.0  # how far a long wait badge may reach left of the card
VALUE_TAGS = {ValueClass.VALUE_ADDING: "value", ValueClass.NECESSARY: "needed", ValueClass.WASTE: "waste"}


@dataclass(frozen=True)
class CardFace:
    """What a card shows, taken from its step: the card redraws only when this changes."""

    label: str = ""
    kind: LaneKind = LaneKind.CUSTOMER
    fail_point: bool = False
    risk_note: str = ""
    wait_min: float = 0
    duration_min: float = 0
    value_class: ValueClass | None = None
    colour: str | None = None  # the card's own colour, #rrggbb; None: the theme's card colour

    @property
    def has_footer(self) -> bool:
        return self.duration_min > 0 or self.value_class is not None


def format_minutes(minutes: float) -> str:
    """A duration as people say it: 45 min, 2 h 30, 3 d 4 h."""
    total = round(minutes)
    if total < 1 and minutes > 0:
        return f"{minutes:.1f} min"
    if total < 120:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    if hours < 48:
        return f"{hours} h {mins:02d}" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _tooltip_text(step: Step) -> str:
    lines = [step.label]
    if step.description:
        lines.append(step.description)
    if step.fail_point:
        lines.append("Fail point" + (f": {step.risk_note}" if step.risk_note else ""))
    if step.wait_min:
        lines.append(f"Wait before: {format_minutes(step.wait_min)}")
    if step.duration_min:
        lines.append(f"Duration: {format_minutes(step.duration_min)}")
    if step.owner:
        lines.append(f"Owner: {step.owner}")
    return "\n".join(lines)


TEXT_PADDING = 12.0
MAX_TEXT_LINES = 6
HANDLE_RADIUS = 7.0


_POSITION_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_SELECTED_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged
# Text sizes (scene pixels) that decide, with the zoom, whether the card's text and footer are drawn.
TEXT_PIXELS = 13.0
FOOTER_PIXELS = 10.0


@lru_cache(maxsize=256)
def _bounds_for(height: float) -> QRectF:
    return QRectF(0, 0, CARD_WIDTH, height).adjusted(-WAIT_OVERHANG, -BADGE_RADIUS - 4, BADGE_RADIUS + 4, 4)


@lru_cache(maxsize=256)
def _stripe_for(height: float) -> QPainterPath:
    """The lane-coloured stripe down a card's left edge, rounded like the card; the same for cards of one height."""
    stripe = QPainterPath()
    stripe.addRoundedRect(QRectF(0, 0, 12, height), 6, 6)
    clip = QPainterPath()
    clip.addRect(QRectF(0, 0, 5, height))
    return stripe.intersected(clip)


class StepItem(QGraphicsItem):
    """The card of one step. It holds the step's id and drawing caches only; the model holds the rest."""

    def __init__(self, step_id: str, *, read_only: bool = False) -> None:
        super().__init__()
        self.step_id = step_id
        self.flows: set[FlowItem] = set()
        self._face = CardFace()
        self._lines: list[str] = []
        self._height = CARD_MIN_HEIGHT
        self._editing = False
        self._drop_target = False
        self._mark: QColor | None = None
        self._static_lines = StaticLines()
        # A read-only card (an export's, a comparison's) makes none unless asked: exports hold thousands of cards.
        self._handle: ConnectionHandle | None = None
        self._read_only = read_only
        flag = QGraphicsItem.GraphicsItemFlag
        flags = flag.ItemIsSelectable | flag.ItemSendsGeometryChanges
        if not read_only:
            flags |= flag.ItemIsMovable
        self.setFlags(flags)
        self.setZValue(Z_STEP)
        if not read_only:  # a read-only card has the view's arrow and no connection dot to show on hover
            self.setAcceptHoverEvents(True)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            # Made with the card, not on first hover: made later, the card's in-place editor (also its child) was
            # freed twice when a presentation rebuilt the scene as the edit ended (PySide 6.11; cause not found,
            # tests/test_presentation_gui.py caught it).
            self._handle = self._make_handle()

    def _make_handle(self) -> ConnectionHandle:
        handle = ConnectionHandle(self)
        handle.setPos(CARD_WIDTH, self._height / 2)
        handle.setEnabled(not self._read_only)
        return handle

    @property
    def handle(self) -> ConnectionHandle:
        """The dot to drag a flow from (disabled on a read-only card)."""
        if self._handle is None:
            self._handle = self._make_handle()
        return self._handle

    def restyle(self) -> None:
        """Take the theme's colours where Qt keeps copies of them (the connection dot); paint reads the rest."""
        if self._handle is not None:
            self._handle.restyle()
        self.update()

    @property
    def height(self) -> float:
        return self._height

    @property
    def label(self) -> str:
        return self._face.label

    @property
    def face(self) -> CardFace:
        return self._face

    @property
    def text_lines(self) -> list[str]:
        """The label as the card breaks it into lines (exports write the same lines)."""
        return list(self._lines)

    def show_step(self, step: Step, kind: LaneKind) -> None:
        """Take what the card shows from the model; grows the card to fit its text."""
        face = CardFace(
            step.label,
            kind,
            step.fail_point,
            step.risk_note,
            step.wait_min,
            step.duration_min,
            step.value_class,
            step.colour,
        )
        # The tooltip says more than the card shows (the owner, the risk), so it is kept up to date on its own.
        tooltip = plain_tooltip(_tooltip_text(step))
        if tooltip != self.toolTip():
            self.setToolTip(tooltip)
        if face == self._face and self._lines:
            return
        self._face = face
        font = style.card_font()
        self._lines = wrap_lines(step.label, font, CARD_WIDTH - 2 * TEXT_PADDING, MAX_TEXT_LINES)
        line_height = QFontMetricsF(font).lineSpacing()
        text_height = len(self._lines) * line_height + 2 * TEXT_PADDING
        height = max(CARD_MIN_HEIGHT, text_height + (FOOTER_HEIGHT if face.has_footer else 0))
        if height != self._height:
            self.prepareGeometryChange()
            self._height = height
        if self._handle is not None:
            self._handle.setPos(CARD_WIDTH, self._height / 2)
        self.update()

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, self._height)

    def scene_card_rect(self) -> QRectF:
        return self.mapRectToScene(self.card_rect())

    def set_editing(self, on: bool) -> None:
        """Hide the text while the in-place editor covers the card."""
        self._editing = on
        self.update()

    def set_mark(self, colour: QColor | None) -> None:
        """Ring the card in a colour (a comparison's added, removed or changed), or take the ring away."""
        self._mark = colour
        self.update()

    @property
    def mark(self) -> QColor | None:
        return self._mark

    def set_drop_target(self, on: bool) -> None:
        """Mark this card as the one a flow being drawn would end on."""
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    def boundingRect(self) -> QRectF:
        # Room for the selection outline and for the badges that sit across the card's top edge. Qt asks for it
        # for every card in view on every frame, so it is made once per card height.
        return QRectF(_bounds_for(self._height))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.card_rect(), 8, 8)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.card_rect()
        face = self._face
        level = detail.level_of(painter)
        if detail.plain(level):  # too small to show more than where the card is, its lane and its state
            self._paint_plain(painter, rect)
            return
        if self._drop_target:
            pen = QPen(style.SELECTION, 3, Qt.PenStyle.DashLine)
        elif self.isSelected():
            pen = QPen(style.SELECTION, 2.5)
        else:
            pen = QPen(style.FAIL if face.fail_point else style.CARD_EDGE, style.stroke(1.5 if face.fail_point else 1))
        if self._mark is not None:
            painter.setPen(QPen(self._mark, 6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 9, 9)
        painter.setPen(pen)
        fill = style.card_fill(face.colour)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 8, 8)
        painter.fillPath(_stripe_for(self._height), style.LANE_ACCENT[face.kind])
        if face.has_footer and detail.readable(level, FOOTER_PIXELS):
            self._paint_footer(painter)
        if face.wait_min > 0:
            self._paint_wait_badge(painter)
        if face.fail_point:
            self._paint_fail_badge(painter)
        if self._editing or not self._lines or not detail.readable(level, TEXT_PIXELS):
            return
        painter.setPen(style.INK if face.colour is None else style.ink_on(fill))
        font = style.card_font()
        painter.setFont(font)
        line_height = painter.fontMetrics().lineSpacing()
        text_area = self._height - (FOOTER_HEIGHT if face.has_footer else 0)
        top = (text_area - len(self._lines) * line_height) / 2
        if on_screen(painter):  # laid out once, not on every frame (canvas/static_lines.py)
            width = CARD_WIDTH - 2 * TEXT_PADDING
            self._static_lines.draw(painter, self._lines, font, TEXT_PADDING, width, top, line_height)
            return
        for number, text in enumerate(self._lines):
            box = QRectF(TEXT_PADDING, top + number * line_height, CARD_WIDTH - 2 * TEXT_PADDING, line_height)
            painter.drawText(box, LINE_FLAGS, text)

    def _paint_plain(self, painter: QPainter, rect: QRectF) -> None:
        """The card as a block: the selection's colour, a fail point's, the card's own, or its lane's accent."""
        face = self._face
        if self.isSelected() or self._drop_target:
            colour = style.SELECTION
        elif face.fail_point:
            colour = style.FAIL
        elif face.colour is not None:
            colour = style.card_fill(face.colour)
        else:
            colour = style.LANE_ACCENT.get(face.kind, style.CARD_EDGE)
        painter.fillRect(rect, colour)

    def _paint_fail_badge(self, painter: QPainter) -> None:
        """F in a red disc on the top-right corner: the classic mark of a fail point. Where colour alone must not
        tell it from the wait pill (colour-blind-safe palette, high contrast), the disc becomes a diamond."""
        centre = QPointF(CARD_WIDTH - 4, 0)
        painter.setPen(QPen(style.CARD_FILL, 2))
        painter.setBrush(style.FAIL)
        if style.active_palette().distinct_badges:
            r = BADGE_RADIUS + 3
            corners = (QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0))
            painter.drawPolygon(QPolygonF([centre + corner for corner in corners]))
        else:
            painter.drawEllipse(centre, BADGE_RADIUS, BADGE_RADIUS)
        painter.setPen(style.ink_on(style.FAIL))
        painter.setFont(style.badge_font())
        box = QRectF(centre.x() - BADGE_RADIUS, -BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "F")

    def _paint_wait_badge(self, painter: QPainter) -> None:
        """W and the wait in an amber pill across the top edge: the customer waits before this step."""
        painter.setFont(style.badge_font())
        text = f"W {format_minutes(self._face.wait_min)}"
        width = painter.fontMetrics().horizontalAdvance(text) + 14
        # Ends left of the middle of the top edge, where arrows from the lane above arrive.
        box = QRectF(CARD_WIDTH / 2 - 12 - width, -BADGE_RADIUS, width, 2 * BADGE_RADIUS)
        painter.setPen(QPen(style.CARD_FILL, 2))
        painter.setBrush(style.WAIT)
        painter.drawRoundedRect(box, BADGE_RADIUS, BADGE_RADIUS)
        painter.setPen(style.ink_on(style.WAIT))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_footer(self, painter: QPainter) -> None:
        """Duration at the bottom right, and the value class as a coloured tag at the bottom left."""
        face = self._face
        row = QRectF(TEXT_PADDING, self._height - FOOTER_HEIGHT - 4, CARD_WIDTH - 2 * TEXT_PADDING, FOOTER_HEIGHT)
        painter.setFont(style.footer_font())
        if face.duration_min > 0:
            painter.setPen(style.MUTED_INK if face.colour is None else style.ink_on(style.card_fill(face.colour)))
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_minutes(face.duration_min))  # fmt: skip
        if face.value_class is not None:
            text = VALUE_TAGS[face.value_class]
            width = painter.fontMetrics().horizontalAdvance(text) + 10
            tag = QRectF(row.left(), row.top() + 1, width, row.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.VALUE_CLASS[face.value_class])
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(style.ink_on(style.VALUE_CLASS[face.value_class]))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        # Qt calls this a dozen times for each card it makes: compared with constants looked up once, and ended
        # with what QGraphicsItem.itemChange returns (the value) rather than a call back into Qt.
        if change == _POSITION_HAS_CHANGED:
            scene = self._blueprint_scene()
            router = getattr(scene, "flow_router", None)
            if router is not None:
                router.card_changed(self)  # its arrows, and the arrows routed around where it was or is now
            else:
                for flow in self.flows:
                    flow.update_path()
        elif change == _SELECTED_HAS_CHANGED and not self._read_only:
            self.handle.setVisible(bool(value) or self.isUnderMouse())
        return value

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if not self._read_only:
            self.handle.setVisible(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self._handle is not None:
            self._handle.setVisible(not self._read_only and self.isSelected())
        super().hoverLeaveEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._blueprint_scene()
        if scene is not None and event.button() == Qt.MouseButton.LeftButton and not scene.read_only:
            scene.edit_step_label(self.step_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _blueprint_scene(self) -> BlueprintScene | None:
        return self.scene()  # type: ignore[return-value]


# How much of Qt's pixmap cache the pixmaps of dragged cards may take (see draw_from_pixmaps).
DRAG_CACHE_SHARE = 0.5


def draw_from_pixmaps(cards: Iterable[StepItem], view: QGraphicsView) -> list[StepItem]:
    """Have Qt keep these cards as pixmaps and copy them where the cards are on each frame instead of painting them
    again: for cards being dragged, which move but do not change. The cards in view come first, then those near
    enough to come into view during the drag, as many as fit in a share of Qt's pixmap cache (more would push each
    other out, and be painted twice a frame; zoomed far in, that is only a few). Returns the cards drawn so."""
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    near = shown.adjusted(-shown.width() / 2, -shown.height() / 2, shown.width() / 2, shown.height() / 2)
    centre = shown.center()

    def order(card: StepItem) -> tuple[bool, float]:
        rect = card.sceneBoundingRect()
        offset = rect.center() - centre
        return not rect.intersects(shown), offset.x() ** 2 + offset.y() ** 2

    candidates = sorted((c for c in cards if c.isVisible() and c.sceneBoundingRect().intersects(near)), key=order)
    zoom = view.transform().m11()
    room = QPixmapCache.cacheLimit() * 1024 * DRAG_CACHE_SHARE / 4  # pixels, at four bytes each
    chosen: list[StepItem] = []
    for card in candidates:
        bounds = card.boundingRect()
        room -= bounds.width() * bounds.height() * zoom * zoom
        if room < 0:
            break
        card.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        chosen.append(card)
    # The arrows between two of them move with them as they are (see FlowRouter): copied from pixmaps as well.
    taken = set(chosen)
    for flow in {flow for card in chosen for flow in card.flows if flow.source in taken and flow.target in taken}:
        bounds = flow.boundingRect()
        room -= bounds.width() * bounds.height() * zoom * zoom
        if room < 0:
            break
        flow.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return chosen


def draw_directly(cards: Sequence[StepItem]) -> None:
    """Paint these cards, and the arrows between them, on each frame again, and let their pixmaps go (the drag is
    over)."""
    for item in [*cards, *(flow for card in cards for flow in card.flows)]:
        if shiboken6.isValid(item):  # not deleted meanwhile (a rebuild of the scene)
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)


class ConnectionHandle(QGraphicsEllipseItem):
    """The dot on a card's right edge: drag from it to another card to add a flow."""

    def __init__(self, card: StepItem) -> None:
        r = HANDLE_RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r, card)
        self.card = card
        self.restyle()
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Drag to another step to connect")
        self.setVisible(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def restyle(self) -> None:
        """Take the theme's colours (Qt keeps a copy of a brush, so a theme change must hand over new ones)."""
        self.setBrush(QBrush(style.SELECTION))
        self.setPen(QPen(style.CARD_FILL, 2))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.begin_connection(self.card.step_id, self.scenePos())  # type: ignore[attr-defined]
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.update_connection(event.scenePos())  # type: ignore[attr-defined]

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.card.scene()
        if scene is not None:
            scene.finish_connection(event.scenePos())  # type: ignore[attr-defined]


def card_anchor(rect: QRectF, side: str) -> QPointF:
    """The middle of one side of a card: 'left', 'right', 'top' or 'bottom'."""
    return {
        "left": QPointF(rect.left(), rect.center().y()),
        "right": QPointF(rect.right(), rect.center().y()),
        "top": QPointF(rect.center().x(), rect.top()),
        "bottom": QPointF(rect.center().x(), rect.bottom()),
    }[side]
