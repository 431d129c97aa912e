"""Analysis of a scenario (graph, findings, lean figures): pure Python and networkx, never Qt."""

from blueprint_editor.analysis.findings import Finding, Severity, document_findings, scenario_findings
from blueprint_editor.analysis.graph import scenario_graph
from blueprint_editor.analysis.metrics import (
    PhaseFigures,
    ScenarioFigures,
    figures_to_json,
    phase_figures,
    scenario_figures,
)

__all__ = [
    "Finding",
    "PhaseFigures",
    "ScenarioFigures",
    "Severity",
    "document_findings",
    "figures_to_json",
    "phase_figures",
    "scenario_figures",
    "scenario_findings",
    "scenario_graph",
]
