"""The size of our SVG export against Graphviz's and Qt's QSvgGenerator's for the same blueprints.

    .venv/bin/python tests/perf/svg_size.py [--sizes 1000,5000]

For the bundled example and for generated blueprints (tests/perf/blueprints.py), writes:

* ours: ``blueprint-editor export`` to SVG (render/svg.py), in this process;
* Graphviz: the same cards and arrows as a DOT file with fixed positions, one box node per step with its label,
  one box per lane with its title, an edge per flow, rendered by ``neato -n2 -Tsvg`` (skipped when Graphviz is
  not installed). Graphviz draws less than we do (no phases, blueprint lines, badges, durations or value tags),
  so the comparison favours it;
* Qt: the same export scene painted onto a QSvgGenerator, as the export did before render/svg.py.

Prints a markdown table of bytes and bytes per step, as in docs/PERFORMANCE.md ("SVG size").
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blueprints import make_document

from blueprint_editor.io import load_document
from blueprint_editor.model import Document
from blueprint_editor.model.geometry import CARD_WIDTH, lane_bands
from blueprint_editor.resources import example_path

POINTS_PER_UNIT = 0.75  # DOT positions are in points; one scene unit is 1/96 inch


def write_dot(document: Document, path: Path) -> Path:
    """The blueprint's cards, lanes and flows for ``neato -n2``: every node where our export draws it."""
    scenario = document.scenarios[0]
    bands = {band.lane.id: band for band in lane_bands(scenario)}
    width = sum(phase.width for phase in scenario.phases)
    height = bands[scenario.lanes[-1].id].bottom if scenario.lanes else 0.0

    def pos(x: float, y: float) -> str:
        return f'"{x * POINTS_PER_UNIT:.1f},{(height - y) * POINTS_PER_UNIT:.1f}!"'

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [
        "digraph blueprint {",
        '  graph [bgcolor=white, outputorder=nodesfirst, fontname="DejaVu Sans"];',
        f'  node [shape=box, style="rounded,filled", fillcolor=white, fontsize=10, fontname="DejaVu Sans", '
        f"fixedsize=true, width={CARD_WIDTH / 96:.3f}];",
        "  edge [arrowsize=0.6];",
    ]
    for band in bands.values():
        lines.append(
            f'  lane_{band.lane.id} [shape=box, style=filled, fillcolor="#eaf3fc", label={quoted(band.lane.title)}, '
            f"width={width / 96:.2f}, height={band.height / 96:.2f}, pos={pos(width / 2, band.top + band.height / 2)}];"
        )
    for step in scenario.steps:
        band = bands[step.lane]
        cy = band.top + step.y + 32
        colour = ', color="#d42a1e"' if step.fail_point else ""
        lines.append(f"  {step.id} [pos={pos(step.x + CARD_WIDTH / 2, cy)}, label={quoted(step.label)}{colour}];")
    for flow in scenario.flows:
        lines.append(f"  {flow.source} -> {flow.target};")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ours(document: Document, path: Path) -> int:
    from blueprint_editor.render import export_scenario

    export_scenario(document, path)
    return path.stat().st_size


def qt_generator(document: Document, path: Path) -> int:
    """The export scene painted onto Qt's QSvgGenerator, as the SVG export did before it had its own writer."""
    from PySide6.QtCore import QRectF, QSize, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from blueprint_editor.canvas import style
    from blueprint_editor.render.export import ensure_application, export_rect
    from blueprint_editor.render.export_scene import SceneOptions, build_export_scene

    ensure_application()
    with style.palette_for_export():
        scene = build_export_scene(document, None, SceneOptions())
        source = export_rect(scene)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(round(source.width()), round(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        painter = QPainter(generator)
        target = QRectF(0, 0, source.width(), source.height())
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
        scene.clear()
    return path.stat().st_size


def graphviz(document: Document, folder: Path, name: str) -> int | None:
    if shutil.which("neato") is None:
        return None
    dot = write_dot(document, folder / f"{name}.dot")
    out = folder / f"{name}-neato.svg"
    # neato warns of every label wider than its box; the figures need only the file.
    subprocess.run(["neato", "-n2", "-Tsvg", "-o", str(out), str(dot)], check=True, capture_output=True)
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="generated blueprints' step counts, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="svg-size-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [("hotel-stay example", load_document(example_path()))]
    cases += [(f"generated, {int(n):,} steps", make_document(int(n))) for n in options.sizes.split(",")]
    print("| blueprint | steps | flows | ours | Graphviz neato -n2 | QSvgGenerator | ours per step |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for index, (title, document) in enumerate(cases):
        scenario = document.scenarios[0]
        steps, flows = len(scenario.steps), len(scenario.flows)
        mine = ours(document, folder / f"case{index}-ours.svg")
        dot = graphviz(document, folder, f"case{index}")
        qt = qt_generator(document, folder / f"case{index}-qt.svg")
        dot_text = f"{dot:,} B" if dot is not None else "not installed"
        print(
            f"| {title} | {steps:,} | {flows:,} | {mine:,} B | {dot_text} | {qt:,} B | {mine / max(steps, 1):,.0f} B |"
        )


if __name__ == "__main__":
    main()
