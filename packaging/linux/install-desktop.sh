#!/usr/bin/env bash
# Add Blueprint Editor to the current user's application menu: the menu entry, the icon at every size and the
# blueprint file type, under ${XDG_DATA_HOME:-~/.local/share}. No root needed; --uninstall takes them away again.
#
# Usage: install-desktop.sh [--uninstall] [PROGRAM]
#   From an app bundle (dist/blueprint-editor/install-desktop.sh, made by packaging/build.sh), the menu entry
#   starts that bundle's program, wherever the bundle was unpacked: run it again after moving the bundle.
#   From a checkout (packaging/linux/install-desktop.sh), it starts the blueprint-editor on PATH (pip install).
#   PROGRAM, an absolute path, overrides either.
set -euo pipefail

name=blueprint-editor
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}

uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi

if [ -d "$here/share/applications" ]; then  # in a bundle: build.sh laid the files out in share/
  desktop=$here/share/applications/$name.desktop
  mime=$here/share/mime/packages/$name.xml
  icons=$here/share/icons/hicolor
  program=${1:-$here/$name}
else  # in a checkout: the SVG icon only, which every current desktop scales
  desktop=$here/$name.desktop
  mime=$here/$name.xml
  icons=$(mktemp -d)
  trap 'rm -rf "$icons"' EXIT
  mkdir -p "$icons/scalable/apps"
  cp "$here/../../blueprint_editor/resources/icons/$name.svg" "$icons/scalable/apps/"
  program=${1:-$(command -v "$name" || true)}
  program=${program:-$name}
fi

refresh() {
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$data/applications" || true; fi
  if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime" || true; fi
  if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true; fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$data/applications/$name.desktop" "$data/mime/packages/$name.xml"
  find "$data/icons/hicolor" -path "*/apps/$name.*" -delete 2>/dev/null || true
  refresh
  echo "removed Blueprint Editor from the menu"
  exit 0
fi

case $program in
  *[\"\`\$\\]*) echo "install-desktop.sh: cannot put a path with \", \`, \$ or \\ in a menu entry: $program" >&2
                exit 2 ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor"
# The menu entry's Exec names the program; quoted, since the bundle may sit in a folder with spaces in its name.
sed "s|^Exec=.*|Exec=\"$program\" %f|" "$desktop" > "$data/applications/$name.desktop"
cp "$mime" "$data/mime/packages/$name.xml"
cp -R "$icons/." "$data/icons/hicolor/"
refresh
echo "added Blueprint Editor to the menu: $data/applications/$name.desktop runs $program"
