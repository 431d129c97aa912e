"""The least a PNG export could cost in this stack: a lower bound, not an exporter.

    python tests/perf/export_floor.py [FILE.json] [SCALE]    # default: /tmp/perf/generated-5000.json at 0.1

The command-line PNG export builds the canvas's own scene (a QGraphicsItem per card and arrow) and renders it. This
script does only the work no exporter of this drawing can skip, in one process, and prints how long each part
takes: start-up (Python, PySide6's QtGui, pydantic and the model), reading the file, wrapping every label (a card's
height follows from its lines), routing every arrow around the cards (``model/routing.py``, as the scene routes
them), painting bare cards (a rounded box and the label's lines; no stripe, badges, footer, lanes, phases or
lines) and bare arrows (no heads or labels) with QPainter straight into an image, and encoding the PNG. Run it as
its own process so that the start-up counts, as it does for the command line (docs/PERFORMANCE.md compares the
total with Dia's PNG export of the same diagram).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
)

from blueprint_editor.io import load_document  # noqa: E402
from blueprint_editor.model.document import FlowStyle  # noqa: E402
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH, lane_bands  # noqa: E402
from blueprint_editor.model.routing import GridIndex, Rect, elbow_route, straight_route  # noqa: E402

PADDING = 12.0  # the card's text padding (canvas/step_item.py)
FOOTER = 16.0


def wrap(text: str, font: QFont, width: float) -> list[str]:
    """The label's lines as QTextLayout breaks them (what canvas/text_layout.py does, without eliding)."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].strip())
        layout.endLayout()
    return lines


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/perf/generated-5000.json")
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    marks = [("start-up", time.perf_counter())]
    app = QGuiApplication(["export-floor"])
    scenario = load_document(path).scenarios[0]
    marks.append(("read the file", time.perf_counter()))

    font = QFont()
    font.setPixelSize(13)
    line_height = QFontMetricsF(font).lineSpacing()
    lines = {step.id: wrap(step.label, font, CARD_WIDTH - 2 * PADDING) for step in scenario.steps}
    marks.append(("wrap the labels", time.perf_counter()))

    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    rects = {}
    for step in scenario.steps:
        footer = FOOTER if step.duration_min > 0 or step.value_class is not None else 0.0
        height = max(CARD_MIN_HEIGHT, len(lines[step.id]) * line_height + 2 * PADDING + footer)
        top = tops.get(step.lane, 0.0) + step.y
        rects[step.id] = Rect(step.x, top, step.x + CARD_WIDTH, top + height)
    cards: GridIndex[str] = GridIndex()
    for key, rect in rects.items():
        cards.set(key, rect)
    routes = []
    for flow in scenario.flows:
        source, target = rects[flow.source], rects[flow.target]
        if flow.style == FlowStyle.STRAIGHT:
            routes.append(straight_route(source, target))
            continue
        ends = (flow.source, flow.target)
        others = lambda area, ends=ends: [r for k, r in cards.query(area) if k not in ends]  # noqa: E731
        routes.append(elbow_route(source, target, others))
    marks.append(("route the arrows", time.perf_counter()))

    left = min(r.left for r in rects.values()) - 24
    top = min(r.top for r in rects.values()) - 24
    width = max(r.right for r in rects.values()) + 24 - left
    height = max(r.bottom for r in rects.values()) + 24 - top
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    painter.translate(-left, -top)
    painter.setFont(font)
    edge, fill, ink = QPen(QColor("#6b7280"), 1), QColor("white"), QColor("#111827")
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine | Qt.TextFlag.TextDontClip)
    for step_id, rect in rects.items():
        box = QRectF(rect.left, rect.top, CARD_WIDTH, rect.bottom - rect.top)
        painter.setPen(edge)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(ink)
        shown = lines[step_id]
        first = box.top() + (box.height() - len(shown) * line_height) / 2
        for number, text in enumerate(shown):
            line_box = QRectF(box.left() + PADDING, first + number * line_height, CARD_WIDTH - 2 * PADDING, line_height)
            painter.drawText(line_box, flags, text)
    painter.setPen(QPen(QColor("#374151"), 1.6))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for route in routes:
        outline = QPainterPath()
        outline.moveTo(*route.points[0])
        for point in route.points[1:]:
            outline.lineTo(*point)
        painter.drawPath(outline)
    painter.end()
    marks.append(("paint bare cards and arrows", time.perf_counter()))

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    marks.append(("encode the PNG", time.perf_counter()))
    del app

    last = START
    for name, at in marks:
        print(f"{name:28s} {1000 * (at - last):7.0f} ms")
        last = at
    total = f"{1000 * (last - START):7.0f} ms"
    print(f"{'in all (after the interpreter)':28s} {total}  ({image.width()} x {image.height()} pixels)")


if __name__ == "__main__":
    main()
