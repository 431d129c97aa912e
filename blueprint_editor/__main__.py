"""Run the editor with ``python -m blueprint_editor``."""

import sys

from blueprint_editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
