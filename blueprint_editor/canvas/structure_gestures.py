"""StructureGestures: the mouse gestures that edit a scenario's lanes and phases on the canvas.

Drag a blueprint line or a lane's lower edge to resize the lane above it; drag a phase's right edge to resize the
phase; drag a phase header sideways to reorder the phases; double-click a lane title or phase header to rename it
in place; click a lane title's chevron to collapse or expand the lane. (The right-click menus of titles and
headers are the canvas's context menus; their entries come from ui.structure_menus.)

A drag is only previewed while the button is down; on release the scene hands the release here
(``finish_drag``), after the grip has let go of the mouse, and one command is pushed. The command makes the
grips again (the scene redraws its lanes and phases in place), which is why nothing is pushed from inside a grip's
own event handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneMouseEvent

from blueprint_editor.canvas.structure_items import (
    LaneEdgeGrip,
    LaneTitleGrip,
    PhaseEdgeGrip,
    PhaseHeaderGrip,
    StructurePreview,
)
from blueprint_editor.editing.structure import StructureError
from blueprint_editor.model.geometry import (
    LANE_GUTTER,
    MIN_LANE_HEIGHT,
    MIN_PHASE_WIDTH,
    PHASE_HEADER,
    Band,
    Column,
    content_width,
    lane_bands,
    line_y,
    phase_columns,
)
from blueprint_editor.model.lines import BLUEPRINT_LINES
from blueprint_editor.model.structure import cards_in_lane, clean_title

if TYPE_CHECKING:
    from blueprint_editor.canvas.scene import BlueprintScene
    from blueprint_editor.canvas.title_editor import TitleEditor


@dataclass
class _Drag:
    kind: str  # "lane", "phase", "move" (a phase header) or "chevron"
    target: str  # the lane or phase id
    start: QPointF
    active: bool = False
    chevron: QRectF | None = None


class StructureGestures(QObject):
    """Adds the structure grips to its scene after every redraw and turns their gestures into controller verbs."""

    problem = Signal(str)  # a change that could not be made, said for the user

    def __init__(self, scene: BlueprintScene) -> None:
        super().__init__(scene)
        self._scene = scene
        self._drag: _Drag | None = None
        self._preview: StructurePreview | None = None
        self._editor: TitleEditor | None = None
        self._grips: list[QGraphicsItem] = []
        scene.rebuilt.connect(self._add_grips)

    # Reading

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    @property
    def preview(self) -> StructurePreview | None:
        """What the drag in progress would do (None when there is no drag)."""
        return self._preview

    @property
    def title_editor(self) -> TitleEditor | None:
        return self._editor if self._editor is not None and not self._editor.is_finished() else None

    def _band(self, lane_id: str) -> Band | None:
        return next((b for b in lane_bands(self._scene.scenario) if b.lane.id == lane_id), None)

    def _column(self, phase_id: str) -> Column | None:
        return next((c for c in phase_columns(self._scene.scenario) if c.phase.id == phase_id), None)

    # After every redraw

    def refresh(self) -> None:
        """The lanes or phases changed and the scene redrew them in place: put the grips where they are now."""
        for grip in self._grips:
            self._scene.removeItem(grip)
        self._add_grips()

    def _add_grips(self) -> None:
        scene = self._scene
        self._grips = []  # a rebuild has deleted the old ones with everything else
        scenario = scene.scenario
        self._drag = None
        self._remove_preview()
        bands = [b for b in lane_bands(scenario) if scene.lane_item(b.lane.id) is not None]
        for band in bands:
            item = scene.lane_item(band.lane.id)
            if item is not None and band.lane.collapsed:
                item.set_card_count(cards_in_lane(scenario, band.lane.id))
        if scene.read_only or not bands:
            return
        grips: list[QGraphicsItem] = []
        width = content_width(scenario)
        lines = {line_y(lane_bands(scenario), line): line.title for line in BLUEPRINT_LINES}
        for band in bands:
            if not band.lane.collapsed:
                what = lines.get(band.bottom)
                tip = f"Drag to change the height of {band.lane.title}"
                grips.append(LaneEdgeGrip(self, band.lane.id, band.bottom, width, f"{what}: {tip}" if what else tip))
            rect = QRectF(-LANE_GUTTER, band.top, LANE_GUTTER, band.height)
            grips.append(LaneTitleGrip(self, band.lane.id, rect, band.lane.collapsed))
        height = bands[-1].bottom
        for column in phase_columns(scenario):
            tip = f"Drag to change the width of {column.phase.name}"
            grips.append(PhaseEdgeGrip(self, column.phase.id, column.right, height, tip))
            rect = QRectF(column.left, -PHASE_HEADER, column.width, PHASE_HEADER)
            grips.append(PhaseHeaderGrip(self, column.phase.id, rect))
        for grip in grips:
            scene.addItem(grip)
        self._grips = grips

    # Dragging

    def begin_resize(self, axis: Qt.Orientation, target_id: str, pos: QPointF) -> None:
        """A press on an edge: a lane's lower edge moves vertically, a phase's right edge horizontally."""
        kind = "lane" if axis == Qt.Orientation.Vertical else "phase"
        self._drag = _Drag(kind, target_id, QPointF(pos), active=True)
        self.drag_to(pos)

    def begin_phase_press(self, phase_id: str, pos: QPointF) -> None:
        """A press on a phase header: it becomes a move once the pointer has gone far enough."""
        self._drag = _Drag("move", phase_id, QPointF(pos))

    def begin_collapse_click(self, lane_id: str, chevron: QRectF) -> None:
        self._drag = _Drag("chevron", lane_id, chevron.center(), chevron=QRectF(chevron))

    def drag_to(self, pos: QPointF, *, far_enough: bool = True) -> None:
        """Follow the pointer: show what releasing here would do."""
        drag = self._drag
        if drag is None:
            return
        if drag.kind == "move" and not drag.active:
            drag.active = far_enough
        if not drag.active:
            return
        if drag.kind == "lane":
            self._preview_lane(drag.target, pos)
        elif drag.kind == "phase":
            self._preview_phase_width(drag.target, pos)
        elif drag.kind == "move":
            self._preview_phase_move(drag.target, pos)

    def _lane_height_at(self, band: Band, pos: QPointF) -> float:
        return max(round(pos.y() - band.top), MIN_LANE_HEIGHT)

    def _phase_width_at(self, column: Column, pos: QPointF) -> float:
        return max(round(pos.x() - column.left), MIN_PHASE_WIDTH)

    def _drop_index(self, pos: QPointF) -> int:
        """The gap between columns nearest the pointer: 0 before the first, n after the last."""
        columns = phase_columns(self._scene.scenario)
        edges = [columns[0].left, *(c.right for c in columns)] if columns else [0.0]
        return min(range(len(edges)), key=lambda i: abs(edges[i] - pos.x()))

    def _preview_lane(self, lane_id: str, pos: QPointF) -> None:
        band = self._band(lane_id)
        if band is None:
            return
        height = self._lane_height_at(band, pos)
        bottom = band.top + height
        width = content_width(self._scene.scenario)
        self._show_preview(
            QRectF(0, band.top, width, height),
            (QPointF(-LANE_GUTTER, bottom), QPointF(width, bottom)),
            f"{band.lane.title}: {height:g}",
            QPointF(-LANE_GUTTER + 8, bottom + 6),
        )

    def _preview_phase_width(self, phase_id: str, pos: QPointF) -> None:
        column = self._column(phase_id)
        bands = lane_bands(self._scene.scenario)
        if column is None or not bands:
            return
        width = self._phase_width_at(column, pos)
        right = column.left + width
        self._show_preview(
            QRectF(column.left, -PHASE_HEADER, width, PHASE_HEADER + bands[-1].bottom),
            (QPointF(right, -PHASE_HEADER), QPointF(right, bands[-1].bottom)),
            f"{column.phase.name}: {width:g}",
            QPointF(right + 8, -PHASE_HEADER + 10),
        )

    def _preview_phase_move(self, phase_id: str, pos: QPointF) -> None:
        column = self._column(phase_id)
        columns = phase_columns(self._scene.scenario)
        bands = lane_bands(self._scene.scenario)
        if column is None or not bands:
            return
        index = self._drop_index(pos)
        x = columns[0].left if index == 0 else columns[index - 1].right
        ghost = QRectF(pos.x() - column.width / 2, -PHASE_HEADER, column.width, PHASE_HEADER)
        self._show_preview(
            ghost,
            (QPointF(x, -PHASE_HEADER), QPointF(x, bands[-1].bottom)),
            column.phase.name,
            QPointF(pos.x() + 8, -PHASE_HEADER + 12),  # beside the pointer, where the eye is
        )

    def _show_preview(self, area: QRectF, edge: tuple[QPointF, QPointF], label: str, label_at: QPointF) -> None:
        if self._preview is None:
            self._preview = StructurePreview()
            self._scene.add_overlay(self._preview)
        self._preview.show_area(area, edge, label, label_at)

    def _remove_preview(self) -> None:
        if self._preview is not None:
            self._scene.remove_overlay(self._preview)
            self._preview = None

    def finish_drag(self, event: QGraphicsSceneMouseEvent) -> bool:
        """End a structure drag on the button's release, with one command; False when there was none."""
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        self._drag = None
        self._remove_preview()
        pos = event.scenePos()
        scene = self._scene
        controller, scenario_id = scene.controller, scene.scenario_id
        selected = scene.selected_step_ids()
        try:
            if drag.kind == "lane" and (band := self._band(drag.target)) is not None:
                heights = {
                    step.id: item.height
                    for step in scene.scenario.steps
                    if step.lane == drag.target and (item := scene.step_item(step.id)) is not None
                }
                controller.resize_lane(scenario_id, drag.target, self._lane_height_at(band, pos), heights)
            elif drag.kind == "phase" and (column := self._column(drag.target)) is not None:
                controller.resize_phase(scenario_id, drag.target, self._phase_width_at(column, pos))
            elif drag.kind == "move" and drag.active:
                self._drop_phase(drag.target, self._drop_index(pos))
            elif drag.kind == "chevron" and drag.chevron is not None and drag.chevron.contains(pos):
                lane = scene.scenario.lane(drag.target)
                if lane is not None:
                    controller.set_lane_collapsed(scenario_id, drag.target, not lane.collapsed)
        except StructureError as error:
            self.problem.emit(str(error))
        self._reselect(selected)
        return True

    def _reselect(self, step_ids: set[str]) -> None:
        """Select again what was selected before a structure edit redrew the scene (cards it hides excepted)."""
        for step_id in step_ids:
            item = self._scene.step_item(step_id)
            if item is not None and not item.isSelected():
                item.setSelected(True)

    def _drop_phase(self, phase_id: str, gap: int) -> None:
        ids = [p.id for p in self._scene.scenario.phases]
        if phase_id not in ids:
            return
        current = ids.index(phase_id)
        # Taking the phase out first shifts the gaps after it one place left.
        index = gap - 1 if gap > current else gap
        self._scene.controller.move_phase(self._scene.scenario_id, phase_id, index)

    # Renaming in place

    def double_click(self, pos: QPointF) -> bool:
        """A double-click on a lane's title in the gutter or a phase's header opens its title for typing;
        False when ``pos`` is on neither."""
        if self._scene.read_only:
            return False
        scenario = self._scene.scenario
        if pos.x() < 0 <= pos.y():
            band = next((b for b in lane_bands(scenario) if b.top <= pos.y() < b.bottom), None)
            if band is not None and self._scene.lane_item(band.lane.id) is not None:
                return self.edit_lane_title(band.lane.id) is not None
        elif pos.y() < 0 <= pos.x() and pos.y() >= -PHASE_HEADER:
            column = next((c for c in phase_columns(scenario) if c.left <= pos.x() < c.right), None)
            if column is not None:
                return self.edit_phase_name(column.phase.id) is not None
        return False

    def edit_lane_title(self, lane_id: str) -> TitleEditor | None:
        """Open the in-place editor on a lane's title in the gutter."""
        band = self._band(lane_id)
        if band is None or self._scene.read_only:
            return None
        rect = QRectF(-LANE_GUTTER + 14, band.top + 2, LANE_GUTTER - 22, max(band.height - 4, 20))

        def done(text: str | None) -> None:
            scene = self._scene
            self._rename(text, lambda title: scene.controller.rename_lane(scene.scenario_id, lane_id, title))

        return self._open_editor(rect, band.lane.title, done)

    def edit_phase_name(self, phase_id: str) -> TitleEditor | None:
        """Open the in-place editor on a phase's header."""
        column = self._column(phase_id)
        if column is None or self._scene.read_only:
            return None
        rect = QRectF(column.left + 8, -PHASE_HEADER + 4, column.width - 16, PHASE_HEADER - 8)

        def done(text: str | None) -> None:
            scene = self._scene
            self._rename(text, lambda name: scene.controller.rename_phase(scene.scenario_id, phase_id, name))

        return self._open_editor(rect, column.phase.name, done)

    def _open_editor(self, rect: QRectF, text: str, done: Callable[[str | None], None]) -> TitleEditor:
        if self._editor is not None and not self._editor.is_finished():
            self._editor.commit()
        from blueprint_editor.canvas.title_editor import TitleEditor

        editor = TitleEditor(rect, text, done)
        self._editor = editor
        self._scene.add_overlay(editor)
        editor.start()
        return editor

    def _rename(self, text: str | None, rename: Callable[[str], object]) -> None:
        if text is None or not clean_title(text):
            return  # cancelled, or emptied: the old title stays
        try:
            rename(clean_title(text))
        except StructureError as error:
            self.problem.emit(str(error))
