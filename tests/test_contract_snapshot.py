"""The committed contract snapshot (``tests/contract/``) equals ``../shared/calendly``.

A clean clone without the shared folder validates against the snapshot; this test keeps the
two identical wherever the shared folder is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_paths import BESIDE_CHECKOUT, SNAPSHOT


def _files(root: Path) -> dict[str, bytes]:
    wanted = [root / "openapi-2026-excerpt.yaml", *sorted((root / "examples").rglob("*.json"))]
    return {str(p.relative_to(root)): p.read_bytes() for p in wanted if p.is_file()}


def test_snapshot_holds_the_excerpt_and_examples() -> None:
    files = _files(SNAPSHOT)
    assert "openapi-2026-excerpt.yaml" in files
    assert sum(name.startswith("examples/errors/") for name in files) >= 5
    assert sum(name.startswith("examples/synthesized/") for name in files) >= 5


@pytest.mark.skipif(
    not (BESIDE_CHECKOUT / "examples").is_dir(), reason="no ../shared/calendly beside the checkout"
)
def test_snapshot_matches_shared_contract() -> None:
    shared, snapshot = _files(BESIDE_CHECKOUT), _files(SNAPSHOT)
    assert sorted(snapshot) == sorted(shared), "copy ../shared/calendly into tests/contract/"
    changed = [name for name in shared if shared[name] != snapshot[name]]
    assert not changed, f"tests/contract/ is stale: {changed}"
