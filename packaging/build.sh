#!/usr/bin/env bash
# Build the app bundle dist/blueprint-editor/: one folder holding the program, Python, Qt, the examples, templates
# and icons, runnable on a Linux desktop with no Python installed. Then check that the built program starts, prints
# its version and exports the example blueprint to a PNG with no display, and print the bundle's size.
#
# Usage: bash packaging/build.sh       (from anywhere; needs python3 with venv, 3.11 or newer)
# Env:   PYTHON=python3 picks the interpreter of the build venv (build/venv, made on first use and reused).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
venv=build/venv
bundle=dist/blueprint-editor

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
# The package is installed, not linked to the checkout, so that the bundle holds exactly what a wheel ships
# (a resource missing from the package data is missing from the bundle too, and the smoke test below notices).
# setuptools reuses build/lib, where a module deleted from the checkout would live on: start it afresh.
rm -rf build/lib
"$venv/bin/pip" install -q --disable-pip-version-check '.[package]'
version=$("$venv/bin/python" -c 'import blueprint_editor; print(blueprint_editor.__version__)')

rm -rf build/icons
"$venv/bin/python" packaging/render_icons.py build/icons >/dev/null
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/blueprint-editor.spec

if [ "$(uname -s)" = Linux ]; then
  # What packaging/linux/install-desktop.sh, copied beside the program, puts in the user's menu.
  mkdir -p "$bundle/share/applications" "$bundle/share/mime/packages" "$bundle/share/icons"
  cp packaging/linux/blueprint-editor.desktop "$bundle/share/applications/"
  cp packaging/linux/blueprint-editor.xml "$bundle/share/mime/packages/"
  cp -R build/icons/hicolor "$bundle/share/icons/"
  cp packaging/linux/install-desktop.sh "$bundle/"
fi

# Smoke test: the frozen program, as a user without a display would run it.
program=$bundle/blueprint-editor
[ -x "$program" ] || program="$bundle/blueprint-editor.exe"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printed=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$program" --version)
if [ "$printed" != "blueprint-editor $version" ]; then
  echo "build.sh: the bundle printed '$printed' for --version, not 'blueprint-editor $version'" >&2
  exit 1
fi
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM \
  "$program" export blueprint_editor/resources/examples/hotel-stay.json -o "$out/hotel-stay.png"
if [ "$(head -c 8 "$out/hotel-stay.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  echo "build.sh: the bundle's export of the example is not a PNG" >&2
  exit 1
fi

echo "built $bundle (Blueprint Editor $version) in $(($(date +%s) - started)) s:" \
  "$(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files"
