"""Helpers of the sandbox contract tests: a validating HTTP client and demo lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
from sbx_contract import checked

from desktop_app.sandbox.server import SandboxConfig, SandboxServer


class Api:
    """httpx client on a sandbox that validates every response against the excerpt."""

    def __init__(self, server: SandboxServer, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.server = server
        self.base = server.base_url
        self.client = httpx.Client(base_url=server.base_url, headers=headers, timeout=10)

    def get(self, template: str, path: str | None = None, expect: int = 200,
            **params: Any) -> Any:
        """GET ``path`` (default ``template``); assert status ``expect``; return the JSON."""
        response = self.client.get(path or template, params=params or None)
        checked(response, template)
        assert response.status_code == expect, response.text
        return response.json()

    def post(self, template: str, body: Any = None, path: str | None = None,
             expect: int = 201) -> Any:
        """POST JSON ``body``; assert status ``expect``; return the JSON."""
        response = self.client.post(path or template, json=body)
        checked(response, template)
        assert response.status_code == expect, response.text
        return response.json()

    def uri(self, collection: str, uuid: str) -> str:
        """Full URI of a resource on this server."""
        return f"{self.base}/{collection}/{uuid}"

    def close(self) -> None:
        """Close the client."""
        self.client.close()



class Demo:
    """Lookups in a demo-seeded sandbox by human names."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server

    def user(self, name: str) -> dict[str, Any]:
        """User row by exact name."""
        row = self.server.store.query_one("SELECT * FROM users WHERE name = ?", (name,))
        assert row is not None, name
        return row

    def event_type(self, name: str) -> dict[str, Any]:
        """Event type row by exact name."""
        row = self.server.store.query_one("SELECT * FROM event_types WHERE name = ?", (name,))
        assert row is not None, name
        return row

    def user_uri(self, name: str) -> str:
        """User URI by name."""
        return f"{self.server.base_url}/users/{self.user(name)['uuid']}"

    def et_uri(self, name: str) -> str:
        """Event type URI by name."""
        return f"{self.server.base_url}/event_types/{self.event_type(name)['uuid']}"

    @property
    def org_uri(self) -> str:
        """URI of the demo organization."""
        return f"{self.server.base_url}/organizations/{self.user('Amelia Hartmann')['org_uuid']}"


ApiFor = Callable[[SandboxServer, "str | None"], Api]


@contextmanager
def frozen_demo(now: datetime) -> Iterator[tuple[Api, Demo]]:
    """A demo sandbox with its clock frozen at ``now`` (aware UTC) and limits out of the way,
    with an admin ``Api`` on it; stopped on exit."""
    server = SandboxServer(SandboxConfig(now=now, rate_limit_per_minute=100000,
                                         booking_limit_per_minute=100000))
    server.start()
    api = Api(server, server.admin_token)
    try:
        yield api, Demo(server)
    finally:
        api.close()
        server.stop()
