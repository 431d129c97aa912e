"""The PDF's way of drawing a scene (render/scene_painter.py) draws what QGraphicsScene.render draws, pixel for
pixel, and writes no clip into a page that shows the whole drawing."""

from __future__ import annotations

import gc
import re
import weakref
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from blueprint_editor.canvas import style
from blueprint_editor.io import load_document
from blueprint_editor.model import Document
from blueprint_editor.render import export_document_pdf
from blueprint_editor.render.export import ensure_application, export_rect
from blueprint_editor.render.export_scene import ExportScene, SceneOptions, build_export_scene
from blueprint_editor.render.scene_painter import paint_scene
from blueprint_editor.resources import example_path

STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
CLIP = re.compile(rb"\bW\*? n\b")  # a clipping path set


@pytest.fixture(scope="module")
def example() -> Document:
    ensure_application()
    return load_document(example_path())


def drawn(scene: ExportScene, source: QRectF, draw: Callable[[QPainter, QRectF], None]) -> QImage:
    image = QImage(round(source.width()), round(source.height()), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    draw(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def both_ways(scene: ExportScene, source: QRectF) -> tuple[QImage, QImage]:
    by_qt = drawn(scene, source, lambda p, t: scene.render(p, t, source, Qt.AspectRatioMode.IgnoreAspectRatio))
    by_us = drawn(scene, source, lambda p, t: paint_scene(p, scene, t, source))
    return by_qt, by_us


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"customer_view": True},
        {"title_block": True, "legend": True},
        {"selection": True, "title_block": True, "legend": True},  # lanes cropped by a clipping parent
    ],
    ids=["plain", "customer-view", "title-and-legend", "selection-only"],
)
def test_draws_what_the_scene_renders(example: Document, options: dict[str, bool]) -> None:
    steps = [step.id for step in example.scenarios[0].steps[3:9]] if options.pop("selection", False) else None
    with style.palette_for_export(False):
        scene = build_export_scene(example, None, SceneOptions.of(step_ids=steps, **options))
        by_qt, by_us = both_ways(scene, export_rect(scene))
        scene.clear()
    assert by_us == by_qt


def test_a_part_of_the_scene_stays_within_its_target(example: Document) -> None:
    """A tile of a tiled page: what lies beyond the part shown is not drawn over the page around it."""
    with style.palette_for_export(False):
        scene = build_export_scene(example, None, SceneOptions())
        whole = export_rect(scene)
        part = QRectF(whole.left() + whole.width() / 3, whole.top(), whole.width() / 3, whole.height())
        by_qt, by_us = both_ways(scene, part)
        page = QImage(by_us.width() * 2, by_us.height(), QImage.Format.Format_ARGB32_Premultiplied)
        page.fill(QColor("white"))
        painter = QPainter(page)
        paint_scene(painter, scene, QRectF(by_us.width() / 2, 0, by_us.width(), by_us.height()), part)
        painter.end()
        scene.clear()
    assert by_us == by_qt
    left_margin = page.copy(0, 0, by_us.width() // 2 - 1, page.height())
    right_margin = page.copy(by_us.width() * 3 // 2 + 1, 0, by_us.width() // 2 - 1, page.height())
    for margin in (left_margin, right_margin):
        assert {margin.pixel(x, y) for x in range(margin.width()) for y in range(margin.height())} == {
            QColor("white").rgb()
        }


def test_a_page_of_the_whole_drawing_sets_no_clip(example: Document, tmp_path: Path) -> None:
    """Qt's PDF engine would write a clip out again for every item drawn (a third of a large page's commands)."""
    pdf = tmp_path / "example.pdf"
    export_document_pdf(example, pdf)
    pages = [zlib.decompress(stream) for stream in STREAM.findall(pdf.read_bytes()) if _is_deflated(stream)]
    content = max(pages, key=len)
    assert b" Tj" in content  # it is the page's drawing
    assert not CLIP.findall(content)
    tiled = tmp_path / "tiled.pdf"
    export_document_pdf(example, tiled, page="a4", tile=True)
    tiles = [zlib.decompress(s) for s in STREAM.findall(tiled.read_bytes()) if _is_deflated(s)]
    assert any(CLIP.findall(tile) for tile in tiles)  # a tile is clipped to its part of the drawing


def _is_deflated(stream: bytes) -> bool:
    try:
        zlib.decompress(stream)
    except zlib.error:
        return False
    return True


def test_the_scenes_are_let_go_before_the_pdf_is_finished(
    example: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compressing the last page takes as much memory again as its drawing: by then nothing may hold the export's
    scenes, so that their memory can serve it."""
    from blueprint_editor.render import pdf

    built: list[weakref.ref[ExportScene]] = []
    alive_when_freed: list[bool] = []
    build = pdf.build_export_scene

    def recording_build(*args: object) -> ExportScene:
        scene = build(*args)  # type: ignore[arg-type]
        built.append(weakref.ref(scene))
        return scene

    def freeing() -> None:
        gc.collect()  # as return_free_memory does first: the scenes hold themselves in reference cycles
        alive_when_freed.extend(ref() is not None for ref in built)

    monkeypatch.setattr(pdf, "build_export_scene", recording_build)
    monkeypatch.setattr(pdf, "return_free_memory", freeing)
    document = example.model_copy(deep=True)
    document.scenarios.append(document.scenarios[0].model_copy(update={"id": "again", "name": "Again"}))
    assert export_document_pdf(document, tmp_path / "two.pdf") == 2
    assert len(built) == 2
    assert alive_when_freed[: len(built)] == [False, False]
