"""BlueprintScene: one scenario of the document, drawn, and the gestures that ask the controller for changes.

The scene keeps one item per step and flow, keyed by id, and updates just that item when the controller
announces a change. An edit of the lanes or phases redraws the background and moves just the cards it moved
(``_restructure``). It can rebuild itself from the model at any time and look the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
)

from blueprint_editor.canvas import style
from blueprint_editor.canvas.background import BlueprintLineItem, EmotionCurve, LaneBand, PhaseColumn
from blueprint_editor.canvas.context_target import context_target, select_for_menu
from blueprint_editor.canvas.drag_aids import DragAids
from blueprint_editor.canvas.far_view import FarView
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.flow_router import FlowRouter
from blueprint_editor.canvas.label_editing import LabelEditing
from blueprint_editor.canvas.progressive_build import ProgressiveBuild
from blueprint_editor.canvas.scene_extent import SceneExtent, grow_scene_rect
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.canvas.structure_gestures import StructureGestures
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import Flow, LaneKind, Scenario, Step, StepPlace
from blueprint_editor.model.geometry import (
    CARD_WIDTH,
    LANE_GUTTER,
    PHASE_HEADER,
    Band,
    band_at,
    clamp_in_band,
    content_width,
    customer_visible_lanes,
    lane_bands,
    line_y,
    phase_columns,
)
from blueprint_editor.model.lines import BLUEPRINT_LINES

if TYPE_CHECKING:  # the in-place editors are imported when one first opens (canvas/label_editing.py)
    from blueprint_editor.canvas.flow_label_editor import FlowLabelEditor
    from blueprint_editor.canvas.inline_editor import InlineTextEditor
    from blueprint_editor.canvas.label_editor import StepLabelEditor

# Room to pan past the drawing's edges.
SCROLL_MARGIN = 600.0


class BlueprintScene(QGraphicsScene):
    """The drawing of one scenario; it follows the controller's signals."""

    lane_highlighted = Signal(str)  # the lane id a drag would drop into, "" when none
    editing_finished = Signal()
    scenario_shown = Signal(str)
    rebuilt = Signal()  # every item was made afresh (rebuild)
    # The lanes, phases and lines were drawn again: after a rebuild, or when a lane or phase edit was drawn in place
    # (the cards and arrows stayed). What follows the structure listens here rather than to both.
    background_redrawn = Signal()
    # A right-click: kind (canvas, step, flow, lane, phase), item id, scene and screen position (ui/context_menus.py)
    context_menu_requested = Signal(str, str, QPointF, QPoint)

    def __init__(
        self,
        controller: DocumentController,
        scenario_id: str | None = None,
        *,
        read_only: bool = False,
        customer_view: bool = False,
        indexed: bool = True,
    ) -> None:
        super().__init__()
        if not indexed:  # drawn once and dropped (an export): building Qt's index of the items costs more than it saves
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.controller = controller
        self.read_only = read_only
        self._customer_view = customer_view
        self.scenario_id = scenario_id or controller.document.scenarios[0].id
        self._steps: dict[str, StepItem] = {}
        self._flows: dict[str, FlowItem] = {}
        self._lanes: dict[str, LaneBand] = {}
        self._emotion: EmotionCurve | None = None
        self._background: list[QGraphicsItem] = []  # lanes, phases, lines and the emotion curve
        # What the items were last drawn from (see _restructure): the model's lists of steps and flows, and where
        # each lane was; a structure edit swaps the lists for new ones, so the old ones tell what it changed.
        self._drawn_steps: list[Step] = []
        self._drawn_flows: list[Flow] = []
        self._drawn_lanes: dict[str, tuple[float, LaneKind, bool]] = {}
        self._lane_tops: dict[str, float] = {}
        self._changing = 0  # inside a push, undo or redo (controller.changes_began .. changes_ended)
        self._rect_stale = False
        self._overlays: list[QGraphicsItem] = []
        self._drag_start: dict[str, QPointF] = {}
        self._drag_card: str | None = None
        self._pending_flow: QGraphicsPathItem | None = None
        self._pending_source: str | None = None
        self._drop_target: StepItem | None = None
        self.labels = LabelEditing(self)  # typing a card's text or a flow's label in place
        # Routes the arrows around the cards, and re-routes only those a change can affect.
        self.flow_router = FlowRouter()
        self.setBackgroundBrush(style.CANVAS_BACKGROUND)
        style.signals.changed.connect(self.restyle)
        self._extent = SceneExtent(controller, self._measure_content, self)  # first: it is told of changes first
        controller.document_replaced.connect(self._on_document_replaced)
        controller.step_added.connect(self._on_step_added)
        controller.step_removed.connect(self._on_step_removed)
        controller.step_changed.connect(self._on_step_changed)
        controller.flow_added.connect(self._on_flow_added)
        controller.flow_removed.connect(self._on_flow_removed)
        controller.flow_changed.connect(self._on_flow_changed)
        controller.scenarios_changed.connect(self._on_scenarios_changed)
        controller.lanes_changed.connect(self._on_lanes_changed)
        controller.changes_began.connect(self._on_changes_began)
        controller.changes_ended.connect(self._on_changes_ended)
        # Lane and phase grips (resize, rename, reorder, collapse), added again after every rebuild.
        self.structure = StructureGestures(self)
        self.drag_aids = DragAids(self)  # grid, phase padding and alignment guides while dragging cards
        self._last_built: tuple[int, str] | None = None
        self.progressive = ProgressiveBuild(
            self, lambda: self.scenario, self._add_flow_item, lambda step_id: step_id in self._steps
        )
        self.rebuild()
        # Zoomed far out, one layer draws the whole blueprint instead of thousands of items (canvas/far_view.py).
        self.far_view = FarView(self)
        self.add_overlay(self.far_view)

    # Reading the model

    @property
    def scenario(self) -> Scenario:
        return self.controller.scenario(self.scenario_id)

    def step_item(self, step_id: str) -> StepItem | None:
        return self._steps.get(step_id)

    def flow_item(self, flow_id: str) -> FlowItem | None:
        return self._flows.get(flow_id)

    def lane_item(self, lane_id: str) -> LaneBand | None:
        return self._lanes.get(lane_id)

    def step_items(self) -> list[StepItem]:
        return list(self._steps.values())

    def flow_items(self) -> list[FlowItem]:
        return list(self._flows.values())

    def selected_step_ids(self) -> set[str]:
        return {item.step_id for item in self.selectedItems() if isinstance(item, StepItem)}

    def selected_flow_ids(self) -> set[str]:
        return {item.flow_id for item in self.selectedItems() if isinstance(item, FlowItem)}

    def content_rect(self) -> QRectF:
        """Everything drawn: lane titles, phase header, lanes, and any card or arrow outside them."""
        return self._extent.rect()  # measured once per change of the document (canvas/scene_extent.py)

    def _measure_content(self) -> QRectF:
        scenario = self.scenario
        bands = self._shown_bands()
        rect = QRectF(
            -LANE_GUTTER,
            -PHASE_HEADER,
            LANE_GUTTER + content_width(scenario),
            PHASE_HEADER + (bands[-1].bottom if bands else 0.0),
        )
        for item in (*self._steps.values(), *self._flows.values()):
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def add_overlay(self, item: QGraphicsItem) -> None:
        """Show an item that is not part of the blueprint (presentation aids); it survives rebuilds."""
        if item not in self._overlays:
            self._overlays.append(item)
            self.addItem(item)

    def remove_overlay(self, item: QGraphicsItem) -> None:
        if item in self._overlays:
            self._overlays.remove(item)
            self.removeItem(item)

    @property
    def customer_view(self) -> bool:
        return self._customer_view

    def set_customer_view(self, on: bool) -> None:
        """Show only what lies above the line of visibility, as the customer experiences the service."""
        if on != self._customer_view:
            self._customer_view = on
            self.rebuild()

    def _shown_bands(self) -> list[Band]:
        scenario = self.scenario
        return customer_visible_lanes(scenario) if self._customer_view else lane_bands(scenario)

    def rebuild(self) -> None:
        """Drop every item and draw the scenario afresh from the model."""
        self._cancel_pending_flow()
        self.labels.forget()
        self._drop_target = None
        for overlay in self._overlays:
            self.removeItem(overlay)  # kept out of clear(), which would delete it
        self.clear()
        self._background.clear()
        self._extent.forget()
        self.flow_router.clear()
        self._steps.clear()
        self._flows.clear()
        self._add_background()
        scenario = self.scenario
        shown_lanes = set(self._lanes)
        shown_steps = [step for step in scenario.steps if step.lane in shown_lanes]
        self._remember_drawn()
        self.progressive.cancel()
        # A large scenario is made a slice at a time, the window usable meanwhile (canvas/progressive_build.py).
        if self.read_only or not self.progressive.build(
            shown_steps, scenario.flows, lambda step: self._add_step_item(step, self._lane_tops), self._build_focus()
        ):
            for step in shown_steps:
                self._add_step_item(step, self._lane_tops)
            for flow in scenario.flows:
                self._add_flow_item(flow)
        self._update_emotion_curve()
        for overlay in self._overlays:
            self.addItem(overlay)
        self._update_scene_rect()
        self.rebuilt.emit()
        self.background_redrawn.emit()

    def _add_background(self) -> None:
        """Make the lane bands, phase columns, blueprint lines and emotion curve of the scenario as it is."""
        self._lanes.clear()
        self._emotion = None
        scenario = self.scenario
        width = content_width(scenario)
        bands = self._shown_bands()
        height = bands[-1].bottom if bands else 0.0
        made: list[QGraphicsItem] = []
        for band in bands:
            lane = LaneBand(band, width)
            self._lanes[band.lane.id] = lane
            made.append(lane)
        made.extend(PhaseColumn(column, height) for column in phase_columns(scenario))
        emotion_band = next((b for b in bands if b.lane.kind == LaneKind.EMOTION), None)
        if emotion_band is not None:
            self._emotion = EmotionCurve(emotion_band, width)
            made.append(self._emotion)
        all_bands = lane_bands(scenario)
        for line in BLUEPRINT_LINES:
            y = line_y(all_bands, line)
            if y is not None and y <= height:
                made.append(BlueprintLineItem(line, y, width))
        for item in made:
            self.addItem(item)
        self._background = made
        self._lane_tops = {band.lane.id: band.top for band in bands}

    def _remember_drawn(self) -> None:
        scenario = self.scenario
        self._drawn_steps, self._drawn_flows = scenario.steps, scenario.flows
        self._drawn_lanes = {b.lane.id: (b.top, b.lane.kind, b.lane.collapsed) for b in lane_bands(scenario)}

    def _restructure(self) -> None:
        """Follow an edit of the lanes or phases in place: make the background again, and move, show or hide just
        the cards it changed (their arrows re-routed once, at the end of the command); the other cards and arrows,
        the selection and the view stay as they are. Cards and arrows the edit removed or brought back (a lane
        removed with its cards, or its removal undone) go or come."""
        scenario = self.scenario
        old_steps = {step.id: step for step in self._drawn_steps} if self._drawn_steps is not scenario.steps else None
        old_flows = {flow.id: flow for flow in self._drawn_flows} if self._drawn_flows is not scenario.flows else None
        old_lanes = self._drawn_lanes
        for item in self._background:
            self.removeItem(item)
        self._add_background()
        self._remember_drawn()
        # Lanes that changed kind or folded: their cards are placed again, the others only if they changed. The
        # cards of lanes that only moved (every lane below a resized one) go with them as they are.
        restyled_lanes = {
            lane_id for lane_id, now in self._drawn_lanes.items() if old_lanes.get(lane_id, ())[1:] != now[1:]
        }
        moved_lanes = {lane_id for lane_id, now in self._drawn_lanes.items() if old_lanes.get(lane_id) != now}
        with self.flow_router.batch():
            flow_ids = {flow.id for flow in scenario.flows}
            for flow_id in [flow_id for flow_id in self._flows if flow_id not in flow_ids]:
                self._remove_flow_item(flow_id)
            step_ids = {step.id for step in scenario.steps}
            for step_id in [step_id for step_id in self._steps if step_id not in step_ids]:
                self._remove_step_item(step_id)
            queued = self.progressive.restructured()  # cards still to be made by a build in progress
            for step in scenario.steps:
                item = self._steps.get(step.id)
                if item is None:
                    if step.id not in queued:
                        self._add_step_item(step, self._lane_tops)
                    continue
                old = old_steps.get(step.id) if old_steps is not None else step
                if old is None or step.lane in restyled_lanes or (old is not step and old != step):
                    self._place(item, step, self._lane_tops)
                elif step.lane in moved_lanes:
                    # The very step it shows, in a lane that moved: just the card's place changes (and its arrows).
                    pos = QPointF(step.x, self._lane_tops.get(step.lane, 0.0) + step.y)
                    if item.pos() != pos:
                        item.setPos(pos)
            for flow in scenario.flows:
                flow_item = self._flows.get(flow.id)
                if flow_item is None:
                    self._add_flow_item(flow)  # or later, with its cards, when a build is in progress
                    continue
                old_flow = old_flows.get(flow.id) if old_flows is not None else flow
                if old_flow is None or (old_flow is not flow and old_flow != flow):
                    self._on_flow_changed(self.scenario_id, flow.id)
        self._update_emotion_curve()
        self.structure.refresh()
        if self._changing:
            self._rect_stale = True  # measured once the command's arrows are routed
        else:
            self._update_scene_rect()
        self.background_redrawn.emit()

    def _build_focus(self) -> float | None:
        """Where a build in slices starts: for the scenario shown before (the customer's view toggled, presenting
        begun or ended), the middle of the view, which stays where it is; for another scenario or document, the
        left edge, where it opens."""
        shown = (id(self.controller.document), self.scenario_id)
        again, self._last_built = shown == self._last_built, shown
        views = self.views()
        if not again or not views:
            return None
        return views[0].mapToScene(views[0].viewport().rect().center()).x() - CARD_WIDTH / 2

    def restyle(self) -> None:
        """Redraw in the palette now in use (a theme chosen, an export finished); selection and edits stay."""
        self.setBackgroundBrush(style.CANVAS_BACKGROUND)
        for item in self.items():  # only the living ones: an export's scene is cleared before it is dropped
            if isinstance(item, StepItem):
                item.restyle()
            else:
                item.update()  # items read the colours when they paint; cached ones must paint again

    def _update_scene_rect(self) -> None:
        m = SCROLL_MARGIN
        self.setSceneRect(self.content_rect().adjusted(-m, -m, m, m))

    # Following the controller

    def set_scenario(self, scenario_id: str) -> None:
        """Show another scenario of the document."""
        if scenario_id != self.scenario_id and self.controller.document.scenario(scenario_id) is not None:
            self.scenario_id = scenario_id
            self.rebuild()
            self.scenario_shown.emit(scenario_id)

    def _on_scenarios_changed(self) -> None:
        if self.controller.document.scenario(self.scenario_id) is None:
            self.set_scenario(self.controller.document.scenarios[0].id)

    def _on_lanes_changed(self, scenario_id: str) -> None:
        if scenario_id != self.scenario_id:
            return
        if self._customer_view or self.read_only:
            self.rebuild()  # which lanes show may have changed (presenting), or a still picture: simply redraw
        else:
            self._restructure()

    @property
    def emotion_curve(self) -> EmotionCurve | None:
        return self._emotion

    def _update_emotion_curve(self) -> None:
        if self._emotion is None:
            return
        scenario = self.scenario
        customer = {lane.id for lane in scenario.lanes if lane.kind == LaneKind.CUSTOMER}
        self._emotion.set_points(
            [(s.x + CARD_WIDTH / 2, s.emotion) for s in scenario.steps if s.lane in customer and s.emotion is not None]
        )

    def _on_changes_began(self) -> None:
        self._changing += 1
        self.flow_router.open_batch()  # a command may move many cards: route each affected arrow once

    def _on_changes_ended(self) -> None:
        self._changing = max(0, self._changing - 1)
        self.flow_router.close_batch()
        if not self._changing and self._rect_stale:
            self._rect_stale = False
            self._update_scene_rect()

    def _on_document_replaced(self) -> None:
        if self.controller.document.scenario(self.scenario_id) is None:
            self.scenario_id = self.controller.document.scenarios[0].id
        self.rebuild()

    def _on_step_added(self, scenario_id: str, step_id: str) -> None:
        if self._customer_view and scenario_id == self.scenario_id:
            self.rebuild()  # what is hidden may have changed: rare while presenting, so simply redraw
            return
        step = self.scenario.step(step_id) if scenario_id == self.scenario_id else None
        if step is not None:
            self._add_step_item(step, {band.lane.id: band.top for band in lane_bands(self.scenario)})
            self._update_emotion_curve()

    def _add_step_item(self, step: Step, lane_tops: dict[str, float]) -> None:
        item = StepItem(step.id, read_only=self.read_only)
        self._steps[step.id] = item
        self.addItem(item)
        self._place(item, step, lane_tops)

    def _on_step_removed(self, scenario_id: str, step_id: str) -> None:
        if self._customer_view and scenario_id == self.scenario_id:
            self.rebuild()  # what is hidden may have changed: rare while presenting, so simply redraw
            return
        if scenario_id == self.scenario_id:
            self._remove_step_item(step_id)
            self._update_emotion_curve()

    def _remove_step_item(self, step_id: str) -> None:
        item = self._steps.pop(step_id, None)
        if item is not None:
            self.labels.item_removed(item)
            self.removeItem(item)
            self.flow_router.card_removed(step_id)

    def _on_step_changed(self, scenario_id: str, step_id: str) -> None:
        if self._customer_view and scenario_id == self.scenario_id:
            self.rebuild()  # what is hidden may have changed: rare while presenting, so simply redraw
            return
        if scenario_id == self.scenario_id and step_id in self._steps:
            self._sync_step(self._steps[step_id])
            self._update_emotion_curve()

    def _on_flow_added(self, scenario_id: str, flow_id: str) -> None:
        if self._customer_view and scenario_id == self.scenario_id:
            self.rebuild()  # what is hidden may have changed: rare while presenting, so simply redraw
            return
        if scenario_id != self.scenario_id:
            return
        flow = self.scenario.flow(flow_id)
        if flow is not None:
            self._add_flow_item(flow)

    def _add_flow_item(self, flow: Flow) -> None:
        source, target = self._steps.get(flow.source), self._steps.get(flow.target)
        if source is None or target is None:
            self.progressive.defer(flow)  # its cards are still to be made, in a build of a large scenario
            return
        item = FlowItem(flow.id, source, target, self.flow_router, flow, read_only=self.read_only)
        item.setVisible(source.isVisible() and target.isVisible())  # an end in a collapsed lane hides the arrow
        self._flows[flow.id] = item
        self.addItem(item)

    def _on_flow_removed(self, scenario_id: str, flow_id: str) -> None:
        if self._customer_view and scenario_id == self.scenario_id:
            self.rebuild()  # what is hidden may have changed: rare while presenting, so simply redraw
            return
        if scenario_id == self.scenario_id:
            self._remove_flow_item(flow_id)

    def _remove_flow_item(self, flow_id: str) -> None:
        item = self._flows.pop(flow_id, None)
        if item is not None:
            self.labels.item_removed(item)
            item.detach()
            self.flow_router.flow_removed(item)
            self.removeItem(item)

    def _on_flow_changed(self, scenario_id: str, flow_id: str) -> None:
        if scenario_id != self.scenario_id:
            return
        flow, item = self.scenario.flow(flow_id), self._flows.get(flow_id)
        if flow is None or item is None:
            return
        source, target = self._steps.get(flow.source), self._steps.get(flow.target)
        if source is None or target is None:  # an end is not drawn (presenting the customer's view)
            self.rebuild()
            return
        item.set_ends(source, target)
        item.show_flow(flow)
        item.setVisible(source.isVisible() and target.isVisible())

    def _sync_step(self, item: StepItem) -> None:
        """Put a card where the model says, with the model's text and lane colour."""
        step = self.scenario.step(item.step_id)
        if step is not None:
            self._place(item, step, {band.lane.id: band.top for band in lane_bands(self.scenario)})

    def _place(self, item: StepItem, step: Step, lane_tops: dict[str, float]) -> None:
        lane = self.scenario.lane(step.lane)
        if lane is not None:
            item.show_step(step, lane.kind)
        # A collapsed lane hides its cards, and the arrows to and from them.
        item.setVisible(lane is None or not lane.collapsed)
        # The router re-routes the arrows to the card, and those routed around where it was or is: told by the
        # card when it moves (StepItem.itemChange), here when only its size or visibility may have changed.
        pos = QPointF(step.x, lane_tops.get(step.lane, 0.0) + step.y)
        if item.pos() != pos:
            item.setPos(pos)
        else:
            self.flow_router.card_changed(item)
        for flow in item.flows:
            flow.setVisible(flow.source.isVisible() and flow.target.isVisible())

    # Editing gestures

    def add_step_at(self, pos: QPointF, label: str = "") -> str | None:
        """Add a step centred on ``pos`` in the lane there; None when ``pos`` is outside the lanes."""
        scenario = self.scenario
        band = band_at(scenario, pos.y(), for_steps=True)
        if band is None or not 0 <= pos.x() <= content_width(scenario):
            return None
        x = self._clamp_x(pos.x() - CARD_WIDTH / 2)
        y = clamp_in_band(band, pos.y() - band.top - 32)
        step_id = self.controller.add_step(self.scenario_id, band.lane.id, round(x), round(y), label)
        self.clearSelection()
        item = self._steps.get(step_id)
        if item is not None:
            item.setSelected(True)
        return step_id

    def edit_step_label(self, step_id: str, *, new: bool = False) -> StepLabelEditor | None:
        """Open the in-place editor on a card; cancelling the first edit of a ``new`` empty step removes it."""
        return self.labels.edit_step(step_id, new=new)

    def edit_flow_label(self, flow_id: str) -> FlowLabelEditor | None:
        """Open the in-place editor on a flow's label (over the middle of the arrow when it has none yet)."""
        return self.labels.edit_flow(flow_id)

    def edit_selected_label(self) -> InlineTextEditor | None:
        """Open the in-place editor on the selected card, or on the selected flow's label (F2, Enter)."""
        return self.labels.edit_selected()

    @property
    def label_editor(self) -> InlineTextEditor | None:
        """The in-place editor of a card's text or a flow's label open now."""
        return self.labels.editor

    def delete_selection(self) -> None:
        """Delete the selected steps (with their flows) and flows, as one undo step."""
        if self.read_only:
            return
        self.controller.delete_items(self.scenario_id, self.selected_step_ids(), self.selected_flow_ids())

    def _clamp_x(self, x: float) -> float:
        return min(max(x, 0.0), content_width(self.scenario) - CARD_WIDTH)

    # Dragging steps across the lines

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        grabbed = self.mouseGrabberItem()
        if event.button() == Qt.MouseButton.LeftButton and isinstance(grabbed, StepItem):
            self._drag_card = grabbed.step_id
            self._drag_start = {item.step_id: item.pos() for item in self.selectedItems() if isinstance(item, StepItem)}
            self._drag_start.setdefault(grabbed.step_id, grabbed.pos())
            self.flow_router.begin_draft()  # arrows follow as drafts; routed in full on release

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        with self.flow_router.batch():  # a drag of many cards routes each affected arrow once per move
            super().mouseMoveEvent(event)
            if self._drag_card is not None and event.buttons() & Qt.MouseButton.LeftButton:
                self.drag_aids.follow(self._drag_card, self._drag_start, event)  # snapping and guides
        if self._drag_card is not None and event.buttons() & Qt.MouseButton.LeftButton:
            band = band_at(self.scenario, event.scenePos().y(), clamp=True, for_steps=True)
            self._highlight_lane(band.lane.id if band else "")
            self.far_view.follow_drag()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.structure.finish_drag(event):  # a lane or phase grip was dragged: one command, drawn in place
            return
        if self._drag_card is None or event.button() != Qt.MouseButton.LeftButton:
            return
        grabbed, starts = self._drag_card, self._drag_start
        self._drag_card, self._drag_start = None, {}
        self._highlight_lane("")
        self.drag_aids.finish()
        # One batch for the drop and the end of the drafts: the cards the drop settles in their lanes are not
        # drafted again first, and each of their arrows is routed once.
        with self.flow_router.batch():
            try:
                self._drop(event, grabbed, starts)
            finally:
                self.flow_router.end_draft()

    def _drop(self, event: QGraphicsSceneMouseEvent, grabbed: str, starts: dict[str, QPointF]) -> None:
        """Ask the controller to move the dragged cards where they were dropped (one undoable move)."""
        moved = any(self._steps[s].pos() != p for s, p in starts.items() if s in self._steps)
        if not moved:
            return
        scenario = self.scenario
        places: dict[str, StepPlace] = {}
        for step_id in starts:
            item = self._steps.get(step_id)
            if item is None:
                continue
            rect = item.scene_card_rect()
            # The card the user holds lands in the lane under the pointer, the lane that was highlighted;
            # the others in the lane under their own centres.
            probe = event.scenePos().y() if step_id == grabbed else rect.center().y()
            band = band_at(scenario, probe, clamp=True, for_steps=True)
            if band is None:
                continue
            y = clamp_in_band(band, rect.top() - band.top, item.height)
            places[step_id] = StepPlace(band.lane.id, round(self._clamp_x(rect.left())), round(y))
        self.controller.move_steps(self.scenario_id, places)
        # A move the model did not take (nothing changed after rounding) must not leave a card adrift.
        moved_cards = [self._steps[step_id] for step_id in starts if step_id in self._steps]
        for card in moved_cards:
            self._sync_step(card)
        # Room to scroll to where the cards went, without measuring the whole drawing again.
        grow_scene_rect(self, [*moved_cards, *(flow for card in moved_cards for flow in card.flows)], SCROLL_MARGIN)

    def _highlight_lane(self, lane_id: str) -> None:
        changed = False
        for item in self._lanes.values():
            on = item.lane_id == lane_id
            changed |= on != item.is_highlighted()
            item.set_highlighted(on)
        if changed:
            self.lane_highlighted.emit(lane_id)

    def highlighted_lane(self) -> str:
        return next((lane_id for lane_id, item in self._lanes.items() if item.is_highlighted()), "")

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        if self.read_only:
            event.ignore()
            return
        kind, item_id = context_target(self, event.scenePos())
        if kind not in ("step", "canvas"):
            super().contextMenuEvent(event)  # arrows, lane titles and phase headers may show menus of their own
            if event.isAccepted():
                return
        select_for_menu(self, kind, item_id)
        self.context_menu_requested.emit(kind, item_id, event.scenePos(), event.screenPos())
        event.accept()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.read_only:
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self.structure.double_click(event.scenePos()):
            event.accept()  # a lane title or phase header: renamed in place
            return
        on_flow = any(isinstance(item, FlowItem) for item in self.items(event.scenePos()))  # edits its label
        if event.button() == Qt.MouseButton.LeftButton and not self._card_at(event.scenePos()) and not on_flow:
            step_id = self.add_step_at(event.scenePos())
            if step_id is not None:
                self.edit_step_label(step_id, new=True)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def _card_at(self, pos: QPointF) -> StepItem | None:
        for item in self.items(pos):
            while item is not None and not isinstance(item, StepItem):
                item = item.parentItem()
            if isinstance(item, StepItem):
                return item
        return None

    # Drawing a new flow from a card's handle

    def begin_connection(self, step_id: str, start: QPointF) -> None:
        self._cancel_pending_flow()
        self._pending_source = step_id
        self._pending_flow = QGraphicsPathItem()
        pen = QPen(style.SELECTION, 2, Qt.PenStyle.DashLine)
        self._pending_flow.setPen(pen)
        self._pending_flow.setZValue(50)
        self.addItem(self._pending_flow)
        self.update_connection(start)

    def update_connection(self, pos: QPointF) -> None:
        if self._pending_flow is None or self._pending_source not in self._steps:
            return
        source = self._steps[self._pending_source]
        rect = source.scene_card_rect()
        path = QPainterPath(QPointF(rect.right(), rect.center().y()))
        path.lineTo(pos)
        self._pending_flow.setPath(path)
        # Selection stays as it is: deselecting the source would hide its handle and end the drag.
        target = self._card_at(pos)
        self._set_drop_target(target if target is not source else None)

    def _set_drop_target(self, card: StepItem | None) -> None:
        if card is self._drop_target:
            return
        if self._drop_target is not None:
            self._drop_target.set_drop_target(False)
        self._drop_target = card
        if card is not None:
            card.set_drop_target(True)

    def finish_connection(self, pos: QPointF) -> str | None:
        """End a drag from a handle: a flow to the card under ``pos``, if there is one."""
        source = self._pending_source
        self._cancel_pending_flow()
        target = self._card_at(pos)
        if source is None or target is None:
            return None
        flow_id = self.controller.connect_steps(self.scenario_id, source, target.step_id)
        self.clearSelection()
        if flow_id is not None and flow_id in self._flows:
            self._flows[flow_id].setSelected(True)
        return flow_id

    def _cancel_pending_flow(self) -> None:
        self._set_drop_target(None)
        if self._pending_flow is not None:
            self.removeItem(self._pending_flow)
        self._pending_flow = None
        self._pending_source = None
