"""The window remembers where the user left it: the docks as they were placed, shown or hidden, and the window's
size, place and maximised state, given to the next window that opens; a layout it cannot use is ignored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.ui import app, window_layout
from blueprint_editor.ui.main_window import MainWindow

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    """The layout is kept in a settings file of this test's own: the test settings are shared by every test
    process, and a window closed by another test must not give these windows its layout (nor the reverse)."""
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(window_layout, "_settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return window_layout._settings()


@pytest.fixture
def open_window(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OpenWindow]:
    """Opens a window as the editor does at start-up (app.new_window); the windows still open are closed at the
    end, while the layout still goes to this test's settings."""
    monkeypatch.setattr(app, "_windows", [])
    store = AutosaveStore(tmp_path / "autosave")
    opened: list[MainWindow] = []

    def open_one(*, wait: bool = True) -> MainWindow:
        """A window as new_window leaves it; with ``wait``, once it is on screen."""
        window = app.new_window(store)
        opened.append(window)
        if wait:
            qtbot.waitExposed(window)
        return window

    yield open_one
    for window in opened:
        if window.isVisible():
            close(window)


def close(window: MainWindow) -> None:
    """Close the window as its close button does (nothing to save)."""
    window.controller.undo_stack.setClean()
    assert window.close()
    QApplication.processEvents()


def assert_sized_as_when_nothing_is_remembered(window: MainWindow) -> None:
    """Nearly the whole screen, in its middle."""
    screen = QApplication.primaryScreen().availableGeometry()
    assert window.size() == QSize(int(screen.width() * 0.92), int(screen.height() * 0.92))
    assert screen.contains(window.frameGeometry())
    offset = window.frameGeometry().center() - screen.center()
    assert offset.manhattanLength() <= 8, "in the middle of the screen"


def test_a_new_window_has_the_docks_and_the_place_the_last_window_was_closed_with(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    first = open_window()
    assert first.inspector.isVisible() and first.dockWidgetArea(first.overview) == RIGHT
    first.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)
    qtbot.keyClick(first.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # View > Inspector
    assert not first.inspector.isVisible()
    first.addDockWidget(LEFT, first.overview)  # where a drag of its title bar to the left edge drops it
    first.overview.show()
    first.setGeometry(QRect(40, 60, 640, 600))
    placed = first.geometry()
    close(first)

    second = open_window()
    assert not second.inspector.isVisible(), "the Inspector stays hidden"
    assert not second.actions["inspector"].isChecked()
    assert second.dockWidgetArea(second.overview) == LEFT and second.overview.isVisible()
    assert second.geometry() == placed
    second.actions["inspector"].trigger()
    assert second.inspector.isVisible() and second.dockWidgetArea(second.inspector) == RIGHT


def test_a_window_closed_maximised_opens_maximised(qtbot: QtBot, open_window: OpenWindow) -> None:
    first = open_window()
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    close(first)
    second = open_window()
    qtbot.waitUntil(second.isMaximized)


def test_closing_a_window_as_it_opened_writes_no_setting(open_window: OpenWindow, settings: QSettings) -> None:
    close(open_window())
    settings.sync()
    kept = Path(settings.fileName()).read_bytes()
    close(open_window())
    assert Path(settings.fileName()).read_bytes() == kept


def _window_on_a_screen_that_has_gone() -> QByteArray:
    """The geometry Qt keeps for a window that was on a 1920-pixel projector to the right of the laptop's screen."""
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.setVersion(QDataStream.Version.Qt_4_0)
    place = QRect(2000, 100, 1800, 1000)
    stream.writeUInt32(0x1D9D0CB)  # QWidget::saveGeometry's magic number and its format 3.0
    stream.writeUInt16(3)
    stream.writeUInt16(0)
    stream << place << place  # the frame and the normal geometry
    stream.writeInt32(1)  # the second screen
    stream.writeUInt8(0)  # not maximised
    stream.writeUInt8(0)  # nor full screen
    stream.writeInt32(1920)  # that screen's width
    stream << place  # and the geometry
    return data


def test_a_window_kept_on_a_screen_that_has_gone_opens_on_this_one(
    open_window: OpenWindow, settings: QSettings
) -> None:
    settings.setValue(window_layout.GEOMETRY_KEY, _window_on_a_screen_that_has_gone())
    window = open_window()
    assert_sized_as_when_nothing_is_remembered(window)


def test_a_window_kept_far_off_this_screen_comes_back_onto_it(open_window: OpenWindow) -> None:
    first = open_window()
    first.setGeometry(QRect(20000, 15000, 640, 600))
    close(first)
    second = open_window()
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.contains(second.geometry()), "all of it on the screen"


def _layout_of_an_older_version(open_window: OpenWindow) -> QByteArray:
    """Docks placed by the version before this one: the Inspector hidden, the Overview on the left."""
    window = open_window()
    window.inspector.hide()
    window.addDockWidget(LEFT, window.overview)
    state = window.saveState(window_layout.LAYOUT_VERSION - 1)
    close(window)
    return state


@pytest.mark.parametrize(
    "kept",
    ["an older version", "garbled", "text"],
)
def test_a_layout_the_window_cannot_use_is_ignored(open_window: OpenWindow, settings: QSettings, kept: str) -> None:
    if kept == "an older version":
        state: object = _layout_of_an_older_version(open_window)
        geometry: object = QByteArray(b"\x01\xd9\xd0\xcb\x00\x09")  # a format Qt does not know
    elif kept == "garbled":
        state = geometry = QByteArray(b"\x00\x00\x00\xffnot a layout at all")
    else:  # a settings file edited by hand
        state = geometry = "a dock on the left, please"
    settings.setValue(window_layout.STATE_KEY, state)
    settings.setValue(window_layout.GEOMETRY_KEY, geometry)
    window = open_window()
    assert window.inspector.isVisible(), "the docks as a first start shows them"
    assert window.dockWidgetArea(window.overview) == RIGHT
    assert_sized_as_when_nothing_is_remembered(window)


def test_a_window_opened_with_the_analysis_in_front_is_shown_before_the_analysis_is_computed(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    first = open_window()
    first.analysis.raise_()  # its tab clicked
    qtbot.waitUntil(lambda: first.analysis.labels["steps"].text() == "0")
    close(first)

    second = open_window(wait=False)
    assert second.analysis.labels["steps"].text() == "", "the window is shown without waiting for the figures"
    qtbot.waitUntil(lambda: second.analysis.labels["steps"].text() == "0")  # in front, it is computed once shown
