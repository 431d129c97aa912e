"""Export of a scenario to images and of a document to PDF, drawn by the same scene code as the canvas; works
without a display."""

from blueprint_editor.render.export import ExportError, export_scenario, render_png, render_svg
from blueprint_editor.render.pdf import PAGES, export_document_pdf

__all__ = ["PAGES", "ExportError", "export_document_pdf", "export_scenario", "render_png", "render_svg"]
