"""How long a lane resize and its undo take on a large blueprint, until the scene is complete again.

    python tests/perf/structure_probe.py FILE.json [RUNS]    # prints one JSON object of figures (milliseconds)

The blueprint's first scenario is shown in a 1920x1080 view at 100 %, in its middle. Each run resizes the
Customer actions lane (20 units taller), waits until every card and arrow is made again (a scene that rebuilds
itself does so a slice at a time), then undoes it and waits likewise. Wall-clock and CPU milliseconds, medians.
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


def measure(path: Path, runs: int) -> dict[str, object]:
    canvas = open_canvas(load_document(path))
    canvas.at_100()
    controller, scene = canvas.controller, canvas.scene
    scenario = scene.scenario
    lane = scenario.lane_of_kind(LaneKind.CUSTOMER)
    assert lane is not None
    resize: list[Sample] = []
    undo: list[Sample] = []
    for _ in range(runs):
        with Sample.taken(resize):
            controller.resize_lane(scene.scenario_id, lane.id, lane.height + 20)
            _until_complete(canvas)
        with Sample.taken(undo):
            controller.undo_stack.undo()
            _until_complete(canvas)
        lane = scene.scenario.lane(lane.id)
        assert lane is not None

    def summary(samples: list[Sample]) -> dict[str, float]:
        return {
            "median": round(statistics.median(s.wall_ms for s in samples), 1),
            "cpu_median": round(statistics.median(s.cpu_ms for s in samples), 1),
        }

    return {
        "steps": len(scenario.steps),
        "runs": runs,
        "lane_resize": summary(resize),
        "lane_resize_undo": summary(undo),
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
