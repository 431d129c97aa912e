"""The command line, run as a real process with no display and no Qt settings in its environment."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path

import pytest
from cli_helpers import one_error_line, run_cli
from PySide6.QtGui import QImage

from blueprint_editor import __version__
from blueprint_editor.io import load_document, save_document
from blueprint_editor.resources import example_path

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
MARKUP_LABEL = "<img src=x> & <b>"
WHITE = 0xFFFFFFFF


def export(source: Path, output: Path, *extra: str) -> Path:
    result = run_cli("export", source, "-o", output, *extra, cwd=output.parent)
    assert result.returncode == 0, result.stderr
    assert output.is_file()
    return output


def normalised(text: str) -> str:
    """Whitespace collapsed to single spaces; a line may also break after a hyphen ("post-" / "stay")."""
    return re.sub(r"- (?=\S)", "-", " ".join(text.split()))


def svg_text(path: Path) -> str:
    """All text an SVG shows, one space between text elements (labels wrap onto several)."""
    root = ET.parse(path).getroot()
    return normalised(" ".join("".join(node.itertext()) for node in root.iter(SVG_TEXT)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled example exported once per format and scale, shared by the tests below."""
    folder = tmp_path_factory.mktemp("export")
    return {
        "png": export(example_path(), folder / "stay.png"),
        "png2": export(example_path(), folder / "stay@2x.png", "--scale", "2"),
        "svg": export(example_path(), folder / "stay.svg"),
    }


# --- PNG ---------------------------------------------------------------------------------------------------------


def read_png(path: Path) -> QImage:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def test_png_export(exported: dict[str, Path]) -> None:
    image = read_png(exported["png"])
    width, height = image.width(), image.height()
    assert width > 1000
    assert width > height > 200
    assert image.pixel(0, 0) == WHITE

    assert image.bytesPerLine() == 4 * width
    pixels = array("I", bytes(image.constBits()))
    assert len(pixels) == width * height
    assert len(set(pixels)) > 200, "hardly any colours: the drawing looks blank"
    non_white = 1 - pixels.count(WHITE) / len(pixels)
    assert non_white > 0.4, f"only {non_white:.1%} of the image is drawn on"


def test_png_scale_two_doubles_the_size(exported: dict[str, Path]) -> None:
    single, double = read_png(exported["png"]), read_png(exported["png2"])
    assert abs(double.width() - 2 * single.width()) <= 2
    assert abs(double.height() - 2 * single.height()) <= 2
    assert double.pixel(0, 0) == WHITE


# --- SVG ---------------------------------------------------------------------------------------------------------


def test_svg_export_shows_every_label_line_and_lane(exported: dict[str, Path]) -> None:
    text = svg_text(exported["svg"])
    scenario = load_document(example_path()).scenarios[0]
    missing = [s.label for s in scenario.steps if normalised(s.label) not in text]
    assert missing == []
    for line_name in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert line_name in text
    for lane in scenario.lanes:
        assert lane.title in text
    for phase in scenario.phases:
        assert phase.name in text


def test_markup_in_a_label_is_text_in_the_svg(tmp_path: Path) -> None:
    document = load_document(example_path())
    document.scenarios[0].steps[0].label = MARKUP_LABEL
    source = tmp_path / "markup.json"
    save_document(document, source)

    svg = export(source, tmp_path / "markup.svg")
    root = ET.parse(svg).getroot()  # still well-formed XML
    assert MARKUP_LABEL in svg_text(svg)
    tags = {node.tag.rsplit("}", 1)[-1] for node in root.iter()}
    assert "img" not in tags
    assert "b" not in tags


# --- errors ------------------------------------------------------------------------------------------------------


def test_broken_json_is_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "format": "blueprint-editor",\n  oops\n}\n', encoding="utf-8")
    line = one_error_line(run_cli("export", broken, "-o", tmp_path / "out.png", cwd=tmp_path))
    assert "broken.json" in line
    assert "line 3" in line
    assert not (tmp_path / "out.png").exists()


def test_missing_input_is_one_clear_line(tmp_path: Path) -> None:
    line = one_error_line(run_cli("export", tmp_path / "gone.json", "-o", tmp_path / "out.png", cwd=tmp_path))
    assert "gone.json" in line
    assert "does not exist" in line


def test_newer_version_is_one_clear_line(tmp_path: Path) -> None:
    data = json.loads(example_path().read_text(encoding="utf-8"))
    data["version"] = 99
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data), encoding="utf-8")
    line = one_error_line(run_cli("export", future, "-o", tmp_path / "out.png", cwd=tmp_path))
    assert "future.json" in line
    assert "99" in line
    assert "newer" in line


def test_unknown_output_format(tmp_path: Path) -> None:
    line = one_error_line(run_cli("export", example_path(), "-o", tmp_path / "out.gif", cwd=tmp_path))
    assert "out.gif" in line
    assert ".png" in line
    assert ".svg" in line
    assert not (tmp_path / "out.gif").exists()


def test_unknown_scenario_lists_the_scenarios(tmp_path: Path) -> None:
    line = one_error_line(
        run_cli("export", example_path(), "-o", tmp_path / "out.png", "--scenario", "nope", cwd=tmp_path)
    )
    assert "'nope'" in line
    for scenario in load_document(example_path()).scenarios:
        assert scenario.name in line
    assert not (tmp_path / "out.png").exists()


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"blueprint-editor {__version__}"
