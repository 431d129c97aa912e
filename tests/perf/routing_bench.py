"""Time the routing of every flow of a blueprint, as the canvas routes them when a file is opened or exported.

    python tests/perf/routing_bench.py [FILE.json ...] [--runs 7] [--dump routes.json] [--check-scene]

For each file (by default the generated 5,000- and 1,000-step blueprints in /tmp/perf), the first scenario's cards
are placed as the scene places them (lane tops from ``lane_bands`` plus the step's x and y; a card's height from
its wrapped label, as ``StepItem.show_step`` measures it) and put in a ``GridIndex``; then every flow is routed
exactly as ``canvas/flow_router.py`` routes it (``elbow_route`` with an obstacle query that skips the flow's two
cards, or ``straight_route``). Only the card heights need Qt (font metrics); the timed part is pure Python.

Printed per file: the median and best wall-clock and CPU milliseconds of routing all flows, over ``--runs`` runs.
``--dump`` writes every route (points, sides, crossings) to a JSON file, so that a change to ``model/routing/``
can be checked to give the very same routes: compare two dumps with ``cmp``. ``--check-scene`` also builds the real
scene offscreen and checks that its cards and routes are the ones computed here.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from blueprint_editor.io import load_document
from blueprint_editor.model.document import FlowStyle, Scenario
from blueprint_editor.model.geometry import CARD_MIN_HEIGHT, CARD_WIDTH, lane_bands
from blueprint_editor.model.routing import GridIndex, Rect, Route, elbow_route, search_area, straight_route

DEFAULT_FILES = (Path("/tmp/perf/generated-5000.json"), Path("/tmp/perf/generated-1000.json"))


@dataclass(frozen=True)
class FlowInput:
    """What the router is given for one flow."""

    flow_id: str
    source_id: str
    target_id: str
    straight: bool


def card_heights(scenario: Scenario) -> dict[str, float]:
    """Each step's card height as the card measures it: its wrapped label, padding, and a footer when it has one."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from blueprint_editor.canvas import style
    from blueprint_editor.canvas.step_item import FOOTER_HEIGHT, MAX_TEXT_LINES, TEXT_PADDING
    from blueprint_editor.canvas.text_layout import wrap_lines

    if QApplication.instance() is None:
        QApplication(["routing-bench"])
    font = style.card_font()
    line_height = QFontMetricsF(font).lineSpacing()
    heights = {}
    for step in scenario.steps:
        lines = wrap_lines(step.label, font, CARD_WIDTH - 2 * TEXT_PADDING, MAX_TEXT_LINES)
        footer = FOOTER_HEIGHT if step.duration_min > 0 or step.value_class is not None else 0.0
        heights[step.id] = max(CARD_MIN_HEIGHT, len(lines) * line_height + 2 * TEXT_PADDING + footer)
    return heights


def card_rects(scenario: Scenario, heights: dict[str, float]) -> dict[str, Rect]:
    """The scene rectangle of every shown card (a collapsed lane's cards are hidden, so they are no obstacle)."""
    bands = {band.lane.id: band for band in lane_bands(scenario)}
    rects = {}
    for step in scenario.steps:
        band = bands.get(step.lane)
        if band is not None and band.lane.collapsed:
            continue
        top = (band.top if band else 0.0) + step.y
        rects[step.id] = Rect(step.x, top, step.x + CARD_WIDTH, top + heights[step.id])
    return rects


def flow_inputs(scenario: Scenario, rects: dict[str, Rect]) -> list[FlowInput]:
    """The flows the scene routes: those whose two cards are shown."""
    return [
        FlowInput(flow.id, flow.source, flow.target, flow.style == FlowStyle.STRAIGHT)
        for flow in scenario.flows
        if flow.source in rects and flow.target in rects
    ]


def route_all(rects: dict[str, Rect], flows: list[FlowInput]) -> dict[str, Route]:
    """Every flow's route, computed as FlowRouter.route computes it (including the search area it records)."""
    cards: GridIndex[str] = GridIndex()
    for key, rect in rects.items():
        cards.set(key, rect)
    areas: GridIndex[str] = GridIndex()
    routes = {}
    for flow in flows:
        source, target = rects[flow.source_id], rects[flow.target_id]
        areas.set(flow.flow_id, search_area(source, target))
        if flow.straight:
            routes[flow.flow_id] = straight_route(source, target)
            continue
        routes[flow.flow_id] = elbow_route(source, target, _others(cards, (flow.source_id, flow.target_id)))
    return routes


def crowded(count: int, seed: int = 1) -> tuple[dict[str, Rect], list[FlowInput]]:
    """Cards of varied heights strewn over a small area, many overlapping, and flows between random pairs: a stress
    test where most flows need the later stages of the search (channels, two channels, crossings)."""
    rng = random.Random(seed)
    side = 60 * math.sqrt(count) + 400
    rects = {}
    for index in range(count):
        x, y = round(rng.uniform(0, side * 2)), round(rng.uniform(0, side))
        rects[f"c{index}"] = Rect(x, y, x + CARD_WIDTH, y + rng.choice((CARD_MIN_HEIGHT, 80.0, 101.5, 140.0)))
    keys = list(rects)
    flows = []
    for index in range(count):
        source = rng.choice(keys)
        # Mostly near neighbours, as in a blueprint, some far.
        target = keys[(keys.index(source) + rng.randint(1, 12)) % count] if rng.random() < 0.7 else rng.choice(keys)
        if target != source:
            flows.append(FlowInput(f"f{index}", source, target, rng.random() < 0.05))
    return rects, flows


def _others(cards: GridIndex[str], skip: tuple[str, str]) -> Callable[[Rect], list[Rect]]:
    """The obstacle query FlowRouter.route gives: the cards meeting an area, but the flow's own two."""
    return lambda area: [rect for key, rect in cards.query(area) if key not in skip]


def as_json(routes: dict[str, Route]) -> dict[str, object]:
    return {
        flow_id: {
            "points": [list(point) for point in route.points],
            "sides": [route.source_side.value, route.target_side.value],
            "crossings": route.crossings,
        }
        for flow_id, route in sorted(routes.items())
    }


def check_scene(path: Path, rects: dict[str, Rect], routes: dict[str, Route]) -> None:
    """Build the real scene of the file offscreen and check its cards and routes are the ones computed here."""
    sys.path.insert(0, str(Path(__file__).parent))
    from canvas_probe import open_canvas

    from blueprint_editor.canvas.flow_router import to_rect

    canvas = open_canvas(load_document(path))
    scene_rects = {item.step_id: to_rect(item.scene_card_rect()) for item in canvas.scene.step_items()}
    if scene_rects != rects:
        different = [key for key in rects if scene_rects.get(key) != rects[key]]
        raise SystemExit(f"{path}: {len(different)} cards differ from the scene's, e.g. {different[:3]}")
    scene_routes = {item.flow_id: item.route for item in canvas.scene.flow_items()}
    if scene_routes != routes:
        different = [key for key in routes if scene_routes.get(key) != routes[key]]
        raise SystemExit(f"{path}: {len(different)} routes differ from the scene's, e.g. {different[:3]}")
    print(f"{path}: the scene's {len(rects)} cards and {len(routes)} routes match", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dump", type=Path, help="write every route of every file to this JSON file")
    parser.add_argument("--check-scene", action="store_true", help="compare with the routes of the real scene")
    parser.add_argument("--crowded", type=int, default=0, help="also route this many crowded random cards")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run per file")
    args = parser.parse_args(argv)
    dump: dict[str, object] = {}
    cases: list[tuple[str, Path | None]] = [(str(path), path) for path in args.files]
    if args.crowded:
        cases.append((f"crowded-{args.crowded}", None))
    for name, path in cases:
        if path is None:
            rects, flows = crowded(args.crowded)
        else:
            scenario = load_document(path).scenarios[0]
            rects = card_rects(scenario, card_heights(scenario))
            flows = flow_inputs(scenario, rects)
        wall, cpu = [], []
        routes: dict[str, Route] = {}
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time()
            routes = route_all(rects, flows)
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        print(
            json.dumps(
                {
                    "file": name,
                    "cards": len(rects),
                    "flows": len(flows),
                    "runs": args.runs,
                    "wall_ms_median": round(statistics.median(wall), 1),
                    "wall_ms_best": round(min(wall), 1),
                    "cpu_ms_median": round(statistics.median(cpu), 1),
                    "cpu_ms_best": round(min(cpu), 1),
                }
            )
        )
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(route_all, rects, flows)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        if args.check_scene and path is not None:
            check_scene(path, rects, routes)
        dump[name] = as_json(routes)
    if args.dump is not None:
        args.dump.write_text(json.dumps(dump, indent=0) + "\n")


if __name__ == "__main__":
    main()
