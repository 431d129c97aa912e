"""Render the application icon's SVG to the PNG sizes that desktops and installers ask for.

Only the SVG is kept in the repository (no generated files in git); the PNGs are made here, at build time, into an
XDG icon-theme tree (``OUT/hicolor/NxN/apps/blueprint-editor.png`` and ``OUT/hicolor/scalable/apps/...svg``) that
``packaging/linux/install-desktop.sh`` copies as it is, plus ``OUT/blueprint-editor.ico`` for a Windows build.

Usage: ``python packaging/render_icons.py OUT_DIR``
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
NAME = "blueprint-editor"
SVG = Path(__file__).resolve().parent.parent / "blueprint_editor" / "resources" / "icons" / f"{NAME}.svg"


def render(svg: Path, out: Path) -> list[Path]:
    """Write the PNG renders, the scalable SVG and the Windows icon under ``out``; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no display
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    written: list[Path] = []
    images: dict[int, QImage] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"render_icons: cannot write {target}")
        images[size] = image
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    # Qt's ICO writer stores one image per file; Windows scales the 256 px one down well enough.
    ico = out / f"{NAME}.ico"
    if images[256].save(str(ico), "ICO"):
        written.append(ico)
    return written


def main(argv: list[str]) -> int:
    """Render into the folder named on the command line."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    for path in render(SVG, out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
