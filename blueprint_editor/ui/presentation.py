"""Presentation mode (F5): the blueprint full screen, phase by phase, for a room watching a projector.

Keys (a presenter remote sends the same): Right, PageDown or Space for the next phase; Left or PageUp for the
previous one; Home and End; R reveals only the phases reached so far; V shows the customer's view (nothing below
the line of visibility); S spotlights the current phase; Up and Down choose the lane that N adds a step to; Esc
leaves (or cancels the text being typed).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QVBoxLayout, QWidget

from blueprint_editor.canvas import BlueprintScene, BlueprintView, style
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import LaneKind
from blueprint_editor.model.geometry import (
    CARD_WIDTH,
    LANE_GUTTER,
    PHASE_HEADER,
    Band,
    Column,
    clamp_in_band,
    customer_visible_lanes,
    lane_bands,
    phase_columns,
)
from blueprint_editor.model.lines import BLUEPRINT_LINES

ANIMATION_MS = 450
PRESENTATION_TEXT = 1.35
PRESENTATION_LINES = 1.6
MARGIN = 16.0
SPOTLIGHT_DIM = QColor(255, 255, 255, 170)
HALO = QColor(255, 200, 0, 90)
Z_OVERLAY = 1000.0


class PhaseOverlay(QGraphicsItem):
    """Dims the phases other than the current one (spotlight), hides those not reached yet (reveal), marks the
    lane that N adds to, and repeats the lane titles at the left of the current phase."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_OVERLAY)
        self.columns: list[Column] = []
        self.bands: list[Band] = []
        self.current = 0
        self.spotlight = True
        self.reveal = False
        self.focused_lane = ""
        self.gutter_x = 0.0

    def boundingRect(self) -> QRectF:
        if not self.columns or not self.bands:
            return QRectF()
        right = self.columns[-1].right
        bottom = self.bands[-1].bottom
        return QRectF(-LANE_GUTTER - 2, -PHASE_HEADER - 2, right + LANE_GUTTER + 4, bottom + PHASE_HEADER + 4)

    def refresh(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self.columns or not self.bands:
            return
        top, bottom = -PHASE_HEADER, self.bands[-1].bottom
        dim = QColor(style.CANVAS_BACKGROUND)  # fades towards the theme's ground, dark in a dark theme
        dim.setAlpha(SPOTLIGHT_DIM.alpha())
        for index, column in enumerate(self.columns):
            area = QRectF(column.left, top, column.width, bottom - top)
            if self.reveal and index > self.current:
                painter.fillRect(area, style.CANVAS_BACKGROUND)
            elif self.spotlight and index != self.current:
                painter.fillRect(area, dim)
        band = next((b for b in self.bands if b.lane.id == self.focused_lane), None)
        if band is not None:
            column = self.columns[self.current]
            painter.setPen(QPen(style.SELECTION, 3, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(column.left + 3, band.top + 3, column.width - 6, band.height - 6))
        if self.current > 0:
            self._paint_gutter(painter)

    def _paint_gutter(self, painter: QPainter) -> None:
        # Lane titles beside the current phase, since the real ones are off screen to the left.
        x = self.gutter_x
        painter.fillRect(QRectF(x, -PHASE_HEADER, LANE_GUTTER, self.bands[-1].bottom + PHASE_HEADER), style.GUTTER_FILL)
        painter.setFont(style.lane_title_font())
        for band in self.bands:
            painter.fillRect(QRectF(x, band.top, 6, band.height), style.LANE_ACCENT[band.lane.kind])
            painter.setPen(style.INK)
            painter.drawText(
                QRectF(x + 18, band.top + 8, LANE_GUTTER - 28, band.height - 16),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                band.lane.title,
            )
        # And the names of the lines, as the real gutter shows them.
        painter.setFont(style.line_label_font())
        metrics = painter.fontMetrics()
        for line in BLUEPRINT_LINES:
            above = [b for b in self.bands if b.lane.kind == line.above]
            below = [b for b in self.bands if b.lane.kind == line.below]
            if not above or not below:
                continue
            y = above[-1].bottom
            box = QRectF(x + 8, y - 11, metrics.horizontalAdvance(line.title) + 16, 22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.BLUEPRINT_LINE)
            painter.drawRoundedRect(box, 11, 11)
            painter.setPen(style.CARD_FILL)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, line.title)


class PointerHalo(QGraphicsItem):
    """A soft disc that follows the mouse, so the room sees what the facilitator points at."""

    RADIUS = 28.0

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(Z_OVERLAY + 1)

    def boundingRect(self) -> QRectF:
        r = self.RADIUS
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HALO)
        painter.drawEllipse(self.boundingRect())


class PresentationWindow(QWidget):
    """Full screen, no chrome: the scene of the main window, shown phase by phase."""

    closed = Signal()

    def __init__(self, controller: DocumentController, scene: BlueprintScene, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Blueprint Editor — presentation")
        self._controller = controller
        self.scene = scene
        self.view = BlueprintView(self)
        self.view.setScene(scene)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(BlueprintView.Shape.NoFrame)
        self.view.setDragMode(BlueprintView.DragMode.NoDrag)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.overlay = PhaseOverlay()
        self.halo = PointerHalo()
        self.current = 0
        self._shown = QRectF()
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(ANIMATION_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._show_rect)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.viewport().setMouseTracking(True)
        # Type and lines sized for the back of a room; the scene is drawn afresh at that size.
        style.set_presentation_scale(PRESENTATION_TEXT, PRESENTATION_LINES)
        scene.rebuild()
        scene.background_redrawn.connect(self._refresh_overlay)  # rebuilt, or a lane or phase edited in place
        self._attach()
        self.overlay.focused_lane = self._default_lane()

    # Overlays live in the shared scene only while presenting; the scene keeps them through rebuilds.

    def _attach(self) -> None:
        self.scene.add_overlay(self.overlay)
        self.scene.add_overlay(self.halo)
        self._refresh_overlay()

    def _default_lane(self) -> str:
        customer = next((b for b in self._bands() if b.lane.kind == LaneKind.CUSTOMER), None)
        return customer.lane.id if customer else ""

    def _bands(self) -> list[Band]:
        scenario = self.scene.scenario
        return customer_visible_lanes(scenario) if self.scene.customer_view else lane_bands(scenario)

    def _refresh_overlay(self) -> None:
        self.overlay.columns = phase_columns(self.scene.scenario)
        self.overlay.bands = self._bands()
        self.current = min(self.current, max(len(self.overlay.columns) - 1, 0))
        self.overlay.current = self.current
        self.overlay.gutter_x = self._target().left() + MARGIN if self.overlay.columns else 0.0
        self.overlay.refresh()

    # Moving between phases

    def phase_count(self) -> int:
        return len(phase_columns(self.scene.scenario))

    def _target(self) -> QRectF:
        columns = phase_columns(self.scene.scenario)
        bands = self._bands()
        if not columns or not bands:
            return self.scene.content_rect()
        column = columns[self.current]
        rect = QRectF(
            column.left - LANE_GUTTER, -PHASE_HEADER, LANE_GUTTER + column.width, PHASE_HEADER + bands[-1].bottom
        )
        return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)

    def go_to(self, index: int, *, animate: bool = True) -> None:
        """Show phase ``index`` (clamped), panning and zooming smoothly there."""
        count = self.phase_count()
        if count == 0:
            return
        self.current = min(max(index, 0), count - 1)
        self._refresh_overlay()
        target = self._target()
        self._animation.stop()
        if not animate or self._shown.isNull():
            self._show_rect(target)
            return
        self._animation.setStartValue(self._shown)
        self._animation.setEndValue(target)
        self._animation.start()

    def _show_rect(self, rect: QRectF) -> None:
        self._shown = QRectF(rect)
        self.view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        # The repeated lane titles sit at the left edge of what is shown.
        left = self.view.mapToScene(0, 0).x()
        if self.current > 0 and abs(left - self.overlay.gutter_x) > 0.5:
            self.overlay.gutter_x = left
            self.overlay.update()

    def next_phase(self) -> None:
        self.go_to(self.current + 1)

    def previous_phase(self) -> None:
        self.go_to(self.current - 1)

    # Modes

    def toggle_reveal(self) -> None:
        self.overlay.reveal = not self.overlay.reveal
        self.overlay.refresh()

    def toggle_spotlight(self) -> None:
        self.overlay.spotlight = not self.overlay.spotlight
        self.overlay.refresh()

    def toggle_customer_view(self) -> None:
        self.scene.set_customer_view(not self.scene.customer_view)
        if self.overlay.focused_lane not in {b.lane.id for b in self._bands()}:
            self.overlay.focused_lane = self._default_lane()
        self.go_to(self.current, animate=False)

    def focus_lane(self, step: int) -> None:
        """Move the lane that N adds to up (-1) or down (+1), among the lanes shown that hold steps."""
        lanes = [b.lane.id for b in self._bands() if b.lane.kind.holds_steps and not b.lane.collapsed]
        if not lanes:
            return
        here = lanes.index(self.overlay.focused_lane) if self.overlay.focused_lane in lanes else 0
        self.overlay.focused_lane = lanes[min(max(here + step, 0), len(lanes) - 1)]
        self.overlay.refresh()

    def quick_capture(self) -> str | None:
        """Add a step in the focused lane of the current phase, in the first free place, and start typing."""
        scenario = self.scene.scenario
        columns = phase_columns(scenario)
        band = next((b for b in lane_bands(scenario) if b.lane.id == self.overlay.focused_lane), None)
        if not columns or band is None:
            return None
        column = columns[self.current]
        taken = [s.x for s in scenario.steps if s.lane == band.lane.id]
        x = column.left + 40
        while any(abs(x - other) < CARD_WIDTH + 20 for other in taken) and x + CARD_WIDTH <= column.right - 20:
            x += CARD_WIDTH + 40
        x = min(x, column.right - CARD_WIDTH - 20)
        step_id = self._controller.add_step(
            self.scene.scenario_id, band.lane.id, round(x), round(clamp_in_band(band, 40))
        )
        self.scene.clearSelection()
        self.scene.edit_step_label(step_id, new=True)
        return step_id

    # Keys and the pointer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched is self.view:
            # While a card's text is being typed, every key is the editor's.
            if self.scene.focusItem() is None and self._handle_key(event):  # type: ignore[arg-type]
                return True
        elif event.type() == QEvent.Type.MouseMove and watched is self.view.viewport():
            self.halo.setPos(self.view.mapToScene(event.position().toPoint()))  # type: ignore[attr-defined]
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        actions = {
            Qt.Key.Key_Right: self.next_phase,
            Qt.Key.Key_PageDown: self.next_phase,
            Qt.Key.Key_Space: self.next_phase,
            Qt.Key.Key_Left: self.previous_phase,
            Qt.Key.Key_PageUp: self.previous_phase,
            Qt.Key.Key_Home: lambda: self.go_to(0),
            Qt.Key.Key_End: lambda: self.go_to(self.phase_count() - 1),
            Qt.Key.Key_R: self.toggle_reveal,
            Qt.Key.Key_S: self.toggle_spotlight,
            Qt.Key.Key_V: self.toggle_customer_view,
            Qt.Key.Key_Up: lambda: self.focus_lane(-1),
            Qt.Key.Key_Down: lambda: self.focus_lane(1),
            Qt.Key.Key_N: self.quick_capture,
            Qt.Key.Key_Escape: self.close,
        }
        action = actions.get(Qt.Key(key))
        if action is None or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        action()
        return True

    def start(self) -> None:
        """Go full screen on the first phase."""
        screen = (self.parentWidget() or self).screen()
        self.setGeometry(screen.geometry())  # also where no window manager honours full screen
        self.showFullScreen()
        self.view.setFocus()
        self.go_to(0, animate=False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.go_to(self.current, animate=False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._animation.state() != QVariantAnimation.State.Running:
            self.go_to(self.current, animate=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._animation.stop()
        self.scene.background_redrawn.disconnect(self._refresh_overlay)
        self.scene.remove_overlay(self.overlay)
        self.scene.remove_overlay(self.halo)
        style.set_presentation_scale(1.0, 1.0)
        if self.scene.customer_view:
            self.scene.set_customer_view(False)
        else:
            self.scene.rebuild()
        super().closeEvent(event)
        self.closed.emit()
