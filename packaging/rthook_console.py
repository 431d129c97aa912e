"""PyInstaller runtime hook: give a windowed Windows build somewhere to print.

A windowed (no console) Windows executable starts with ``sys.stdout`` and ``sys.stderr`` set to None, so the
command-line verbs (``export``, ``stats``, ``--version``) would crash on their first print. Started from a terminal,
such a build attaches to that terminal and prints there; started from the desktop, its output is dropped. Other
systems are left alone: there a windowed build keeps the standard streams of whatever started it.
"""

import os
import sys

if sys.platform == "win32" and (sys.stdout is None or sys.stderr is None):
    import ctypes

    ATTACH_PARENT_PROCESS = -1
    attached = bool(ctypes.windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS))
    target = "CONOUT$" if attached else os.devnull
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8")  # noqa: SIM115 (open for the life of the process)
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8")  # noqa: SIM115
