"""PNG, SVG and PDF export: the scenario's scene, cropped to its content with a margin, on white.

What the export shows (customer view, selection only, title block, legend) is set up by
:mod:`blueprint_editor.render.export_scene`; SVG is written by :mod:`blueprint_editor.render.svg`, PDF pages are laid
out by :mod:`blueprint_editor.render.pdf`. Every export is drawn in memory and then written atomically, so a
cancelled or failed one leaves no file behind.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from blueprint_editor.canvas import style
from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.model import Document
from blueprint_editor.render.export_scene import ExportScene, SceneOptions, build_export_scene
from blueprint_editor.render.output import (
    ExportCancelledError,
    ExportError,
    Progress,
    check_writable,
    report,
    write_file,
)
from blueprint_editor.render.svg import scene_svg_parts

MARGIN = 24.0
# Low enough for a PNG of a blueprint of thousands of steps to fit within MAX_PIXELS_PER_SIDE.
MIN_SCALE = 0.05
MAX_SCALE = 8.0
# One scene unit is one CSS pixel, 1/96 inch: a PNG at scale 1 has 96 dots per inch.
DPI_AT_SCALE_1 = 96.0
# A PNG wider or taller than this would take gigabytes of memory; refuse it with a message instead.
MAX_PIXELS_PER_SIDE = 32_000
FORMATS = ("png", "svg", "pdf")
STRIP_ROWS = 512  # a PNG is drawn in strips this tall, with a progress report after each

__all__ = ["ExportCancelledError", "ExportError", "export_rect", "export_scenario", "render_png", "render_svg"]


def ensure_application() -> QApplication:
    """The running QApplication, or a new one; drawn offscreen when no display is there."""
    app = QApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication(["blueprint-editor"])


def format_for(path: str | os.PathLike[str]) -> str:
    """The export format named by a file's extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(
            f"Cannot tell the export format of {Path(path).name}: use a name ending in .png, .svg or .pdf."
        )
    return suffix


def scale_for_dpi(dpi: float) -> float:
    """The PNG scale that gives ``dpi`` dots per inch when the image is placed at the blueprint's drawn size."""
    scale = dpi / DPI_AT_SCALE_1
    if not MIN_SCALE <= scale <= MAX_SCALE:
        low, high = MIN_SCALE * DPI_AT_SCALE_1, MAX_SCALE * DPI_AT_SCALE_1
        raise ExportError(f"The resolution must lie between {low:g} and {high:g} dpi; {dpi:g} was given.")
    return scale


def drawing_title(document_title: str, scenario_name: str, customer_view: bool = False) -> str:
    """The title of one scenario's drawing: "Overnight hotel stay — First visit"."""
    parts = [p for p in (document_title.strip(), scenario_name.strip()) if p]
    title = " — ".join(parts) or "Blueprint"
    return f"{title} (customer view)" if customer_view else title


def export_scenario(
    document: Document,
    path: str | os.PathLike[str],
    *,
    scenario_id: str | None = None,
    scale: float = 1.0,
    customer_view: bool = False,
    page: str = "fit",
    tile: bool = False,
    fmt: str | None = None,
    keep_screen_theme: bool = False,
    title_block: bool = False,
    legend: bool = False,
    transparent: bool = False,
    dpi: float | None = None,
    step_ids: Collection[str] | None = None,
    date: str = "",
    progress: Progress | None = None,
) -> None:
    """Write one scenario (the first by default) as PNG, SVG or PDF, the format taken from the file name;
    ``customer_view`` leaves out everything below the line of visibility. ``scale`` (or ``dpi``, which sets it)
    and ``transparent`` are for PNG only; ``page`` and ``tile`` are for PDF only (see
    :func:`blueprint_editor.render.pdf.export_document_pdf`). ``fmt`` names the format when the file name should
    not. ``title_block`` adds the title, scenario and ``date`` (today's by default) above the drawing, ``legend``
    explains its symbols below it, and ``step_ids`` exports only those steps, cropped to them. ``progress`` is
    told how far the export is and may cancel it (ExportCancelledError; nothing is written). The drawing is in the
    print palette (white paper, dark ink), so that a dark screen theme never reaches a document, unless
    ``keep_screen_theme``."""
    if fmt is None:
        fmt = format_for(path)
    elif fmt not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}': use one of {', '.join(FORMATS)}.")
    if scenario_id is not None and document.scenario(scenario_id) is None:
        raise ExportError(f"The blueprint has no scenario '{scenario_id}'.")
    if dpi is not None:
        scale = scale_for_dpi(dpi)
    options = SceneOptions.of(
        customer_view=customer_view, title_block=title_block, legend=legend, step_ids=step_ids, date=date
    )
    if fmt == "pdf":
        from blueprint_editor.render.pdf import export_document_pdf  # it builds on this module

        export_document_pdf(
            document,
            path,
            scenario_id=scenario_id or document.scenarios[0].id,
            page=page,
            tile=tile,
            customer_view=customer_view,
            keep_screen_theme=keep_screen_theme,
            title_block=title_block,
            legend=legend,
            step_ids=step_ids,
            date=date,
            progress=progress,
        )
        return
    check_writable(path)
    ensure_application()
    with style.palette_for_export(keep_screen_theme):  # the scene is built and drawn in the export's palette
        scene = build_export_scene(document, scenario_id, options)
        try:
            title = drawing_title(document.title, scene.scenario.name, customer_view)
            if fmt == "png":
                data = png_bytes(render_png(scene, scale, transparent=transparent, progress=progress))
            else:
                data = svg_bytes(scene, title, progress=progress)
        finally:
            scene.clear()
    report(progress, 1, 1)  # the last chance to cancel before the file is there
    write_file(path, data)


def export_rect(scene: BlueprintScene) -> QRectF:
    """The area an export shows: all content plus a margin."""
    return scene.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def render_png(
    scene: BlueprintScene, scale: float = 1.0, *, transparent: bool = False, progress: Progress | None = None
) -> QImage:
    """The scene as an image at ``scale`` (1 = one pixel per scene unit), on the canvas colour or, with
    ``transparent``, on nothing: the margin and whatever the blueprint leaves unpainted keep alpha 0."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ExportError(f"The scale must lie between {MIN_SCALE:g} and {MAX_SCALE:g}; {scale:g} was given.")
    source = export_rect(scene)
    size = QSize(round(source.width() * scale), round(source.height() * scale))
    if max(size.width(), size.height()) > MAX_PIXELS_PER_SIDE:
        fits = MAX_PIXELS_PER_SIDE / max(source.width(), source.height())
        raise ExportError(
            f"A {size.width()} x {size.height()} pixel image is too large to export; "
            f"use a scale of at most {int(fits * 100) / 100:g}."
        )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    # Dots per inch in the file, so documents place the image at its drawn size: 96 dpi at 1x.
    dots_per_metre = round(DPI_AT_SCALE_1 * scale / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor(Qt.GlobalColor.transparent) if transparent else QColor("white"))
    scene.clearSelection()
    background = scene.backgroundBrush()
    if transparent:
        scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
    painter = QPainter()
    if not painter.begin(image):
        raise ExportError("Cannot draw the image: there is not enough memory for it.")
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # Drawn in strips of whole pixel rows, so a long export reports progress and can be cancelled.
        strips = max(1, math.ceil(size.height() / STRIP_ROWS))
        rows_per_unit = size.height() / source.height()
        for strip in range(strips):
            report(progress, strip, strips)
            top = strip * STRIP_ROWS
            rows = min(STRIP_ROWS, size.height() - top)
            target = QRectF(0, top, size.width(), rows)
            part = QRectF(source.left(), source.top() + top / rows_per_unit, source.width(), rows / rows_per_unit)
            scene.render(painter, target, part, Qt.AspectRatioMode.IgnoreAspectRatio)
        report(progress, strips, strips)
    finally:
        painter.end()
        scene.setBackgroundBrush(background)
    return image


def png_bytes(image: QImage) -> bytes:
    """The image as the bytes of a PNG file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # PySide takes the name as text
        raise ExportError("Cannot encode the image as PNG.")
    buffer.close()
    return bytes(data.data())


def svg_text(
    scene: BlueprintScene, title: str = "", *, transparent: bool = False, progress: Progress | None = None
) -> str:
    """The scene as compact, semantic SVG (see :mod:`blueprint_editor.render.svg`)."""
    return "".join(_svg_parts(scene, title, transparent, progress))


def svg_bytes(
    scene: BlueprintScene, title: str = "", *, transparent: bool = False, progress: Progress | None = None
) -> bytes:
    """:func:`svg_text` as the bytes of a file, encoded part by part."""
    return b"".join([part.encode("utf-8") for part in _svg_parts(scene, title, transparent, progress)])


def _svg_parts(scene: BlueprintScene, title: str, transparent: bool, progress: Progress | None) -> list[str]:
    scene.clearSelection()
    clip = scene.background_clip() if isinstance(scene, ExportScene) else None
    return scene_svg_parts(scene, export_rect(scene), title, transparent=transparent, clip=clip, progress=progress)


def render_svg(
    scene: BlueprintScene,
    path: str | os.PathLike[str],
    title: str = "",
    *,
    transparent: bool = False,
    progress: Progress | None = None,
) -> None:
    """The scene as an SVG file whose text stays text, written atomically."""
    write_file(path, svg_bytes(scene, title, transparent=transparent, progress=progress))
