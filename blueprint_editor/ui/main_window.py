"""The main window: assembles the canvas, menus, toolbar and status bar, and handles files."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QVBoxLayout, QWidget

from blueprint_editor.canvas import BlueprintScene, BlueprintView
from blueprint_editor.canvas.clipboard import CanvasClipboard
from blueprint_editor.canvas.keyboard import CanvasKeyboard
from blueprint_editor.editing import DocumentController
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.io.templates import TEMPLATES
from blueprint_editor.model.document import blank_document
from blueprint_editor.model.geometry import CARD_WIDTH, band_of, lane_bands
from blueprint_editor.ui import arrange_actions, prompts, structure_menus, window_layout
from blueprint_editor.ui.analysis_dock import AnalysisDock
from blueprint_editor.ui.autosave import (
    MIN_INTERVAL_S,
    autosave_folder,
    autosave_interval_s,
    set_autosave_interval_s,
)
from blueprint_editor.ui.context_menus import ContextMenus
from blueprint_editor.ui.document_files import DocumentFiles
from blueprint_editor.ui.export_actions import ExportActions
from blueprint_editor.ui.inspector import Inspector
from blueprint_editor.ui.minimap import OverviewDock
from blueprint_editor.ui.scenario_tabs import ScenarioTabs
from blueprint_editor.ui.themes import ThemeMenu
from blueprint_editor.ui.zoom_widget import ZoomWidget

if TYPE_CHECKING:  # made on demand: the first window needs none of them (start-up time, docs/PERFORMANCE.md)
    from blueprint_editor.ui.compare_dialog import CompareDialog
    from blueprint_editor.ui.find_bar import FindBar
    from blueprint_editor.ui.presentation import PresentationWindow

APP_NAME = "Blueprint Editor"
HINT = "Double-click a lane to add a step · drag a card across a line to change its lane · drag a card's dot to connect"


class MainWindow(QMainWindow):
    """One window, one document."""

    def __init__(self, store: AutosaveStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = DocumentController(blank_document(), self)
        self.files = DocumentFiles(self, self.controller, store or AutosaveStore(autosave_folder()))
        self.scene = BlueprintScene(self.controller)
        self.exports = ExportActions(
            self, self.controller, self.scene, lambda: self.files.path, lambda t: self.statusBar().showMessage(t, 4000)
        )
        self.view = BlueprintView(self)
        self.view.setScene(self.scene)
        self.tabs = ScenarioTabs(self.controller, self)
        self.tabs.scenario_chosen.connect(self.scene.set_scenario)
        self.scene.scenario_shown.connect(self.tabs.select)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs)
        column.addWidget(self.view, 1)
        self._column = column
        self._find_bar: FindBar | None = None  # made on the first Ctrl+F, under the canvas
        self.keyboard = CanvasKeyboard(self.view, self.scene)
        self.clipboard = CanvasClipboard(self.view, self.scene, self.keyboard.pointer_scene_pos)
        self.setCentralWidget(central)
        self.inspector = Inspector(self.controller, self.scene, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.analysis = AnalysisDock(self.controller, self.scene, self.view, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.analysis)
        self.tabifyDockWidget(self.inspector, self.analysis)
        self.inspector.raise_()
        self.overview = OverviewDock(self.scene, self.view, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.overview)
        self._follow_changes_to_other_scenarios()
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus_and_toolbar()
        structure_menus.install(self)
        self.context_menus = ContextMenus(self)
        self.zoom_widget = ZoomWidget(self.view)
        self.statusBar().addPermanentWidget(self.zoom_widget)
        self.statusBar().showMessage(HINT)
        self.controller.undo_stack.cleanChanged.connect(self._update_title)
        self.controller.document_replaced.connect(self._after_document_shown)
        self.files.path_changed.connect(self._update_title)
        self.files.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        for source in (self.keyboard, self.clipboard):
            source.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self._update_title()

    # Assembly

    def _action(
        self, key: str, text: str, slot: object, shortcut: QKeySequence | str | None = None, icon: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(QIcon.fromTheme(icon))
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        files = self.files
        self._action("new", "&New", files.new, key.New, "document-new")
        self._action("open", "&Open…", files.open_dialog, key.Open, "document-open")
        self._action("save", "&Save", files.save, key.Save, "document-save")
        self._action("save_as", "Save &As…", files.save_as, key.SaveAs, "document-save-as")
        backup = QAction("Keep a &Backup on Save", self)
        self.actions["backup"] = backup
        backup.setCheckable(True)
        backup.setChecked(files.keep_backup)  # before connecting: showing the setting does not write it again
        backup.toggled.connect(lambda on: setattr(files, "keep_backup", on))
        backup.setStatusTip("Keep the previous version of the file as NAME.json.bak each time it is saved")
        self._action("autosave_interval", "Autosave &Interval…", self._ask_autosave_interval)
        self._action("export", "&Export…", lambda: self.export_dialog(), "Ctrl+E", "document-export")
        self._action("export_png", "Export as &PNG…", lambda: self.export_dialog("png"))
        self._action("export_svg", "Export as S&VG…", lambda: self.export_dialog("svg"), "Ctrl+Shift+E")
        self._action("print", "&Print…", lambda: self.exports.print_preview(), key.Print, "document-print")
        self._action("import_csv", "&Import CSV…", files.import_csv_dialog)
        self._action("export_csv", "Export as &CSV…", files.export_csv_dialog)
        self._action("quit", "&Quit", self.close, key.Quit, "application-exit")

        stack = self.controller.undo_stack
        undo = self._action("undo", "&Undo", stack.undo, key.Undo, "edit-undo")
        redo = self._action("redo", "&Redo", stack.redo, "Ctrl+Shift+Z", "edit-redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(lambda text: self._describe_history(undo, "Undo", text))
        stack.redoTextChanged.connect(lambda text: self._describe_history(redo, "Redo", text))
        undo.setEnabled(False)
        redo.setEnabled(False)
        self._action("add_step", "&Add Step", self.add_step, "Ctrl+Return", "list-add")
        edit_text = self._action("edit_text", "&Edit Text", self.edit_selected, "F2")
        edit_text.setStatusTip("Type the selected step's text, or the selected flow's label, in place")
        delete = self._action("delete", "&Delete", self.scene.delete_selection, key.Delete, "edit-delete")
        delete.setShortcuts([QKeySequence(key.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self._action("select_all", "Select &All", self._select_all, key.SelectAll)
        self._action("cut", "Cu&t", lambda: self.clipboard.cut(), key.Cut, "edit-cut")
        self._action("copy", "&Copy", lambda: self.clipboard.copy(), key.Copy, "edit-copy")
        self._action("paste", "&Paste", lambda: self.clipboard.paste(), key.Paste, "edit-paste")
        self._action("copy_image", "Copy as &Image", lambda: self.exports.copy_image(), "Ctrl+Alt+C")
        self._action("duplicate", "Dup&licate", lambda: self.clipboard.duplicate(), "Ctrl+D")
        self._action("find", "&Find…", lambda: self.find_bar.open_bar(), key.Find, "edit-find")
        self._action("find_next", "Find &Next", lambda: self.find_bar.find_next(), key.FindNext)
        self._action("find_previous", "Find Pre&vious", lambda: self.find_bar.find_previous(), key.FindPrevious)
        c, s = self.controller, self.scene
        self._action("add_phase", "Add &Phase", lambda: structure_menus.insert_phase(self, c, s))
        self._action("add_lane", "Add &Lane…", lambda: structure_menus.ask_add_lane(self, c, s))

        zoom_in = self._action("zoom_in", "Zoom &In", self.view.zoom_in, "Ctrl+=", "zoom-in")
        zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence(key.ZoomIn)])
        self._action("zoom_out", "Zoom &Out", self.view.zoom_out, "Ctrl+-", "zoom-out")
        self._action("zoom_reset", "&Actual Size", self.view.reset_zoom, "Ctrl+1", "zoom-original")
        self._action("fit", "&Fit to Window", self.view.fit_to_window, "Ctrl+0", "zoom-fit-best")
        self._action("about", "&About Blueprint Editor", self._about)
        self._action("compare", "&Compare Scenarios…", self.compare_scenarios, "Ctrl+Shift+C")
        self._action("present", "&Present", self.present, "F5", "x-office-presentation")
        emotion = QAction("&Emotion Curve", self)
        emotion.setCheckable(True)
        emotion.setStatusTip("Show the customer's emotion along the journey in a lane above Customer actions")
        emotion.toggled.connect(
            lambda on: (
                self.controller.set_emotion_curve(self.scene.scenario_id, on)
                if on != self.controller.has_emotion_curve(self.scene.scenario_id)
                else None
            )
        )
        self.actions["emotion"] = emotion
        for signal in (self.controller.lanes_changed, self.scene.scenario_shown):
            signal.connect(lambda *_: emotion.setChecked(self.controller.has_emotion_curve(self.scene.scenario_id)))
        self.controller.document_replaced.connect(
            lambda: emotion.setChecked(self.controller.has_emotion_curve(self.scene.scenario_id))
        )
        inspector = self.inspector.toggleViewAction()
        inspector.setShortcut(QKeySequence("Ctrl+I"))
        self.actions["inspector"] = inspector
        analysis = self.analysis.toggleViewAction()
        analysis.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.actions["analysis"] = analysis
        self.theme_menu = ThemeMenu(self)  # puts the remembered theme in place
        self.actions["theme"] = self.theme_menu.menuAction()
        arrange_actions.add_actions(self)  # Arrange menu, Snap to Grid, Overview, Keyboard Shortcuts (F1)

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions
        menus = {
            "&File": [
                "new",
                "open",
                None,
                "save",
                "save_as",
                "backup",
                "autosave_interval",
                None,
                "export",
                "export_png",
                "export_svg",
                "print",
                None,
                "import_csv",
                "export_csv",
                None,
                "quit",
            ],
            "&Edit": [
                *("undo", "redo", None, "cut", "copy", "paste", "duplicate", None, "add_step", "edit_text", "delete"),
                *(None, "copy_image"),
                *(None, "select_all", None, "find", "find_next", "find_previous"),
            ],
            "&Blueprint": ["add_phase", "add_lane"],
            "&Arrange": arrange_actions.ARRANGE_MENU,
            "&View": [
                "zoom_in",
                "zoom_out",
                "zoom_reset",
                "fit",
                "snap_to_grid",
                None,
                "emotion",
                "theme",
                None,
                "inspector",
                "analysis",
                "overview",
                None,
                "compare",
            ],
            "&Help": ["shortcuts", None, "about"],
        }
        for title, keys in menus.items():
            menu = self.menuBar().addMenu(title)
            for k in keys:
                if k is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[k])
                if k == "new":
                    menu.addMenu(self._template_menu())
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for k in (
            "new",
            "open",
            "save",
            None,
            "undo",
            "redo",
            None,
            "add_step",
            "delete",
            None,
            "zoom_out",
            "zoom_in",
            "fit",
            None,
            "export",
            None,
            "present",
        ):
            if k is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(a[k])
        for action in a.values():
            if action.shortcut() and not action.toolTip().endswith(")"):
                action.setToolTip(f"{action.text().replace('&', '').rstrip('…')} ({action.shortcut().toString()})")

    @staticmethod
    def _describe_history(action: QAction, verb: str, text: str) -> None:
        # The menu names what will be undone; the toolbar button keeps its short name and says it in a tooltip.
        action.setText(f"&{verb} {text}".strip() if text else f"&{verb}")
        action.setIconText(verb)
        action.setToolTip(f"{verb} {text} ({action.shortcut().toString()})" if text else verb)

    def _template_menu(self) -> QMenu:
        menu = QMenu("New from &Template", self)
        for template in TEMPLATES:
            action = menu.addAction(template.name)
            action.setStatusTip(template.description)
            action.triggered.connect(lambda _=False, t=template: self.files.new_from_template(t))
        return menu

    def _follow_changes_to_other_scenarios(self) -> None:
        """An undo that changes a scenario not on screen brings that scenario's tab forward, once it is done."""

        def follow(scenario_id: str, _item_id: str) -> None:
            if scenario_id != self.scene.scenario_id:
                QTimer.singleShot(0, lambda: self.tabs.select(scenario_id))

        for signal in (
            self.controller.step_added,
            self.controller.step_removed,
            self.controller.step_changed,
            self.controller.flow_added,
            self.controller.flow_removed,
        ):
            signal.connect(follow)

    @property
    def find_bar(self) -> FindBar:
        """The find bar under the canvas, made when first wanted: hidden until Ctrl+F, the first window does without."""
        if self._find_bar is None:
            from blueprint_editor.ui.find_bar import FindBar

            bar = FindBar(self.scene, self.view, self.centralWidget())
            self._column.addWidget(bar)
            # Tab goes from the scenario tabs into the bar and on to the docks, as it would had the bar been made
            # with the window (made later, it would come last).
            chain = [self.tabs.add_button, bar.field, bar.previous_button, bar.next_button, bar.close_button]
            for before, after in pairwise(chain):
                QWidget.setTabOrder(before, after)
            self._find_bar = bar
        return self._find_bar

    # Title and status

    def _update_title(self) -> None:
        name = self.files.path.name if self.files.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(not self.controller.undo_stack.isClean())

    def _after_document_shown(self) -> None:
        self._update_title()
        self.view.show_beginning()

    # Files (the work is done by DocumentFiles; these stay for callers that hold the window)

    @property
    def path(self) -> Path | None:
        return self.files.path

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def save_to(self, path: Path) -> bool:
        return self.files.save_to(path)

    def export_dialog(self, fmt: str | None = None) -> None:
        self.exports.open_dialog(fmt)

    def export_to(self, path: Path, scale: float = 1.0) -> bool:
        return self.exports.export_to(path, scale)

    # Editing

    def add_step(self) -> None:
        """Add a step after the selected one (same lane), or in Customer actions in the middle of the view."""
        selected = [self.scene.step_item(s) for s in self.scene.selected_step_ids()]
        anchor = max((i for i in selected if i), key=lambda i: i.x(), default=None)
        if anchor is not None:
            rect = anchor.scene_card_rect()
            pos = rect.center() + QPointF(CARD_WIDTH + 40, 0)
        else:
            pos = self.view.mapToScene(self.view.viewport().rect().center())
            band = band_of(self.scene.scenario, "customer") or next(iter(lane_bands(self.scene.scenario)), None)
            if band is not None:
                pos.setY(band.top + band.height / 2)
        step_id = self.scene.add_step_at(pos)
        if step_id is None:
            self.statusBar().showMessage("Scroll a lane into view to add a step there.", 4000)
            return
        item = self.scene.step_item(step_id)
        if item is not None:
            self.view.ensureVisible(item)
        self.scene.edit_step_label(step_id, new=True)

    def edit_selected(self) -> None:
        """Type the selected step's text, or the selected flow's label, on the canvas (F2)."""
        self.scene.edit_selected_label()

    def _select_all(self) -> None:
        for item in self.scene.step_items():
            item.setSelected(True)

    def present(self) -> PresentationWindow:
        """Full screen, phase by phase (F5; Esc leaves)."""
        from blueprint_editor.ui.presentation import PresentationWindow

        presentation = PresentationWindow(self.controller, self.scene, self)
        presentation.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        presentation.closed.connect(self.view.show_beginning)
        presentation.start()
        self._presentation = presentation
        return presentation

    def compare_scenarios(self) -> CompareDialog:
        """Open the comparison of the shown scenario with the next one (or with itself when it is alone)."""
        ids = [s.id for s in self.controller.document.scenarios]
        here = ids.index(self.scene.scenario_id)
        other = ids[here + 1] if here + 1 < len(ids) else ids[here - 1] if here > 0 else ids[here]
        from blueprint_editor.ui.compare_dialog import CompareDialog

        dialog = CompareDialog(self.controller, self.scene.scenario_id, other, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _ask_autosave_interval(self) -> None:
        seconds, ok = QInputDialog.getInt(
            self,
            "Autosave interval",
            "While you keep editing, save a recovery copy at least every (seconds):",
            autosave_interval_s(),
            MIN_INTERVAL_S,
            3600,
            15,
        )
        if ok:
            set_autosave_interval_s(seconds)

    def _about(self) -> None:
        from blueprint_editor import __version__

        text = f"{APP_NAME} {__version__}\nAn offline editor for service blueprints."
        prompts.tell(self, f"About {APP_NAME}", text, warning=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.files.maybe_save():
            self.files.closing()
            window_layout.remember_layout(self)  # the next window opens with these docks, this size and place
            event.accept()
        else:
            event.ignore()
