"""Exports from the window: the Export dialog, copying the drawing as an image, and printing with a preview.

The main window only creates the actions; the work is here. Every export runs with a progress dialog that shows
itself when the export takes longer than a moment and can cancel it; a cancelled export writes nothing.

The renderers, Qt's print support and the dialog are imported when first used: the first window needs none of
them, and importing them would lengthen every start (tests/test_startup.py, docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSizeF, Qt
from PySide6.QtGui import QGuiApplication, QPageLayout
from PySide6.QtWidgets import QProgressDialog, QWidget

from blueprint_editor.canvas.scene import BlueprintScene
from blueprint_editor.editing import DocumentController
from blueprint_editor.ui import prompts

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from blueprint_editor.ui.export_dialog import ExportDialog, ExportRequest

# An export that takes longer than this shows its progress (and a Cancel button).
PROGRESS_AFTER_MS = 400


class ExportProgress:
    """A progress callback for the render functions, backed by a cancellable, window-modal progress dialog."""

    def __init__(self, parent: QWidget, label: str) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle("Exporting")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)

    def __call__(self, done: int, total: int) -> bool:
        total = max(total, 1)
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        # setValue shows the dialog once the export has run long enough (or promises to), and from then on lets
        # its Cancel button be clicked: it handles events while the window waits.
        self.dialog.setValue(min(done, total))
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()


class ExportActions(QObject):
    """The window's exports. ``scene`` is the canvas: its scenario and its selected steps are what is exported."""

    def __init__(
        self,
        window: QWidget,
        controller: DocumentController,
        scene: BlueprintScene,
        document_path: Callable[[], Path | None],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.scene = scene
        self._document_path = document_path
        self._status = status
        self.dialog: ExportDialog | None = None
        self.preview: QPrintPreviewDialog | None = None
        self._printer: QPrinter | None = None

    # The Export dialog

    def open_dialog(self, fmt: str | None = None) -> ExportDialog:
        """Show the Export dialog (PNG, SVG or PDF, or the format chosen last); Export in it writes the file."""
        from blueprint_editor.render.export import MARGIN
        from blueprint_editor.ui.export_dialog import ExportDialog

        scenario = self.scene.scenario
        rect = self.scene.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        dialog = ExportDialog(
            self._suggested_path(fmt),
            self.window,
            fmt=fmt,
            scenario_name=scenario.name,
            selected_steps=len(self.scene.selected_step_ids()),
            scenario_count=len(self.controller.document.scenarios),
            drawing_size=QSizeF(rect.width(), rect.height()),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run(dialog.request()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _suggested_path(self, fmt: str | None) -> Path:
        from blueprint_editor.ui.export_dialog import remembered_folder

        path = self._document_path()
        folder = Path(remembered_folder()) if remembered_folder() else None
        if path is not None:
            stem = path.stem
            folder = folder if folder is not None and folder.is_dir() else path.parent
        else:
            stem = "blueprint"
            folder = folder if folder is not None and folder.is_dir() else Path.home()
        return folder / f"{stem}.{fmt or 'png'}"

    def run(self, request: ExportRequest) -> bool:
        """Export as asked, with a progress dialog; tell the user what went wrong, if anything did."""
        from blueprint_editor.render import ExportCancelledError, ExportError, export_document_pdf, export_scenario

        document = self.controller.document
        step_ids = self.scene.selected_step_ids() if request.selection_only else None
        progress = ExportProgress(self.window, f"Exporting {request.path.name}…")
        try:
            if request.fmt == "pdf":
                export_document_pdf(
                    document,
                    request.path,
                    scenario_id=None if request.all_scenarios else self.scene.scenario_id,
                    page=request.page,
                    tile=request.tile,
                    customer_view=request.customer_view,
                    title_block=request.title_block,
                    legend=request.legend,
                    step_ids=step_ids,
                    progress=progress,
                )
            else:
                export_scenario(
                    document,
                    request.path,
                    scenario_id=self.scene.scenario_id,
                    fmt=request.fmt,
                    dpi=request.dpi,
                    transparent=request.transparent,
                    customer_view=request.customer_view,
                    title_block=request.title_block,
                    legend=request.legend,
                    step_ids=step_ids,
                    progress=progress,
                )
        except ExportCancelledError:
            self._status("Export cancelled; nothing was written.")
            return False
        except ExportError as error:
            prompts.tell(self.window, "Cannot export", str(error))
            return False
        finally:
            progress.close()
        self._status(f"Exported {request.path.name}")
        return True

    def export_to(self, path: Path, scale: float = 1.0) -> bool:
        """Export the shown scenario to ``path`` (PNG, SVG or PDF by its extension), without the dialog."""
        from blueprint_editor.render import ExportError, export_scenario

        try:
            export_scenario(self.controller.document, path, scenario_id=self.scene.scenario_id, scale=scale)
        except ExportError as error:
            prompts.tell(self.window, "Cannot export", str(error))
            return False
        self._status(f"Exported {path.name}")
        return True

    # The clipboard

    def copy_image(self) -> bool:
        """Put the scenario (or only the selected steps) on the clipboard as a PNG at 2x and as SVG."""
        from blueprint_editor.render import ExportError
        from blueprint_editor.render.clipboard import image_mime_data
        from blueprint_editor.ui.export_dialog import remembered_options

        selected = self.scene.selected_step_ids()
        options = remembered_options()
        try:
            mime = image_mime_data(
                self.controller.document,
                self.scene.scenario_id,
                step_ids=selected or None,
                customer_view=options["customer_view"],
            )
        except ExportError as error:
            prompts.tell(self.window, "Cannot copy the image", str(error))
            return False
        QGuiApplication.clipboard().setMimeData(mime)
        what = f"the {len(selected)} selected steps" if selected else "the scenario"
        self._status(f"Copied {what} as an image")
        return True

    # Printing

    def print_preview(self) -> QPrintPreviewDialog:
        """Show the print preview of the shown scenario, laid out as the PDF export lays it out on the sheet the
        printer is set to, with the options last chosen in the Export dialog."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.controller.document.title or "Blueprint")
        # The dialog does not own the printer: it must live as long as the dialog, or the preview draws on freed
        # memory.
        self._printer = printer
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle("Print Preview")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.paintRequested.connect(self.print_pages)
        self.preview = dialog
        dialog.open()
        return dialog

    def print_pages(self, printer: QPrinter) -> int:
        """Draw the shown scenario's pages on ``printer``; returns the number of pages (0 when it failed)."""
        from blueprint_editor.render import ExportError
        from blueprint_editor.render.pdf import print_document
        from blueprint_editor.ui.export_dialog import remembered_options

        options = remembered_options()
        try:
            return print_document(
                printer,
                self.controller.document,
                scenario_id=self.scene.scenario_id,
                tile=options["tile"],
                customer_view=options["customer_view"],
                title_block=options["title_block"],
                legend=options["legend"],
            )
        except ExportError as error:
            prompts.tell(self.window, "Cannot print", str(error))
            return 0
