"""Where the contract lives: ``../shared/calendly`` beside the checkout (as in CI).

Set ``CALENDLY_SHARED`` to point elsewhere. Tests fail loudly when it is missing rather than
skipping the assertions that depend on it.
"""

from __future__ import annotations

import os
from pathlib import Path

CALENDLY_SHARED = Path(
    os.environ.get(
        "CALENDLY_SHARED", Path(__file__).resolve().parents[2] / "shared" / "calendly"
    )
)
OPENAPI_EXCERPT = Path(
    os.environ.get("CALENDLY_EXCERPT", CALENDLY_SHARED / "openapi-2026-excerpt.yaml")
)
EXAMPLES = CALENDLY_SHARED / "examples"

if not EXAMPLES.is_dir():  # pragma: no cover - a misplaced checkout
    raise RuntimeError(
        f"Calendly contract not found at {CALENDLY_SHARED}; clone next to shared/ "
        "or set CALENDLY_SHARED"
    )
