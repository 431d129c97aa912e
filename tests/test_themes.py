"""Themes and palettes as a user meets them: the View > Theme menu, the colour-blind-safe palette, card colours,
and exports that come out in the print palette whatever the screen shows."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import no_display_environment
from gui_helpers import open_editor
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.canvas import style
from blueprint_editor.canvas.step_item import BADGE_RADIUS
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.model import LaneKind
from blueprint_editor.model.document import ValueClass
from blueprint_editor.model.geometry import CARD_WIDTH, LANE_GUTTER, band_of
from blueprint_editor.render import ExportError, export_scenario
from blueprint_editor.ui import colour_field, themes
from blueprint_editor.ui.main_window import MainWindow

DARK_GROUND = QColor(style.palette("dark").colours["CANVAS_BACKGROUND"])


def _forget_theme() -> None:
    settings = themes._settings()
    settings.remove(themes.THEME_KEY)
    settings.remove(themes.COLOUR_BLIND_KEY)
    settings.sync()


@pytest.fixture(autouse=True)
def _light_before_and_after() -> Iterator[None]:
    """Every test starts, and leaves the next one, in the light theme with nothing remembered."""
    _forget_theme()
    themes.show_theme("light", remember=False)
    yield
    themes.show_theme("light", remember=False)
    _forget_theme()


def _new_window(qtbot: QtBot, tmp_path: Path, example_file: Path | None = None) -> MainWindow:
    store = AutosaveStore(tmp_path / "autosave")
    return open_editor(qtbot, example_file, store=store, reset_zoom=example_file is not None)


@pytest.fixture
def window(qtbot: QtBot, example_file: Path, tmp_path: Path) -> MainWindow:
    return _new_window(qtbot, tmp_path, example_file)


def _screen(window: MainWindow) -> QImage:
    """What the canvas shows now."""
    window.scene.update()
    QApplication.processEvents()
    return window.view.viewport().grab().toImage()


def _visible(window: MainWindow, scene_pos: QPointF) -> QPoint:
    window.view.ensureVisible(scene_pos.x() - 5, scene_pos.y() - 5, 10, 10, 150, 150)
    return window.view.mapFromScene(scene_pos)


def _pixel(window: MainWindow, scene_pos: QPointF) -> QColor:
    point = _visible(window, scene_pos)
    image = _screen(window)
    assert image.rect().contains(point), "the point is on screen"
    return image.pixelColor(point)


def _lightness(colour: QColor) -> int:
    return colour.lightness()


def _close(a: QColor, b: QColor, tolerance: int = 8) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _canvas_ground(window: MainWindow) -> QPointF:
    """A point of bare canvas, left of and above the drawing."""
    rect = window.scene.content_rect()
    return rect.topLeft() - QPointF(12, 12)


def _choose_theme(window: MainWindow, theme: str) -> None:
    window.theme_menu.theme_actions[theme].trigger()


def test_the_view_menu_offers_three_themes_one_at_a_time_and_the_colour_blind_palette(window: MainWindow) -> None:
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.theme_menu.menuAction() in view_menu.actions()
    titles = [a.text() for a in window.theme_menu.actions() if not a.isSeparator()]
    assert titles == ["&Light", "&Dark", "&High contrast", "&Colour-blind-safe Palette"]
    assert window.theme_menu.theme_actions["light"].isChecked()
    _choose_theme(window, "dark")
    checked = [t for t, a in window.theme_menu.theme_actions.items() if a.isChecked()]
    assert checked == ["dark"]


def test_the_dark_theme_darkens_the_canvas_and_lightens_the_ink(window: MainWindow) -> None:
    ground = _canvas_ground(window)
    assert _lightness(_pixel(window, ground)) > 240
    card = window.scene.step_item("c5")
    assert card is not None
    text_area = card.mapRectToScene(card.card_rect().adjusted(20, 14, -20, -24))
    _choose_theme(window, "dark")
    shown = _pixel(window, ground)
    assert _close(shown, DARK_GROUND), shown.name()
    assert _lightness(shown) < 50
    # The text of a card: its brightest pixels are light ink on the dark card.
    _visible(window, text_area.center())
    image = _screen(window)
    top_left = window.view.mapFromScene(text_area.topLeft())
    bottom_right = window.view.mapFromScene(text_area.bottomRight())
    assert image.rect().contains(top_left) and image.rect().contains(bottom_right)
    lightest = max(
        _lightness(image.pixelColor(x, y))
        for x in range(top_left.x(), bottom_right.x())
        for y in range(top_left.y(), bottom_right.y())
    )
    fill = image.pixelColor(window.view.mapFromScene(card.mapToScene(QPointF(CARD_WIDTH / 2 + 10, 5))))
    assert _lightness(fill) < 70, fill.name()
    assert lightest > 200
    # And the application's widgets follow.
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60
    _choose_theme(window, "light")
    assert _lightness(_pixel(window, ground)) > 240
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_high_contrast_is_black_white_and_yellow_with_heavier_lines(window: MainWindow) -> None:
    _choose_theme(window, "high-contrast")
    assert _pixel(window, _canvas_ground(window)).name() == "#000000"
    customer = band_of(window.scene.scenario, "customer")
    assert customer is not None
    inside_lane = QPointF(window.scene.content_rect().right() - 30, customer.top + 6)
    assert _pixel(window, inside_lane).name() == "#000000", "no tinted lane fills"
    assert style.BLUEPRINT_LINE.name() == "#ffff00"
    assert style.stroke(2) > 3


def test_the_theme_is_remembered_for_the_next_window(qtbot: QtBot, tmp_path: Path, example_file: Path) -> None:
    first = _new_window(qtbot, tmp_path, example_file)
    _choose_theme(first, "dark")
    first.close()
    style.use_theme("light")  # as a new session starts, before any window
    second = _new_window(qtbot, tmp_path, example_file)
    assert second.theme_menu.theme_actions["dark"].isChecked()
    assert _close(_pixel(second, _canvas_ground(second)), DARK_GROUND)
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60


def test_a_png_export_made_in_the_dark_theme_is_on_white_paper(window: MainWindow, tmp_path: Path) -> None:
    _choose_theme(window, "dark")
    printed = tmp_path / "printed.png"
    assert window.export_to(printed)  # the window's File > Export
    image = QImage(str(printed))
    assert image.pixelColor(0, 0).name() == "#ffffff"
    dark = _share(image, lambda c: c.lightness() < 70)
    assert 0.002 < dark < 0.1, f"ink is there, on white: {dark:.1%} dark pixels"

    kept = tmp_path / "screen.png"
    export_scenario(window.controller.document, kept, keep_screen_theme=True)
    image = QImage(str(kept))
    assert _close(image.pixelColor(0, 0), DARK_GROUND)
    assert _share(image, lambda c: c.lightness() < 70) > 0.5

    # The editor is still dark, its colours and its canvas.
    assert style.active_palette().name == "dark"
    assert _close(_pixel(window, _canvas_ground(window)), DARK_GROUND)


def test_a_failed_export_gives_back_the_screen_palette(window: MainWindow, tmp_path: Path) -> None:
    _choose_theme(window, "dark")
    with pytest.raises(ExportError):
        export_scenario(window.controller.document, tmp_path / "missing" / "folder" / "x.png")
    assert style.active_palette().name == "dark"
    assert style.INK.name() == style.palette("dark").colours["INK"]


def test_pdf_and_svg_exports_use_the_print_palette_in_the_dark_theme(window: MainWindow, tmp_path: Path) -> None:
    _choose_theme(window, "dark")
    dark_ground = DARK_GROUND.name()
    svg = tmp_path / "printed.svg"
    export_scenario(window.controller.document, svg)
    assert dark_ground not in svg.read_text(encoding="utf-8").lower()
    kept = tmp_path / "screen.svg"
    export_scenario(window.controller.document, kept, keep_screen_theme=True)
    assert dark_ground in kept.read_text(encoding="utf-8").lower()
    pdf = tmp_path / "printed.pdf"
    export_scenario(window.controller.document, pdf)
    assert pdf.stat().st_size > 1000
    assert style.active_palette().name == "dark"


def test_the_command_line_exports_in_print_colours_unless_asked_for_the_screen_theme(
    tmp_path: Path, example_file: Path
) -> None:
    config = tmp_path / "config"
    folder = config / themes.SETTINGS_SCOPE[0]
    folder.mkdir(parents=True)
    (folder / f"{themes.SETTINGS_SCOPE[1]}.conf").write_text("[view]\ntheme=dark\n", encoding="utf-8")
    env = {**no_display_environment(), "XDG_CONFIG_HOME": str(config)}  # the editor's settings, chosen dark

    def export(*args: str | Path) -> None:
        command = [sys.executable, "-m", "blueprint_editor", "export", str(example_file), *map(str, args)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr

    printed, kept = tmp_path / "printed.png", tmp_path / "screen.png"
    export("-o", printed)
    export("-o", kept, "--screen-theme")
    assert QImage(str(printed)).pixelColor(0, 0).name() == "#ffffff"
    assert _close(QImage(str(kept)).pixelColor(0, 0), DARK_GROUND)


def _share(image: QImage, test) -> float:
    step = 3
    seen = hits = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen += 1
            hits += bool(test(image.pixelColor(x, y)))
    return hits / seen


def test_the_colour_blind_safe_palette_changes_lane_colours_and_the_fail_badge_shape(window: MainWindow) -> None:
    customer = band_of(window.scene.scenario, "customer")
    assert customer is not None
    stripe = QPointF(-LANE_GUTTER + 3, customer.top + customer.height / 2)
    before = _pixel(window, stripe)
    assert _close(before, QColor(style.palette("light").lane_accent[LaneKind.CUSTOMER]))
    card = window.scene.step_item("c5")  # a fail point
    assert card is not None and card.face.fail_point
    # Inside a diamond on the card's top-right corner, outside the disc drawn there otherwise.
    corner = card.mapToScene(QPointF(CARD_WIDTH - 4, -BADGE_RADIUS - 1.5))
    assert not _close(_pixel(window, corner), style.FAIL, 40)

    window.theme_menu.colour_blind.trigger()
    after = _pixel(window, stripe)
    assert _close(after, QColor(style.OKABE_ITO["blue"])), after.name()
    assert _close(_pixel(window, corner), QColor(style.OKABE_ITO["vermillion"]), 40)
    assert themes.remembered_theme() == ("light", True)
    _choose_theme(window, "dark")  # the palette goes with any theme
    assert window.theme_menu.colour_blind.isChecked()
    assert _close(_pixel(window, stripe), QColor(style.OKABE_ITO["sky blue"]))


def test_a_card_colour_chosen_in_the_inspector_fills_the_card_and_undo_takes_it_away(
    qtbot: QtBot, window: MainWindow
) -> None:
    card = window.scene.step_item("c4")
    assert card is not None and card.face.wait_min == 0
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=_visible(window, card.scene_card_rect().center())
    )
    assert window.inspector.step_id == "c4"
    # A point of the card's fill, clear of text, stripe and badges.
    plain = card.mapToScene(QPointF(14, 5))
    assert _close(_pixel(window, plain), style.CARD_FILL)

    orange = style.OKABE_ITO["orange"]
    button = window.inspector.colour.swatches[orange]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.scene.scenario.step("c4").colour == orange
    shown = _pixel(window, plain)
    assert _close(shown, style.card_fill(orange)), shown.name()
    assert shown.red() > shown.blue() + 30, "the card looks orange"
    assert button.isChecked()

    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.scenario.step("c4").colour is None
    assert _close(_pixel(window, plain), style.CARD_FILL)
    assert window.inspector.colour.lane_colour.isChecked()


def test_custom_and_lane_colour_buttons(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    card = window.scene.step_item("c4")
    assert card is not None
    card.setSelected(True)
    monkeypatch.setattr(colour_field, "ask_custom_colour", lambda parent, initial: QColor("#123456"))
    qtbot.mouseClick(window.inspector.colour.custom, Qt.MouseButton.LeftButton)
    assert window.scene.scenario.step("c4").colour == "#123456"
    monkeypatch.setattr(colour_field, "ask_custom_colour", lambda parent, initial: None)  # cancelled
    qtbot.mouseClick(window.inspector.colour.custom, Qt.MouseButton.LeftButton)
    assert window.scene.scenario.step("c4").colour == "#123456"
    qtbot.mouseClick(window.inspector.colour.lane_colour, Qt.MouseButton.LeftButton)
    assert window.scene.scenario.step("c4").colour is None
    assert window.controller.undo_stack.count() == 2


def test_presentation_follows_the_theme(qtbot: QtBot, window: MainWindow) -> None:
    _choose_theme(window, "dark")
    presentation = window.present()
    try:
        qtbot.waitExposed(presentation)
        image = presentation.view.viewport().grab().toImage()
        assert _share(image, lambda c: c.lightness() < 70) > 0.5
    finally:
        presentation.close()
        style.set_presentation_scale(1.0, 1.0)


ALL_PALETTES = [style.palette(t, colour_blind_safe=cb) for t in (*style.THEMES, style.PRINT) for cb in (False, True)]


@pytest.mark.parametrize("p", ALL_PALETTES, ids=lambda p: f"{p.name}{'-safe' if p.colour_blind_safe else ''}")
def test_every_palette_keeps_text_readable_and_colours_every_lane(p: style.Palette) -> None:
    def c(name: str) -> QColor:
        return QColor(p.colours[name])

    assert set(p.lane_fill) == set(p.lane_accent) == set(LaneKind)
    assert set(p.value_class) == set(ValueClass)
    assert style.contrast(c("INK"), c("CARD_FILL")) >= 7
    for kind in LaneKind:
        assert style.contrast(c("INK"), QColor(p.lane_fill[kind])) >= 7, kind  # lane titles
    assert style.contrast(c("CARD_FILL"), c("BLUEPRINT_LINE")) >= 4.5  # the lines' labels
    for badge in ("FAIL", "WAIT", *(v for v in p.value_class.values())):
        fill = c(badge) if badge in p.colours else QColor(badge)
        assert style.contrast(style.ink_on(fill), fill) >= 4.5, badge
    assert c("FAIL") != c("WAIT")
    # Text stays readable on any card colour the inspector offers, in any theme.
    previous = style.active_palette()
    style._put_in_place(p)
    try:
        for _, swatch in colour_field.SWATCHES:
            fill = style.card_fill(swatch)
            assert style.contrast(style.ink_on(fill), fill) >= 4.5, swatch
    finally:
        style._put_in_place(previous)


@pytest.mark.parametrize("p", ALL_PALETTES, ids=lambda p: f"{p.name}{'-safe' if p.colour_blind_safe else ''}")
def test_every_palette_draws_alignment_guides_that_stand_out_from_the_canvas_and_the_selection(
    p: style.Palette,
) -> None:
    guide = p.colour("GUIDE")
    grounds = [p.colour("CANVAS_BACKGROUND"), p.colour("CARD_FILL"), *(QColor(c) for c in p.lane_fill.values())]
    for ground in grounds:
        assert style.contrast(guide, ground) >= 3, ground.name()  # WCAG's least for lines and shapes
    assert guide.hslSaturation() > 150, "a vivid colour, never taken for ink or a grid line"
    hue_apart = abs(guide.hslHue() - p.colour("SELECTION").hslHue())
    assert min(hue_apart, 360 - hue_apart) >= 90, "not a shade of the selection's colour"


def test_an_unknown_theme_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="Unknown theme 'sepia'"):
        style.palette("sepia")
    settings = themes._settings()
    settings.setValue(themes.THEME_KEY, "sepia")  # a settings file edited by hand, or from a newer version
    assert themes.remembered_theme() == ("light", False)


def test_the_analysis_findings_stay_readable_in_the_dark_theme(qtbot: QtBot, window: MainWindow) -> None:
    dock = window.analysis
    dock.raise_()
    qtbot.waitUntil(lambda: dock.findings.count() > 0 and "Nothing" not in dock.findings.item(0).text())

    def worst_contrast() -> float:
        ground = dock.findings.palette().base().color()
        return min(
            style.contrast(dock.findings.item(i).foreground().color(), ground) for i in range(dock.findings.count())
        )

    assert worst_contrast() >= 4.5
    _choose_theme(window, "dark")
    QApplication.processEvents()
    assert dock.findings.palette().base().color().lightnessF() < 0.3
    assert worst_contrast() >= 4.5, "the severity colours were chosen again for the dark list"
