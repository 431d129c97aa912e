"""The drawing as clipboard data: a PNG at twice the drawn size for documents and chat, and the SVG for drawing
programs that take it (under ``image/svg+xml``)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QMimeData

from blueprint_editor.canvas import style
from blueprint_editor.model import Document
from blueprint_editor.render.export import drawing_title, ensure_application, render_png, svg_text
from blueprint_editor.render.export_scene import SceneOptions, build_export_scene

CLIPBOARD_SCALE = 2.0
SVG_MIME_TYPE = "image/svg+xml"


def image_mime_data(
    document: Document,
    scenario_id: str | None = None,
    *,
    step_ids: Collection[str] | None = None,
    customer_view: bool = False,
    keep_screen_theme: bool = False,
) -> QMimeData:
    """One scenario (or only ``step_ids`` of it) as an image and as SVG, ready for the clipboard."""
    ensure_application()
    options = SceneOptions.of(customer_view=customer_view, step_ids=step_ids)
    with style.palette_for_export(keep_screen_theme):
        scene = build_export_scene(document, scenario_id, options)
        try:
            image = render_png(scene, CLIPBOARD_SCALE)
            svg = svg_text(scene, drawing_title(document.title, scene.scenario.name, customer_view))
        finally:
            scene.clear()
    mime = QMimeData()
    mime.setImageData(image)
    mime.setData(SVG_MIME_TYPE, svg.encode("utf-8"))
    return mime
