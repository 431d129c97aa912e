"""PySide6 6.12.0 dies on Python 3.11 after a few thousand calls such as setPos (none_dealloc).

The pin in pyproject.toml keeps us below 6.12; this test makes sure the PySide6 we run survives the same load
that the canvas puts on it. It runs in a child process so that a crash fails the test instead of the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 30_000

SCRIPT = textwrap.dedent(
    f"""
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene

    app = QApplication([])
    scene = QGraphicsScene()
    items = [QGraphicsRectItem(0, 0, 160, 64) for _ in range(200)]
    for item in items:
        scene.addItem(item)
    colours = [QColor("#eaf3fc"), QColor("#fdf5e6")]
    for n in range({CALLS}):
        item = items[n % len(items)]
        item.setPos(n % 997, n % 613)
        item.setPos(QPointF(n % 311, n % 127))
        item.setBrush(QBrush(colours[n % 2]))
        item.setSelected(n % 3 == 0)
    print("survived", {CALLS})
    """
)


def test_many_thousands_of_setpos_and_setbrush_calls_do_not_crash() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, f"PySide6 crashed (exit {result.returncode}):\n{result.stderr[-2000:]}"
    assert f"survived {CALLS}" in result.stdout
