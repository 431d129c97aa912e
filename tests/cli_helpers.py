"""Running the command line as a user does: a child process with no display and no help from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def no_display_environment() -> dict[str, str]:
    """This process's environment without DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM."""
    return {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``blueprint-editor ARGS``, run as ``python -m blueprint_editor`` with no display."""
    env = no_display_environment()
    return subprocess.run(
        [sys.executable, "-m", "blueprint_editor", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command prints: exit 1, nothing on stdout, no traceback."""
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("blueprint-editor: ")
    return lines[0]
