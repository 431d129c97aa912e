"""PyInstaller hook that replaces the stock one for PySide6.QtGui: the same collection, less the Qt plugins the app
never loads, dropped here rather than after the analysis so that the libraries only they need are not collected.

Dropped: kiosk and framebuffer platforms and their input plugins (one of which, TUIO touch, would pull in QtNetwork
and Kerberos), the image formats of files the app neither reads nor writes, and the GTK theme, which would load the
system's GTK beside the bundle's own glib, cairo and pango. Kept: xcb and wayland (a desktop), offscreen and
minimal (exports with no display), the svg, ico, png and jpeg formats, the svg icon engine, the desktop-portal
theme and input methods.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = (
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimalegl",
    "platforms/libqvnc",
    "platforms/libqvkkhrdisplay",
    "egldeviceintegrations/",
    "generic/",
    "imageformats/libqpdf",
    "imageformats/libqtiff",
    "imageformats/libqwebp",
    "imageformats/libqtga",
    "imageformats/libqwbmp",
    "imageformats/libqicns",
    "imageformats/libqgif",
    "platformthemes/libqgtk3",
)


def _used(source: str) -> bool:
    path = source.replace("\\", "/")
    return not any(f"/plugins/{part}" in path for part in UNUSED_PLUGINS)


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if _used(source)]
