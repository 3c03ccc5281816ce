"""Entry script of the PyInstaller bundle: the desktop app's GUI entry, nothing else."""

import sys

from desktop_app.app import main

if __name__ == "__main__":
    sys.exit(main())
