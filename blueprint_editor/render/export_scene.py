"""The scene an export draws: the canvas's own scene of a scenario, read-only, with the export's options applied.

Options change what is in the scene, never how items draw, so PNG, SVG, PDF, printing and the clipboard all
show the same thing: "selection only" hides the other cards and the flows that leave the selection and crops to
what is left; the title block and the legend are items placed above and below the blueprint.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from blueprint_editor.canvas.background import BlueprintLineItem
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.canvas.step_item import BADGE_RADIUS, WAIT_OVERHANG, StepItem
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import Document, LaneKind
from blueprint_editor.model.lines import BLUEPRINT_LINES, BlueprintLine
from blueprint_editor.render.decorations import LegendItem, TitleBlockItem
from blueprint_editor.render.output import ExportError
from blueprint_editor.render.svg import line_y

SELECTION_PADDING = 16.0  # around the selected cards, inside the export's margin
BACKGROUND_Z = -100.0  # below the lanes, which are the lowest items of the canvas


@dataclass(frozen=True)
class SceneOptions:
    """What an export shows, whatever its format."""

    customer_view: bool = False
    title_block: bool = False
    legend: bool = False
    # Only these steps (and the flows between them), cropped to them; None for the whole scenario.
    step_ids: frozenset[str] | None = None
    date: str = ""  # the title block's date; today's when empty

    @classmethod
    def of(
        cls,
        *,
        customer_view: bool = False,
        title_block: bool = False,
        legend: bool = False,
        step_ids: Collection[str] | None = None,
        date: str = "",
    ) -> SceneOptions:
        return cls(customer_view, title_block, legend, None if step_ids is None else frozenset(step_ids), date)


class ExportScene(BlueprintScene):
    """A read-only scene of one scenario that knows the area an export shows: the content, the selection only,
    and the title block and legend around it."""

    def __init__(self, document: Document, scenario_id: str | None, options: SceneOptions) -> None:
        # Set before the base class builds the scene, which already asks for the content's rectangle.
        self.options = options
        self.title_block: TitleBlockItem | None = None
        self.legend: LegendItem | None = None
        self._crop: QGraphicsRectItem | None = None
        # A read-only scene of its own controller: it reads the document and never changes it. (No copy: a copy of a
        # 5,000-step document costs a tenth of a second and a tenth of an export's memory, and an export is drawn
        # in one go, the window's progress dialog modal, so the document cannot change under it.)
        self._own_controller = DocumentController(document)
        super().__init__(
            self._own_controller, scenario_id, read_only=True, customer_view=options.customer_view, indexed=False
        )
        self.rebuilt.connect(self._apply_options)
        self._apply_options()

    def _apply_options(self) -> None:
        self.clearSelection()
        only = self.options.step_ids
        if only is not None:
            # Cards a collapsed lane hides stay hidden, and so do the arrows to them.
            for item in self.step_items():
                item.setVisible(item.isVisible() and item.step_id in only)
            for flow in self.flow_items():
                flow.setVisible(flow.isVisible() and flow.source.isVisible() and flow.target.isVisible())
            self._crop_background()
        self._place_decorations()

    def _crop_background(self) -> None:
        """Clip the lanes, phases and lines to the selection's area, so the title block and the legend around it
        stand on the page and not on lanes that go on beyond it."""
        self._crop = QGraphicsRectItem(self.drawing_rect())
        self._crop.setPen(QPen(Qt.PenStyle.NoPen))
        self._crop.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
        self._crop.setZValue(BACKGROUND_Z)
        background = [
            item
            for item in self.items()
            if item.parentItem() is None and not isinstance(item, (StepItem, FlowItem, TitleBlockItem, LegendItem))
        ]
        self.addItem(self._crop)
        for item in background:
            item.setParentItem(self._crop)

    def background_clip(self) -> QRectF | None:
        """The area the background is clipped to (selection only), or None when it is drawn whole."""
        return self._crop.rect() if self._crop is not None and self._crop.scene() is self else None

    def _place_decorations(self) -> None:
        for item in (self.title_block, self.legend):
            if item is not None:
                self.remove_overlay(item)
        self.title_block = self.legend = None
        base = self.drawing_rect()
        if self.options.title_block:
            self.title_block = TitleBlockItem(self.document_title(), self.subtitle())
            self.title_block.place(base.left(), base.top())
            self.add_overlay(self.title_block)
        if self.options.legend:
            self.legend = LegendItem(self._lines_shown(), self._lanes_shown())
            self.legend.place(base.left(), base.bottom(), base.width())
            self.add_overlay(self.legend)

    def document_title(self) -> str:
        return self.controller.document.title.strip() or "Blueprint"

    def subtitle(self) -> str:
        """The scenario, the view, and the date: "First visit · customer view · 2025-05-12"."""
        parts = [self.scenario.name.strip()]
        if self.customer_view:
            parts.append("customer view")
        if self.options.step_ids is not None:
            parts.append("selected steps")
        parts.append(self.options.date or datetime.date.today().isoformat())
        return " · ".join(p for p in parts if p)

    def _lines_shown(self) -> list[BlueprintLine]:
        """The blueprint lines the export shows (the selection's area may hold only some of them)."""
        area = self.drawing_rect()
        shown = {
            item.line.key
            for item in self.items()
            if isinstance(item, BlueprintLineItem) and area.top() <= line_y(item) <= area.bottom()
        }
        return [line for line in BLUEPRINT_LINES if line.key in shown]

    def _lanes_shown(self) -> list[tuple[LaneKind, str]]:
        """The lanes that hold steps and show in the export, top to bottom."""
        area = self.drawing_rect()
        lanes = []
        for lane in self.scenario.lanes:
            item = self.lane_item(lane.id)
            if (
                item is not None
                and lane.kind.holds_steps
                and item.band.top < area.bottom()
                and item.band.bottom > area.top()
            ):
                lanes.append((lane.kind, lane.title))
        return lanes

    def drawing_rect(self) -> QRectF:
        """The blueprint without the decorations: all of it, or the selected cards and their flows."""
        only = self.options.step_ids
        if only is None:
            return BlueprintScene.content_rect(self)
        rect = QRectF()
        for item in self.step_items():
            if item.isVisible():
                card = item.scene_card_rect()
                left = WAIT_OVERHANG if item.face.wait_min > 0 else 0.0
                rect = rect.united(card.adjusted(-left, -BADGE_RADIUS, 0, 0))
        for flow in self.flow_items():
            if flow.isVisible():
                rect = rect.united(flow.sceneBoundingRect())
        if rect.isNull():
            return BlueprintScene.content_rect(self)
        p = SELECTION_PADDING
        return rect.adjusted(-p, -p, p, p)

    def content_rect(self) -> QRectF:
        rect = self.drawing_rect()
        for item in (getattr(self, "title_block", None), getattr(self, "legend", None)):
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def decorations(self) -> list[QGraphicsItem]:
        return [item for item in (self.title_block, self.legend) if item is not None]


def build_export_scene(document: Document, scenario_id: str | None, options: SceneOptions) -> ExportScene:
    """The scene to export; ExportError when the scenario or the selection is not there."""
    scenario = document.scenario(scenario_id) if scenario_id is not None else document.scenarios[0]
    if scenario is None:
        raise ExportError(f"The blueprint has no scenario '{scenario_id}'.")
    scene = ExportScene(document, scenario.id, options)
    if options.step_ids is not None and not any(item.isVisible() for item in scene.step_items()):
        scene.clear()
        raise ExportError("None of the selected steps is shown in this export: select the steps to export first.")
    return scene
