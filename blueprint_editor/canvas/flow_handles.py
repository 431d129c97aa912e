"""The handles at both ends of a selected flow: drag one onto another card to reconnect that end.

Dropping on a card that the flow may join asks the controller to reconnect it (one undo step); dropping on
nothing, on the card the end already has, or on a card the flow may not join (the card at its other end, or one
that would repeat another flow) changes nothing. While dragging, only a card that would take the end lights up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import StepItem

if TYPE_CHECKING:
    from blueprint_editor.canvas.flow_item import FlowItem
    from blueprint_editor.canvas.scene import BlueprintScene

HANDLE_RADIUS = 6.0
Z_PREVIEW = 50.0


class FlowEndHandle(QGraphicsItem):
    """A dot on one end (``"source"`` or ``"target"``) of a selected flow."""

    def __init__(self, flow: FlowItem, end: str) -> None:
        super().__init__(flow)
        self.flow = flow
        self.end = end
        self._drag: ReconnectDrag | None = None
        self.setVisible(False)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setToolTip("Drag onto another step to move this end of the flow")
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def boundingRect(self) -> QRectF:
        r = HANDLE_RADIUS + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)  # a little easier to grab than to see
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # Colours are read here, not kept: a theme change then needs nothing more than a repaint.
        painter.setPen(QPen(style.CARD_FILL, 2))
        painter.setBrush(style.SELECTION)
        painter.drawEllipse(QPointF(0, 0), HANDLE_RADIUS, HANDLE_RADIUS)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene: BlueprintScene | None = self.flow.scene()  # type: ignore[assignment]
        if scene is None or scene.read_only or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._drag = ReconnectDrag(scene, self.flow, self.end)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._drag is not None:
            self._drag.move(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is not None:
            drag.finish(event.scenePos())


class ReconnectDrag:
    """One drag of a flow's end: a dashed line from the end that stays to the pointer, and the card it would join."""

    def __init__(self, scene: BlueprintScene, flow: FlowItem, end: str) -> None:
        self._scene = scene
        self._flow_id = flow.flow_id
        self._end = end
        self._current = flow.source if end == "source" else flow.target
        self._fixed = flow.end_point("target" if end == "source" else "source")
        self._preview = QGraphicsPathItem()
        self._preview.setPen(QPen(style.SELECTION, 2, Qt.PenStyle.DashLine))
        self._preview.setZValue(Z_PREVIEW)
        scene.addItem(self._preview)
        self._marked: StepItem | None = None

    def move(self, pos: QPointF) -> None:
        path = QPainterPath(self._fixed)
        path.lineTo(pos)
        self._preview.setPath(path)
        card = self._card_at(pos)
        self._mark(card if card is not None and self._accepts(card) else None)

    def finish(self, pos: QPointF) -> bool:
        """End the drag: reconnect to the card under ``pos`` if it takes the end. Whether the flow changed."""
        card = self._card_at(pos)
        self.cancel()
        if card is None or not self._accepts(card):
            return False
        return self._scene.controller.reconnect_flow(
            self._scene.scenario_id, self._flow_id, **{self._end: card.step_id}
        )

    def cancel(self) -> None:
        self._mark(None)
        if self._preview.scene() is not None:
            self._scene.removeItem(self._preview)

    def _accepts(self, card: StepItem) -> bool:
        if card is self._current:
            return False
        controller = self._scene.controller
        try:
            problem = controller.reconnect_problem(self._scene.scenario_id, self._flow_id, **{self._end: card.step_id})
        except KeyError:
            return False  # the flow went meanwhile (an undo from the keyboard)
        return problem is None

    def _mark(self, card: StepItem | None) -> None:
        if card is self._marked:
            return
        if self._marked is not None:
            self._marked.set_drop_target(False)
        self._marked = card
        if card is not None:
            card.set_drop_target(True)

    def _card_at(self, pos: QPointF) -> StepItem | None:
        for item in self._scene.items(pos):
            while item is not None and not isinstance(item, StepItem):
                item = item.parentItem()
            if isinstance(item, StepItem) and item.isVisible():
                return item
        return None
