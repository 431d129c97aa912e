"""Quit once the first window has been painted and the event loop is idle: how start-up and open times are measured.

With ``BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN=1`` in the environment, ``blueprint-editor [FILE]`` starts as usual, waits
for the canvas's first paint, lets the events queued behind it run, prints one line on stderr and quits; the
benchmarks (tests/perf/report.py) time the process up to that line. With ``=built`` it waits, in addition, until
the last card of a large blueprint is made (see canvas/progressive_build.py). Nothing else changes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ENVIRONMENT_VARIABLE = "BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN"
MARKER = "blueprint-editor: shown and idle"


def wanted() -> bool:
    """Whether this run was asked to quit as soon as it is shown."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "") not in ("", "0")


class _FirstPaint(QObject):
    def __init__(self, canvas: QWidget, busy: Callable[[], bool]) -> None:
        super().__init__(canvas)
        self._done = False
        self._busy = busy if os.environ.get(ENVIRONMENT_VARIABLE) == "built" else lambda: False
        canvas.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            watched.removeEventFilter(self)  # nothing more to watch; and no Python filter is left for teardown
            # A zero timer fires once the paint has finished and the window system's queue is empty.
            QTimer.singleShot(0, self._quit)
        return False

    def _quit(self) -> None:
        if self._busy():
            QTimer.singleShot(0, self._quit)
            return
        print(f"{MARKER} {time.process_time():.3f} s of CPU", file=sys.stderr, flush=True)
        QCoreApplication.quit()


def quit_when_shown(canvas: QWidget, busy: Callable[[], bool]) -> None:
    """Quit the application once ``canvas`` (the view's viewport) has been painted for the first time (and, with
    ``=built``, once ``busy`` says the scene is complete)."""
    _FirstPaint(canvas, busy)
