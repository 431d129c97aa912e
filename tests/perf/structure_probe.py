"""How long a lane resize and its undo take on a large blueprint, until the scene is complete again.

    python tests/perf/structure_probe.py FILE.json [RUNS]    # prints one JSON object of figures (milliseconds)

The blueprint's first scenario is shown in a 1920x1080 view at 100 %, in its middle. Each run resizes the
Customer actions lane (20 units taller), renames it, or widens a phase in the middle, waits until every card and
arrow is made again (a scene that rebuilds itself does so a slice at a time), then undoes it and waits likewise.
Wall-clock and CPU milliseconds, medians.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from canvas_probe import Sample, open_canvas, settle
from PySide6.QtWidgets import QApplication

from blueprint_editor.io import load_document
from blueprint_editor.model import LaneKind


def _until_complete(canvas: object) -> None:
    scene = canvas.scene  # type: ignore[attr-defined]
    while scene.progressive.busy:
        QApplication.processEvents()
    settle()


def summary(samples: list[Sample]) -> dict[str, float]:
    return {
        "median": round(statistics.median(s.wall_ms for s in samples), 1),
        "cpu_median": round(statistics.median(s.cpu_ms for s in samples), 1),
    }


def measure(path: Path, runs: int) -> dict[str, object]:
    canvas = open_canvas(load_document(path))
    canvas.at_100()
    controller, scene = canvas.controller, canvas.scene
    scenario = scene.scenario
    lane = scenario.lane_of_kind(LaneKind.CUSTOMER)
    assert lane is not None  # this lane and phase keep their first values (the model takes copies): each run is alike
    phase = scenario.phases[len(scenario.phases) // 2]
    edits = {
        "lane_resize": lambda: controller.resize_lane(scene.scenario_id, lane.id, lane.height + 20),
        "lane_rename": lambda: controller.rename_lane(scene.scenario_id, lane.id, lane.title + " (renamed)"),
        "phase_resize": lambda: controller.resize_phase(scene.scenario_id, phase.id, phase.width + 40),
    }
    figures: dict[str, object] = {"steps": len(scenario.steps), "runs": runs}
    for name, edit in edits.items():
        done: list[Sample] = []
        undone: list[Sample] = []
        for _ in range(runs):
            with Sample.taken(done):
                edit()
                _until_complete(canvas)
            with Sample.taken(undone):
                controller.undo_stack.undo()
                _until_complete(canvas)
        figures[name] = summary(done)
        figures[f"{name}_undo"] = summary(undone)
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
