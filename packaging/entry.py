"""The bundle's entry point: the same ``blueprint-editor`` command that pip installs, frozen by PyInstaller."""

import sys

from blueprint_editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
