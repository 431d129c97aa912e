"""PDF export: one page per scenario (or several when a wide blueprint is tiled), drawn as vectors by the scene.

Sizes on paper are in points (1/72 inch). One scene unit is one CSS pixel (1/96 inch), as in the SVG export, so
a drawing at its natural size takes 0.75 pt per scene unit; it is never enlarged beyond that.

Pages:

* ``fit``: each page is as large as its scenario's drawing at natural size, plus margins and the title line, in
  whichever orientation the drawing has (shrunk only past the 200-inch page limit of PDF readers).
* ``a4``, ``a3``, ``letter``: landscape paper. A drawing too large for the sheet is scaled down to fit it, or,
  with ``tile``, drawn as large as the sheet's height allows (at most natural size) and spread across several
  sheets side by side. Neighbouring sheets share a small overlap; crop marks at the top and bottom of each joined
  edge show where the overlap begins and ends, and a label at the foot names the sheet ("... — 2 of 3").

Each page carries a title line (document title and scenario name) above the drawing, unless the drawing has a
title block of its own. Text stays text.

Printing draws the same pages on a QPrinter: on the sheet the printer is set to, scaled to fit or tiled.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from blueprint_editor.canvas import style
from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.model import Document
from blueprint_editor.render.export import drawing_title, ensure_application, export_rect
from blueprint_editor.render.export_scene import ExportScene, SceneOptions, build_export_scene
from blueprint_editor.render.output import (
    ExportError,
    Progress,
    check_writable,
    report,
    return_free_memory,
    write_file,
)
from blueprint_editor.render.scene_painter import paint_scene

PAGES = ("fit", "a4", "a3", "letter")
PRINTER = "printer"  # the paper of a page printed on the sheet the printer is set to
_PAPER = {
    "a4": QPageSize.PageSizeId.A4,
    "a3": QPageSize.PageSizeId.A3,
    "letter": QPageSize.PageSizeId.Letter,
}

POINTS_PER_UNIT = 0.75  # a scene unit is 1/96 inch, a point 1/72 inch
PAGE_MARGIN = 28.35  # 10 mm, within what any printer can print
TITLE_HEIGHT = 14.0
TITLE_GAP = 10.0  # between the title line and the drawing; the top crop marks stand in it
FOOTER_HEIGHT = 18.0  # below the drawing of a tiled page: the bottom crop marks and the page label
OVERLAP = 28.35  # 10 mm of drawing repeated on both sheets of a join
MARK_LENGTH = 7.0
MARK_OFFSET = 2.0  # crop marks stop short of the drawing
MAX_PAGE_SIDE = 14_400.0  # 200 inches: the largest page PDF readers show
# Tiling shrinks the drawing a little, by at most this much, when that saves a sheet.
TILE_SHRINK_TO_SAVE_A_SHEET = 0.9
TITLE_COLOR = QColor("#1f2937")
LABEL_COLOR = QColor("#6b7280")
MARK_COLOR = QColor("#374151")


@dataclass(frozen=True)
class PdfPage:
    """One page: its size, the part of the scene it shows and where, and what is written around it."""

    scene: BlueprintScene
    paper: str  # "fit" or one of the landscape sheets
    size: QSizeF  # points
    source: QRectF  # scene units
    target: QRectF  # points on the page
    title: str
    label: str = ""  # the page label of a tiled page ("... — 2 of 3"); empty on others
    joins_left: bool = False  # the drawing continues on the previous sheet
    joins_right: bool = False  # the drawing continues on the next sheet
    overlap: float = 0.0  # points of drawing shared with each neighbouring sheet
    title_line: bool = True  # False when the drawing has a title block of its own


def export_document_pdf(
    document: Document,
    path: str | os.PathLike[str],
    *,
    scenario_id: str | None = None,
    page: str = "fit",
    tile: bool = False,
    customer_view: bool = False,
    keep_screen_theme: bool = False,
    title_block: bool = False,
    legend: bool = False,
    step_ids: Collection[str] | None = None,
    date: str = "",
    progress: Progress | None = None,
) -> int:
    """Write a PDF of every scenario (or only ``scenario_id``), each on a page of its own or, tiled, on several;
    return the number of pages written. The drawing is in the print palette unless ``keep_screen_theme``.
    ``title_block``, ``legend`` and ``step_ids`` (only those steps of ``scenario_id``) are as for PNG and SVG;
    ``progress`` hears of each page and may cancel the export, which then writes nothing."""
    if page not in PAGES:
        raise ExportError(f"Unknown page size '{page}': use one of {', '.join(PAGES)}.")
    if scenario_id is not None and document.scenario(scenario_id) is None:
        raise ExportError(f"The blueprint has no scenario '{scenario_id}'.")
    if step_ids is not None and scenario_id is None:
        raise ExportError("Only the steps of one scenario can be exported: choose the scenario.")
    check_writable(path)
    ensure_application()
    options = SceneOptions.of(
        customer_view=customer_view, title_block=title_block, legend=legend, step_ids=step_ids, date=date
    )
    ids = [scenario_id] if scenario_id is not None else [s.id for s in document.scenarios]
    scenes: list[ExportScene] = []
    pages: list[PdfPage] = []

    def release_scenes() -> None:
        # Every page is drawn, and the PDF engine holds all it needs. Compressing the last page takes about as much
        # memory again as that page's drawing: the scenes' memory serves it, instead of adding to the peak.
        pages.clear()
        while scenes:
            scenes.pop().clear()
        return_free_memory()

    with style.palette_for_export(keep_screen_theme):  # the scenes are built and drawn in the export's palette
        try:
            for sid in ids:
                scenes.append(build_export_scene(document, sid, options))
                title = page_title(document.title, scenes[-1].scenario.name, customer_view)
                pages.extend(plan_pages(scenes[-1], title, page, tile=tile, title_line=not title_block))
            count = len(pages)
            data = _pdf_bytes(pages, document.title, progress, drawn=release_scenes)
        finally:
            release_scenes()
    write_file(path, data)
    return count


def print_document(
    printer: QPrinter,
    document: Document,
    *,
    scenario_id: str | None = None,
    tile: bool = False,
    customer_view: bool = False,
    keep_screen_theme: bool = False,
    title_block: bool = False,
    legend: bool = False,
    step_ids: Collection[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Print every scenario (or only ``scenario_id``) as the PDF export lays it out, on the sheet the printer is
    set to: scaled down to fit it, or tiled across several; return the number of pages printed."""
    if step_ids is not None and scenario_id is None:
        raise ExportError("Only the steps of one scenario can be printed: choose the scenario.")
    ensure_application()
    printer.setFullPage(True)  # the page's own margins are drawn, as in the PDF, whatever the printer offers
    sheet = printer.pageLayout().fullRect(QPageLayout.Unit.Point).size()
    options = SceneOptions.of(customer_view=customer_view, title_block=title_block, legend=legend, step_ids=step_ids)
    ids = [scenario_id] if scenario_id is not None else [s.id for s in document.scenarios]
    scenes: list[ExportScene] = []
    with style.palette_for_export(keep_screen_theme):
        try:
            pages: list[PdfPage] = []
            for sid in ids:
                scene = build_export_scene(document, sid, options)
                scenes.append(scene)
                title = page_title(document.title, scene.scenario.name, customer_view)
                pages.extend(plan_pages(scene, title, PRINTER, tile=tile, title_line=not title_block, sheet=sheet))
            paint_pages(printer, pages, progress)
        finally:
            for scene in scenes:
                scene.clear()
    return len(pages)


def page_title(document_title: str, scenario_name: str, customer_view: bool = False) -> str:
    """The title line of a page: "Overnight hotel stay — First visit"."""
    return drawing_title(document_title, scenario_name, customer_view)


def plan_pages(
    scene: BlueprintScene,
    title: str,
    page: str = "fit",
    *,
    tile: bool = False,
    title_line: bool = True,
    sheet: QSizeF | None = None,
) -> list[PdfPage]:
    """The pages that show one scenario's scene; ``sheet`` (in points) is the paper of ``page`` = PRINTER."""
    source = export_rect(scene)
    header = (TITLE_HEIGHT if title_line else 0.0) + TITLE_GAP
    if page == "fit":
        return [_fit_page(scene, source, title, header, title_line)]
    size = sheet if page == PRINTER and sheet is not None else paper_size(page)
    area = QRectF(
        PAGE_MARGIN,
        PAGE_MARGIN + header,
        size.width() - 2 * PAGE_MARGIN,
        size.height() - 2 * PAGE_MARGIN - header,
    )
    if tile:
        strip = area.adjusted(0, 0, 0, -FOOTER_HEIGHT)
        if source.width() * min(POINTS_PER_UNIT, strip.height() / source.height()) > strip.width() + 0.01:
            return _tiled_pages(scene, source, title, page, size, strip, title_line)
    # It fits the sheet at natural size, or is scaled down to fit it.
    fit_scale = min(POINTS_PER_UNIT, area.width() / source.width(), area.height() / source.height())
    return [_fitted_page(scene, source, title, page, size, area, fit_scale, title_line)]


def paper_size(page: str) -> QSizeF:
    """A landscape sheet's size in points."""
    layout = QPageLayout(QPageSize(_PAPER[page]), QPageLayout.Orientation.Landscape, QMarginsF())
    return layout.fullRect(QPageLayout.Unit.Point).size()


def _fit_page(scene: BlueprintScene, source: QRectF, title: str, header: float, title_line: bool) -> PdfPage:
    chrome_w = 2 * PAGE_MARGIN
    chrome_h = 2 * PAGE_MARGIN + header
    scale = min(
        POINTS_PER_UNIT,
        (MAX_PAGE_SIDE - chrome_w) / source.width(),
        (MAX_PAGE_SIDE - chrome_h) / source.height(),
    )
    width, height = source.width() * scale, source.height() * scale
    # The title line must fit on the page too, however small the drawing.
    title_w = _text_width(title, _title_font()) if title_line else 0.0
    page_w = max(width + chrome_w, min(title_w + chrome_w, MAX_PAGE_SIDE))
    target = QRectF(PAGE_MARGIN, PAGE_MARGIN + header, width, height)
    return PdfPage(scene, "fit", QSizeF(page_w, height + chrome_h), source, target, title, title_line=title_line)


def _fitted_page(
    scene: BlueprintScene,
    source: QRectF,
    title: str,
    paper: str,
    size: QSizeF,
    area: QRectF,
    scale: float,
    title_line: bool = True,
) -> PdfPage:
    width, height = source.width() * scale, source.height() * scale
    target = QRectF(area.left() + (area.width() - width) / 2, area.top(), width, height)
    return PdfPage(scene, paper, size, source, target, title, title_line=title_line)


def _tiled_pages(
    scene: BlueprintScene, source: QRectF, title: str, paper: str, size: QSizeF, area: QRectF, title_line: bool
) -> list[PdfPage]:
    scale = min(POINTS_PER_UNIT, area.height() / source.height())
    step = area.width() - OVERLAP  # points of drawing each further sheet adds

    def sheets(at_scale: float) -> int:
        return max(1, math.ceil((source.width() * at_scale - OVERLAP) / step - 1e-9))

    count = sheets(scale)
    if count > 2:
        # A last sheet with a sliver on it wastes paper: shrink the drawing a little if that saves the sheet.
        smaller = ((count - 1) * step + OVERLAP) / source.width()
        if smaller >= scale * TILE_SHRINK_TO_SAVE_A_SHEET:
            scale, count = smaller, count - 1
    width, height = source.width() * scale, source.height() * scale
    pages = []
    for index in range(count):
        left = index * step  # points into the drawing
        shown = min(area.width(), width - left)
        part = QRectF(source.left() + left / scale, source.top(), shown / scale, source.height())
        target = QRectF(area.left(), area.top(), shown, height)
        pages.append(
            PdfPage(
                scene,
                paper,
                size,
                part,
                target,
                title,
                label=f"{title} — {index + 1} of {count}",
                joins_left=index > 0,
                joins_right=index < count - 1,
                overlap=OVERLAP,
                title_line=title_line,
            )
        )
    return pages


def _pdf_bytes(
    pages: list[PdfPage], title: str, progress: Progress | None, *, drawn: Callable[[], None] | None = None
) -> bytes:
    """The PDF file of these pages, made in memory: written only once it is whole. ``drawn`` is called once every
    page is drawn, before the file is finished (see paint_pages)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Blueprint Editor")
    paint_pages(writer, pages, progress, drawn=drawn)
    buffer.close()
    return bytes(data.data())


def paint_pages(
    device: QPagedPaintDevice,
    pages: list[PdfPage],
    progress: Progress | None = None,
    *,
    drawn: Callable[[], None] | None = None,
) -> None:
    """Draw the pages on a PDF writer or a printer, one after the other, each on a sheet of its own size.
    ``drawn`` is called once the last page is drawn and before the device finishes it: the pages and their scenes
    may be let go there (this function keeps no reference to them by then)."""
    first = _layout(pages[0]) if pages else None
    if first is not None:
        device.setPageLayout(first)
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("Cannot draw the pages: the printer or the file is not ready.")
    try:
        _draw_pages(painter, device, pages, progress)
        if drawn is not None:
            drawn()
    finally:
        painter.end()


def _draw_pages(painter: QPainter, device: QPagedPaintDevice, pages: list[PdfPage], progress: Progress | None) -> None:
    for number, page in enumerate(pages):
        report(progress, number, len(pages))
        if number:
            layout = _layout(page)
            if layout is not None:
                device.setPageLayout(layout)
            device.newPage()
        painter.resetTransform()
        resolution = device.logicalDpiX()
        painter.scale(resolution / 72.0, device.logicalDpiY() / 72.0)  # draw in points
        _draw_page(painter, page)
    report(progress, len(pages), len(pages))


def _layout(page: PdfPage) -> QPageLayout | None:
    if page.paper == PRINTER:
        return None  # the sheet the user chose for the printer
    if page.paper in _PAPER:
        return QPageLayout(
            QPageSize(_PAPER[page.paper]), QPageLayout.Orientation.Landscape, QMarginsF(), QPageLayout.Unit.Point
        )
    size = QPageSize(page.size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(), QPageLayout.Unit.Point)


def _draw_page(painter: QPainter, page: PdfPage) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    width = page.size.width()
    font = _title_font()
    painter.setFont(font)
    painter.setPen(TITLE_COLOR)
    if page.title_line:
        title_box = QRectF(PAGE_MARGIN, PAGE_MARGIN, width - 2 * PAGE_MARGIN, TITLE_HEIGHT)
        text = QFontMetricsF(font).elidedText(page.title, Qt.TextElideMode.ElideRight, title_box.width())
        painter.drawText(title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    painter.fillRect(page.target, QColor("white"))
    paint_scene(painter, page.scene, page.target, page.source)

    if page.joins_left:
        _crop_marks(painter, page.target, page.target.left())
        _crop_marks(painter, page.target, page.target.left() + page.overlap)
    if page.joins_right:
        _crop_marks(painter, page.target, page.target.right() - page.overlap)
        _crop_marks(painter, page.target, page.target.right())
    if page.label:
        label_font = QFont(font)
        label_font.setPixelSize(7)
        label_font.setBold(False)
        painter.setFont(label_font)
        painter.setPen(LABEL_COLOR)
        bottom = page.size.height() - PAGE_MARGIN
        box = QRectF(PAGE_MARGIN, bottom - 9, width - 2 * PAGE_MARGIN, 9)
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, page.label)


def _crop_marks(painter: QPainter, drawing: QRectF, x: float) -> None:
    """Short ticks above and below the drawing at ``x``, where a joined sheet's overlap begins or ends."""
    pen = QPen(MARK_COLOR, 0.5)
    painter.setPen(pen)
    top, bottom = drawing.top() - MARK_OFFSET, drawing.bottom() + MARK_OFFSET
    painter.drawLine(QPointF(x, top), QPointF(x, top - MARK_LENGTH))
    painter.drawLine(QPointF(x, bottom), QPointF(x, bottom + MARK_LENGTH))


def _title_font() -> QFont:
    return style.font(10, bold=True)  # the painter draws in points, so 10 "pixels" are 10 pt


def _text_width(text: str, font: QFont) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)
