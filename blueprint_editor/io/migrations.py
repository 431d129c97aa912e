"""Upgrading files written by older versions, one pure function per version step.

To change the format: bump FORMAT_VERSION in model/document.py and add ``MIGRATIONS[old] = function`` that turns
a version ``old`` dict into a version ``old + 1`` dict, with a golden file under tests/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from blueprint_editor.model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 gave steps the attributes of blueprint notation and lean analysis, all empty at first."""
    added: dict[str, Any] = {
        "risk_note": "",
        "value_class": None,
        "emotion": None,
        "channel": None,
        "owner": "",
        "cost": None,
        "notes": "",
        "tags": [],
        "description": "",
    }
    # Copies along the path to each step only (never a deep copy: a hostile file may nest values very deep).
    data = dict(data)
    scenarios = data.get("scenarios")
    if isinstance(scenarios, list):
        data["scenarios"] = scenarios = list(scenarios)
        for index, scenario in enumerate(scenarios):
            steps = scenario.get("steps") if isinstance(scenario, dict) else None
            if isinstance(steps, list):
                scenarios[index] = scenario = {**scenario, "steps": list(steps)}
                for number, step in enumerate(steps):
                    if isinstance(step, dict):
                        scenario["steps"][number] = {**step, **{k: v for k, v in added.items() if k not in step}}
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 added a card colour, flow labels/styles/arrowheads, collapsed and custom lanes.

    Every new key has a default that draws a version 2 file as it was (except that flows are now routed as
    elbows), so nothing needs writing here: the loader fills the defaults in.
    """
    return dict(data)


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring ``data`` written as ``version`` up to the current FORMAT_VERSION."""
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data
