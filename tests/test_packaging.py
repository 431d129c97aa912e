"""What the app bundle and a Linux desktop are given: icon, menu entry, file type, version. The bundle itself is
tested in test_bundle.py, when one has been built."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon, QImage
from PySide6.QtSvg import QSvgRenderer

from blueprint_editor.resources import example_path, icon_path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def mime_types() -> dict[str, ET.Element]:
    root = ET.parse(LINUX / "blueprint-editor.xml").getroot()
    return {element.attrib["type"]: element for element in root.iter(f"{MIME}mime-type")}


def test_the_version_is_written_once() -> None:
    """pyproject.toml takes the version from the code, so the wheel, --version and the bundle cannot disagree."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "blueprint_editor.__version__"}


def test_the_icon_draws_at_every_size(qapp: object) -> None:
    renderer = QSvgRenderer(str(icon_path()))
    assert renderer.isValid()
    assert renderer.viewBoxF().width() == renderer.viewBoxF().height()
    # The window icon is made from the SVG at run time, through Qt's SVG icon engine.
    icon = QIcon(str(icon_path()))
    for size in (16, 32, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # drawn, not an empty square


def test_render_icons_makes_the_sizes_desktops_ask_for(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}},
    )
    assert result.returncode == 0, result.stderr
    for size in (16, 32, 48, 64, 128, 256):
        image = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "blueprint-editor.png"))
        assert (image.width(), image.height()) == (size, size)
    scalable = tmp_path / "hicolor" / "scalable" / "apps" / "blueprint-editor.svg"
    assert scalable.read_bytes() == icon_path().read_bytes()


def test_the_menu_entry_starts_the_editor_with_its_icon_and_file_type() -> None:
    entry = desktop_entry(LINUX / "blueprint-editor.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Blueprint Editor"
    assert entry["Exec"] == "blueprint-editor %f"
    assert entry["Icon"] == icon_path().stem
    assert {"Graphics", "Office"} <= set(entry["Categories"].strip(";").split(";"))
    declared = set(mime_types())
    assert set(entry["MimeType"].strip(";").split(";")) <= declared


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_the_menu_entry_passes_the_freedesktop_validator() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / "blueprint-editor.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_file_type_recognises_a_saved_blueprint_by_its_first_key() -> None:
    """The magic string lies within the offsets it is looked for, as the editor writes files today."""
    (blueprint,) = mime_types().values()
    (match,) = blueprint.iter(f"{MIME}match")
    start, end = (int(n) for n in match.attrib["offset"].split(":"))
    head = example_path().read_text(encoding="utf-8")[: end + len(match.attrib["value"])]
    assert head.find(match.attrib["value"], start) != -1
    assert [glob.attrib["pattern"] for glob in blueprint.iter(f"{MIME}glob")] == ["*.blueprint.json"]


def test_install_desktop_adds_and_removes_the_menu_entry(tmp_path: Path) -> None:
    data = tmp_path / "share"
    program = tmp_path / "my apps" / "blueprint-editor"
    env = dict(os.environ, XDG_DATA_HOME=str(data), HOME=str(tmp_path))
    script = LINUX / "install-desktop.sh"

    installed = subprocess.run(["bash", str(script), str(program)], env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    entry = desktop_entry(data / "applications" / "blueprint-editor.desktop")
    assert entry["Exec"] == f'"{program}" %f'  # quoted: the folder has a space in its name
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "blueprint-editor.svg").is_file()
    assert (data / "mime" / "packages" / "blueprint-editor.xml").is_file()

    removed = subprocess.run(["bash", str(script), "--uninstall"], env=env, capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    left = [p.relative_to(data).as_posix() for p in data.rglob("*") if re.match(r"blueprint-editor\.", p.name)]
    assert left == []
