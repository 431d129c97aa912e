"""BlueprintView: zoom (Ctrl+wheel, keys, fit) and pan (middle-drag, Space+drag, scroll bars)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from blueprint_editor.canvas import detail

MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25
FIT_MARGIN = 24.0


class BlueprintView(QGraphicsView):
    """A view of a BlueprintScene that zooms around the pointer and pans like other diagram tools."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        # Zooming keeps its own anchor (see set_zoom); Qt's would follow the last known cursor position.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # Every item's bounding rect leaves room for its antialiased edges, so Qt need not widen each one it repaints.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space_down = False
        self._pan_from: QPoint | None = None

    def zoom(self) -> float:
        """The current scale: 1.0 is 100 %."""
        return self.transform().m11()

    def lowest_zoom(self) -> float:
        """How far out the view zooms: 10 %, or further when that is what it takes to see the whole blueprint."""
        scene = self.scene()
        viewport = self.viewport().rect()
        if scene is None or not hasattr(scene, "content_rect") or viewport.isEmpty():
            return MIN_ZOOM
        rect = scene.content_rect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        if rect.isEmpty():
            return MIN_ZOOM
        return min(MIN_ZOOM, viewport.width() / rect.width(), viewport.height() / rect.height())

    def set_zoom(self, factor: float, *, around: QPoint | None = None) -> None:
        """Zoom to ``factor`` (clamped to 10 %..800 %, or further out for a blueprint too wide to see whole at
        10 %), keeping the scene point at viewport point ``around`` (by default the middle of the view) where it
        is."""
        factor = min(max(factor, self.lowest_zoom()), MAX_ZOOM)
        current = self.zoom()
        if abs(factor - current) < 1e-9:
            return
        fixed = around if around is not None else self.viewport().rect().center()
        scene_point = self.mapToScene(fixed)
        self.scale(factor / current, factor / current)
        drift = self.mapFromScene(scene_point) - fixed
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + drift.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + drift.y())
        self._zoomed()
        self.zoom_changed.emit(self.zoom())

    def _zoomed(self) -> None:
        """Draw for the zoom now in use, however it was set (set_zoom, or fitInView as presentation does)."""
        # Far out, cards are blocks and arrows hairlines (canvas/detail.py): edges need no smoothing there.
        self.setRenderHint(QPainter.RenderHint.Antialiasing, not detail.plain(self.zoom()))
        far_view = getattr(self.scene(), "far_view", None)
        if far_view is not None:
            far_view.follow_zoom()  # far out, the scene draws itself in bulk (canvas/far_view.py)

    def fitInView(self, *args: Any, **kwargs: Any) -> None:
        super().fitInView(*args, **kwargs)
        self._zoomed()

    def setTransform(self, *args: Any, **kwargs: Any) -> None:
        super().setTransform(*args, **kwargs)
        self._zoomed()

    def resetTransform(self) -> None:
        super().resetTransform()
        self._zoomed()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Show the whole blueprint, as large as the window allows (never beyond 100 %)."""
        scene = self.scene()
        if scene is None:
            return
        rect: QRectF = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            return
        factor = min(viewport.width() / rect.width(), viewport.height() / rect.height(), 1.0)
        self.set_zoom(factor)
        self.centerOn(rect.center())

    def show_beginning(self) -> None:
        """Fit the lanes' height (never beyond 100 %) and show the first phases: blueprints read left to right."""
        scene = self.scene()
        if scene is None or not hasattr(scene, "content_rect"):
            return
        rect = scene.content_rect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            return
        self.set_zoom(min(viewport.height() / rect.height(), 1.0))
        if rect.width() * self.zoom() <= viewport.width():
            self.centerOn(rect.center())
        else:
            visible_width = viewport.width() / self.zoom()
            self.centerOn(rect.left() + visible_width / 2, rect.center().y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps, around=event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    # Panning: middle-drag anywhere, or left-drag while Space is held.

    def _text_editing(self) -> bool:
        scene = self.scene()
        return scene is not None and scene.focusItem() is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not self._text_editing():
            if not event.isAutoRepeat():
                self._space_down = True
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self._space_down:
            if not event.isAutoRepeat():
                self._space_down = False
                if self._pan_from is None:
                    self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_down):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            if self._space_down:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)
