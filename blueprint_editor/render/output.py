"""What every export shares: its error, cancelling through a progress callback, and writing the file atomically.

An export is drawn in memory first and written in one go, through the same temp-file-and-rename as documents:
a cancelled or failed export leaves no file and never half of one, and an older file of that name stays intact.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from blueprint_editor.io.atomic import write_atomically
from blueprint_editor.io.errors import BlueprintFileError

# Told (done, total) as an export goes on; returning False cancels it. The GUI backs it with a progress dialog.
Progress = Callable[[int, int], bool]


class ExportError(Exception):
    """An export that cannot be made; the message is fit to show the user."""


class ExportCancelledError(ExportError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.")


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell ``progress`` how far the export is; raise ExportCancelledError when it asks to stop."""
    if progress is not None and not progress(done, total):
        raise ExportCancelledError


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail early, with a message, when ``path`` cannot be written: before minutes of drawing, not after."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Cannot write {path}: the folder is missing or not writable.")


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    check_writable(path)
    try:
        write_atomically(path, data)
    except BlueprintFileError as error:
        reason = error.message.split(": ", 1)[-1].rstrip(".")
        raise ExportError(f"Cannot write {path}: {reason}.") from None


def return_free_memory() -> None:
    """Free what Python holds in reference cycles, and hand the C heap's free pages back to the system: memory an
    export no longer needs then lowers its peak instead of staying with the process. (glibc keeps freed memory for
    later; elsewhere this only collects.)"""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
