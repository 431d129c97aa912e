"""The built app bundle, run as a user would run it: a broken bundle (a missing module, plugin, font or resource)
fails here rather than on a user's desktop.

The bundle takes a minute to build, so these tests run only when ``BLUEPRINT_EDITOR_BUNDLE`` names one, as CI does
after ``bash packaging/build.sh``:

    BLUEPRINT_EDITOR_BUNDLE=dist/blueprint-editor .venv/bin/python -m pytest tests/test_bundle.py
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_helpers import no_display_environment, run_cli
from PySide6.QtGui import QImage

from blueprint_editor import __version__
from blueprint_editor.io import load_document
from blueprint_editor.render.export import export_scenario
from blueprint_editor.resources import example_path
from blueprint_editor.ui.quit_when_shown import ENVIRONMENT_VARIABLE as QUIT_WHEN_SHOWN
from blueprint_editor.ui.quit_when_shown import MARKER as SHOWN_MARKER

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_VARIABLE = "BLUEPRINT_EDITOR_BUNDLE"

pytestmark = pytest.mark.skipif(
    not os.environ.get(BUNDLE_VARIABLE),
    reason=f"no app bundle to test: run packaging/build.sh and set {BUNDLE_VARIABLE}=dist/blueprint-editor",
)


@pytest.fixture(scope="module")
def program() -> Path:
    """The bundle's executable; a bundle that was asked for but is not there is a failure, not a skip."""
    bundle = Path(os.environ[BUNDLE_VARIABLE])
    if not bundle.is_absolute():
        bundle = ROOT / bundle
    for name in ("blueprint-editor", "blueprint-editor.exe"):
        if (bundle / name).is_file():
            return bundle / name
    pytest.fail(f"{bundle} holds no blueprint-editor program: build it with packaging/build.sh")


def run_bundle(
    program: Path, *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The bundled program with no display, as from a terminal on a machine with no Python."""
    environment = no_display_environment()
    # Nothing of the development venv may leak in: the bundle has to carry its own Python and Qt.
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [str(program), *map(str, args)], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_bundle_prints_the_version_of_the_code(program: Path, tmp_path: Path) -> None:
    result = run_bundle(program, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"blueprint-editor {__version__}"


def test_the_bundle_exports_the_example_as_the_package_does(program: Path, tmp_path: Path) -> None:
    """Offscreen, with fonts: the PNG has the size of the same export made in this process."""
    frozen = tmp_path / "frozen.png"
    result = run_bundle(program, "export", example_path(), "-o", frozen, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert frozen.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    reference = tmp_path / "reference.png"
    export_scenario(load_document(example_path()), reference)
    frozen_image, reference_image = QImage(str(frozen)), QImage(str(reference))
    assert not frozen_image.isNull()
    assert frozen_image.size() == reference_image.size()
    assert frozen_image.size().width() > 1000  # the whole blueprint, not an empty or clipped drawing


def test_the_bundle_ships_every_resource_of_the_package(program: Path) -> None:
    """Examples, templates and icons: the files the code finds through blueprint_editor.resources."""
    package = ROOT / "blueprint_editor" / "resources"
    frozen = next(program.parent.rglob("blueprint_editor/resources"), None)
    assert frozen is not None, f"no blueprint_editor/resources in {program.parent}"

    def data_files(folder: Path) -> set[str]:
        return {
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and path.suffix not in {".py", ".pyc"}
        }

    assert data_files(frozen) == data_files(package)


def test_the_bundle_computes_the_figures_the_package_does(program: Path, tmp_path: Path) -> None:
    """stats needs pydantic and networkx frozen; its figures match the installed package's to the last digit."""
    frozen = run_bundle(program, "stats", example_path(), "--json", cwd=tmp_path)
    assert frozen.returncode == 0, frozen.stderr
    installed = run_cli("stats", example_path(), "--json", cwd=tmp_path)
    assert json.loads(frozen.stdout) == json.loads(installed.stdout)


def test_the_bundle_reports_a_broken_file_in_one_line(program: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "blueprint-editor",', encoding="utf-8")
    result = run_bundle(program, "export", broken, "-o", tmp_path / "out.png", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("blueprint-editor: ")


def test_the_bundle_opens_the_editor_window_and_quits_cleanly(program: Path, tmp_path: Path) -> None:
    """The window starts, opens the example and paints its canvas, then quits on its own, without a crash on the
    way out (which a user would meet each time they close the editor)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        QUIT_WHEN_SHOWN: "1",
        # Away from the user's settings and autosaves, and with no crashed work to offer (which would ask).
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "BLUEPRINT_EDITOR_AUTOSAVE_DIR": str(home / "autosave"),
    }
    result = run_bundle(program, example_path(), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert SHOWN_MARKER in result.stderr
    assert "Traceback" not in result.stderr
