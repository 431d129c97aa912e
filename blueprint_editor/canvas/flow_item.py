"""A flow drawn as an arrow between two cards: an orthogonal path with rounded bends (or a straight line), an
arrowhead at the target (or at both ends), and its label as plain text on a small plate beside the line.

The route itself comes from ``model.routing`` through the scene's FlowRouter, which re-routes the arrow whenever
a card it depends on moves.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import detail, style
from blueprint_editor.canvas.flow_handles import FlowEndHandle
from blueprint_editor.canvas.flow_router import to_rect
from blueprint_editor.canvas.static_lines import LINE_FLAGS
from blueprint_editor.canvas.text_layout import wrap_lines
from blueprint_editor.model.document import Flow, FlowArrows, FlowStyle
from blueprint_editor.model.routing import (
    Route,
    Side,
    elbow_route,
    place_label,
    point_at_half_length,
    search_area,
    straight_route,
)

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_router import FlowRouter
    from blueprint_editor.canvas.scene import BlueprintScene
    from blueprint_editor.canvas.step_item import StepItem

Z_FLOW = 5.0
# A selected flow comes above the cards, so that its end handles, which sit on the cards' edges, can be grabbed.
Z_SELECTED_FLOW = 12.0
ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.5
CORNER_RADIUS = 8.0
LABEL_MAX_WIDTH = 180.0
LABEL_MAX_LINES = 3
LABEL_PADDING = (6.0, 2.0)
LABEL_FONT_SIZE = 12


_SELECTED_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged


def label_font() -> QFont:
    return style.font(LABEL_FONT_SIZE)


class FlowItem(QGraphicsPathItem):
    """The arrow of one flow. It holds the flow's id, its two cards and what it draws; the model holds the rest."""

    def __init__(
        self,
        flow_id: str,
        source: StepItem,
        target: StepItem,
        router: FlowRouter | None = None,
        flow: Flow | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.flow_id = flow_id
        self.source = source
        self.target = target
        self._router = router
        self._style = flow.style if flow is not None else FlowStyle.ELBOW
        self._arrows = flow.arrows if flow is not None else FlowArrows.FORWARD
        self._label = flow.label if flow is not None else ""
        self._label_lines: list[str] = []
        self._route = Route(((0.0, 0.0), (0.0, 0.0)), Side.RIGHT, Side.LEFT)
        # How far both cards have moved together since the route was made (a drag): the drawing is moved as it is.
        self._shift: tuple[float, float] | None = None
        self._heads: list[QPolygonF] = []
        self._plate = QRectF()
        # Qt asks for the bounding rect of every arrow in view on every frame: kept here, made in _lay_out.
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None
        self._emphasis: QColor | None = None
        self._editing = False
        self.setZValue(Z_FLOW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        if not read_only:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._read_only = read_only
        # Made when the flow is first selected: most arrows never are, and a blueprint can have thousands.
        self._handles: tuple[FlowEndHandle, FlowEndHandle] | None = None
        source.flows.add(self)
        target.flows.add(self)
        self._wrap_label()
        self.update_path()

    # What the model says

    @property
    def style(self) -> FlowStyle:
        return self._style

    @property
    def arrows(self) -> FlowArrows:
        return self._arrows

    @property
    def label(self) -> str:
        return self._label

    @property
    def label_lines(self) -> list[str]:
        """The label as drawn, broken into lines."""
        return list(self._label_lines)

    @property
    def route(self) -> Route:
        """The route as drawn, in scene coordinates."""
        if self._shift is None:
            return self._route
        dx, dy = self._shift
        return replace(self._route, points=tuple((x + dx, y + dy) for x, y in self._route.points))

    def arrow_heads(self) -> list[QPolygonF]:
        """The filled arrowheads as drawn, in item coordinates (the SVG export writes them)."""
        return list(self._heads)

    def show_flow(self, flow: Flow) -> None:
        """Take the label, style and arrowheads from the model; re-route only when the style changed."""
        restyled = flow.style != self._style
        self._style, self._arrows = flow.style, flow.arrows
        if flow.label != self._label:
            self._label = flow.label
            self._wrap_label()
        if restyled:
            self.update_path()
        else:
            self._lay_out()

    def set_ends(self, source: StepItem, target: StepItem) -> None:
        """Join other cards (the flow was reconnected or reversed)."""
        if (source, target) == (self.source, self.target):
            return
        self.detach()
        self.source, self.target = source, target
        source.flows.add(self)
        target.flows.add(self)
        self.update_path()

    def detach(self) -> None:
        """Forget the cards, before the item leaves the scene."""
        self.source.flows.discard(self)
        self.target.flows.discard(self)

    def set_emphasis(self, colour: QColor | None) -> None:
        """Draw the arrow bold in a colour (the critical path), or as usual."""
        if colour != self._emphasis:
            self._emphasis = colour
            self.update()

    @property
    def emphasis(self) -> QColor | None:
        return self._emphasis

    def set_editing(self, on: bool) -> None:
        """Hide the label while the inline editor covers it."""
        self._editing = on
        self.update()

    @property
    def handles(self) -> tuple[FlowEndHandle, FlowEndHandle]:
        """The dots at the source and target ends, shown while the flow is selected."""
        if self._handles is None:
            self._handles = (FlowEndHandle(self, "source"), FlowEndHandle(self, "target"))
            for handle in self._handles:
                handle.setPos(self._end_in_item(handle.end))
                handle.setEnabled(not self._read_only)
        return self._handles

    def _blueprint_scene(self) -> BlueprintScene | None:
        return self.scene()  # type: ignore[return-value]

    # Geometry

    def update_path(self) -> None:
        """Route the arrow between its cards as they are now."""
        if self._router is not None:
            route = self._router.route(self)
        else:
            route = _route_alone(self._style, self.source, self.target)
        self.set_route(route)

    def set_route(self, route: Route) -> None:
        if self._shift is not None:
            self._shift = None
            self.setPos(0, 0)
        self._route = route
        self._lay_out()

    def follow_cards(self, dx: float, dy: float) -> None:
        """Both cards moved by (dx, dy) since the arrow was routed (they are dragged together): the arrow moves
        with them as it is, which costs Qt a translation instead of a new path, heads, plate and bounds."""
        shift = (dx, dy)
        if shift != (self._shift or (0.0, 0.0)):
            self._shift = shift
            self.setPos(dx, dy)

    def end_point(self, end: str) -> QPointF:
        """Where the flow meets its ``"source"`` or ``"target"`` card, in scene coordinates."""
        return self.mapToScene(self._end_in_item(end)) if self._shift is not None else self._end_in_item(end)

    def _end_in_item(self, end: str) -> QPointF:
        x, y = self._route.points[0] if end == "source" else self._route.points[-1]
        return QPointF(x, y)

    def label_rect(self) -> QRectF:
        """The label's plate (empty when there is no label), in scene coordinates."""
        return self.mapRectToScene(self._plate) if self._shift is not None else QRectF(self._plate)

    def label_anchor(self) -> QPointF:
        """Where a label is (or would be) shown: the middle of its plate."""
        if not self._plate.isEmpty():
            return self.label_rect().center()
        (x, y), _, _ = point_at_half_length(self.route.points)
        return QPointF(x, y)

    def _wrap_label(self) -> None:
        text = self._label.strip()
        self._label_lines = wrap_lines(text, label_font(), LABEL_MAX_WIDTH, LABEL_MAX_LINES) if text else []

    def _lay_out(self) -> None:
        """Turn the route into the drawn path, the arrowheads, the label's plate and the handles' places."""
        self.prepareGeometryChange()
        points = [QPointF(x, y) for x, y in self._route.points]
        heads: list[QPolygonF] = []
        if len(points) >= 2 and points[-1] != points[-2]:
            heads.append(_arrow_head(points[-1], _unit(points[-2], points[-1])))
            points[-1] = _pulled_back(points[-2], points[-1], ARROW_LENGTH - 1)
        if self._arrows == FlowArrows.BOTH and len(points) >= 2 and points[0] != points[1]:
            heads.append(_arrow_head(points[0], _unit(points[1], points[0])))
            points[0] = _pulled_back(points[1], points[0], ARROW_LENGTH - 1)
        self._heads = heads
        self.setPath(_rounded_path(points))
        self._plate = self._label_plate()
        self._bounds = self._measure_bounds()
        self._shape = None
        for handle in self._handles or ():
            handle.setPos(self._end_in_item(handle.end))

    def _label_plate(self) -> QRectF:
        """A box for the label beside the middle of the path, clear of the line and of the cards around it."""
        if not self._label_lines:
            return QRectF()
        metrics = QFontMetricsF(label_font())
        width = max(metrics.horizontalAdvance(line) for line in self._label_lines) + 2 * LABEL_PADDING[0]
        height = len(self._label_lines) * metrics.lineSpacing() + 2 * LABEL_PADDING[1]
        source, target = to_rect(self.source.scene_card_rect()), to_rect(self.target.scene_card_rect())
        # Only the cards the router would re-route this flow for: then the label never goes stale when one moves.
        area = search_area(source, target)
        cards = self._router.cards_in(area) if self._router is not None else [source, target]
        plate = place_label(self._route.points, width, height, cards, area)
        return QRectF(plate.left, plate.top, plate.width, plate.height)

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)  # a copy: a caller may adjust what it is given

    def _measure_bounds(self) -> QRectF:
        # The path widened by the hit shape's half-width (what QGraphicsPathItem would measure by building the whole
        # hit shape: a stroke, simplified, which cost more than the rest of a layout).
        rect = self.path().controlPointRect().adjusted(-6, -6, 6, 6)
        for head in self._heads:
            rect = rect.united(head.boundingRect())
        if not self._plate.isEmpty():
            rect = rect.united(self._plate)
        return rect.adjusted(-6, -6, 6, 6)

    def shape(self) -> QPainterPath:
        # Hit tests ask for it often (every move of the pointer over arrows): made once per layout.
        if self._shape is None:
            self._shape = self._measure_shape()
        return QPainterPath(self._shape)

    def _measure_shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        outline = stroker.createStroke(self.path())
        for head in self._heads:
            outline.addPolygon(head)
        if not self._plate.isEmpty():
            outline.addRect(self._plate)
        return outline.simplified()

    # Drawing: line, heads, label; each step on its own so that a drawing can skip what it does not need.

    def pen_colour_and_width(self) -> tuple[QColor, float]:
        if self.isSelected():
            return style.SELECTION, 2.5
        if self._emphasis is not None:
            return self._emphasis, 3.5
        return style.FLOW, 1.6

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour, width = self.pen_colour_and_width()
        level = detail.level_of(painter)
        if detail.plain(level):  # from afar an arrow is a hairline: no heads, no label
            painter.setPen(QPen(colour, 0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.path())
            return
        self.paint_line(painter, colour, width)
        self.paint_heads(painter, colour)
        if detail.readable(level, LABEL_FONT_SIZE):
            self.paint_label(painter)

    def paint_line(self, painter: QPainter, colour: QColor, width: float) -> None:
        pen = QPen(colour, style.stroke(width))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())

    def paint_heads(self, painter: QPainter, colour: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for head in self._heads:
            painter.drawPolygon(head)

    def paint_label(self, painter: QPainter) -> None:
        if self._plate.isEmpty() or self._editing:
            return
        painter.setPen(QPen(style.SELECTION, 1.2) if self.isSelected() else Qt.PenStyle.NoPen)
        painter.setBrush(style.CANVAS_BACKGROUND)
        painter.drawRoundedRect(self._plate, 4, 4)
        painter.setPen(style.INK)
        font = label_font()
        painter.setFont(font)
        line_height = QFontMetricsF(font).lineSpacing()
        top = self._plate.top() + LABEL_PADDING[1]
        for number, text in enumerate(self._label_lines):
            box = QRectF(self._plate.left(), top + number * line_height, self._plate.width(), line_height)
            painter.drawText(box, LINE_FLAGS, text)

    # Gestures

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        # Qt calls this half a dozen times for each arrow it makes: compared with a constant looked up once, and
        # ended with what QGraphicsItem.itemChange returns (the value) rather than a call back into Qt.
        if change == _SELECTED_HAS_CHANGED:
            selected = bool(value)
            self.setZValue(Z_SELECTED_FLOW if selected else Z_FLOW)
            for handle in self.handles if selected else self._handles or ():
                handle.setVisible(selected and handle.isEnabled())
        return value

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._blueprint_scene()
        if scene is not None and event.button() == Qt.MouseButton.LeftButton and not scene.read_only:
            scene.edit_flow_label(self.flow_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _route_alone(flow_style: FlowStyle, source: StepItem, target: StepItem) -> Route:
    """A route without a router (an item outside a scene): nothing to go around."""
    a, b = to_rect(source.scene_card_rect()), to_rect(target.scene_card_rect())
    return straight_route(a, b) if flow_style == FlowStyle.STRAIGHT else elbow_route(a, b)


def _unit(a: QPointF, b: QPointF) -> QPointF:
    """The unit vector from ``a`` towards ``b``."""
    d = b - a
    length = math.hypot(d.x(), d.y()) or 1.0
    return d / length


def _pulled_back(before: QPointF, end: QPointF, by: float) -> QPointF:
    """``end`` moved back towards ``before`` by ``by``, but never past it."""
    length = math.hypot(end.x() - before.x(), end.y() - before.y())
    if length <= 0:
        return end
    return end - (end - before) * (min(by, length) / length)


def _arrow_head(tip: QPointF, direction: QPointF) -> QPolygonF:
    base = tip - direction * ARROW_LENGTH
    normal = QPointF(-direction.y(), direction.x()) * ARROW_HALF_WIDTH
    return QPolygonF([tip, base + normal, base - normal])


def _rounded_path(points: list[QPointF]) -> QPainterPath:
    """Straight legs joined by quarter-round bends, each bend as round as its two legs allow."""
    path = QPainterPath(points[0])
    for previous, corner, following in zip(points, points[1:], points[2:], strict=False):
        into = math.hypot(corner.x() - previous.x(), corner.y() - previous.y())
        out = math.hypot(following.x() - corner.x(), following.y() - corner.y())
        radius = min(CORNER_RADIUS, into / 2, out / 2)
        if radius <= 0.5:
            path.lineTo(corner)
            continue
        path.lineTo(corner - _unit(previous, corner) * radius)
        path.quadTo(corner, corner + _unit(corner, following) * radius)
    path.lineTo(points[-1])
    return path
