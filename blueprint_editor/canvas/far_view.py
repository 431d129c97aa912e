"""The whole of a large blueprint in view: cards, arrows and phase rules drawn in a few calls, not item by item.

Zoomed far out, a card is a few pixels and an arrow a hairline, yet Qt would still call into Python to paint
each of thousands of items on every frame. So while every view of the scene is zoomed out beyond ``FAR``, the
cards, arrows and phase columns are flagged as having no contents (Qt then skips them without calling into
Python; they stay where they are for clicks, rubber bands and drags), and this one layer draws them all from a
recorded picture: blocks in their lanes' colours (the selection's, a fail point's), arrows as hairlines, phase
rules as lines. The picture is recorded again only after the document or the selection changes; cards being
dragged are left out of it and drawn live by a child layer of their own, so a drag records nothing per frame and
leaves the layer's cached pixmap as it is: a frame copies it and draws the dragged cards over it.

Nearer in, the layer draws nothing and the items draw themselves (with their own level of detail, detail.py).
Exports and prints draw scenes of their own, which no view shows, so they always have every item drawn in full.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPicture
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from blueprint_editor.canvas import style
from blueprint_editor.canvas.background import PhaseColumn
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.step_item import StepItem

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene

# Below this zoom (a card under 10 pixels wide) the layer draws the blueprint.
FAR = 0.06
Z_FAR_VIEW = -5.0  # above lanes, phases and lines; below arrows and cards, which draw nothing meanwhile
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class FarView(QGraphicsObject):
    """The layer; see the module's docstring. One per scene, kept across rebuilds as an overlay. A QObject, so
    that Qt drops its connections to the controller when the scene and the layer go."""

    def __init__(self, scene: BlueprintScene) -> None:
        super().__init__()
        self._scene = scene
        self._active = False
        self._picture: QPicture | None = None
        self._live: list[StepItem] = []  # cards drawn live (being dragged), left out of the picture
        self._live_area = QRectF()
        self._bounds = QRectF()
        self.setZValue(Z_FAR_VIEW)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(NO_CONTENTS, True)  # until active
        # Draws the cards being dragged (and their arrows) over the layer, outside the layer's cached pixmap.
        self._live_layer = _LiveLayer(self)
        controller = scene.controller
        for name in ("step_added", "step_removed", "step_changed", "flow_added", "flow_removed", "flow_changed"):
            signal = getattr(controller, name, None)
            if signal is not None:
                signal.connect(self.forget)
        for signal in (controller.lanes_changed, controller.document_replaced):
            signal.connect(self.forget)
        # The scene's own signals reach the layer through a weak reference: a scene being destroyed still
        # announces that its selection changed, after its items (this layer among them) are gone.
        layer = weakref.ref(self)

        def forget() -> None:
            alive = layer()
            if alive is not None and shiboken6.isValid(alive):
                alive.forget()

        for signal in (scene.rebuilt, scene.progressive.finished, scene.selectionChanged):
            signal.connect(forget)

    @property
    def active(self) -> bool:
        return self._active

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def forget(self, *_: object) -> None:
        """Something drawn changed: record the picture again before the next paint."""
        if self._active:
            self._picture = None
            self.update()

    # Switching between the layer and the items

    def follow_zoom(self) -> None:
        """A view zoomed: draw with the layer while every view of the scene is zoomed out beyond FAR."""
        views = self._scene.views()
        far = bool(views) and all(_zoom(view) < FAR for view in views)
        if far != self._active:
            self._set_active(far)

    def _set_active(self, on: bool) -> None:
        self._active = on
        self._picture = None
        self._live = []
        self.setFlag(NO_CONTENTS, not on)
        # While active the layer keeps what it drew as a pixmap of the view's size: a frame that changes nothing
        # (a repaint, a scroll of the view) then copies pixels instead of drawing thousands of shapes again.
        cache = QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        self.setCacheMode(cache)
        for item in self._drawn_items():
            item.setFlag(NO_CONTENTS, on)
        self.prepareGeometryChange()
        self._bounds = self._scene.sceneRect() if on else QRectF()
        self._live_layer.follow_bounds()
        self.update()

    def _drawn_items(self) -> list[QGraphicsItem]:
        scene = self._scene
        columns = [item for item in scene.items() if isinstance(item, PhaseColumn)]
        return [*scene.step_items(), *scene.flow_items(), *columns]

    # Drags

    def follow_drag(self) -> None:
        """Cards are being dragged: draw them live, and repaint where they were and are."""
        if not self._active:
            return
        grabbed = self._scene.mouseGrabberItem()
        if not isinstance(grabbed, StepItem):
            return
        if not self._live:
            self._live = [item for item in self._scene.selectedItems() if isinstance(item, StepItem)] or [grabbed]
            self._picture = None  # recorded once more, without them
            self.update()  # and drawn once more, without them where they were
        area = _united(item.sceneBoundingRect() for item in self._live)
        for item in self._live:
            for flow in item.flows:
                area = area.united(flow.sceneBoundingRect())
        self._live_layer.update(self._live_area.united(area))
        self._live_area = area

    # Drawing

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self._active:
            return
        self._end_of_drag()
        if self._picture is None:
            self._record()
        assert self._picture is not None
        painter.drawPicture(QPointF(0, 0), self._picture)

    def _end_of_drag(self) -> None:
        if self._live and self._scene.mouseGrabberItem() is None:
            self._live, self._picture = [], None  # the drag is over: the cards go back into the picture
            self._live_area = QRectF()
            self.update()

    def live_cards(self) -> list[StepItem]:
        """The cards drawn live, over the picture (those being dragged); none once the drag is over."""
        self._end_of_drag()
        return self._live if self._active else []

    def _record(self) -> None:
        live = set(self._live)
        cards = [item for item in self._scene.step_items() if item not in live and item.isVisible()]
        flows = [
            item
            for item in self._scene.flow_items()
            if item.isVisible() and item.source not in live and item.target not in live
        ]
        columns = [item for item in self._scene.items() if isinstance(item, PhaseColumn)]
        for item in (*cards, *flows, *columns):
            if not item.flags() & NO_CONTENTS:
                item.setFlag(NO_CONTENTS, True)  # made since the layer took over
        picture = QPicture()
        painter = QPainter(picture)
        _draw(painter, cards, flows, columns)
        painter.end()
        self._picture = picture
        bounds = self._scene.sceneRect()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
            self._live_layer.follow_bounds()


class _LiveLayer(QGraphicsItem):
    """The cards being dragged while the far view draws the blueprint, with their arrows: a child of the far view,
    so above it, and not in its cached pixmap, which a drag then leaves alone."""

    def __init__(self, far_view: FarView) -> None:
        super().__init__(far_view)
        self._far_view = far_view
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def follow_bounds(self) -> None:
        """Cover what the far view covers."""
        self.prepareGeometryChange()
        self._bounds = self._far_view.boundingRect()

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        live = self._far_view.live_cards()
        if live:
            _draw(painter, live, [f for card in live for f in card.flows], [])


def _zoom(view: QGraphicsView) -> float:
    return view.transform().m11()


def _united(rects: object) -> QRectF:
    area = QRectF()
    for rect in rects:  # type: ignore[attr-defined]
        area = area.united(rect)
    return area


def _draw(painter: QPainter, cards: list[StepItem], flows: list[FlowItem], columns: list[PhaseColumn]) -> None:
    """Phase rules, arrows as hairlines, cards as blocks: one path per colour."""
    if columns:
        rules = QPainterPath()
        for column in columns:
            rect = column.sceneBoundingRect()
            rules.moveTo(rect.right() - 1, rect.top())
            rules.lineTo(rect.right() - 1, rect.bottom())
        painter.setPen(QPen(style.GRID_LINE, 0))
        painter.drawPath(rules)
    if flows:
        arrows = QPainterPath()
        selected = QPainterPath()
        for flow in flows:
            (selected if flow.isSelected() else arrows).addPath(flow.mapToScene(flow.path()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(style.FLOW, 0))
        painter.drawPath(arrows)
        painter.setPen(QPen(style.SELECTION, 0))
        painter.drawPath(selected)
    blocks: dict[int, tuple[QColor, QPainterPath]] = {}
    for card in cards:
        colour = _colour_of(card)
        key = colour.rgba()
        if key not in blocks:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)  # overlapping cards stay filled
            blocks[key] = (colour, path)
        blocks[key][1].addRect(card.scene_card_rect())
    painter.setPen(Qt.PenStyle.NoPen)
    for colour, path in blocks.values():
        painter.fillPath(path, colour)


def _colour_of(card: StepItem) -> QColor:
    face = card.face
    if card.isSelected():
        return style.SELECTION
    if face.fail_point:
        return style.FAIL
    if face.colour is not None:
        return style.card_fill(face.colour)
    return style.LANE_ACCENT.get(face.kind, style.CARD_EDGE)
