"""PNG, SVG and PDF export: the scenario's scene, cropped to its content with a margin, on white.

PDF pages are laid out by :mod:`blueprint_editor.render.pdf`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPaintDevice, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.editing import DocumentController
from blueprint_editor.model import Document

MARGIN = 24.0
MIN_SCALE = 0.25
MAX_SCALE = 8.0
# A PNG wider or taller than this would take gigabytes of memory; refuse it with a message instead.
MAX_PIXELS_PER_SIDE = 32_000
FORMATS = ("png", "svg", "pdf")


class ExportError(Exception):
    """An export that cannot be made; the message is fit to show the user."""


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
) -> None:
    """Write one scenario (the first by default) as PNG, SVG or PDF, the format taken from the file name;
    ``customer_view`` leaves out everything below the line of visibility. ``scale`` is for PNG only; ``page``
    and ``tile`` are for PDF only (see :func:`blueprint_editor.render.pdf.export_document_pdf`). ``fmt`` names the
    format when the file name should not."""
    if fmt is None:
        fmt = format_for(path)
    elif fmt not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}': use one of {', '.join(FORMATS)}.")
    if scenario_id is not None and document.scenario(scenario_id) is None:
        raise ExportError(f"The blueprint has no scenario '{scenario_id}'.")
    if fmt == "pdf":
        from blueprint_editor.render.pdf import export_document_pdf  # it builds on this module

        export_document_pdf(
            document,
            path,
            scenario_id=scenario_id or document.scenarios[0].id,
            page=page,
            tile=tile,
            customer_view=customer_view,
        )
        return
    ensure_application()
    controller = DocumentController(document.model_copy(deep=True))
    scene = BlueprintScene(controller, scenario_id, read_only=True, customer_view=customer_view)
    try:
        if fmt == "png":
            image = render_png(scene, scale)
            if not image.save(str(path), "PNG"):
                raise ExportError(f"Cannot write {path}: the folder is missing or not writable.")
        else:
            render_svg(scene, path, document.title)
    finally:
        scene.clear()


def export_rect(scene: BlueprintScene) -> QRectF:
    """The area an export shows: all content plus a margin."""
    return scene.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def render_png(scene: BlueprintScene, scale: float = 1.0) -> QImage:
    """The scene as an image at ``scale`` (1 = one pixel per scene unit), on white."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ExportError(f"The scale must lie between {MIN_SCALE:g} and {MAX_SCALE:g}; {scale:g} was given.")
    source = export_rect(scene)
    size = QSize(round(source.width() * scale), round(source.height() * scale))
    if max(size.width(), size.height()) > MAX_PIXELS_PER_SIDE:
        raise ExportError(
            f"A {size.width()} x {size.height()} pixel image is too large to export; use a smaller scale."
        )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(3780 * scale))  # 96 dpi at 1x, so documents place it at its drawn size
    image.setDotsPerMeterY(round(3780 * scale))
    image.fill(QColor("white"))
    _paint(scene, image, QRectF(0, 0, size.width(), size.height()), source)
    return image


def render_svg(scene: BlueprintScene, path: str | os.PathLike[str], title: str = "") -> None:
    """The scene as an SVG file whose text stays text."""
    source = export_rect(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setResolution(96)  # one scene unit is one CSS pixel, as browsers and editors assume
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("Service blueprint exported by Blueprint Editor")
    _paint(scene, generator, QRectF(0, 0, source.width(), source.height()), source, path)


def _paint(
    scene: BlueprintScene, device: QPaintDevice, target: QRectF, source: QRectF, path: object = "the image"
) -> None:
    scene.clearSelection()
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError(f"Cannot write {path}: the folder is missing or not writable.")
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(target, QColor("white"))
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
