"""Reading a file the user named, within a size limit, every failure told as a BlueprintFileError."""

from __future__ import annotations

import os
from pathlib import Path

from blueprint_editor.io.errors import BlueprintFileError

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_limited(path: str | os.PathLike[str], noun: str) -> bytes:
    """The file's bytes; ``noun`` ("a blueprint file", "a CSV file") names what was expected in messages."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BlueprintFileError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB, larger than the "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB {noun} may be."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BlueprintFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise BlueprintFileError(f"{path} is a folder, not {noun}.") from None
    except PermissionError:
        raise BlueprintFileError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        raise BlueprintFileError(f"{path} cannot be read: {error.strerror or error}.") from None
