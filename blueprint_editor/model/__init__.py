"""The document model: pure Python and pydantic, the single source of truth. Never imports Qt."""

from blueprint_editor.model.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    STANDARD_LANES,
    Document,
    Flow,
    FlowArrows,
    FlowStyle,
    Lane,
    LaneKind,
    Phase,
    Scenario,
    Step,
    StepPlace,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "STANDARD_LANES",
    "Document",
    "Flow",
    "FlowArrows",
    "FlowStyle",
    "Lane",
    "LaneKind",
    "Phase",
    "Scenario",
    "Step",
    "StepPlace",
]
