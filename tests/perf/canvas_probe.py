"""Canvas measurements in one process: scene build, repaint of a 1920x1080 view, a drag of 50 selected steps.

Used by the pytest benchmarks and, in a fresh process per blueprint, by report.py:

    python tests/perf/canvas_probe.py FILE.json     # prints one JSON object of figures (milliseconds)

Repaint is ``view.viewport().repaint()``: a synchronous paint of the whole viewport through the window's backing
store, as Qt paints a frame on screen (offscreen here, so no time is spent showing it). A drag frame is one real
mouse-move event sent to the viewport while the left button holds 50 selected cards, plus the events it causes,
up to and including the repaint it asks for.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTransform
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from blueprint_editor.canvas import BlueprintScene, BlueprintView
from blueprint_editor.canvas.step_item import StepItem
from blueprint_editor.editing import DocumentController
from blueprint_editor.io import load_document
from blueprint_editor.model import Document

VIEW_SIZE = (1920, 1080)
DRAGGED = 50
FIT_MARGIN = 24.0


@dataclass
class Sample:
    """One timed run: wall-clock milliseconds, and the process's CPU milliseconds (which other programs on a busy
    machine disturb far less)."""

    wall_ms: float
    cpu_ms: float

    @staticmethod
    @contextmanager
    def taken(into: list[Sample]) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        into.append(Sample((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))


class _PaintCounter(QObject):
    """Counts the paint events a widget receives, so a measurement can wait for the frame it caused."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@dataclass
class Canvas:
    """A scene of a blueprint in a 1920x1080 view, shown offscreen."""

    controller: DocumentController
    scene: BlueprintScene
    view: BlueprintView
    built: Sample  # every card and arrow made
    first_slice: Sample  # what the scene makes before the window first shows
    paints: _PaintCounter = field(init=False)

    def __post_init__(self) -> None:
        self.paints = _PaintCounter(self.view.viewport())

    def fit(self) -> float:
        """Show the whole blueprint as Fit to Window does (where the view cannot zoom out that far, as it would
        if it could); returns the zoom."""
        rect = self.scene.content_rect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        viewport = self.view.viewport().rect()
        factor = min(viewport.width() / rect.width(), viewport.height() / rect.height(), 1.0)
        self.view.fit_to_window()
        if self.view.transform().m11() > factor * 1.01:
            self.view.setTransform(QTransform.fromScale(factor, factor))
            self.view.centerOn(rect.center())
        settle()
        return self.view.transform().m11()

    def at_100(self) -> None:
        """Show the middle of the blueprint at 100 %."""
        self.view.reset_zoom()
        self.view.centerOn(self.scene.content_rect().center())
        settle()

    def repaint_ms(self, times: int = 9) -> list[Sample]:
        """Each of ``times`` synchronous repaints of the whole viewport (after two unmeasured)."""
        viewport = self.view.viewport()
        for _ in range(2):
            viewport.repaint()
        result: list[Sample] = []
        for _ in range(times):
            with Sample.taken(result):
                viewport.repaint()
        return result

    def select_middle(self, count: int = DRAGGED) -> list[StepItem]:
        """Select the ``count`` cards nearest the middle of the view."""
        centre = self.view.mapToScene(self.view.viewport().rect().center())

        def distance(item: StepItem) -> float:
            d = item.scene_card_rect().center() - centre
            return d.x() ** 2 + d.y() ** 2

        chosen = sorted(self.scene.step_items(), key=distance)[:count]
        self.scene.clearSelection()
        for item in chosen:
            item.setSelected(True)
        settle()
        return chosen

    def grip_point(self, chosen: list[StepItem]) -> QPoint:
        """A viewport point where a press lands on one of the selected cards."""
        for item in chosen:
            point = self.view.mapFromScene(item.scene_card_rect().center())
            hit = self.view.itemAt(point)  # the card itself: a press on its handle would draw a flow
            if isinstance(hit, StepItem) and hit.isSelected():
                return point
        raise RuntimeError("no selected card can be pressed at this zoom")

    def drag_ms(self, moves: int = 30) -> tuple[list[Sample], dict[str, float]]:
        """Press on a selected card, move ``moves`` times, release; milliseconds of each move and its repaint,
        and of the release (the move command) and of undoing it."""
        chosen = self.select_middle()
        viewport = self.view.viewport()
        point = self.grip_point(chosen)
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        settle()
        frames: list[Sample] = []
        step = QPoint(3, 1)
        for _ in range(moves):
            point += step
            before = self.paints.count
            with Sample.taken(frames):
                QTest.mouseMove(viewport, point)
                for _ in range(20):
                    if self.paints.count > before:
                        break
                    QApplication.processEvents()
        start = time.perf_counter()
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        settle()
        release = (time.perf_counter() - start) * 1000
        moved = sum(1 for item in chosen if item.isSelected())
        if self.controller.undo_stack.count() == 0:
            raise RuntimeError("the drag moved nothing")
        start = time.perf_counter()
        self.controller.undo_stack.undo()
        settle()
        undo = (time.perf_counter() - start) * 1000
        return frames, {"release_ms": release, "undo_ms": undo, "selected_at_release": moved}


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def application() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(["canvas-probe"])


def open_canvas(document: Document) -> Canvas:
    """The blueprint's first scenario in a shown 1920x1080 view, as the editor shows it."""
    application()
    controller = DocumentController(document)
    built: list[Sample] = []
    with Sample.taken(built):
        scene = BlueprintScene(controller)
    first = built[0]
    view = BlueprintView()
    view.setScene(scene)
    view.resize(*VIEW_SIZE)
    view.show()
    QTest.qWaitForWindowExposed(view)
    # A large scenario is built a slice at a time between events (canvas/progressive_build.py): measure to the end.
    with Sample.taken(built):
        while getattr(getattr(scene, "progressive", None), "busy", False):  # (older code builds all at once)
            QApplication.processEvents()
    settle()
    whole = Sample(first.wall_ms + built[1].wall_ms, first.cpu_ms + built[1].cpu_ms)
    return Canvas(controller, scene, view, whole, first)


def _summary(samples: list[Sample]) -> dict[str, float]:
    wall = [sample.wall_ms for sample in samples]
    cpu = [sample.cpu_ms for sample in samples]
    return {"median": statistics.median(wall), "max": max(wall), "cpu_median": statistics.median(cpu)}


def measure(path: Path) -> dict[str, object]:
    """Every canvas figure of one blueprint file."""
    loaded: list[Sample] = []
    with Sample.taken(loaded):
        document = load_document(path)
    canvas = open_canvas(document)
    figures: dict[str, object] = {
        "load_ms": _summary(loaded),
        "build_ms": _summary([canvas.built]),
        "first_slice_ms": _summary([canvas.first_slice]),
    }
    figures["zoom_fit"] = canvas.fit()
    figures["repaint_fit_ms"] = _summary(canvas.repaint_ms())
    frames, extra = canvas.drag_ms()
    figures["drag_fit_ms"] = _summary(frames)
    figures["drag_fit"] = extra
    canvas.at_100()
    figures["repaint_100_ms"] = _summary(canvas.repaint_ms())
    frames, extra = canvas.drag_ms()
    figures["drag_100_ms"] = _summary(frames)
    figures["drag_100"] = extra
    start = time.perf_counter()
    canvas.scene.clearSelection()
    canvas.scene.step_items()[len(canvas.scene.step_items()) // 2].setSelected(True)
    settle()
    figures["select_one_ms"] = (time.perf_counter() - start) * 1000
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
