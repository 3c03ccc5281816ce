"""Where the contract lives.

The source of truth is ``../shared/calendly`` beside the checkout (CONTRACT.md,
``openapi-2026-excerpt.yaml``, ``examples/``). A clean clone elsewhere has no such folder, so
``tests/contract/`` holds a snapshot of the excerpt and the examples, used when the shared
folder is absent; ``test_contract_snapshot.py`` fails when the two differ, so the snapshot
cannot drift silently. ``CALENDLY_SHARED`` points at another copy and wins over both.
"""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "contract"
BESIDE_CHECKOUT = Path(__file__).resolve().parents[2] / "shared" / "calendly"


def _contract_dir() -> Path:
    if "CALENDLY_SHARED" in os.environ:
        return Path(os.environ["CALENDLY_SHARED"])
    if (BESIDE_CHECKOUT / "examples").is_dir():
        return BESIDE_CHECKOUT
    return SNAPSHOT


CALENDLY_SHARED = _contract_dir()
OPENAPI_EXCERPT = Path(
    os.environ.get("CALENDLY_EXCERPT", CALENDLY_SHARED / "openapi-2026-excerpt.yaml")
)
EXAMPLES = CALENDLY_SHARED / "examples"

if not EXAMPLES.is_dir():  # pragma: no cover - a misplaced checkout
    raise RuntimeError(f"Calendly contract not found at {CALENDLY_SHARED}; set CALENDLY_SHARED")
