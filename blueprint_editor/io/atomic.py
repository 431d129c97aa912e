"""Writing a file so that it is always either the old or the new content, whatever happens midway.

A temporary file in the same folder is written, flushed and fsynced, then renamed over the target, and the
folder is fsynced so that the rename itself survives a power cut. A process killed midway can leave only its
temporary file behind; the next write to the same target removes such leftovers once they are stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

from blueprint_editor.io.errors import BlueprintFileError

# A temporary file older than this cannot belong to a save still in progress.
STALE_TEMP_SECONDS = 120.0


def temp_prefix(path: Path) -> str:
    """The name every temporary file for ``path`` starts with (they all end in ``.tmp``)."""
    return f".{path.name}."


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raises BlueprintFileError saying why it could not."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BlueprintFileError(f"Cannot save {path.name}: the folder {folder} does not exist.")
    _remove_stale_temps(path, folder)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as error:
        raise BlueprintFileError(f"Cannot save {path.name}: {_reason(error)}.") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            # Keep the permissions the user gave the file; mkstemp creates it private.
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as error:
        _remove_quietly(temp_name)
        raise BlueprintFileError(f"Cannot save {path.name}: {_reason(error)}.") from None
    except BaseException:
        _remove_quietly(temp_name)
        raise
    _fsync_folder(folder)


def fingerprint(path: str | os.PathLike[str]) -> str | None:
    """A digest of the file's bytes, to tell whether someone else changed it; None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _remove_stale_temps(path: Path, folder: Path) -> None:
    now = time.time()
    prefix = temp_prefix(path)
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > STALE_TEMP_SECONDS:
                        os.unlink(entry.path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
