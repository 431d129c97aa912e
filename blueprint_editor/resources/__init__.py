"""Bundled files (examples, icons), found the same way from a checkout, a wheel or a PyInstaller bundle."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a bundled file, e.g. ``resource_path("examples", "hotel-stay.json")``."""
    resource = files(__package__).joinpath(*parts)
    with as_file(resource) as path:  # a real file for every install layout we ship
        return Path(path)


def example_path(name: str = "hotel-stay.json") -> Path:
    """The path of a bundled example blueprint."""
    return resource_path("examples", name)


def icon_path() -> Path:
    """The application icon (SVG); desktops and installers get PNG renders made from it at build time."""
    return resource_path("icons", "blueprint-editor.svg")
