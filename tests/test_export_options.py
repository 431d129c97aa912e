"""Export options as a user sees them in the files: title block, legend, selection only, transparency, resolution,
PDF pages, printing, and cancelling (which writes nothing)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_helpers import run_cli
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from blueprint_editor.io import load_document, save_document
from blueprint_editor.model import Document
from blueprint_editor.render import ExportCancelledError, ExportError, export_document_pdf, export_scenario
from blueprint_editor.render.clipboard import SVG_MIME_TYPE, image_mime_data
from blueprint_editor.render.export import ensure_application
from blueprint_editor.render.pdf import print_document
from blueprint_editor.resources import example_path

NS = "{http://www.w3.org/2000/svg}"
DATE = "2031-02-03"
DARK = 110  # a pixel darker than this in every channel is ink


@pytest.fixture(scope="module", autouse=True)
def _app() -> None:
    ensure_application()


@pytest.fixture
def document() -> Document:
    return load_document(example_path())


def svg_group_text(path: Path, group_id: str) -> str:
    root = ET.parse(path).getroot()
    group = root.find(f".//*[@id='{group_id}']")
    assert group is not None, group_id
    return " ".join("".join(t.itertext()) for t in group.iter(f"{NS}text"))


def image(path: Path) -> QImage:
    loaded = QImage(str(path))
    assert not loaded.isNull()
    return loaded.convertToFormat(QImage.Format.Format_ARGB32)


def ink_in_rows(picture: QImage, top: int, bottom: int) -> int:
    """How many pixels between two rows are dark: text and lines."""
    count = 0
    for y in range(max(top, 0), min(bottom, picture.height())):
        for x in range(0, picture.width(), 2):
            c = QColor(picture.pixel(x, y))
            if max(c.red(), c.green(), c.blue()) < DARK:
                count += 1
    return count


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


# --- title block and legend ---------------------------------------------------------------------------------------


def test_title_block_and_legend_are_text_in_the_svg(document: Document, tmp_path: Path) -> None:
    plain, decorated = tmp_path / "plain.svg", tmp_path / "decorated.svg"
    export_scenario(document, plain)
    export_scenario(document, decorated, title_block=True, legend=True, date=DATE)
    title = svg_group_text(decorated, "title-block")
    assert "Overnight hotel stay" in title and "First visit" in title and DATE in title
    legend = svg_group_text(decorated, "legend")
    for words in ("Line of interaction", "Line of visibility", "Line of internal interaction", "Fail point"):
        assert words in legend
    assert "waits" in legend
    for lane in document.scenarios[0].lanes:
        assert lane.title in legend
    assert ET.parse(decorated).getroot().find(".//*[@id='legend']//*[@class='fb']") is not None, "the F badge"
    plain_root = ET.parse(plain).getroot()
    assert plain_root.find(".//*[@id='title-block']") is None and plain_root.find(".//*[@id='legend']") is None
    assert float(ET.parse(decorated).getroot().get("height", 0)) > float(plain_root.get("height", 0)) + 100


def test_title_block_and_legend_are_drawn_in_the_png(document: Document, tmp_path: Path) -> None:
    plain, decorated = tmp_path / "plain.png", tmp_path / "decorated.png"
    export_scenario(document, plain)
    export_scenario(document, decorated, title_block=True, legend=True)
    a, b = image(plain), image(decorated)
    assert b.height() > a.height() + 100
    # The title is ink on white above where the phase header starts in the plain export.
    assert ink_in_rows(a, 0, 20) == 0
    assert ink_in_rows(b, 0, 70) > 500, "the title block's text"
    # The legend: ink below the last lane, and the red of the F badge.
    bottom = ink_in_rows(b, b.height() - 90, b.height())
    assert bottom > 300, "the legend's lines and labels"
    reds = sum(
        1
        for y in range(b.height() - 90, b.height())
        for x in range(0, min(b.width(), 900))
        if QColor(b.pixel(x, y)).red() > 180 and QColor(b.pixel(x, y)).green() < 80
    )
    assert reds > 20, "the F badge in the legend"


def test_pdf_title_block_replaces_the_title_line_and_the_legend_is_there(document: Document, tmp_path: Path) -> None:
    plain, decorated = tmp_path / "plain.pdf", tmp_path / "decorated.pdf"
    export_document_pdf(document, plain)
    export_document_pdf(document, decorated, title_block=True, legend=True, date=DATE)
    plain_text, text = pdf_text(plain), pdf_text(decorated)
    assert "Overnight hotel stay — First visit" in plain_text
    assert "Overnight hotel stay — First visit" not in text, "no title line above the title block"
    assert "Overnight hotel stay" in text and f"First visit · {DATE}" in text
    assert "Customer waits before the step" in text and "Customer waits before the step" not in plain_text


# --- selection only ----------------------------------------------------------------------------------------------


def test_selection_only_png_is_cropped_to_the_steps(document: Document, tmp_path: Path) -> None:
    whole, part = tmp_path / "whole.png", tmp_path / "part.png"
    export_scenario(document, whole)
    export_scenario(document, part, step_ids={"c4", "c5", "f4"})
    a, b = image(whole), image(part)
    assert b.width() < a.width() / 4 and b.height() < a.height()
    assert ink_in_rows(b, 0, b.height()) > 200, "the three cards' text"


def test_selection_only_pdf_shows_only_those_labels(document: Document, tmp_path: Path) -> None:
    path = tmp_path / "part.pdf"
    scenario = document.scenarios[0]
    export_document_pdf(document, path, scenario_id=scenario.id, step_ids={"c4"})
    text = pdf_text(path)
    chosen = scenario.step("c4")
    other = scenario.step("c1")
    assert chosen is not None and other is not None
    assert " ".join(chosen.label.split()[:2]) in text
    assert other.label.split()[0] + " " + other.label.split()[1] not in text


def test_selection_of_nothing_shown_is_a_clear_error(document: Document, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="selected steps"):
        export_scenario(document, tmp_path / "x.png", step_ids={"no-such-step"})
    with pytest.raises(ExportError, match="one scenario"):
        export_document_pdf(document, tmp_path / "x.pdf", step_ids={"c1"})
    assert not list(tmp_path.iterdir())


# --- PNG: transparency and resolution ------------------------------------------------------------------------------


def test_transparent_png_has_no_paint_in_the_margin(document: Document, tmp_path: Path) -> None:
    opaque, clear = tmp_path / "opaque.png", tmp_path / "clear.png"
    export_scenario(document, opaque)
    export_scenario(document, clear, transparent=True)
    a, b = image(opaque), image(clear)
    assert a.size() == b.size()
    for x, y in ((0, 0), (5, b.height() - 5), (b.width() - 3, 10), (b.width() // 2, 3)):
        assert QColor.fromRgba(b.pixel(x, y)).alpha() == 0, (x, y)
        assert QColor.fromRgba(a.pixel(x, y)).alpha() == 255
    # Lanes and cards are painted as before: a point in the middle of the first lane is opaque.
    assert QColor.fromRgba(b.pixel(b.width() // 2, 24 + 44 + 20)).alpha() == 255


def test_dpi_sets_the_pixel_size_and_the_file_says_so(document: Document, tmp_path: Path) -> None:
    sizes = {}
    for dpi in (96, 192, 300):
        path = tmp_path / f"{dpi}.png"
        export_scenario(document, path, dpi=dpi)
        picture = QImage(str(path))
        sizes[dpi] = (picture.width(), picture.height())
        assert abs(picture.dotsPerMeterX() * 0.0254 - dpi) < 0.5
    width, height = sizes[96]
    assert sizes[192] == (pytest.approx(2 * width, abs=1), pytest.approx(2 * height, abs=1))
    assert sizes[300] == (pytest.approx(width * 300 / 96, abs=1), pytest.approx(height * 300 / 96, abs=1))
    with pytest.raises(ExportError, match="dpi"):
        export_scenario(document, tmp_path / "x.png", dpi=2000)


# --- cancelling and atomic writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_cancelling_writes_nothing_and_keeps_the_old_file(document: Document, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(b"the previous export")
    calls: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(ExportCancelledError):
        export_scenario(document, path, progress=cancel_at_once)
    assert calls
    assert path.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "no temporary file left behind"


def test_progress_is_reported_up_to_the_end(document: Document, tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    export_scenario(document, tmp_path / "big.png", scale=4, progress=lambda d, t: heard.append((d, t)) or True)
    strips = [(d, t) for d, t in heard if t > 1]
    assert len(strips) >= 4, "a large PNG is drawn strip by strip"
    assert strips[-1][0] == strips[-1][1]
    assert [d for d, _ in strips] == sorted(d for d, _ in strips)


# --- printing and the clipboard ------------------------------------------------------------------------------------


def test_printing_draws_the_pdf_pages_on_the_printers_sheet(document: Document, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    pages = print_document(printer, document, scenario_id="main", tile=True, title_block=True)
    assert pages >= 2
    text = pdf_text(out)
    assert "Overnight hotel stay" in text and f"1 of {pages}" in text
    sheet = printer.pageLayout().fullRect(QPageLayout.Unit.Point).size()
    assert sheet.width() > sheet.height(), "landscape"
    assert QSizeF(sheet).width() == pytest.approx(842, abs=1)


def test_clipboard_data_holds_a_2x_image_and_the_svg(document: Document) -> None:
    mime = image_mime_data(document, "main", step_ids={"c4", "c5"})
    assert mime.hasImage()
    picture = QImage(mime.imageData())
    svg = bytes(mime.data(SVG_MIME_TYPE).data())
    root = ET.fromstring(svg)
    assert picture.width() == pytest.approx(2 * float(root.get("width", 0)), abs=4)
    steps = {g.get("id") for g in root.iter(f"{NS}g") if g.get("class", "").startswith("step ")}
    assert steps == {"step-c4", "step-c5"}


# --- the command line ----------------------------------------------------------------------------------------------


def test_cli_flags_for_title_block_legend_transparency_and_dpi(tmp_path: Path) -> None:
    source = tmp_path / "stay.json"
    save_document(load_document(example_path()), source)
    result = run_cli("export", source, "-o", "stay.svg", "--title-block", "--legend", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Overnight hotel stay" in svg_group_text(tmp_path / "stay.svg", "title-block")
    assert "Fail point" in svg_group_text(tmp_path / "stay.svg", "legend")
    result = run_cli("export", source, "-o", "stay.png", "--transparent", "--dpi", "192", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    picture = image(tmp_path / "stay.png")
    assert QColor.fromRgba(picture.pixel(0, 0)).alpha() == 0
    assert abs(picture.dotsPerMeterX() * 0.0254 - 192) < 0.5
    result = run_cli("export", source, "-o", "x.png", "--dpi", "1", cwd=tmp_path)
    assert result.returncode == 1 and "dpi" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("export", source, "-o", "x.png", "--dpi", "96", "--scale", "2", cwd=tmp_path)
    assert result.returncode != 0 and not (tmp_path / "x.png").exists()
