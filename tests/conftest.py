"""Shared test fixtures (owner: sandbox). See docs/INTERFACES.md.

* ``sandbox`` (session): demo seed, rate limits raised to 100000/min; tests that change
  faults, limits or the clock must restore them (``set_faults(FaultConfig())``,
  ``set_rate_limits(100000, 100000)``, ``set_now(None)``).
* ``fresh_sandbox`` (function): a new demo sandbox, same raised limits, for tests that mutate.
* ``make_sandbox(config) -> SandboxServer``: started with ``config`` as given (limits NOT
  raised), stopped at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from desktop_app.sandbox.server import SandboxConfig, SandboxServer

HIGH_LIMIT = 100000


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    """Session-wide demo sandbox over loopback HTTP (limits 100000/min)."""
    server = SandboxServer(SandboxConfig(seed="demo", rate_limit_per_minute=HIGH_LIMIT,
                                         booking_limit_per_minute=HIGH_LIMIT))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_sandbox() -> Iterator[SandboxServer]:
    """A new demo sandbox for one test (limits 100000/min)."""
    server = SandboxServer(SandboxConfig(seed="demo", rate_limit_per_minute=HIGH_LIMIT,
                                         booking_limit_per_minute=HIGH_LIMIT))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_sandbox() -> Iterator[Callable[[SandboxConfig], SandboxServer]]:
    """Factory: ``make_sandbox(config)`` starts a sandbox; all are stopped at teardown."""
    started: list[SandboxServer] = []

    def make(config: SandboxConfig | None = None) -> SandboxServer:
        server = SandboxServer(config or SandboxConfig())
        server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
