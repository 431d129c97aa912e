"""Backups, repairs, migrations and the autosave store: the pure-Python half of 'nothing lost'."""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest

from blueprint_editor.io import (
    BlueprintFileError,
    dumps_document,
    load_document,
    loads_document,
    migrations,
    save_document,
)
from blueprint_editor.io.atomic import STALE_TEMP_SECONDS, fingerprint
from blueprint_editor.io.autosave import AutosaveStore
from blueprint_editor.io.json_io import backup_path
from blueprint_editor.model import FORMAT_VERSION, Document

GOLDEN = Path(__file__).parent / "golden"


def test_backup_keeps_the_previous_version(example_document: Document, tmp_path: Path) -> None:
    target = tmp_path / "stay.json"
    save_document(example_document, target, backup=True)
    assert not backup_path(target).exists(), "a first save has nothing to back up"
    first = target.read_bytes()
    example_document.title = "Second version"
    save_document(example_document, target, backup=True)
    assert backup_path(target).name == "stay.json.bak"
    assert backup_path(target).read_bytes() == first
    assert load_document(target).title == "Second version"


def test_without_backup_no_bak_file(example_document: Document, tmp_path: Path) -> None:
    target = tmp_path / "stay.json"
    save_document(example_document, target)
    save_document(example_document.model_copy(update={"title": "Changed"}), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stay.json"]


def test_permission_denied_leaves_the_original(example_document: Document, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "stay.json"
    save_document(example_document, target)
    before = target.read_bytes()

    def read_only_folder(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    # Simulated: the tests may run as root, whom a read-only folder does not stop.
    monkeypatch.setattr(tempfile, "mkstemp", read_only_folder)
    with pytest.raises(BlueprintFileError, match=re.escape("Cannot save stay.json: Permission denied")):
        save_document(example_document.model_copy(update={"title": "Other"}), target)
    assert target.read_bytes() == before


def test_a_failed_replace_leaves_original_and_no_temp(example_document: Document, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "stay.json"
    save_document(example_document, target)
    before = target.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(BlueprintFileError, match="No space left on device"):
        save_document(example_document.model_copy(update={"title": "Other"}), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["stay.json"]


def test_stale_temporary_files_of_a_killed_save_are_cleared(example_document: Document, tmp_path: Path) -> None:
    target = tmp_path / "stay.json"
    stale = tmp_path / ".stay.json.abc123.tmp"
    fresh = tmp_path / ".stay.json.def456.tmp"
    other = tmp_path / ".other.json.abc123.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"half a save")
    old = time.time() - STALE_TEMP_SECONDS - 10
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    save_document(example_document, target)
    assert not stale.exists(), "a leftover of an earlier, killed save is removed"
    assert fresh.exists(), "a save that may still be running elsewhere is left alone"
    assert other.exists(), "other files' temporaries are not ours to remove"


def test_fingerprint_tells_a_changed_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("one", encoding="utf-8")
    first = fingerprint(target)
    target.write_text("two", encoding="utf-8")
    assert fingerprint(target) != first
    assert fingerprint(tmp_path / "missing.json") is None


def _with_broken_references(example_document: Document) -> str:
    data = json.loads(dumps_document(example_document))
    steps = data["scenarios"][0]["steps"]
    steps.append(dict(steps[0], label="A copy with the same id"))
    data["scenarios"][0]["flows"].append({"id": "zz", "source": "c1", "target": "ghost"})
    return json.dumps(data)


def test_a_safe_repair_is_offered(example_document: Document) -> None:
    with pytest.raises(BlueprintFileError) as caught:
        loads_document(_with_broken_references(example_document), "stay.json")
    error = caught.value
    assert error.repaired is not None
    assert any("renumbered" in r for r in error.repairs)
    assert any("'zz'" in r and "dropped" in r for r in error.repairs)
    scenario = error.repaired.scenarios[0]
    assert len({s.id for s in scenario.steps}) == len(scenario.steps)
    assert scenario.flow("zz") is None
    assert any(s.label == "A copy with the same id" for s in scenario.steps), "no content is lost"
    assert loads_document(dumps_document(error.repaired)) == error.repaired


def test_no_repair_for_a_step_in_a_missing_lane(example_document: Document) -> None:
    data = json.loads(dumps_document(example_document))
    data["scenarios"][0]["steps"][0]["lane"] = "nowhere"
    with pytest.raises(BlueprintFileError) as caught:
        loads_document(json.dumps(data))
    assert caught.value.repaired is None


def test_the_version_1_golden_file_opens_as_the_current_version(example_document: Document) -> None:
    golden = load_document(GOLDEN / "v1-hotel-stay.json")
    assert json.loads((GOLDEN / "v1-hotel-stay.json").read_text(encoding="utf-8"))["version"] == 1
    assert golden.version == FORMAT_VERSION == 3
    step = golden.scenarios[0].step("c1")
    assert (step.label, step.duration_min, step.fail_point) == ("Search and compare hotel rooms", 20, False)
    assert (step.risk_note, step.value_class, step.tags, step.cost) == ("", None, [], None), "new fields start empty"
    assert loads_document(dumps_document(golden)) == golden


def test_migrating_1_to_2_is_pure_and_keeps_every_v1_value() -> None:
    raw = json.loads((GOLDEN / "v1-hotel-stay.json").read_text(encoding="utf-8"))
    snapshot = json.dumps(raw, sort_keys=True)
    upgraded = migrations.MIGRATIONS[1](raw)
    assert json.dumps(raw, sort_keys=True) == snapshot, "the input is not changed"
    for old, new in zip(raw["scenarios"][0]["steps"], upgraded["scenarios"][0]["steps"], strict=True):
        assert {k: new[k] for k in old} == old
        assert new["notes"] == "" and new["value_class"] is None


def test_the_version_2_golden_file_opens_with_the_defaults_of_version_3(example_document: Document) -> None:
    raw = json.loads((GOLDEN / "v2-hotel-stay.json").read_text(encoding="utf-8"))
    assert raw["version"] == 2
    golden = load_document(GOLDEN / "v2-hotel-stay.json")
    assert golden.version == FORMAT_VERSION
    scenario = golden.scenarios[0]
    assert [s.label for s in scenario.steps] == [s["label"] for s in raw["scenarios"][0]["steps"]]
    assert all(f.label == "" and f.style == "elbow" and f.arrows == "forward" for f in scenario.flows)
    assert all(s.colour is None for s in scenario.steps) and not any(lane.collapsed for lane in scenario.lanes)
    assert golden == example_document, "the shipped example is the same blueprint, written as version 3"


def test_migrations_run_in_order_one_version_at_a_time(monkeypatch) -> None:
    calls: list[int] = []

    def step(version: int):
        def migrate(data: dict) -> dict:
            calls.append(version)
            assert data["version"] == version
            return {**data, f"added_by_{version}": True}

        return migrate

    monkeypatch.setattr(migrations, "FORMAT_VERSION", 4)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: step(1), 2: step(2), 3: step(3)})
    result = migrations.migrate({"version": 2}, 2)
    assert calls == [2, 3]
    assert result["version"] == 4 and result["added_by_3"] and "added_by_1" not in result


def test_autosave_store_round_trip_and_left_overs(example_document: Document, tmp_path: Path) -> None:
    dead = {4242}
    store = AutosaveStore(tmp_path / "autosave", alive=lambda pid: pid not in dead)
    entry_id = store.new_entry_id()
    store.write(entry_id, example_document, Path("/home/ana/stay.json"))
    assert store.left_over() == [], "a running editor's autosave is not offered"
    meta_path = tmp_path / "autosave" / f"{entry_id}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["pid"] = 4242
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    (entry,) = store.left_over()
    assert entry.original == Path("/home/ana/stay.json")
    assert entry.title == "Overnight hotel stay" and entry.steps == 70
    assert isinstance(entry.saved_at, datetime)
    assert store.load(entry) == example_document
    store.remove(entry_id)
    assert store.left_over() == [] and not any((tmp_path / "autosave").iterdir())


def test_autosave_store_skips_garbage(tmp_path: Path) -> None:
    folder = tmp_path / "autosave"
    folder.mkdir()
    (folder / "x.meta.json").write_text("{not json", encoding="utf-8")
    (folder / "x.json").write_text("{}", encoding="utf-8")
    (folder / "y.meta.json").write_text('{"saved_at": "2026-01-01T00:00:00+00:00", "pid": 1}', encoding="utf-8")
    assert AutosaveStore(folder, alive=lambda pid: False).left_over() == []
