"""The three lines of a service blueprint and the lanes they separate."""

from __future__ import annotations

from dataclasses import dataclass

from blueprint_editor.model.document import LaneKind


@dataclass(frozen=True)
class BlueprintLine:
    """A line drawn between the lane of kind ``above`` and the lane of kind ``below``."""

    key: str
    title: str
    above: LaneKind
    below: LaneKind
    dashed: bool


BLUEPRINT_LINES: tuple[BlueprintLine, ...] = (
    BlueprintLine("interaction", "Line of interaction", LaneKind.CUSTOMER, LaneKind.FRONTSTAGE, False),
    BlueprintLine("visibility", "Line of visibility", LaneKind.FRONTSTAGE, LaneKind.BACKSTAGE, True),
    BlueprintLine("internal", "Line of internal interaction", LaneKind.BACKSTAGE, LaneKind.SUPPORT, False),
)
