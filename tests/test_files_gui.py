"""Files in the window: failed saves, changes on disk, backups, repaired copies, autosave and crash recovery."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from blueprint_editor.io import load_document, save_document
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.ui import autosave, prompts, recovery
from blueprint_editor.ui.main_window import MainWindow


@pytest.fixture
def store(tmp_path: Path) -> AutosaveStore:
    return AutosaveStore(tmp_path / "autosave")


@pytest.fixture
def stay(tmp_path: Path, example_file: Path) -> Path:
    path = tmp_path / "docs" / "stay.json"
    path.parent.mkdir()
    path.write_bytes(example_file.read_bytes())
    return path


@pytest.fixture
def window(qtbot: QtBot, store: AutosaveStore, stay: Path) -> MainWindow:
    win = MainWindow(store)
    qtbot.addWidget(win, before_close_func=lambda w: w.controller.undo_stack.setClean())
    win.resize(1200, 800)
    win.show()
    assert win.open_path(stay)
    return win


class Answers:
    """Stands in for the user: answers each question with the next prepared choice, and keeps the questions."""

    def __init__(self, *choices: str) -> None:
        self.choices = list(choices)
        self.questions: list[tuple[str, list[str]]] = []

    def __call__(self, parent, title, text, informative, choices):
        self.questions.append((text, choices))
        return self.choices.pop(0) if self.choices else None


def _edit(window: MainWindow, label: str = "Edited in the test") -> None:
    window.controller.set_step_label(window.scene.scenario_id, "c1", label)


def test_a_failed_save_keeps_the_file_and_offers_save_as(
    window: MainWindow, stay: Path, tmp_path: Path, monkeypatch
) -> None:
    before = stay.read_bytes()
    _edit(window)
    real_replace = os.replace

    def full_disk(src: str, dst: str) -> None:
        if Path(dst) == stay:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    elsewhere = tmp_path / "elsewhere.json"
    monkeypatch.setattr(
        "blueprint_editor.ui.document_files.QFileDialog.getSaveFileName", lambda *a, **k: (str(elsewhere), "")
    )
    answers = Answers("Save As…")
    monkeypatch.setattr(prompts, "ask", answers)
    assert window.files.save()
    (question, choices) = answers.questions[0]
    assert "No space left on device" in question and "Save As…" in choices
    assert stay.read_bytes() == before, "the file on disk is untouched"
    assert load_document(elsewhere).scenarios[0].step("c1").label == "Edited in the test"
    assert window.path == elsewhere and not window.isWindowModified()


def test_a_change_on_disk_asks_to_reload(qtbot: QtBot, window: MainWindow, stay: Path, monkeypatch) -> None:
    answers = Answers("Reload")
    monkeypatch.setattr(prompts, "ask", answers)
    other = load_document(stay)
    other.scenarios[0].steps[0].label = "Written by a colleague"
    save_document(other, stay)
    qtbot.waitUntil(lambda: bool(answers.questions), timeout=5000)
    assert "changed by another program" in answers.questions[0][0]
    assert window.controller.step(window.scene.scenario_id, other.scenarios[0].steps[0].id).label == (
        "Written by a colleague"
    )


def test_saving_never_silently_overwrites_a_newer_file(
    qtbot: QtBot, window: MainWindow, stay: Path, monkeypatch
) -> None:
    monkeypatch.setattr(prompts, "ask", Answers("Keep My Version"))
    _edit(window)
    other = load_document(stay)
    other.title = "Colleague's version"
    save_document(other, stay)
    newer = stay.read_bytes()
    answers = Answers("Cancel")
    monkeypatch.setattr(prompts, "ask", answers)
    assert not window.files.save()
    assert any("changed by another program" in text for text, _ in answers.questions)
    assert stay.read_bytes() == newer
    monkeypatch.setattr(prompts, "ask", Answers("Overwrite"))
    assert window.files.save()
    assert load_document(stay).scenarios[0].step("c1").label == "Edited in the test"


def test_keep_backup_on_save(window: MainWindow, stay: Path) -> None:
    before = stay.read_bytes()
    window.files.keep_backup = False
    window.actions["backup"].setChecked(False)
    window.actions["backup"].trigger()
    assert window.actions["backup"].isChecked() and window.files.keep_backup
    _edit(window)
    assert window.files.save()
    assert (stay.parent / "stay.json.bak").read_bytes() == before
    window.files.keep_backup = False


def test_a_repaired_copy_is_offered_for_broken_links(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "broken.json"
    document = load_document(window.path)
    document.scenarios[0].flows[0].target = "ghost"
    broken.write_text(
        __import__("blueprint_editor.io", fromlist=["dumps_document"]).dumps_document(document), encoding="utf-8"
    )
    answers = Answers("Open Repaired Copy")
    monkeypatch.setattr(prompts, "ask", answers)
    assert window.open_path(broken)
    assert "ghost" in answers.questions[0][0]
    assert window.path is None and window.isWindowModified(), "the repair is an unsaved, untitled copy"
    assert window.windowTitle().startswith("Untitled")
    assert all(f.target != "ghost" for f in window.scene.scenario.flows)


def test_unsaved_work_is_autosaved_and_cleared_by_a_save(
    qtbot: QtBot, window: MainWindow, store: AutosaveStore
) -> None:
    folder = store.folder
    with qtbot.waitSignal(window.files.autosaver.saved, timeout=autosave.QUIET_MS + 3000):
        _edit(window)
    entry_id = window.files.autosaver.entry_id
    copy = load_document(folder / f"{entry_id}.json")
    assert copy.scenarios[0].step("c1").label == "Edited in the test"
    assert window.files.save()
    assert not (folder / f"{entry_id}.json").exists(), "a clean save removes the autosave"


def test_steady_editing_is_autosaved_within_the_interval(window: MainWindow, store: AutosaveStore, monkeypatch) -> None:
    monkeypatch.setattr(autosave, "autosave_interval_s", lambda: 0)
    _edit(window, "First")
    _edit(window, "Second")
    copy = load_document(store.folder / f"{window.files.autosaver.entry_id}.json")
    assert copy.scenarios[0].step("c1").label == "Second", "no quiet pause was needed"


def test_undoing_back_to_the_saved_state_drops_the_autosave(window: MainWindow, store: AutosaveStore) -> None:
    _edit(window)
    assert window.files.autosaver.autosave_now()
    window.actions["undo"].trigger()
    assert not any(store.folder.glob("*.json"))


CRASHING_EDITOR = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from blueprint_editor.io.autosave import AutosaveStore
    from blueprint_editor.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(AutosaveStore(Path(sys.argv[1])))
    window.show()
    assert window.open_path(Path(sys.argv[2]))
    window.controller.set_step_label(window.scene.scenario_id, "c1", "Typed just before the crash")
    window.controller.add_step(window.scene.scenario_id, "support", 40, 40, "A brand new step")
    deadline = time.monotonic() + 20
    while not any(Path(sys.argv[1]).glob("*.meta.json")) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    print("autosaved", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.05)
    """
)


def test_work_killed_mid_session_is_recovered_at_the_next_start(
    qtbot: QtBot, store: AutosaveStore, stay: Path, monkeypatch
) -> None:
    before = stay.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_EDITOR, str(store.folder), str(stay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert stay.read_bytes() == before, "the user's file was never written"

    assert len(store.left_over()) == 1
    restarted = MainWindow(store)
    qtbot.addWidget(restarted, before_close_func=lambda w: w.controller.undo_stack.setClean())
    recovered = recovery.offer_recovery(
        store, restarted.files.recover, restarted, ask=lambda entry, parent: recovery.RECOVER
    )
    assert recovered == 1
    scenario = restarted.scene.scenario
    assert scenario.step("c1").label == "Typed just before the crash"
    assert any(s.label == "A brand new step" for s in scenario.steps)
    assert restarted.path == stay and restarted.isWindowModified()
    assert restarted.windowTitle().startswith("stay.json")
    assert store.left_over() == [], "the recovered entry now belongs to the running window"
    assert restarted.files.save()
    assert load_document(stay).scenarios[0].step("c1").label == "Typed just before the crash"
    assert not any(store.folder.glob("*.json")), "saved work leaves no autosave behind"


def test_recovery_can_wait_or_be_discarded(example_document, store: AutosaveStore) -> None:
    dead = AutosaveStore(store.folder, alive=lambda pid: False)
    dead.write("e1", example_document, None)
    shown: list[object] = []
    assert recovery.offer_recovery(dead, lambda d, e: shown.append(d), ask=lambda e, p: recovery.LATER) == 0
    assert len(dead.left_over()) == 1, "decide later keeps it for the next start"
    recovery.offer_recovery(dead, lambda d, e: shown.append(d), ask=lambda e, p: recovery.DISCARD)
    assert dead.left_over() == [] and shown == []


def test_the_autosave_interval_is_a_setting(window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr("blueprint_editor.ui.main_window.QInputDialog.getInt", lambda *args: (120, True))
    window.actions["autosave_interval"].trigger()
    assert autosave.autosave_interval_s() == 120
    autosave.set_autosave_interval_s(1)
    assert autosave.autosave_interval_s() == autosave.MIN_INTERVAL_S
    autosave.set_autosave_interval_s(autosave.DEFAULT_INTERVAL_S)


def test_import_and_export_csv_from_the_window(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    table = tmp_path / "workshop.csv"
    table.write_text(
        "lane,label,phase,next,id,colour\ncustomer,Arrive,Arrival,f1,c1,red\n"
        'frontstage,"Greet, smile",Arrival,,f1,\nsupport,@SUM(1),Arrival,,,\n',
        encoding="utf-8",
    )
    told: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda parent, title, text, **kw: told.append(text))
    assert window.files.import_csv(table)
    scenario = window.scene.scenario
    assert [s.label for s in scenario.steps] == ["Arrive", "Greet, smile", "@SUM(1)"]
    assert [(f.source, f.target) for f in scenario.flows] == [("c1", "f1")]
    assert window.path is None and window.isWindowModified(), "an import is unsaved work"
    assert any("colour" in text for text in told), "the unknown column is reported"
    out = tmp_path / "out.csv"
    assert window.files.export_csv(out)
    exported = out.read_text(encoding="utf-8-sig")
    assert "Greet, smile" in exported
    assert ",'@SUM(1)," in exported, "a spreadsheet shows the label as text rather than running it"
