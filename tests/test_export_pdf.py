"""PDF export: pages per scenario, paper sizes, tiling, and vectors (text stays text), checked in the file itself."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from blueprint_editor.io import load_document, save_document
from blueprint_editor.model import Document, Scenario
from blueprint_editor.render import ExportError, export_document_pdf, export_scenario
from blueprint_editor.render.export import ensure_application
from blueprint_editor.resources import example_path

# Qt writes the object dictionaries uncompressed (only content and font streams are deflated), so the page
# objects and their MediaBoxes can be read with a regular expression.
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")

A4 = (842, 595)
A3 = (1191, 842)
LETTER = (792, 612)


def page_count(pdf: Path) -> int:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    return len(PAGE_OBJECT.findall(data))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height in points of each page, in file order."""
    boxes = MEDIA_BOX.findall(pdf.read_bytes())
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def assert_size(size: tuple[float, float], expected: tuple[int, int]) -> None:
    assert abs(size[0] - expected[0]) <= 1 and abs(size[1] - expected[1]) <= 1, size


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text poppler reads from the PDF (ligatures undone, whitespace collapsed); skips without poppler."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out.decode("utf-8")).split())


def two_scenarios() -> Document:
    """The example with its scenario duplicated under a new id and name."""
    document = load_document(example_path())
    first = document.scenarios[0]
    second = Scenario.model_validate({**first.model_dump(), "id": "second", "name": "Second visit"})
    document.scenarios.append(second)
    return document


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example (with a second scenario) exported once per variant, shared by the tests below."""
    ensure_application()
    folder = tmp_path_factory.mktemp("pdf")
    document = two_scenarios()
    save_document(document, folder / "two.json")
    variants = {
        "fit": {},
        "a4": {"page": "a4"},
        "a4-tiled": {"page": "a4", "tile": True},
        "a3": {"page": "a3"},
        "letter": {"page": "letter"},
        "customer": {"customer_view": True},
    }
    out = {}
    for name, options in variants.items():
        out[name] = folder / f"{name}.pdf"
        export_document_pdf(document, out[name], **options)  # type: ignore[arg-type]
    out["first-only"] = folder / "first-only.pdf"
    export_document_pdf(document, out["first-only"], scenario_id="main", page="a4", tile=True)
    out["scenario"] = folder / "scenario.pdf"
    export_scenario(document, out["scenario"], scenario_id="second")
    return out


def test_one_page_per_scenario(pdfs: dict[str, Path]) -> None:
    for name in ("fit", "a4", "a3", "letter", "customer"):
        assert page_count(pdfs[name]) == 2, name
        assert len(page_sizes(pdfs[name])) == 2, name


def test_export_scenario_writes_one_scenario_as_pdf(pdfs: dict[str, Path]) -> None:
    assert page_count(pdfs["scenario"]) == 1
    text = pdf_text(pdfs["scenario"])
    assert "Overnight hotel stay — Second visit" in text
    assert "First visit" not in text


def test_fixed_pages_are_landscape_sheets(pdfs: dict[str, Path]) -> None:
    for name, expected in (("a4", A4), ("a3", A3), ("letter", LETTER), ("a4-tiled", A4)):
        for size in page_sizes(pdfs[name]):
            assert_size(size, expected)


def test_fit_page_is_the_drawing_plus_margins(pdfs: dict[str, Path]) -> None:
    (width, height), _ = page_sizes(pdfs["fit"])
    assert width > 2000, "the example's drawing is some 3900 units wide, 0.75 pt each"
    assert 400 < height < width / 2, "a wide blueprint gives a landscape page"
    (customer_width, customer_height), _ = page_sizes(pdfs["customer"])
    assert abs(customer_width - width) < 1
    assert customer_height < height * 0.8, "the customer view leaves out the lanes below the line of visibility"


def test_wide_blueprint_is_tiled_or_scaled_to_fit(pdfs: dict[str, Path]) -> None:
    assert page_count(pdfs["a4"]) == 2  # scaled down: one sheet per scenario
    tiled = page_count(pdfs["a4-tiled"])
    assert tiled >= 4 and tiled % 2 == 0  # the same number of sheets for both scenarios
    per_scenario = page_count(pdfs["first-only"])
    assert per_scenario == tiled // 2 >= 2
    text = pdf_text(pdfs["first-only"], page=2)
    assert "Overnight hotel stay — First visit" in text
    assert f"Overnight hotel stay — First visit — 2 of {per_scenario}" in text


def test_every_label_is_text(pdfs: dict[str, Path]) -> None:
    text = pdf_text(pdfs["fit"])
    scenario = load_document(example_path()).scenarios[0]
    for heading in ("Overnight hotel stay — First visit", "Overnight hotel stay — Second visit"):
        assert heading in text
    missing = [s.label for s in scenario.steps if " ".join(s.label.split()) not in text]
    # Labels wrap over lines and may break after a hyphen; nearly all must be found verbatim.
    assert len(missing) <= len(scenario.steps) // 10, missing
    for lane in scenario.lanes:
        assert lane.title in text


def test_text_stays_text_and_the_file_stays_small(pdfs: dict[str, Path]) -> None:
    for name in ("fit", "a4-tiled", "customer"):
        data = pdfs[name].read_bytes()
        assert b"/Font" in data and b"/FontFile2" in data, "fonts are embedded: the text is text"
        assert b"/Subtype /Image" not in data, "nothing is drawn as a bitmap"
        # One A4 page at 300 dpi is 3508 x 2480 pixels, 26 MB raw and well over 1 MB compressed.
        assert len(data) < 150_000 * page_count(pdfs[name]), len(data)


def test_customer_view_leaves_out_the_backstage(pdfs: dict[str, Path]) -> None:
    text = pdf_text(pdfs["customer"])
    assert "(customer view)" in text
    assert "Customer actions" in text
    assert "Backstage actions" not in text
    assert "Support processes" not in text


def test_a_page_renders_to_a_picture_that_is_not_blank(pdfs: dict[str, Path], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from array import array

    from PySide6.QtGui import QImage

    for name in ("fit", "a4-tiled"):
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "2", "-l", "2", str(pdfs[name]), str(prefix)], check=True)
        (png,) = tmp_path.glob(f"{name}-*.png")
        image = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)
        assert not image.isNull()
        pixels = array("I", bytes(image.constBits()))
        assert len(set(pixels)) > 50, f"{name}: hardly any colours, the page looks blank"
        drawn = 1 - pixels.count(0xFFFFFFFF) / len(pixels)
        assert drawn > 0.3, f"{name}: only {drawn:.0%} of the page is drawn on"


def test_tiles_overlap_and_cover_the_whole_drawing() -> None:
    from blueprint_editor.canvas.scene import BlueprintScene
    from blueprint_editor.editing import DocumentController
    from blueprint_editor.render.export import export_rect
    from blueprint_editor.render.pdf import OVERLAP, PAGE_MARGIN, paper_size, plan_pages

    ensure_application()
    scene = BlueprintScene(DocumentController(load_document(example_path())), read_only=True)
    try:
        pages = plan_pages(scene, "title", "a4", tile=True)
        whole = export_rect(scene)
        sheet = paper_size("a4")
        assert len(pages) >= 2
        assert pages[0].source.left() == pytest.approx(whole.left())
        assert pages[-1].source.right() == pytest.approx(whole.right())
        assert pages[0].source.top() == pytest.approx(whole.top())
        assert pages[0].source.height() == pytest.approx(whole.height())
        for before, after in itertools.pairwise(pages):
            scale = before.target.width() / before.source.width()
            shared = (before.source.right() - after.source.left()) * scale
            assert shared == pytest.approx(OVERLAP)
        for page in pages:
            assert page.target.right() <= sheet.width() - PAGE_MARGIN + 0.01
            assert page.target.bottom() <= sheet.height() - PAGE_MARGIN + 0.01
            assert page.target.width() / page.source.width() <= 0.75 + 1e-9  # never enlarged
        assert [p.joins_left for p in pages] == [False] + [True] * (len(pages) - 1)
        assert [p.joins_right for p in pages] == [True] * (len(pages) - 1) + [False]
    finally:
        scene.clear()


def test_bad_requests_are_export_errors(tmp_path: Path) -> None:
    document = load_document(example_path())
    with pytest.raises(ExportError, match="page size"):
        export_document_pdf(document, tmp_path / "x.pdf", page="a5")
    with pytest.raises(ExportError, match="no scenario 'nope'"):
        export_document_pdf(document, tmp_path / "x.pdf", scenario_id="nope")
    with pytest.raises(ExportError, match="folder is missing"):
        export_document_pdf(document, tmp_path / "gone" / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
