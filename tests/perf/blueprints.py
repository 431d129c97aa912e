"""Realistic large blueprints for the benchmarks, and the same diagrams for Graphviz and Dia.

A generated blueprint has the five standard lanes, about one phase per ten steps, cards laid out left to right in
each lane as people lay them out (about 200 units apart, as in the hotel-stay example), labels of the lengths
people write, some fail and wait points, and about 1.1 flows per step: the chain of each lane, the customer's
hand-offs to frontstage, frontstage to backstage, backstage to support, and evidence to what the customer does.
The same seed always gives the same file, so figures from different runs compare like with like.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from xml.sax.saxutils import escape

from blueprint_editor.io import dumps_document
from blueprint_editor.model import STANDARD_LANES, Document, Flow, Lane, Phase, Scenario, Step
from blueprint_editor.model.document import Channel, ValueClass
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH, LANE_GUTTER, lane_bands

SIZES = (100, 1_000, 5_000)
LANE_HEIGHT = 150
CARD_PITCH = 210  # left edge to left edge of neighbouring cards in a lane
PHASE_PADDING = 30
# How the steps of a phase spread over the lanes: most are customer and frontstage actions.
LANE_WEIGHTS = {"evidence": 0.14, "customer": 0.26, "frontstage": 0.24, "backstage": 0.2, "support": 0.16}

_VERBS = (
    "Check", "Send", "Review", "Confirm", "Update", "Call", "Book", "Pay", "Collect", "Print", "Greet", "Scan",
    "Approve", "Record", "Notify", "Prepare", "Deliver", "Assign", "Verify", "Request", "Schedule", "Escalate",
)  # fmt: skip
_OBJECTS = (
    "booking", "invoice", "customer record", "delivery slot", "appointment", "loyalty card", "refund",
    "order status", "room key", "prescription", "claim form", "contract", "parcel", "ticket", "insurance details",
    "payment terms", "welcome pack", "survey", "complaint", "account settings",
)  # fmt: skip
_TAILS = (
    "", "", "", "at the desk", "by email", "in the app", "with the manager", "before arrival", "on the phone",
    "for the next visit", "against the stock list", "and file a copy in the shared folder for the audit",
    "if the customer asks for it", "within two working days", "using the old system",
)  # fmt: skip


def _label(rng: random.Random, index: int) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(_OBJECTS).capitalize()  # a short note
    label = f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}".strip()
    if roll > 0.93:  # now and then a long one that fills the card
        label += f"; then {rng.choice(_VERBS).lower()} the {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}".rstrip()
    if roll > 0.985:
        label += f" (see note {index})\nSecond line kept as typed"
    return label


def make_document(n_steps: int, seed: int = 7) -> Document:
    """A blueprint of ``n_steps`` steps (one scenario), the same for the same arguments."""
    rng = random.Random(seed * 1_000_003 + n_steps)
    lanes = [Lane(id=kind.value, kind=kind, title=title, height=LANE_HEIGHT) for kind, title in STANDARD_LANES]
    lane_ids = [lane.id for lane in lanes]
    n_phases = max(1, round(n_steps / 10))
    # Split the steps over the phases unevenly (some phases are busier), summing exactly to n_steps.
    shares = [rng.uniform(0.5, 1.5) for _ in range(n_phases)]
    total = sum(shares)
    counts = [int(n_steps * s / total) for s in shares]
    for i in range(n_steps - sum(counts)):
        counts[i % n_phases] += 1
    phases: list[Phase] = []
    steps: list[Step] = []
    by_lane_phase: list[dict[str, list[Step]]] = []
    left = 0
    for p, count in enumerate(counts):
        # Cards stand in columns, one moment of the journey across the lanes (as in the hotel-stay example):
        # about four of the five lanes busy in each column.
        columns = max(1, round(count / 4))
        slots = [(column, lane_id) for column in range(columns) for lane_id in lane_ids]
        # Weighted sampling without replacement: the lanes' weights decide which slots fill first.
        slots.sort(key=lambda slot: rng.random() ** (1 / LANE_WEIGHTS[slot[1]]), reverse=True)
        chosen = sorted(slots[:count], key=lambda slot: (slot[0], lane_ids.index(slot[1])))
        width = PHASE_PADDING * 2 + columns * CARD_PITCH
        placed: dict[str, list[Step]] = {lane_id: [] for lane_id in lane_ids}
        for column, lane_id in chosen:
            n = len(steps) + 1
            step = Step(
                id=f"s{n}",
                lane=lane_id,
                x=left + PHASE_PADDING + column * CARD_PITCH,
                y=rng.choice((40, 40, 40, 30, 50)),
                label=_label(rng, n),
                duration_min=rng.choice((0, 1, 2, 5, 5, 10, 15, 30, 60)),
                wait_min=rng.choice((5, 10, 30, 120, 1440)) if rng.random() < 0.08 else 0,
                fail_point=rng.random() < 0.05,
                value_class=rng.choice((None, *ValueClass)) if rng.random() < 0.6 else None,
                channel=rng.choice(tuple(Channel)) if lane_id in ("customer", "frontstage") else None,
                colour=rng.choice(("#fde68a", "#bfdbfe", "#fecaca")) if rng.random() < 0.04 else None,
            )
            if step.fail_point and rng.random() < 0.5:
                step.risk_note = "Customer may give up here"
            steps.append(step)
            placed[lane_id].append(step)
        phases.append(Phase(id=f"p{p + 1}", name=f"Phase {p + 1}: {rng.choice(_OBJECTS)}", width=width))
        by_lane_phase.append(placed)
        left += width
    flows = _flows(rng, n_steps, lane_ids, by_lane_phase)
    scenario = Scenario(id="main", name="Generated", lanes=lanes, phases=phases, steps=steps, flows=flows)
    return Document(title=f"Generated blueprint of {n_steps} steps", scenarios=[scenario])


def _flows(
    rng: random.Random, n_steps: int, lane_ids: list[str], by_lane_phase: list[dict[str, list[Step]]]
) -> list[Flow]:
    """About 1.1 flows per step: each lane's chain (with gaps), then hand-offs between lanes in a phase."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(source: Step, target: Step) -> None:
        key = (source.id, target.id)
        if source.id != target.id and key not in seen:
            seen.add(key)
            pairs.append(key)

    for lane_id in lane_ids:
        chain = [step for phase in by_lane_phase for step in phase[lane_id]]
        for a, b in itertools.pairwise(chain):
            if rng.random() < 0.62:
                add(a, b)
    handoffs = (("customer", "frontstage"), ("frontstage", "backstage"), ("backstage", "support"),
                ("evidence", "customer"), ("frontstage", "customer"))  # fmt: skip
    target = round(1.1 * n_steps)
    rounds = 0
    while len(pairs) < target and rounds < 20:
        rounds += 1
        for phase in by_lane_phase:
            if len(pairs) >= target:
                break
            upper, lower = rng.choice(handoffs)
            if phase[upper] and phase[lower]:
                add(rng.choice(phase[upper]), rng.choice(phase[lower]))
    return [Flow(id=f"l{i + 1}", source=s, target=t) for i, (s, t) in enumerate(pairs)]


def write_blueprint(n_steps: int, folder: Path) -> Path:
    """The generated blueprint as a file in ``folder``."""
    path = folder / f"generated-{n_steps}.json"
    path.write_text(dumps_document(make_document(n_steps)), encoding="utf-8")
    return path


def _boxes(document: Document) -> tuple[list[tuple[Step, float, float]], float, float]:
    """Each step with its card's top-left corner in scene units, and the drawing's width and height."""
    scenario = document.scenarios[0]
    tops = {band.lane.id: band.top for band in lane_bands(scenario)}
    boxes = [(step, step.x, tops[step.lane] + step.y) for step in scenario.steps]
    width = sum(p.width for p in scenario.phases)
    height = sum(lane.height for lane in scenario.lanes)
    return boxes, width, height


def write_dot(document: Document, path: Path) -> Path:
    """The same cards and arrows for Graphviz, positions fixed (for ``neato -n2``); one unit is one point."""
    boxes, _, height = _boxes(document)
    lines = [
        "digraph blueprint {",
        '  graph [splines=false, outputorder=edgesfirst, bgcolor=white, fontname="DejaVu Sans"];',
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontsize=10, fontname="DejaVu Sans", '
        f"fixedsize=true, width={CARD_WIDTH / 72:.3f}, height={CARD_MIN_HEIGHT / 72:.3f}];",
        "  edge [arrowsize=0.6];",
    ]
    for step, x, y in boxes:
        # Graphviz's y axis points up; a node's pos is its centre.
        cx, cy = x + CARD_WIDTH / 2, height - (y + CARD_MIN_HEIGHT / 2)
        label = step.label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        colour = ', color="#d42a1e"' if step.fail_point else ""
        lines.append(f'  {step.id} [pos="{cx:.0f},{cy:.0f}!", label="{label}"{colour}];')
    for flow in document.scenarios[0].flows:
        lines.append(f"  {flow.source} -> {flow.target};")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_dia(document: Document, path: Path, scale: float = 1.0) -> Path:
    """The same cards and arrows as a Dia diagram (uncompressed XML): boxes with text, lines between them.

    Dia measures in centimetres and exports PNG at 20 pixels per centimetre (its PNG export takes no size), so a
    scene unit is written as ``scale / 20`` cm: Dia's PNG then has the size of ours at ``--scale scale``.
    """
    cm = scale / 20
    boxes, _, _ = _boxes(document)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<dia:diagram xmlns:dia="http://www.lysator.liu.se/~alla/dia/">',
        '<dia:layer name="Background" visible="true" active="true">',
    ]
    centre: dict[str, tuple[float, float, float, float]] = {}
    for n, (step, x, y) in enumerate(boxes):
        x0, y0, w, h = (x + LANE_GUTTER) * cm, y * cm, CARD_WIDTH * cm, CARD_MIN_HEIGHT * cm
        centre[step.id] = (x0, y0, w, h)
        text = escape(step.label.replace("\n", " "))
        out.append(
            f'<dia:object type="Flowchart - Box" version="0" id="O{n}">'
            f'<dia:attribute name="elem_corner"><dia:point val="{x0:.3f},{y0:.3f}"/></dia:attribute>'
            f'<dia:attribute name="elem_width"><dia:real val="{w:.3f}"/></dia:attribute>'
            f'<dia:attribute name="elem_height"><dia:real val="{h:.3f}"/></dia:attribute>'
            '<dia:attribute name="show_background"><dia:boolean val="true"/></dia:attribute>'
            f'<dia:attribute name="corner_radius"><dia:real val="{8 * cm:.4f}"/></dia:attribute>'
            '<dia:attribute name="text"><dia:composite type="text">'
            f'<dia:attribute name="string"><dia:string>#{text}#</dia:string></dia:attribute>'
            '<dia:attribute name="font"><dia:font family="sans" style="0" name="Helvetica"/></dia:attribute>'
            f'<dia:attribute name="height"><dia:real val="{13 * cm:.4f}"/></dia:attribute>'
            f'<dia:attribute name="pos"><dia:point val="{x0 + w / 2:.3f},{y0 + h / 2:.3f}"/></dia:attribute>'
            '<dia:attribute name="color"><dia:color val="#000000"/></dia:attribute>'
            '<dia:attribute name="alignment"><dia:enum val="1"/></dia:attribute>'
            "</dia:composite></dia:attribute></dia:object>"
        )
    for n, flow in enumerate(document.scenarios[0].flows):
        sx, sy, sw, sh = centre[flow.source]
        tx, ty, _, th = centre[flow.target]
        a = (sx + sw, sy + sh / 2)
        b = (tx, ty + th / 2)
        out.append(
            f'<dia:object type="Standard - Line" version="0" id="L{n}">'
            f'<dia:attribute name="conn_endpoints"><dia:point val="{a[0]:.3f},{a[1]:.3f}"/>'
            f'<dia:point val="{b[0]:.3f},{b[1]:.3f}"/></dia:attribute>'
            '<dia:attribute name="end_arrow"><dia:enum val="22"/></dia:attribute>'
            f'<dia:attribute name="end_arrow_length"><dia:real val="{11 * cm:.4f}"/></dia:attribute>'
            f'<dia:attribute name="end_arrow_width"><dia:real val="{11 * cm:.4f}"/></dia:attribute>'
            "</dia:object>"
        )
    out.append("</dia:layer></dia:diagram>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for size in SIZES:
        print(write_blueprint(size, folder))
