"""Export of a scenario to images, drawn by the same scene code as the canvas; works without a display."""

from blueprint_editor.render.export import ExportError, export_scenario, render_png, render_svg

__all__ = ["ExportError", "export_scenario", "render_png", "render_svg"]
