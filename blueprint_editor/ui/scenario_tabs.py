"""Scenario tabs: one tab per blueprint of the service; add, rename, duplicate, delete and reorder them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QTabBar, QToolButton, QWidget

from blueprint_editor.editing import DocumentController


class ScenarioTabs(QTabBar):
    """Tabs that follow the document's scenarios; every change to them is an undoable command."""

    scenario_chosen = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setMovable(True)
        self.setExpanding(False)
        self.setDocumentMode(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.tabBarDoubleClicked.connect(lambda index: self.rename(self._id_at(index)))
        self.currentChanged.connect(self._on_current_changed)
        self.tabMoved.connect(self._on_tab_moved)
        self.add_button = QToolButton(self)
        self.add_button.setText("+")
        self.add_button.setToolTip("Add a scenario")
        self.add_button.setAutoRaise(True)
        self.add_button.clicked.connect(self.add)
        controller.scenarios_changed.connect(self.sync)
        controller.document_replaced.connect(self.sync)
        self.sync()

    def _id_at(self, index: int) -> str:
        return str(self.tabData(index)) if 0 <= index < self.count() else ""

    def current_id(self) -> str:
        return self._id_at(self.currentIndex())

    def sync(self, current: str | None = None) -> None:
        """Lay the tabs out as the document's scenarios are, keeping (or setting) the current one."""
        keep = current or self.current_id()
        blocker = QSignalBlocker(self)
        while self.count():
            self.removeTab(0)
        for scenario in self._controller.document.scenarios:
            index = self.addTab(scenario.name)
            self.setTabData(index, scenario.id)
            self.setTabToolTip(index, "Double-click to rename; right-click for more")
        ids = [s.id for s in self._controller.document.scenarios]
        self.setCurrentIndex(ids.index(keep) if keep in ids else 0)
        del blocker
        self._place_add_button()
        if self.current_id() != keep:
            self.scenario_chosen.emit(self.current_id())

    def select(self, scenario_id: str) -> None:
        ids = [self._id_at(i) for i in range(self.count())]
        if scenario_id in ids:
            self.setCurrentIndex(ids.index(scenario_id))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_add_button()

    def tabLayoutChange(self) -> None:
        super().tabLayoutChange()
        self._place_add_button()

    def _place_add_button(self) -> None:
        if not hasattr(self, "add_button"):
            return  # Qt lays the tabs out once before the button exists
        right = self.tabRect(self.count() - 1).right() if self.count() else 0
        size = self.add_button.sizeHint()
        self.add_button.setGeometry(right + 4, (self.height() - size.height()) // 2, size.width(), size.height())

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(hint.width() + self.add_button.sizeHint().width() + 8)
        return hint

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(hint.width() + self.add_button.sizeHint().width() + 8)
        return hint

    # User actions

    def _on_current_changed(self, index: int) -> None:
        if index >= 0:
            self.scenario_chosen.emit(self._id_at(index))

    def _on_tab_moved(self, to: int, _from: int) -> None:
        scenario_id = self._id_at(to)
        self._controller.move_scenario(scenario_id, to)

    def add(self) -> None:
        taken = {s.name for s in self._controller.document.scenarios}
        n = len(taken) + 1
        while f"Scenario {n}" in taken:
            n += 1
        new_id = self._controller.add_scenario(f"Scenario {n}")
        self.select(new_id)

    def duplicate(self, scenario_id: str) -> None:
        name = self._controller.scenario(scenario_id).name
        new_id = self._controller.add_scenario(f"{name} (copy)", copy_of=scenario_id)
        self.select(new_id)

    def rename(self, scenario_id: str) -> None:
        if not scenario_id:
            return
        old = self._controller.scenario(scenario_id).name
        name, ok = QInputDialog.getText(self, "Rename scenario", "Name:", text=old)
        if ok:
            self._controller.rename_scenario(scenario_id, name)

    def delete(self, scenario_id: str) -> None:
        self._controller.remove_scenario(scenario_id)

    def _menu(self, pos: QPoint) -> None:
        scenario_id = self._id_at(self.tabAt(pos))
        menu = QMenu(self)
        menu.addAction("Add Scenario", self.add)
        if scenario_id:
            menu.addAction("Rename…", lambda: self.rename(scenario_id))
            menu.addAction("Duplicate", lambda: self.duplicate(scenario_id))
            delete = menu.addAction("Delete", lambda: self.delete(scenario_id))
            delete.setEnabled(self.count() > 1)
        menu.exec(self.mapToGlobal(pos))
