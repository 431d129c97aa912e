"""Upgrading files written by older versions, one pure function per version step.

To change the format: bump FORMAT_VERSION in model/document.py and add ``MIGRATIONS[old] = function`` that turns
a version ``old`` dict into a version ``old + 1`` dict, with a golden file under tests/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from blueprint_editor.model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring ``data`` written as ``version`` up to the current FORMAT_VERSION."""
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data
