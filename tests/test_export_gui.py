"""Exports from the window, driven as a user drives them: the Export dialog, its progress and Cancel, Copy as Image,
and Print with a preview."""

from __future__ import annotations

import gc
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QCheckBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from blueprint_editor.render.clipboard import SVG_MIME_TYPE
from blueprint_editor.ui import export_actions, prompts
from blueprint_editor.ui.export_dialog import ExportDialog
from blueprint_editor.ui.main_window import MainWindow

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _fresh_export_settings() -> None:
    QSettings().remove("export")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, example_file: Path) -> MainWindow:
    path = tmp_path / "stay.json"
    path.write_bytes(example_file.read_bytes())
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(path)
    win.view.reset_zoom()
    return win


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text, **kw: messages.append(f"{title}: {text}"))
    return messages


def open_export_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    """Ctrl+E, as the user presses it."""
    window.activateWindow()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.exports.dialog is not None and window.exports.dialog.isVisible())
    dialog = window.exports.dialog
    assert dialog is not None
    return dialog


def choose(qtbot: QtBot, dialog: ExportDialog, path: Path, fmt: str) -> None:
    dialog.set_format(fmt)
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(path))


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box (the widget may be wider than its text, and a click beside that misses)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def click_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def svg_ids(path: Path, prefix: str) -> set[str]:
    root = ET.parse(path).getroot()
    return {node.get("id", "") for node in root.iter() if node.get("id", "").startswith(prefix)}


def click_card(qtbot: QtBot, window: MainWindow, step_id: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    item = window.scene.step_item(step_id)
    assert item is not None
    centre = item.scene_card_rect().center()
    window.view.ensureVisible(item)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, modifier, window.view.mapFromScene(centre))


def test_export_menu_entry_and_shortcuts(window: MainWindow) -> None:
    assert window.actions["export"].shortcut() == QKeySequence("Ctrl+E")
    assert window.actions["print"].shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.actions["copy_image"].shortcut() == QKeySequence("Ctrl+Alt+C")
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.actions["export"] in file_menu.actions() and window.actions["print"] in file_menu.actions()


def test_dialog_exports_svg_with_title_block_and_legend(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, window)
    out = tmp_path / "out" / "drawing"
    out.parent.mkdir()
    choose(qtbot, dialog, out, "svg")
    assert not dialog.dpi_spin.isVisible() and not dialog.page_box.isVisible(), "PNG and PDF options are hidden"
    tick(qtbot, dialog.title_check)
    tick(qtbot, dialog.legend_check)
    click_export(qtbot, dialog)
    written = out.with_suffix(".svg")
    qtbot.waitUntil(written.exists)
    assert not dialog.isVisible()
    assert {"title-block", "legend"} <= svg_ids(written, "")
    assert "Exported drawing.svg" in window.statusBar().currentMessage()


def test_dialog_exports_png_at_a_resolution_on_no_background(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, window)
    out = tmp_path / "picture.png"
    choose(qtbot, dialog, out, "png")
    assert dialog.dpi_spin.isVisible() and dialog.transparent_check.isVisible()
    dialog.dpi_spin.selectAll()
    qtbot.keyClicks(dialog.dpi_spin, "288")
    tick(qtbot, dialog.transparent_check)
    assert "3x" in dialog.pixels_label.text()
    click_export(qtbot, dialog)
    qtbot.waitUntil(out.exists)
    picture = QImage(str(out))
    assert abs(picture.dotsPerMeterX() * 0.0254 - 288) < 0.5
    assert QColor.fromRgba(picture.pixel(1, 1)).alpha() == 0
    content = window.scene.content_rect()
    assert picture.width() == pytest.approx((content.width() + 48) * 3, abs=2)


def test_dialog_exports_every_scenario_to_one_pdf(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.controller.add_scenario("Complaint", copy_of=window.scene.scenario_id)
    dialog = open_export_dialog(qtbot, window)
    out = tmp_path / "all.pdf"
    choose(qtbot, dialog, out, "pdf")
    assert dialog.page_box.isVisible() and dialog.scenario_box.isVisible() and not dialog.dpi_spin.isVisible()
    dialog.scenario_box.setCurrentIndex(1)
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("a4"))
    assert dialog.tile_box.isEnabled()
    click_export(qtbot, dialog)
    qtbot.waitUntil(out.exists)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 2, "a page (or more) for each scenario"


def test_selection_only_exports_the_selected_steps(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    click_card(qtbot, window, "c4")
    click_card(qtbot, window, "c5", Qt.KeyboardModifier.ControlModifier)
    assert window.scene.selected_step_ids() == {"c4", "c5"}
    dialog = open_export_dialog(qtbot, window)
    assert dialog.selection_check.isEnabled() and "2 selected" in dialog.selection_check.text()
    out = tmp_path / "two.svg"
    choose(qtbot, dialog, out, "svg")
    tick(qtbot, dialog.selection_check)
    click_export(qtbot, dialog)
    qtbot.waitUntil(out.exists)
    assert svg_ids(out, "step-") == {"step-c4", "step-c5"}


def test_choices_are_remembered_for_next_time(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, window)
    choose(qtbot, dialog, tmp_path / "a.pdf", "pdf")
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("a3"))
    dialog.tile_box.setCurrentIndex(1)
    tick(qtbot, dialog.legend_check)
    click_export(qtbot, dialog)
    qtbot.waitUntil((tmp_path / "a.pdf").exists)
    again = open_export_dialog(qtbot, window)
    assert again is not dialog
    assert again.fmt() == "pdf" and again.page_box.currentData() == "a3" and again.tile_box.currentIndex() == 1
    assert again.legend_check.isChecked() and not again.title_check.isChecked()
    assert Path(again.path_edit.text()).parent == tmp_path, "the last export's folder"
    again.reject()


def test_a_missing_folder_is_said_in_the_dialog_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_export_dialog(qtbot, window)
    choose(qtbot, dialog, tmp_path / "gone" / "x.png", "png")
    click_export(qtbot, dialog)
    assert dialog.isVisible(), "the dialog stays open to put it right"
    assert dialog.error_label.isVisible() and "does not exist" in dialog.error_label.text()
    assert not (tmp_path / "gone").exists()
    dialog.reject()


def test_cancelling_the_progress_dialog_leaves_no_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_actions, "PROGRESS_AFTER_MS", 0)  # show it at once rather than after a moment
    seen: list[QProgressDialog] = []

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible() and not seen:
                seen.append(widget)
                cancel = widget.findChild(QPushButton)
                assert cancel is not None and cancel.text() == "Cancel"
                qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(5)
    dialog = open_export_dialog(qtbot, window)
    out = tmp_path / "huge.png"
    choose(qtbot, dialog, out, "png")
    dialog.dpi_spin.setValue(600)
    click_export(qtbot, dialog)
    timer.stop()
    assert seen, "the progress dialog was shown"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "stay.json"], "no temporary file either"
    assert "cancelled" in window.statusBar().currentMessage()


def test_copy_as_image_puts_a_picture_and_svg_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window.actions["copy_image"].trigger()
    whole = QImage(clipboard.image())
    assert not whole.isNull()
    content = window.scene.content_rect()
    assert whole.width() == pytest.approx(2 * (content.width() + 48), abs=4), "at twice the drawn size"
    svg = bytes(clipboard.mimeData().data(SVG_MIME_TYPE).data())
    assert ET.fromstring(svg).tag == f"{NS}svg"
    click_card(qtbot, window, "c4")
    qtbot.keyClick(
        window.view.viewport(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    part = QImage(clipboard.image())
    assert 0 < part.width() < whole.width() / 5, "only the selected step"
    assert "selected" in window.statusBar().currentMessage()


def test_print_preview_shows_the_pages(qtbot: QtBot, window: MainWindow, told: list[str]) -> None:
    printed: list[int] = []
    real = window.exports.print_pages
    window.exports.print_pages = lambda printer: printed.append(real(printer)) or printed[-1]  # type: ignore[method-assign]
    window.actions["print"].trigger()
    preview = window.exports.preview
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None and widget.pageCount() == printed[-1] >= 1
    # The preview draws again (a page setup changed, say) long after Print was chosen: its printer is still there.
    gc.collect()
    widget.setLandscapeOrientation()
    widget.updatePreview()
    qtbot.waitUntil(lambda: len(printed) >= 2, timeout=10_000)
    assert widget.pageCount() == printed[-1] >= 1
    assert told == []
    preview.reject()


def test_the_old_export_actions_open_the_dialog_on_their_format(qtbot: QtBot, window: MainWindow) -> None:
    window.actions["export_svg"].trigger()
    dialog = window.exports.dialog
    assert dialog is not None and dialog.fmt() == "svg" and dialog.path().suffix == ".svg"
    dialog.reject()
    window.actions["export_png"].trigger()
    dialog = window.exports.dialog
    assert dialog is not None and dialog.fmt() == "png" and dialog.path().suffix == ".png"
    dialog.reject()
