"""Export of a scenario to images and of a document to PDF, drawn by the same scene code as the canvas; works
without a display."""

from blueprint_editor.render.export import ExportError, export_scenario, render_png, render_svg
from blueprint_editor.render.output import ExportCancelledError
from blueprint_editor.render.pdf import PAGES, export_document_pdf, print_document

__all__ = [
    "PAGES",
    "ExportCancelledError",
    "ExportError",
    "export_document_pdf",
    "export_scenario",
    "print_document",
    "render_png",
    "render_svg",
]
