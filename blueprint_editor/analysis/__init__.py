"""Analysis of a scenario (graph, findings, lean figures): pure Python and networkx, never Qt."""
