"""The overview dock: the whole scenario in small, with the part the canvas shows framed; click or drag to go.

It is drawn from the scene's lanes, phases and cards as plain rectangles into a cached picture, which is made
again a moment after the document changes (not on every frame of a drag) and when the widget is resized. Only the
frame of the visible area is painted live, so it costs next to nothing while scrolling a blueprint of thousands
of steps. It listens to the controller rather than to the scene's ``changed`` signal: connecting to that signal
would switch off the scene's direct updates of its views and slow the canvas itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QSizePolicy, QWidget

from blueprint_editor.canvas import BlueprintScene, BlueprintView, style
from blueprint_editor.model import LaneKind
from blueprint_editor.model.geometry import lane_bands, phase_columns

REFRESH_DELAY_MS = 150
MARGIN = 6.0
VISIBLE_KEY = "view/overview_visible"


class OverviewMap(QWidget):
    """The scenario in small, with the canvas's visible area framed."""

    def __init__(self, scene: BlueprintScene, view: BlueprintView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._view = view
        self._picture: QPixmap | None = None
        self._content = QRectF()
        self._scale = 1.0
        self._offset = QPointF()
        self.redraws = 0  # how often the picture was made: tests check that bursts of changes make one
        self.setMinimumSize(120, 60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click or drag to show that part of the blueprint")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        controller = scene.controller
        for signal in (
            controller.step_added,
            controller.step_removed,
            controller.step_changed,
            controller.flow_added,
            controller.flow_removed,
        ):
            signal.connect(self.schedule_refresh)
        for bare in (controller.lanes_changed, controller.document_replaced, scene.rebuilt, scene.scenario_shown):
            bare.connect(self.schedule_refresh)
        scene.progressive.finished.connect(self.schedule_refresh)  # the last cards of a large scenario are in
        style.signals.changed.connect(self.schedule_refresh)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.zoom_changed.connect(self.update)
        self._viewport = view.viewport()  # kept: asking a view being destroyed for it would fail
        self._viewport.installEventFilter(self)

    def sizeHint(self) -> QSize:
        return QSize(280, 150)

    def schedule_refresh(self, *_: object) -> None:
        """Make the picture again once changes settle (many changes in a row make one redraw)."""
        if self.isVisible():
            self._timer.start()
        else:
            self._picture = None  # made when next shown

    def refresh(self) -> None:
        """Make the picture of the scenario now."""
        self._timer.stop()
        self._picture = self._draw()
        self.redraws += 1
        self.update()

    def to_scene(self, point: QPointF) -> QPointF:
        """The scene point under a point of this widget."""
        return QPointF(
            (point.x() - self._offset.x()) / self._scale + self._content.left(),
            (point.y() - self._offset.y()) / self._scale + self._content.top(),
        )

    def to_widget(self, point: QPointF) -> QPointF:
        """Where a scene point is drawn in this widget."""
        return QPointF(
            (point.x() - self._content.left()) * self._scale + self._offset.x(),
            (point.y() - self._content.top()) * self._scale + self._offset.y(),
        )

    def visible_rect(self) -> QRectF:
        """The canvas's visible area, in this widget's coordinates."""
        view = self._view
        area = view.mapToScene(view.viewport().rect()).boundingRect()
        return QRectF(self.to_widget(area.topLeft()), self.to_widget(area.bottomRight()))

    def _fit(self) -> None:
        self._content = self._scene.content_rect()
        width, height = self.width() - 2 * MARGIN, self.height() - 2 * MARGIN
        if self._content.isEmpty() or width <= 0 or height <= 0:
            self._scale = 1.0
            self._offset = QPointF(MARGIN, MARGIN)
            return
        self._scale = min(width / self._content.width(), height / self._content.height())
        self._offset = QPointF(
            MARGIN + (width - self._content.width() * self._scale) / 2,
            MARGIN + (height - self._content.height() * self._scale) / 2,
        )

    def _draw(self) -> QPixmap:
        self._fit()
        ratio = self.devicePixelRatioF()
        picture = QPixmap(self.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(style.CANVAS_BACKGROUND)
        painter = QPainter(picture)  # no antialiasing: hundreds of small rectangles, drawn fast
        painter.translate(self._offset)
        painter.scale(self._scale, self._scale)
        painter.translate(-self._content.topLeft())
        scenario = self._scene.scenario
        right = max((c.right for c in phase_columns(scenario)), default=self._content.right())
        for band in lane_bands(scenario):
            fill = style.LANE_FILL.get(band.lane.kind, style.LANE_FILL.get(LaneKind.SUPPORT, QColor("#eeeeee")))
            painter.fillRect(QRectF(0, band.top, right, band.height), fill)
        pen = QPen(style.GRID_LINE, 0)  # cosmetic: one pixel whatever the scale
        painter.setPen(pen)
        for column in phase_columns(scenario):
            painter.drawLine(QPointF(column.right, 0), QPointF(column.right, self._content.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        for item in self._scene.step_items():
            if not item.isVisible():
                continue
            accent = style.LANE_ACCENT.get(item.face.kind, style.INK)
            painter.fillRect(item.scene_card_rect(), accent)
        painter.end()
        return picture

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None or self._picture.size() != self.size() * self.devicePixelRatioF():
            self._picture = self._draw()
            self.redraws += 1
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        frame = self.visible_rect().intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        if not frame.isEmpty():
            shade = QColor(style.SELECTION)
            shade.setAlpha(40)
            painter.fillRect(frame, shade)
            painter.setPen(QPen(style.SELECTION, 2))
            painter.drawRect(frame)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._picture = None
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.update()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._go(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event.position())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def _go(self, point: QPointF) -> None:
        self._view.centerOn(self.to_scene(point))
        self.update()


class OverviewDock(QDockWidget):
    """The overview in a dock of its own (View > Overview); whether it is shown is remembered."""

    def __init__(self, scene: BlueprintScene, view: BlueprintView, parent: QWidget | None = None) -> None:
        super().__init__("Overview", parent)
        self.setObjectName("overview")
        self.map = OverviewMap(scene, view, self)
        self.setWidget(self.map)
        action = self.toggleViewAction()
        action.setText("&Overview")
        action.setStatusTip("Show the whole blueprint in small; click it to go there")
        self.setVisible(bool(QSettings().value(VISIBLE_KEY, True, type=bool)))
        action.toggled.connect(self._remember)

    def _remember(self, on: bool) -> None:
        # Only while the window is up: docks are hidden too when the window closes, which is not a choice to keep.
        # Nor is the dock appearing with the window at start-up: writing the setting unchanged costs a file write
        # before the first paint.
        window = self.parentWidget()
        if window is not None and window.isVisible():
            settings = QSettings()
            if bool(settings.value(VISIBLE_KEY, True, type=bool)) != on:
                settings.setValue(VISIBLE_KEY, on)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.map.schedule_refresh()
