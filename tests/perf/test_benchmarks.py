"""pytest-benchmark figures for blueprints of 100, 1,000 and 5,000 steps. They report numbers and gate nothing.

    python -m pytest tests/perf --benchmark-only

The same measurements, each in a fresh process and with Graphviz and Dia beside them, as the table of
docs/PERFORMANCE.md: ``python tests/perf/report.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from blueprints import SIZES, write_blueprint
from canvas_probe import Canvas, open_canvas, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from blueprint_editor.io import load_document


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}-steps" for n in SIZES])
def blueprint(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_blueprint(request.param, tmp_path_factory.mktemp("blueprints"))


@pytest.fixture(scope="module")
def canvas(blueprint: Path) -> Iterator[Canvas]:
    shown = open_canvas(load_document(blueprint))
    yield shown
    shown.view.close()


def test_load(benchmark, blueprint: Path) -> None:  # type: ignore[no-untyped-def]
    document = benchmark(load_document, blueprint)
    assert document.scenarios[0].steps


def test_scene_build(benchmark, blueprint: Path, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    from blueprint_editor.canvas import BlueprintScene
    from blueprint_editor.editing import DocumentController

    document = load_document(blueprint)

    def build() -> int:
        controller = DocumentController(document)
        scene = BlueprintScene(controller)
        while scene.progressive.busy:  # a large scenario is made a slice at a time: measured to its last card
            QApplication.processEvents()
        count = len(scene.step_items())
        scene.clear()
        return count

    assert benchmark.pedantic(build, rounds=3, iterations=1) == len(document.scenarios[0].steps)


def test_repaint_whole_blueprint(benchmark, canvas: Canvas) -> None:  # type: ignore[no-untyped-def]
    canvas.fit()
    benchmark(canvas.view.viewport().repaint)


def test_repaint_at_100_percent(benchmark, canvas: Canvas) -> None:  # type: ignore[no-untyped-def]
    canvas.at_100()
    benchmark(canvas.view.viewport().repaint)


@pytest.mark.parametrize("zoom", ["whole", "100%"])
def test_drag_frame_of_50_steps(benchmark, canvas: Canvas, zoom: str) -> None:  # type: ignore[no-untyped-def]
    """One mouse move while 50 selected cards are held, and the repaint it causes."""
    canvas.fit() if zoom == "whole" else canvas.at_100()
    chosen = canvas.select_middle()
    viewport = canvas.view.viewport()
    point = canvas.grip_point(chosen)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    settle()
    step = QPoint(3, 1)

    def frame() -> None:
        nonlocal point
        point += step
        before = canvas.paints.count
        QTest.mouseMove(viewport, point)
        for _ in range(20):
            if canvas.paints.count > before:
                break
            QApplication.processEvents()

    benchmark.pedantic(frame, rounds=30, iterations=1)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    settle()
    canvas.controller.undo_stack.undo()
    settle()


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_export_from_the_command_line(benchmark, blueprint: Path, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The whole process, as a script that exports a folder of blueprints runs it."""
    out = tmp_path / f"out.{fmt}"
    extra = ["--scale", "0.1"] if fmt == "png" and "5000" in blueprint.name else []
    command = [sys.executable, "-m", "blueprint_editor", "export", str(blueprint), "-o", str(out), *extra]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}

    def export() -> int:
        return subprocess.run(command, env=env, capture_output=True, check=False).returncode

    assert benchmark.pedantic(export, rounds=3, iterations=1) == 0
    assert out.stat().st_size > 0
