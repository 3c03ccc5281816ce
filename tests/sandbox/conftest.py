"""Fixtures of the sandbox contract tests: validating HTTP clients and demo-seed lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sbx_helpers import Api, Demo

from desktop_app.sandbox.server import SandboxServer


@pytest.fixture(scope="session")
def admin(sandbox: SandboxServer) -> Iterator[Api]:
    """Validating client with the session sandbox's admin (owner) token."""
    api = Api(sandbox, sandbox.admin_token)
    yield api
    api.close()


@pytest.fixture(scope="session")
def member(sandbox: SandboxServer) -> Iterator[Api]:
    """Validating client with the session sandbox's member token."""
    api = Api(sandbox, sandbox.member_token)
    yield api
    api.close()


@pytest.fixture
def api_for() -> Iterator[Callable[[SandboxServer, str | None], Api]]:
    """Factory of validating clients, closed at teardown."""
    made: list[Api] = []

    def make(server: SandboxServer, token: str | None) -> Api:
        api = Api(server, token)
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


@pytest.fixture(scope="session")
def demo(sandbox: SandboxServer) -> Demo:
    """Lookups in the session sandbox."""
    return Demo(sandbox)
