"""The one error that loading or saving a blueprint file raises."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint_editor.model import Document


class BlueprintFileError(Exception):
    """A file could not be read or written; ``str(error)`` is a message fit to show the user."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.message = message
        self.problems = problems or []
        # Set when the file's only problems are broken references that can be mended safely.
        self.repaired: Document | None = None
        self.repairs: list[str] = []
        super().__init__(self.full_message())

    def full_message(self) -> str:
        """The message followed by its problems, one per line."""
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
