"""Help > Keyboard Shortcuts (F1): every shortcut of the window, grouped by menu, plus the canvas's own keys.

The list is made from the window's actions each time the sheet opens, so it cannot fall behind: an action added
or given another shortcut shows up as it is. Keys that are not actions (the canvas's arrows, Tab, Alt while
dragging...) are a short list kept here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from blueprint_editor.ui.main_window import MainWindow

OTHER = "Other"
CANVAS = "On the canvas"

# What the canvas does with keys and gestures that no menu holds: (keys, what they do).
CANVAS_KEYS: tuple[tuple[str, str], ...] = (
    ("Arrow keys", "Nudge the selected steps (Shift: further)"),
    ("Ctrl+Arrow keys", "Select the nearest step that way"),
    ("Alt+Up / Alt+Down", "Move the selected steps into the lane above or below"),
    ("Alt+Left / Alt+Right", "Move the selected steps into the phase before or after"),
    ("Tab / Shift+Tab", "Add the next (previous) step, joined by a flow, and type its text"),
    ("Enter", "Edit the selected step's text or flow's label; while typing, keep the text"),
    ("Shift+Enter", "New line while typing a step's text"),
    ("Esc", "Cancel typing; let go of the selection"),
    ("Double-click", "Add a step in a lane, or edit a card's text or an arrow's label"),
    ("Drag a card", "Move it; across a line it becomes that lane's kind of step"),
    ("Alt while dragging", "Place the card freely: no snapping, no guides"),
    ("Drag a card's dot", "Draw a flow to another card"),
    ("Ctrl+click / Shift+click", "Add a card to the selection"),
    ("Right-click", "Menu of what is under the pointer"),
    ("Ctrl+wheel", "Zoom around the pointer"),
    ("Space+drag, middle-drag", "Pan"),
)


def _plain(text: str) -> str:
    """An action's text as the menu shows it, without the mnemonic ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _keys(action: QAction) -> str:
    """The action's shortcuts as the platform spells them, each once (a standard key may repeat a custom one)."""
    names = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]
    return ", ".join(dict.fromkeys(names))


def _menu_of_each_action(window: MainWindow) -> dict[int, str]:
    """Each action's top-level menu title (by id of the action), in menu bar order; submenus count as their menu."""
    found: dict[int, str] = {}

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            found.setdefault(id(action), title)
            sub = action.menu()
            if isinstance(sub, QMenu) and sub is not menu:
                walk(sub, title)

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return found


def shortcut_groups(window: MainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """The window's shortcuts as (menu title, [(action, keys)]), in menu bar order, then Other, then the canvas."""
    menu_titles = [_plain(a.text()) for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    where = _menu_of_each_action(window)
    groups: dict[str, list[tuple[str, str]]] = {title: [] for title in [*menu_titles, OTHER]}
    seen: set[int] = set()
    for action in window.actions.values():
        keys = _keys(action)
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        name = _plain(action.text()).rstrip("…").strip() or action.objectName()
        groups[where.get(id(action), OTHER)].append((name, keys))
    result = [(title, rows) for title, rows in groups.items() if rows]
    result.append((CANVAS, [(what, keys) for keys, what in CANVAS_KEYS]))
    return result


class ShortcutsSheet(QDialog):
    """The list of shortcuts, with a filter: type a word or a key to find it."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard Shortcuts")
        layout = QVBoxLayout(self)
        hint = QLabel("Every shortcut of the menus, and the keys of the canvas. F1 opens this list at any time.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: a word or a key, e.g. undo or Ctrl+Z")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self._fill(shortcut_groups(window))
        screen = window.screen().availableGeometry()
        self.resize(min(640, int(screen.width() * 0.9)), min(720, int(screen.height() * 0.85)))

    def _fill(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        bold = self.tree.font()
        bold.setBold(True)
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title, ""])
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for name, keys in rows:
                QTreeWidgetItem(group, [name, keys])
            group.setExpanded(True)
        self.tree.setItemsExpandable(False)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) of every row shown now."""
        shown = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None or group.isHidden():
                continue
            for k in range(group.childCount()):
                row = group.child(k)
                if row is not None and not row.isHidden():
                    shown.append((group.text(0), row.text(0), row.text(1)))
        return shown

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            visible = 0
            for k in range(group.childCount()):
                row = group.child(k)
                if row is None:
                    continue
                haystack = f"{group.text(0)} {row.text(0)} {row.text(1)}".casefold()
                match = all(word in haystack for word in words)
                row.setHidden(not match)
                visible += match
            group.setHidden(visible == 0)


def open_sheet(window: MainWindow) -> ShortcutsSheet:
    """Show the sheet, made afresh from the window's actions as they are now."""
    sheet = ShortcutsSheet(window)
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    sheet.show()
    return sheet
