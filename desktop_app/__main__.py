"""``python -m desktop_app``: start the desktop app (see :func:`desktop_app.app.main`)."""

import sys

from desktop_app.app import main

if __name__ == "__main__":
    sys.exit(main())
