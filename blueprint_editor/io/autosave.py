"""Autosaved copies of unsaved work, kept in the application's data folder, never beside the user's file.

Each editing session owns one entry: ``ID.json`` (the document) and ``ID.meta.json`` (where it came from, when
it was saved, and the process that owns it). An entry whose process is gone is left over from a crash or kill,
and is offered for recovery at the next start.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from blueprint_editor.io.atomic import write_atomically
from blueprint_editor.io.errors import BlueprintFileError
from blueprint_editor.io.json_io import dumps_document, load_document
from blueprint_editor.model import Document


@dataclass(frozen=True)
class AutosaveEntry:
    """One autosaved document."""

    entry_id: str
    document_path: Path
    original: Path | None
    title: str
    saved_at: datetime
    pid: int
    steps: int


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (on this machine)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class AutosaveStore:
    """The folder of autosaved documents."""

    def __init__(self, folder: Path, alive: Callable[[int], bool] = process_alive) -> None:
        self.folder = folder
        self._alive = alive

    @staticmethod
    def new_entry_id() -> str:
        return uuid.uuid4().hex[:12]

    def write(self, entry_id: str, document: Document, original: Path | None) -> None:
        """Save a copy of the document for this session; raises BlueprintFileError when it cannot."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BlueprintFileError(f"Cannot autosave into {self.folder}: {error.strerror or error}.") from None
        meta = {
            "original": str(original) if original else None,
            "title": document.title,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "steps": sum(len(s.steps) for s in document.scenarios),
        }
        write_atomically(self._document_path(entry_id), dumps_document(document).encode("utf-8"))
        write_atomically(self._meta_path(entry_id), (json.dumps(meta, indent=2) + "\n").encode("utf-8"))

    def remove(self, entry_id: str) -> None:
        """Forget this session's autosave (after a save, or when the work is discarded)."""
        for path in (self._document_path(entry_id), self._meta_path(entry_id)):
            with contextlib.suppress(OSError):
                path.unlink()

    def left_over(self) -> list[AutosaveEntry]:
        """Entries whose owning process is gone, newest first; unreadable meta files are skipped."""
        entries = []
        try:
            metas = sorted(self.folder.glob("*.meta.json"))
        except OSError:
            return []
        for meta_path in metas:
            entry = self._read_entry(meta_path)
            if entry is not None and not self._alive(entry.pid):
                entries.append(entry)
        return sorted(entries, key=lambda e: e.saved_at, reverse=True)

    def load(self, entry: AutosaveEntry) -> Document:
        """The autosaved document; raises BlueprintFileError when it cannot be read."""
        return load_document(entry.document_path)

    def _read_entry(self, meta_path: Path) -> AutosaveEntry | None:
        entry_id = meta_path.name.removesuffix(".meta.json")
        document_path = self._document_path(entry_id)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not document_path.exists():
                return None
            original = meta.get("original")
            return AutosaveEntry(
                entry_id=entry_id,
                document_path=document_path,
                original=Path(original) if isinstance(original, str) else None,
                title=str(meta.get("title", "")),
                saved_at=datetime.fromisoformat(str(meta["saved_at"])),
                pid=int(meta.get("pid", 0)),
                steps=int(meta.get("steps", 0)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _document_path(self, entry_id: str) -> Path:
        return self.folder / f"{entry_id}.json"

    def _meta_path(self, entry_id: str) -> Path:
        return self.folder / f"{entry_id}.meta.json"
