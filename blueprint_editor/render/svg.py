"""Our own SVG writer: a compact, semantic drawing of an export scene that any strict XML parser reads.

Qt's QSvgGenerator writes every stroke with a full set of style attributes, in absolute coordinates with many
decimals, and its text loses what it belongs to. This writer walks the scene's items instead and writes what they
mean: a ``<g id="lane-…">`` per lane, ``<g id="phase-…">`` per phase, ``<g id="flow-…">`` per flow and a
``<g id="step-…" class="step …">`` per step with a ``<title>`` (its text and its fail/wait state, for screen
readers); text stays text, broken into the lines the card shows; colours and fonts sit once in a ``<style>``
block as classes; numbers keep one decimal; paths use relative commands. See docs/PERFORMANCE.md for its size
against Graphviz's for the same blueprint.

Every piece of text passes through :func:`text`: XML's special characters are escaped, and characters XML 1.0
cannot hold at all (C0 controls other than tab and newlines, lone surrogates, U+FFFE/U+FFFF) are dropped, so the
file re-parses whatever a label holds. Emoji and all other characters are kept.

Items are drawn the way their ``paint`` draws them, from the same geometry and the same style constants; only
items the scene shows are written (the "selection only" export hides the others).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPainterPath, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from blueprint_editor.canvas import style
from blueprint_editor.canvas.background import BlueprintLineItem, EmotionCurve, LaneBand, PhaseColumn
from blueprint_editor.canvas.flow_item import LABEL_PADDING as FLOW_LABEL_PADDING
from blueprint_editor.canvas.flow_item import FlowItem
from blueprint_editor.canvas.flow_item import label_font as flow_label_font
from blueprint_editor.canvas.step_item import (
    BADGE_RADIUS,
    FOOTER_HEIGHT,
    TEXT_PADDING,
    VALUE_TAGS,
    StepItem,
    format_minutes,
)
from blueprint_editor.canvas.text_layout import wrap_lines
from blueprint_editor.model import LaneKind
from blueprint_editor.model.document import ValueClass
from blueprint_editor.model.geometry import CARD_WIDTH, LANE_GUTTER, PHASE_HEADER
from blueprint_editor.render.decorations import LegendItem, TitleBlockItem
from blueprint_editor.render.output import Progress, report

SVG_NS = "http://www.w3.org/2000/svg"
# Characters XML 1.0 does not allow anywhere, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_VALUE_CLASS_NAMES = {ValueClass.VALUE_ADDING: "va", ValueClass.NECESSARY: "vn", ValueClass.WASTE: "vw"}
PROGRESS_EVERY = 250  # items between two progress reports
_Item = TypeVar("_Item", bound=QGraphicsItem)


def clean(value: str) -> str:
    """``value`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", value)


def text(value: str) -> str:
    """``value`` as XML character data (element content or a double-quoted attribute)."""
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def num(value: float) -> str:
    """A coordinate with at most one decimal and no needless characters: 12, 12.5, .5, -3."""
    return _tenths(round(value * 10))


def _tenths(t: int) -> str:
    if t % 10 == 0:
        return str(t // 10)
    written = f"{t / 10:.1f}"  # exact: a float holds tenths of any coordinate far beyond a drawing's size
    if written.startswith("0."):
        return written[1:]
    if written.startswith("-0."):
        return "-" + written[2:]
    return written


def _numbers(*values: str) -> str:
    """Numbers of a path or a list, a space between them only where a minus sign does not already part them."""
    out = values[0]
    for value in values[1:]:
        out += value if value.startswith("-") else " " + value
    return out


class _PathCommands:
    """SVG path data written command by command, in tenths of a unit: a command repeated goes without its letter,
    lines are relative (h and v where they can be), and the current point is kept."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.last = ""
        self.x = self.y = 0  # the current point, in tenths

    def emit(self, command: str, numbers: str) -> None:
        if command == self.last and command != "M":
            self.out.append(numbers if numbers.startswith("-") else " " + numbers)
        else:
            self.out.append(command + numbers)
        self.last = command

    def move(self, x: int, y: int) -> None:
        self.emit("M", _numbers(_tenths(x), _tenths(y)))
        self.x, self.y = x, y

    def line(self, x: int, y: int) -> None:
        cx, cy = self.x, self.y
        if y == cy and x != cx:
            self.emit("h", _tenths(x - cx))
        elif x == cx and y != cy:
            self.emit("v", _tenths(y - cy))
        elif (x, y) != (cx, cy):
            self.emit("l", _numbers(_tenths(x - cx), _tenths(y - cy)))
        self.x, self.y = x, y

    def relative(self, command: str, *points: tuple[int, int]) -> None:
        """A curve: its points relative to the current point, the last of them the new current point."""
        self.emit(command, _numbers(*(_tenths(v) for x, y in points for v in (x - self.x, y - self.y))))
        self.x, self.y = points[-1]

    def text(self) -> str:
        return "".join(self.out)


def path_data(path: QPainterPath, transform: QTransform | None = None) -> str:
    """A QPainterPath as SVG path data: absolute moves, relative lines (h and v where they can) and curves, a
    quadratic curve where a cubic one is a quadratic one raised (Qt stores quadTo that way).

    Points are rounded to tenths before the differences are taken, so rounding errors never add up."""
    count = path.elementCount()
    elements = [path.elementAt(i) for i in range(count)]
    kinds = [element.type for element in elements]
    if transform is None:
        points = [(element.x, element.y) for element in elements]
    else:
        mapped = [transform.map(QPointF(element.x, element.y)) for element in elements]
        points = [(point.x(), point.y()) for point in mapped]
    data = _PathCommands()
    move, line, curve = (
        QPainterPath.ElementType.MoveToElement,
        QPainterPath.ElementType.LineToElement,
        QPainterPath.ElementType.CurveToElement,
    )
    current = (0.0, 0.0)
    i = 0
    while i < count:
        kind = kinds[i]
        end = points[i]
        if kind == move:
            data.move(round(end[0] * 10), round(end[1] * 10))
            i += 1
        elif kind == line:
            data.line(round(end[0] * 10), round(end[1] * 10))
            i += 1
        elif kind == curve and i + 2 < count:
            first, second, end = end, points[i + 1], points[i + 2]
            tip = (round(end[0] * 10), round(end[1] * 10))
            # The quadratic control point, if it is one, and the cubic's second control point it would give.
            control = (current[0] + (first[0] - current[0]) * 1.5, current[1] + (first[1] - current[1]) * 1.5)
            raised = (end[0] + (control[0] - end[0]) * (2 / 3), end[1] + (control[1] - end[1]) * (2 / 3))
            if abs(raised[0] - second[0]) < 0.05 and abs(raised[1] - second[1]) < 0.05:
                data.relative("q", (round(control[0] * 10), round(control[1] * 10)), tip)
            else:
                one = (round(first[0] * 10), round(first[1] * 10))
                two = (round(second[0] * 10), round(second[1] * 10))
                data.relative("c", one, two, tip)
            i += 3
        else:  # a stray curve-data element: nothing to draw
            i += 1
            continue
        current = end
    return data.text()


def polygon_data(polygon: Iterable[QPointF]) -> str:
    """A closed polygon (a QPolygonF, or any points) as path data, written as :func:`path_data` writes lines."""
    corners = [(round(point.x() * 10), round(point.y() * 10)) for point in polygon]
    if not corners:
        return ""
    data = _PathCommands()
    data.move(*corners[0])
    for x, y in corners[1:]:
        data.line(x, y)
    return data.text() + "z"


def colour(c: QColor) -> str:
    """A colour as CSS: #abc where it can be, else #aabbcc, or rgba() when it is translucent."""
    if c.alpha() < 255:
        return f"rgba({c.red()},{c.green()},{c.blue()},{round(c.alphaF(), 2):g})"
    name = c.name()
    if name[1] == name[2] and name[3] == name[4] and name[5] == name[6]:
        return "#" + name[1] + name[3] + name[5]
    return name


def _font_family() -> str:
    """The family the drawing's text uses, with a generic fallback for viewers that lack it."""
    family = QFontInfo(style.card_font()).family().replace('"', "").replace("\\", "")
    return f'"{text(family)}",sans-serif' if family else "sans-serif"


def _baseline(font: QFont, top: float, height: float) -> float:
    """The baseline of one line of ``font`` centred vertically in a box, as Qt's AlignVCenter puts it."""
    return _Type(font).baseline(top, height)


class _Type:
    """A font and the measures the writer takes of it, taken once per export for the type set on every card."""

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetricsF(font)
        self.ascent = self.metrics.ascent()
        self.descent = self.metrics.descent()
        self.line_spacing = self.metrics.lineSpacing()

    def baseline(self, top: float, height: float) -> float:
        """As :func:`_baseline`."""
        return top + (height - self.ascent - self.descent) / 2 + self.ascent


class _Writer:
    """Writes one scene; ``out`` collects the pieces of the file."""

    def __init__(self, source: QRectF, title: str, transparent: bool) -> None:
        self.source = source
        self.title = title
        self.transparent = transparent
        self.out: list[str] = []
        self.ids: set[str] = set()
        self.kinds: set[LaneKind] = set()
        self.values: set[ValueClass] = set()
        self.has_emotion = False
        self.has_flow_labels = False
        self.coloured_cards: dict[str, str] = {}  # card fill -> class name
        self.card_type = _Type(style.card_font())
        self.footer_type = _Type(style.footer_font())
        self.badge_type = _Type(style.badge_font())
        self.flow_label_type = _Type(flow_label_font())

    def unique_id(self, prefix: str, item_id: str = "") -> str:
        """``prefix-item_id``, made unique: ids are unique per kind of item in a blueprint, not across kinds."""
        base = f"{prefix}-{item_id}" if item_id else prefix
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return text(candidate)

    # Items

    def lane(self, item: LaneBand) -> None:
        band, kind = item.band, item.band.lane.kind
        self.kinds.add(kind)
        top, height, width = band.top, band.height, item.boundingRect().right()
        y, h = num(top), num(height)
        gutter = f'<rect class="gu" x="{num(-LANE_GUTTER)}" y="{y}" width="{num(LANE_GUTTER)}" height="{h}"/>'
        fill = f'<rect class="f" x="0" y="{y}" width="{num(width)}" height="{h}"/>'
        accent = f'<rect class="a" x="{num(-LANE_GUTTER)}" y="{y}" width="6" height="{h}"/>'
        rule = f'<path class="g" d="M{_numbers(num(-LANE_GUTTER), num(top + height))}H{num(width)}"/>'
        if band.lane.collapsed:
            title = self._collapsed_title(item)
        else:
            font = style.lane_title_font()
            box = QRectF(-LANE_GUTTER + 18, top + 8, LANE_GUTTER - 28, height - 16)
            lines = wrap_lines(clean(band.lane.title), font, box.width(), 99)
            spacing = QFontMetricsF(font).lineSpacing()
            first = _baseline(font, box.top() + (box.height() - len(lines) * spacing) / 2, spacing)
            title = "".join(
                f'<text x="{num(box.left())}" y="{num(first + n * spacing)}">{text(line)}</text>'
                for n, line in enumerate(lines)
            )
        lane_id = self.unique_id("lane", band.lane.id)
        self.out.append(f'<g id="{lane_id}" class="lane {kind.value}">{gutter}{fill}{accent}{rule}{title}</g>')

    def _collapsed_title(self, item: LaneBand) -> str:
        """A collapsed lane's strip: its title and how many cards it hides, at the start of the lane itself."""
        band = item.band
        box = QRectF(12, band.top, max(item.boundingRect().right() - 24, 0), band.height)
        font = style.font(13, bold=True)
        metrics = QFontMetricsF(font)
        title = metrics.elidedText(clean(band.lane.title), Qt.TextElideMode.ElideRight, min(box.width(), 420))
        n = item.card_count
        baseline = num(_baseline(font, box.top(), box.height()))
        count_x = num(box.left() + metrics.horizontalAdvance(title) + 8)
        return (
            f'<text class="ct" x="{num(box.left())}" y="{baseline}">{text(title)}</text>'
            f'<text class="cc" x="{count_x}" y="{baseline}">({n} card{"" if n == 1 else "s"}, collapsed)</text>'
        )

    def phase(self, item: PhaseColumn) -> None:
        column = item.column
        left, right, bottom = column.left, column.right, item.boundingRect().bottom()
        top = -PHASE_HEADER
        header = f'<rect x="{num(left)}" y="{num(top)}" width="{num(column.width)}" height="{num(PHASE_HEADER)}"/>'
        rules = (
            f'<path class="g" d="M{_numbers(num(left), "0")}H{num(right)}M{_numbers(num(left), num(top))}V0'
            f'M{_numbers(num(right), num(top))}V0"/><path class="g dot" d="M{num(right)} 0V{num(bottom)}"/>'
        )
        font = style.phase_title_font()
        name = QFontMetricsF(font).elidedText(clean(column.phase.name), Qt.TextElideMode.ElideRight, column.width - 24)
        label = f'<text x="{num(left + 12)}" y="{num(_baseline(font, top, PHASE_HEADER))}">{text(name)}</text>'
        phase_id = self.unique_id("phase", column.phase.id)
        self.out.append(f'<g id="{phase_id}" class="phase">{header}{rules}{label}</g>')

    def line(self, item: BlueprintLineItem) -> None:
        line, y = item.line, line_y(item)
        width = item.boundingRect().right()
        dash = ' class="dash"' if line.dashed else ""
        rule = f'<path{dash} d="M{_numbers(num(-LANE_GUTTER), num(y))}H{num(width)}"/>'
        font = style.line_label_font()
        box = QRectF(-LANE_GUTTER + 8, y - 9, QFontMetricsF(font).horizontalAdvance(line.title) + 14, 18)
        pill = f'<rect x="{num(box.left())}" y="{num(box.top())}" width="{num(box.width())}" height="18" rx="9"/>'
        label = (
            f'<text x="{num(box.center().x())}" y="{num(_baseline(font, box.top(), box.height()))}">'
            f"{text(line.title)}</text>"
        )
        self.out.append(f'<g id="{self.unique_id("line", line.key)}" class="bl">{rule}{pill}{label}</g>')

    def emotion(self, item: EmotionCurve) -> None:
        self.has_emotion = True
        width = item.boundingRect().right()
        font = style.footer_font()
        parts = []
        for level in (2, 0, -2):
            y = item.y_of(level)
            kind = "dash" if level == 0 else "dot"
            parts.append(f'<path class="g {kind}" d="M{_numbers("28", num(y))}H{num(width)}"/>')
            label = f"{level:+d}" if level else "0"
            parts.append(f'<text x="14" y="{num(_baseline(font, y - 8, 16))}">{label}</text>')
        points = item.points
        if not points:
            band = item.band
            baseline = _baseline(font, band.top, band.height)
            message = "Give customer actions an emotion (in the inspector) to draw the curve"
            parts.append(f'<text class="ph" x="40" y="{num(baseline)}">{message}</text>')
        else:
            path = QPainterPath(QPointF(points[0][0], item.y_of(points[0][1])))
            for (x0, e0), (x1, e1) in itertools.pairwise(points):
                middle = (x0 + x1) / 2
                path.cubicTo(QPointF(middle, item.y_of(e0)), QPointF(middle, item.y_of(e1)), QPointF(x1, item.y_of(e1)))
            parts.append(f'<path class="cv" d="{path_data(path)}"/>')
            for x, value in points:
                mood = "up" if value > 0 else "down" if value < 0 else "flat"
                parts.append(f'<circle class="{mood}" cx="{num(x)}" cy="{num(item.y_of(value))}" r="7"/>')
        self.out.append(f'<g id="{self.unique_id("emotion", "curve")}" class="ec">{"".join(parts)}</g>')

    def flow(self, item: FlowItem) -> None:
        transform = item.sceneTransform()
        shaft = path_data(item.path(), None if transform.isIdentity() else transform)
        heads = "".join(polygon_data(_points(transform.map(head))) for head in item.arrow_heads())
        head = f'<path class="h" d="{heads}"/>' if heads else ""
        label = self._flow_label(item, transform)
        flow_id = self.unique_id("flow", item.flow_id)
        self.out.append(f'<g id="{flow_id}" class="flow"><path d="{shaft}"/>{head}{label}</g>')

    def _flow_label(self, item: FlowItem, transform: QTransform) -> str:
        """The label on its plate beside the line, as ``FlowItem.paint_label`` draws it."""
        lines = item.label_lines
        plate = transform.mapRect(item.label_rect())
        if not lines or plate.isEmpty():
            return ""
        self.has_flow_labels = True
        type_ = self.flow_label_type
        line_height = type_.line_spacing
        top = plate.top() + FLOW_LABEL_PADDING[1]
        x = num(plate.center().x())
        texts = "".join(
            f'<text x="{x}" y="{num(type_.baseline(top + n * line_height, line_height))}">{text(line)}</text>'
            for n, line in enumerate(lines)
        )
        return (
            f'<g class="fl"><rect x="{num(plate.left())}" y="{num(plate.top())}" width="{num(plate.width())}" '
            f'height="{num(plate.height())}" rx="4"/>{texts}</g>'
        )

    def step(self, item: StepItem, description: str) -> None:
        face = item.face
        self.kinds.add(face.kind)
        height = item.height
        pos = item.scenePos()
        classes = ["step", face.kind.value]
        if face.fail_point:
            classes.append("fail")
        fill = style.card_fill(face.colour)
        if face.colour is not None:
            classes.append(self._card_class(fill))
        parts = [f"<title>{text(description)}</title>"]
        parts.append(f'<rect width="{num(CARD_WIDTH)}" height="{num(height)}" rx="8"/>')
        inner = num(0.1)  # where the stripe's rounded corner meets x = 5: 6 - sqrt(6² - 1²) ≈ 0.1
        parts.append(
            f'<path class="s" d="M5 {inner}A6 6 0 0 0 0 6V{num(height - 6)}A6 6 0 0 0 5 {num(height - 0.1)}z"/>'
        )
        if face.has_footer:
            parts.append(self._footer(item))
        if face.wait_min > 0:
            parts.append(self._wait_badge(face.wait_min))
        if face.fail_point:
            parts.append(self._fail_badge())
        lines = item.text_lines
        if lines:
            type_ = self.card_type
            line_height = type_.line_spacing
            text_area = height - (FOOTER_HEIGHT if face.has_footer else 0)
            top = (text_area - len(lines) * line_height) / 2
            x = num(CARD_WIDTH / 2)
            for number, line in enumerate(lines):
                baseline = type_.baseline(top + number * line_height, line_height)
                parts.append(f'<text x="{x}" y="{num(baseline)}">{text(line)}</text>')
        step_id = self.unique_id("step", item.step_id)
        move = _numbers(num(pos.x()), num(pos.y()))
        self.out.append(
            f'<g id="{step_id}" class="{" ".join(classes)}" transform="translate({move})">{"".join(parts)}</g>'
        )

    def _card_class(self, fill: QColor) -> str:
        """A class for cards of one fill (the user's own card colours): few colours, many cards."""
        key = colour(fill)
        if key not in self.coloured_cards:
            self.coloured_cards[key] = f"k{len(self.coloured_cards) + 1}"
        return self.coloured_cards[key]

    def _footer(self, item: StepItem) -> str:
        face = item.face
        top = item.height - FOOTER_HEIGHT - 4
        type_ = self.footer_type
        out = ""
        if face.duration_min > 0:
            baseline = num(type_.baseline(top, FOOTER_HEIGHT))
            out += f'<text class="du" x="{num(CARD_WIDTH - TEXT_PADDING)}" y="{baseline}">'
            out += f"{text(format_minutes(face.duration_min))}</text>"
        if face.value_class is not None:
            self.values.add(face.value_class)
            tag = VALUE_TAGS[face.value_class]
            width = type_.metrics.horizontalAdvance(tag) + 10
            box = QRectF(TEXT_PADDING, top + 1, width, FOOTER_HEIGHT - 2)
            baseline = num(type_.baseline(box.top(), box.height()))
            out += (
                f'<g class="vt {_VALUE_CLASS_NAMES[face.value_class]}"><rect x="{num(box.left())}" '
                f'y="{num(box.top())}" width="{num(box.width())}" height="{num(box.height())}" rx="3"/>'
                f'<text x="{num(box.center().x())}" y="{baseline}">{tag}</text></g>'
            )
        return out

    def _wait_badge(self, minutes: float) -> str:
        label = f"W {format_minutes(minutes)}"
        width = self.badge_type.metrics.horizontalAdvance(label) + 14
        box = QRectF(CARD_WIDTH / 2 - 12 - width, -BADGE_RADIUS, width, 2 * BADGE_RADIUS)
        return _wait_pill(box, label, self.badge_type)

    def _fail_badge(self) -> str:
        return _fail_mark(QPointF(CARD_WIDTH - 4, 0), self.badge_type)

    def title_block(self, item: TitleBlockItem) -> None:
        lines = "".join(
            f'<text class="{"ts" if line.muted else "tt"}" x="{num(line.x)}" y="{num(line.baseline)}">'
            f"{text(line.text)}</text>"
            for line in item.lines()
        )
        self.out.append(f'<g id="{self.unique_id("title", "block")}">{lines}</g>')

    def legend(self, item: LegendItem) -> None:
        box = item.box()
        parts = [
            f'<rect class="lg" x="{num(box.left())}" y="{num(box.top())}" width="{num(box.width())}" '
            f'height="{num(box.height())}" rx="6"/>'
        ]
        font = item.text_font()
        for entry in item.entries():
            x, y = entry.x, entry.middle
            if entry.kind == "line":
                dash = ' class="dash"' if entry.dashed else ""
                parts.append(f'<g class="bl"><path{dash} d="M{_numbers(num(x), num(y))}h34"/></g>')
            elif entry.kind == "fail":
                parts.append(_fail_mark(LegendItem.badge_box(entry).center(), self.badge_type))
            elif entry.kind == "wait":
                parts.append(_wait_pill(LegendItem.badge_box(entry), "W", self.badge_type))
            else:
                self.kinds.add(entry.lane)
                swatch = LegendItem.swatch(entry)
                sx, sy = num(swatch.left()), num(swatch.top())
                parts.append(
                    f'<g class="{entry.lane.value}"><rect class="f" x="{sx}" y="{sy}" width="34" height="18"/>'
                    f'<rect class="a" x="{sx}" y="{sy}" width="5" height="18"/>'
                    f'<rect class="sw" x="{sx}" y="{sy}" width="34" height="18"/></g>'
                )
            baseline = num(_baseline(font, y - 14, 28))
            parts.append(f'<text class="lx" x="{num(entry.text_x)}" y="{baseline}">{text(entry.label)}</text>')
        self.out.append(f'<g id="{self.unique_id("legend")}" class="legend">{"".join(parts)}</g>')

    # The file

    def stylesheet(self) -> str:
        c = colour
        ink_on_fail, ink_on_wait = c(style.ink_on(style.FAIL)), c(style.ink_on(style.WAIT))
        card, grid = c(style.CARD_FILL), c(style.GRID_LINE)
        rules = [
            f"text{{font-family:{_font_family()};font-size:13px;fill:{c(style.INK)}}}",
            f".bg{{fill:{c(style.CANVAS_BACKGROUND)}}}",
            f".g{{fill:none;stroke:{grid};stroke-width:{num(style.rule())}}}",
            ".dot{stroke-dasharray:1 2}",
            ".dash{stroke-dasharray:4 2}",
            f".lane .gu{{fill:{c(style.GUTTER_FILL)}}}",
            ".lane text{font-size:14px;font-weight:bold}",
            f".lane .ct{{font-size:13px}}.lane .cc{{font-size:13px;fill:{c(style.MUTED_INK)}}}",
        ]
        for kind in sorted(self.kinds, key=lambda k: k.value):
            fill = style.LANE_FILL.get(kind, style.HEADER_FILL)
            accent = style.LANE_ACCENT.get(kind, style.MUTED_INK)
            rules.append(f".{kind.value} .f{{fill:{c(fill)}}}.{kind.value} .a,.{kind.value} .s{{fill:{c(accent)}}}")
        line_width = style.stroke(2.5)
        rules += [
            f".phase rect{{fill:{c(style.HEADER_FILL)}}}",
            ".phase text{font-size:15px;font-weight:bold}",
            f".bl path{{fill:none;stroke:{c(style.BLUEPRINT_LINE)};stroke-width:{num(line_width)}}}",
            f".bl .dash{{stroke-dasharray:{num(6 * line_width)} {num(4 * line_width)}}}",
            f".bl rect{{fill:{c(style.BLUEPRINT_LINE)}}}",
            f".bl text{{font-size:11px;font-weight:bold;fill:{card};text-anchor:middle}}",
            f".flow path{{fill:none;stroke:{c(style.FLOW)};stroke-width:{num(style.stroke(1.6))}}}",
            f".flow .h{{fill:{c(style.FLOW)};stroke:none}}",
            f".fl rect{{fill:{c(style.CANVAS_BACKGROUND)}}}.fl text{{font-size:12px;text-anchor:middle}}",
            f".step>rect{{fill:{card};stroke:{c(style.CARD_EDGE)};stroke-width:{num(style.stroke(1))}}}",
            f".fail>rect{{stroke:{c(style.FAIL)};stroke-width:{num(style.stroke(1.5))}}}",
            ".step text{text-anchor:middle}",
        ]
        for card_colour, name in self.coloured_cards.items():
            ink = c(style.ink_on(QColor(card_colour)))
            rules.append(f".{name}>rect{{fill:{card_colour}}}.{name}>text{{fill:{ink}}}")
        rules += [
            f".fm{{fill:{c(style.FAIL)};stroke:{card};stroke-width:2}}",
            f".fb text{{fill:{ink_on_fail}}}",
            ".fb text,.wb text{font-size:11px;font-weight:bold;text-anchor:middle}",
            f".wb rect{{fill:{c(style.WAIT)};stroke:{card};stroke-width:2}}.wb text{{fill:{ink_on_wait}}}",
            f".step .du{{font-size:10px;font-weight:bold;fill:{c(style.MUTED_INK)};text-anchor:end}}",
            ".vt text{font-size:10px;font-weight:bold;text-anchor:middle}",
        ]
        for value in sorted(self.values, key=lambda v: v.value):
            fill = style.VALUE_CLASS[value]
            name = _VALUE_CLASS_NAMES[value]
            rules.append(f".{name} rect{{fill:{c(fill)}}}.{name} text{{fill:{c(style.ink_on(fill))}}}")
        if self.has_emotion:
            rules += [
                f".ec text{{font-size:10px;font-weight:bold;fill:{c(style.MUTED_INK)};text-anchor:middle}}",
                ".ec .ph{text-anchor:start}",
                f".cv{{fill:none;stroke:{c(style.LANE_ACCENT.get(LaneKind.EMOTION, style.MUTED_INK))};stroke-width:3}}",
                f".ec circle{{stroke:{card};stroke-width:2}}.up{{fill:{c(style.EMOTION_GOOD)}}}"
                f".down{{fill:{c(style.EMOTION_BAD)}}}.flat{{fill:{c(style.MUTED_INK)}}}",
            ]
        rules += [
            ".mk{fill:#fff}.tt{font-size:26px;font-weight:bold}",
            f".ts{{font-size:15px;fill:{c(style.MUTED_INK)}}}",
            f".lg{{fill:{card};stroke:{grid}}}.sw{{fill:none;stroke:{grid}}}.lx{{font-size:12px}}",
        ]
        return "".join(rules)

    def document(self, body: list[str]) -> list[str]:
        """The whole file, in parts: the head, the parts of ``body``, the end."""
        s = self.source
        box = " ".join((num(s.left()), num(s.top()), num(s.width()), num(s.height())))
        background = "" if self.transparent else (
            f'<rect class="bg" x="{num(s.left())}" y="{num(s.top())}" width="{num(s.width())}" '
            f'height="{num(s.height())}"/>'
        )  # fmt: skip
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="{SVG_NS}" width="{math.ceil(s.width())}" height="{math.ceil(s.height())}" '
            f'viewBox="{box}" role="img" aria-labelledby="title">'
            f'<title id="title">{text(self.title)}</title>'
            "<desc>Service blueprint exported by Blueprint Editor</desc>"
            f"<style>{self.stylesheet()}</style>{background}"
        )
        return [head, *body, "</svg>\n"]


def _fail_mark(centre: QPointF, badge: _Type) -> str:
    """The F badge: a disc, or a diamond where the palette tells badges apart by shape too."""
    cx, cy = centre.x(), centre.y()
    if style.active_palette().distinct_badges:
        r = BADGE_RADIUS + 3
        shape = f'<path class="fm" d="M{_numbers(num(cx), num(cy - r))}l{r:g} {r:g}-{r:g} {r:g}-{r:g}-{r:g}z"/>'
    else:
        shape = f'<circle class="fm" cx="{num(cx)}" cy="{num(cy)}" r="{num(BADGE_RADIUS)}"/>'
    baseline = badge.baseline(cy - BADGE_RADIUS, 2 * BADGE_RADIUS)
    return f'<g class="fb">{shape}<text x="{num(cx)}" y="{num(baseline)}">F</text></g>'


def _wait_pill(box: QRectF, label: str, badge: _Type) -> str:
    baseline = badge.baseline(box.top(), box.height())
    return (
        f'<g class="wb"><rect x="{num(box.left())}" y="{num(box.top())}" width="{num(box.width())}" '
        f'height="{num(box.height())}" rx="{num(BADGE_RADIUS)}"/>'
        f'<text x="{num(box.center().x())}" y="{num(baseline)}">{text(label)}</text></g>'
    )


def _points(polygon: QPolygonF) -> list[QPointF]:
    return [polygon.at(i) for i in range(polygon.size())]


def line_y(item: BlueprintLineItem) -> float:
    """Where a blueprint line runs: the middle of its item (whose ``y`` attribute hides QGraphicsItem.y())."""
    return item.boundingRect().center().y()


def step_description(item: StepItem) -> str:
    """What a screen reader says for a card: its text, then whether it is a fail point and what the customer
    waits before it, as the card's badges show."""
    face = item.face
    lines = [" ".join(face.label.split()) or "(a step with no text)"]
    if face.fail_point:
        lines.append("Fail point" + (f": {face.risk_note}" if face.risk_note.strip() else ""))
    if face.wait_min > 0:
        lines.append(f"Wait before: {format_minutes(face.wait_min)}")
    if face.duration_min > 0:
        lines.append(f"Duration: {format_minutes(face.duration_min)}")
    return "\n".join(lines)


def scene_svg_parts(
    scene: QGraphicsScene,
    source: QRectF,
    title: str = "",
    *,
    transparent: bool = False,
    clip: QRectF | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """The SVG text of everything ``scene`` shows inside ``source`` (scene units, which become CSS pixels), in the
    parts that make it up; ``clip`` is the area the background (lanes, phases, lines) is clipped to, when it is not
    drawn whole. Parts, so that a file can be encoded part by part: one string of the whole file, then its bytes,
    would hold it three times over at once (and a string with a single character beyond Latin-1 takes two or four
    bytes for each of its characters)."""
    writer = _Writer(source, title, transparent)
    # Items in the order the scene draws them (back to front), each kind for one group of the file.
    shown = [
        item
        for item in reversed(scene.items(Qt.SortOrder.DescendingOrder))
        if item.isVisible() and item.sceneBoundingRect().intersects(source)
    ]
    lanes = [item for item in shown if isinstance(item, LaneBand)]
    phases = [item for item in shown if isinstance(item, PhaseColumn)]
    lines = [item for item in shown if isinstance(item, BlueprintLineItem)]
    emotions = [item for item in shown if isinstance(item, EmotionCurve)]
    flows = [item for item in shown if isinstance(item, FlowItem)]
    steps = [item for item in shown if isinstance(item, StepItem)]
    titles = [item for item in shown if isinstance(item, TitleBlockItem)]
    legends = [item for item in shown if isinstance(item, LegendItem)]
    total = len(lanes) + len(phases) + len(flows) + len(steps) + 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            report(progress, done, total)

    def group(name: str, items: Sequence[_Item], write: Callable[[_Item], None]) -> list[str]:
        writer.out = []
        for item in items:
            write(item)
            tick()
        return [f'<g id="{name}">', *writer.out, "</g>"] if items else []

    report(progress, 0, total)
    background = [
        *group("lanes", lanes, writer.lane),
        *group("phases", phases, writer.phase),
        *group("emotions", emotions, writer.emotion),
        *group("lines", lines, writer.line),
    ]
    if clip is not None and background:
        box = f'x="{num(clip.left())}" y="{num(clip.top())}" width="{num(clip.width())}" height="{num(clip.height())}"'
        # A mask rather than a clip path: Qt's own SVG renderer ignores <clipPath>, browsers and editors take both.
        background = [f'<mask id="crop"><rect class="mk" {box}/></mask><g mask="url(#crop)">', *background, "</g>"]
    body = [
        *background,
        *group("flows", flows, writer.flow),
        *group("steps", steps, lambda item: writer.step(item, step_description(item))),
    ]
    writer.out = []
    for block in titles:
        writer.title_block(block)
    for legend in legends:
        writer.legend(legend)
    body.extend(writer.out)
    document = writer.document(body)
    report(progress, total, total)
    return document
