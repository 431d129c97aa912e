"""Our SVG writer: strict XML whatever the labels hold, semantic groups, text as the cards show it, and small."""

from __future__ import annotations

import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer

from blueprint_editor.canvas import style
from blueprint_editor.io import load_document
from blueprint_editor.model import Document, Flow, Scenario, Step
from blueprint_editor.render import export_scenario
from blueprint_editor.render.export import ensure_application, export_rect, render_png
from blueprint_editor.render.export_scene import SceneOptions, build_export_scene
from blueprint_editor.render.svg import clean, num, path_data, text
from blueprint_editor.resources import example_path

NS = "{http://www.w3.org/2000/svg}"
# Everything XML escapes, quotes of both kinds, the C0 controls XML cannot hold, and emoji. (The model refuses lone
# surrogates, so they can only reach the writer from elsewhere: the helpers are tested on them below.)
NASTY = "Fish & chips <b>\"hot\"</b> 'n' > cold \x00\x01\x08\x0b\x0c\x0e\x1f 😀 🎉 end"
NASTY_SHOWN = "Fish & chips <b>\"hot\"</b> 'n' > cold 😀 🎉 end"


@pytest.fixture(scope="module", autouse=True)
def _app() -> None:
    ensure_application()


@pytest.fixture(scope="module")
def example_svg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("svg") / "stay.svg"
    export_scenario(load_document(example_path()), path)
    return path


def nasty_document() -> Document:
    """The example with the nasty text in a label, a risk note, a lane title, a phase name and the title."""
    document = load_document(example_path())
    scenario = document.scenarios[0]
    scenario.steps[0].label = NASTY
    scenario.steps[0].fail_point = True
    scenario.steps[0].risk_note = NASTY
    scenario.lanes[1].title = "Lane " + NASTY
    scenario.phases[0].name = "P " + NASTY
    document.title = "T " + NASTY
    return document


def words(value: str) -> list[str]:
    return value.split()


def all_text(root: ET.Element) -> str:
    return " ".join("".join(node.itertext()) for node in root.iter(f"{NS}text"))


def group(root: ET.Element, group_id: str) -> ET.Element:
    found = root.find(f".//*[@id='{group_id}']")
    assert found is not None, group_id
    return found


def test_labels_with_markup_controls_and_emoji_reparse_strictly(tmp_path: Path) -> None:
    path = tmp_path / "nasty.svg"
    export_scenario(nasty_document(), path)
    data = path.read_bytes()
    root = ET.fromstring(data)  # strict: one wrong byte and this raises
    xml.dom.minidom.parseString(data)  # and so does this
    step = group(root, "step-" + load_document(example_path()).scenarios[0].steps[0].id)
    title = step.find(f"{NS}title")
    assert title is not None and title.text is not None
    first_line, risk = title.text.split("\n")[:2]
    assert words(first_line) == words(NASTY_SHOWN)
    assert words(risk) == words(f"Fail point: {NASTY_SHOWN}")
    # The card's text wraps over lines; put together they are the label, emoji and all.
    card_text = " ".join("".join(t.itertext()) for t in step.iter(f"{NS}text") if t.text != "F")
    assert words(card_text) == words(NASTY_SHOWN)
    shown = all_text(root)
    assert "Lane Fish & chips" in shown and "😀" in shown and "🎉" in shown
    assert "P Fish & chips" in shown
    document_title = root.find(f"{NS}title")
    assert document_title is not None and words(document_title.text or "") == words(f"T {NASTY_SHOWN} — First visit")
    assert "<b>" not in data.decode("utf-8"), "markup in a label is text, never markup"
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", data.decode("utf-8"))


def test_text_helpers_escape_and_drop_what_xml_cannot_hold() -> None:
    assert text('a & b < c > d "e"') == "a &amp; b &lt; c &gt; d &quot;e&quot;"
    assert clean("ok\x00\x07\ud800\ufffe 😀\tline\nnext") == "ok 😀\tline\nnext"
    assert [num(v) for v in (12.0, 12.04, 12.06, -0.5, 0.26, -3.0, 1e-9)] == [
        "12",
        "12",
        "12.1",
        "-.5",
        ".3",
        "-3",
        "0",
    ]


def test_groups_per_lane_phase_step_and_flow_with_titles(example_svg: Path) -> None:
    root = ET.parse(example_svg).getroot()
    scenario = load_document(example_path()).scenarios[0]
    for lane in scenario.lanes:
        lane_group = group(root, f"lane-{lane.id}")
        assert lane.kind.value in lane_group.get("class", "").split()
        assert lane.title in all_text(lane_group)
    for phase in scenario.phases:
        assert phase.name in all_text(group(root, f"phase-{phase.id}"))
    for step in scenario.steps:
        step_group = group(root, f"step-{step.id}")
        classes = step_group.get("class", "").split()
        assert classes[0] == "step"
        assert ("fail" in classes) == step.fail_point
        title = step_group.find(f"{NS}title")
        assert title is not None and title.text is not None
        assert title.text.split("\n")[0] == " ".join(step.label.split())
        assert ("Fail point" in title.text) == step.fail_point
        assert ("Wait before" in title.text) == (step.wait_min > 0)
    for flow in scenario.flows:
        assert group(root, f"flow-{flow.id}").find(f"{NS}path") is not None
    for key in ("interaction", "visibility", "internal"):
        group(root, f"line-{key}")


def test_compact_one_stylesheet_short_numbers_no_whitespace(example_svg: Path) -> None:
    data = example_svg.read_text(encoding="utf-8")
    root = ET.fromstring(data)
    assert len(root.findall(f"{NS}style")) == 1
    attributes = [(k, v) for node in root.iter() for k, v in node.attrib.items()]
    assert not [k for k, _ in attributes if k in ("style", "fill", "stroke", "font-family", "font-size")]
    numbers = re.findall(r"-?\d*\.\d+", " ".join(v for k, v in attributes if k not in ("id", "class")))
    assert numbers, "the drawing has fractional coordinates"
    assert all(len(n.split(".")[1]) == 1 for n in numbers), "one decimal at most"
    body = data.split("\n", 1)[1]
    assert ">\n<" not in body and ">  <" not in body, "no whitespace between elements"
    assert root.get("viewBox") is not None


def test_far_smaller_than_qt_svg_generator_and_within_a_bound_per_step(example_svg: Path, tmp_path: Path) -> None:
    document = load_document(example_path())
    qt_svg = tmp_path / "qt.svg"
    with style.palette_for_export():
        scene = build_export_scene(document, None, SceneOptions())
        source = export_rect(scene)
        generator = QSvgGenerator()
        generator.setFileName(str(qt_svg))
        generator.setSize(QSize(round(source.width()), round(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        painter = QPainter(generator)
        scene.render(
            painter, QRectF(0, 0, source.width(), source.height()), source, Qt.AspectRatioMode.IgnoreAspectRatio
        )
        painter.end()
        scene.clear()
    ours, theirs = example_svg.stat().st_size, qt_svg.stat().st_size
    assert ours * 5 < theirs, (ours, theirs)
    # docs/PERFORMANCE.md: about 590 bytes a step (with its share of flows, lanes and phases) for the example.
    steps = len(document.scenarios[0].steps)
    assert ours / steps < 700, ours / steps


def everything_document() -> Document:
    """The example with one of every kind of thing the drawing shows: an emotion curve, a lane of the user's own, a
    collapsed lane, a card of its own colour, a labelled flow with arrowheads at both ends."""
    document = load_document(example_path())
    scenario = document.scenarios[0]
    customer = [s for s in scenario.steps if s.lane == "customer"]
    for step, emotion in zip(customer, (1, -2, 0, 2, -1), strict=False):
        step.emotion = emotion
    lanes = [lane.model_dump() for lane in scenario.lanes]
    lanes.insert(1, {"id": "feel", "kind": "emotion", "title": "Emotion", "height": 120})
    lanes.append({"id": "policy", "kind": "custom", "title": "Policies & rules", "height": 130})
    for lane in lanes:
        lane["collapsed"] = lane["id"] == "backstage"
    steps = [step.model_dump() for step in scenario.steps]
    steps.append(Step(id="p1", lane="policy", x=250, label="Cards kept 30 days").model_dump())
    steps[0]["colour"] = "#bfdbfe"
    flows = [flow.model_dump() for flow in scenario.flows]
    flows[1].update(label="books", arrows="both")
    data = {**scenario.model_dump(), "lanes": lanes, "steps": steps, "flows": flows}
    return Document(title=document.title, scenarios=[Scenario.model_validate(data)])


@pytest.mark.parametrize("case", ["example", "everything", "selection with title block and legend"])
def test_svg_draws_what_the_png_export_draws(case: str, tmp_path: Path) -> None:
    """Rendered by Qt's own SVG renderer, our SVG looks like the PNG export, pixel for pixel nearly everywhere."""
    document = everything_document() if case == "everything" else load_document(example_path())
    options = SceneOptions()
    if case.startswith("selection"):
        options = SceneOptions.of(title_block=True, legend=True, step_ids={"c4", "c5", "f4", "b4"})
    with style.palette_for_export():
        scene = build_export_scene(document, None, options)
        png = render_png(scene, 1.0).convertToFormat(QImage.Format.Format_RGB32)
        from blueprint_editor.render.export import svg_text

        svg = svg_text(scene, "x").encode("utf-8")
        scene.clear()
    renderer = QSvgRenderer(QByteArray(svg))
    assert renderer.isValid()
    drawn = QImage(png.size(), QImage.Format.Format_RGB32)
    drawn.fill(QColor("magenta"))  # anything the SVG leaves unpainted shows
    painter = QPainter(drawn)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, png.width(), png.height()))
    painter.end()
    # Compared at a quarter of the size: the two text engines' glyph edges average out, while a badge, a line or a
    # fill that one of them lacks still leaves a patch of pixels apart.
    size = png.size() / 4
    a_small = png.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    b_small = drawn.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    apart = []
    for y in range(a_small.height()):
        for x in range(a_small.width()):
            a, b = QColor(a_small.pixel(x, y)), QColor(b_small.pixel(x, y))
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) > 48:
                apart.append((4 * x, 4 * y))
    if len(apart) > 8:
        png.save(str(tmp_path / "png.png"))
        drawn.save(str(tmp_path / "svg.png"))
    assert len(apart) <= 8, f"the drawings differ around {apart[:10]}: see {tmp_path}"


def test_selection_only_writes_just_those_steps_and_the_flows_between_them(tmp_path: Path) -> None:
    document = load_document(example_path())
    scenario = document.scenarios[0]
    flow = scenario.flows[0]
    chosen = {flow.source, flow.target}
    path = tmp_path / "some.svg"
    export_scenario(document, path, step_ids=chosen)
    root = ET.parse(path).getroot()
    steps = {g.get("id") for g in root.iter(f"{NS}g") if g.get("class", "").startswith("step ")}
    assert steps == {f"step-{s}" for s in chosen}
    flows = {g.get("id") for g in root.iter(f"{NS}g") if g.get("class") == "flow"}
    inside = {f"flow-{f.id}" for f in scenario.flows if f.source in chosen and f.target in chosen}
    assert flows == inside and f"flow-{flow.id}" in flows
    export_scenario(document, tmp_path / "whole.svg")
    whole = ET.parse(tmp_path / "whole.svg").getroot()
    assert float(root.get("width", 0)) < float(whole.get("width", 0)) / 4, "cropped to the selection"


def test_card_text_is_broken_as_the_card_breaks_it() -> None:
    long_label = "Guest asks for a late check-out and the front desk checks the housekeeping plan for the day"
    document = Document(
        title="x",
        scenarios=[
            Scenario.model_validate(
                {
                    **load_document(example_path()).scenarios[0].model_dump(),
                    "steps": [Step(id="a", lane="customer", x=40, label=long_label).model_dump()],
                    "flows": [],
                }
            )
        ],
    )
    with style.palette_for_export():
        scene = build_export_scene(document, None, SceneOptions())
        card = scene.step_item("a")
        assert card is not None
        expected = card.text_lines
        from blueprint_editor.render.export import svg_text

        root = ET.fromstring(svg_text(scene, "x"))
        scene.clear()
    assert len(expected) >= 3
    lines = ["".join(t.itertext()) for t in group(root, "step-a").iter(f"{NS}text")]
    assert lines == expected


def test_flow_labels_and_both_arrowheads_are_written(tmp_path: Path) -> None:
    document = load_document(example_path())
    scenario = document.scenarios[0]
    first = scenario.flows[0]
    scenario.flows[0] = Flow.model_validate({**first.model_dump(), "label": "if paid & <ok>", "arrows": "both"})
    path = tmp_path / "labels.svg"
    export_scenario(document, path)
    flow = group(ET.parse(path).getroot(), f"flow-{first.id}")
    assert "if paid & <ok>" in all_text(flow)
    head = flow.find(f"{NS}path[@class='h']")
    assert head is not None
    assert head.get("d", "").count("z") == 2, "an arrowhead at each end"


def test_path_data_is_relative_short_and_exact() -> None:
    path = QPainterPath(QPointF(10, 20))
    path.lineTo(QPointF(110, 20))  # level: h
    path.lineTo(QPointF(110, 70.04))  # upright: v, rounded to a tenth
    path.quadTo(QPointF(110, 80), QPointF(100, 80))  # stored by Qt as a cubic: written back as a quadratic
    path.lineTo(QPointF(50.56, 30.44))
    assert path_data(path) == "M10 20h100v50q0 10-10 10l-49.4-49.6"
    curve = QPainterPath(QPointF(0, 0))
    curve.cubicTo(QPointF(10, 0), QPointF(20, 5), QPointF(30, 30))
    assert path_data(curve) == "M0 0c10 0 20 5 30 30"


def test_collapsed_lanes_card_colours_and_palettes_are_written_as_drawn(tmp_path: Path) -> None:
    document = load_document(example_path())
    scenario = document.scenarios[0]
    backstage = next(lane for lane in scenario.lanes if lane.kind.value == "backstage")
    backstage.collapsed = True
    hidden = [s.id for s in scenario.steps if s.lane == backstage.id]
    coloured = next(s for s in scenario.steps if s.lane != backstage.id)
    coloured.colour = "#fde68a"
    path = tmp_path / "drawn.svg"
    export_scenario(document, path)
    root = ET.parse(path).getroot()
    assert f"({len(hidden)} cards, collapsed)" in all_text(group(root, f"lane-{backstage.id}"))
    ids = {node.get("id") for node in root.iter()}
    assert not {f"step-{s}" for s in hidden} & ids, "a collapsed lane's cards are not drawn"
    card = group(root, f"step-{coloured.id}")
    own = [c for c in card.get("class", "").split() if c.startswith("k")]
    assert len(own) == 1
    with style.palette_for_export():
        expected = style.card_fill(coloured.colour).name()
    stylesheet = root.find(f"{NS}style")
    assert stylesheet is not None and f".{own[0]}>rect{{fill:{expected}}}" in (stylesheet.text or "")


def test_fail_badge_is_a_diamond_in_the_colour_blind_safe_palette(tmp_path: Path) -> None:
    document = load_document(example_path())
    before = style.screen_palette()
    style.use_theme("light", colour_blind_safe=True)
    try:
        export_scenario(document, tmp_path / "safe.svg")
    finally:
        style.use_theme(before.name, colour_blind_safe=before.colour_blind_safe)
    export_scenario(document, tmp_path / "usual.svg")
    for name, shape in (("safe", "path"), ("usual", "circle")):
        root = ET.parse(tmp_path / f"{name}.svg").getroot()
        marks = [node.tag for node in root.iter() if node.get("class") == "fm"]
        assert marks and set(marks) == {f"{NS}{shape}"}, name


def test_the_file_is_the_text_the_clipboard_gets_in_utf8(tmp_path: Path) -> None:
    """A file is written part by part (to hold less at once); it must be the very text of the clipboard's SVG."""
    from blueprint_editor.render.export import drawing_title, svg_text

    document = nasty_document()  # emoji and characters beyond Latin-1 make every string of it wider
    export_scenario(document, tmp_path / "nasty.svg")
    with style.palette_for_export(False):
        scene = build_export_scene(document, None, SceneOptions())
        expected = svg_text(scene, drawing_title(document.title, scene.scenario.name)).encode("utf-8")
        scene.clear()
    assert (tmp_path / "nasty.svg").read_bytes() == expected
