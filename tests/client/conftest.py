"""Fixtures of the client tests (helpers live in calendly_test_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.sandbox.server import FaultConfig, SandboxServer


@pytest.fixture
def restore_sandbox(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """The session sandbox; faults and limits are reset after the test."""
    yield sandbox
    sandbox.set_faults(FaultConfig())
    sandbox.set_rate_limits(100000, 100000)
