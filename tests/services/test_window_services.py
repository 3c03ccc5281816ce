"""Session, event-type and availability services against the real sandbox (Qt-free)."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta
from typing import Any

import pytest

from desktop_app.calendly.errors import Unauthenticated
from desktop_app.core.secrets import MemoryTokenStore, NoSecureBackend
from desktop_app.core.settings import Settings
from desktop_app.sandbox.server import SandboxConfig
from desktop_app.services.availability import AvailabilityService, Week
from desktop_app.services.event_types import EventTypeService
from desktop_app.services.session import EmbeddedSandbox, SessionManager, open_session


class FailingStore(MemoryTokenStore):
    """A keyring without a secure backend; records which thread each call ran on."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.threads: list[tuple[str, threading.Thread]] = []

    def get(self, base_url: str) -> str | None:
        self.threads.append(("get", threading.current_thread()))
        return super().get(base_url)

    def set(self, base_url: str, token: str) -> None:
        self.threads.append(("set", threading.current_thread()))
        raise NoSecureBackend("NoKeyringError")

    def delete(self, base_url: str) -> None:
        self.threads.append(("delete", threading.current_thread()))
        super().delete(base_url)


def test_session_event_types_and_weeks(sandbox: Any) -> None:
    async def scenario() -> None:
        session = await open_session(sandbox.admin_token, sandbox.base_url)
        try:
            assert session.is_admin and session.organization and not session.sandbox
            service = EventTypeService(session)
            hosts = await service.hosts()
            groups = await service.load()
            assert len(hosts) > 1 and len(groups) > 1  # groups may add teams
            total = sum(len(g.event_types) for g in groups)
            assert total > 20  # all pages
            one = await service.load(groups[0].host.uri)
            owners = {g.host.uri for g in one}
            assert groups[0].host.uri in owners  # plus team event types the host is pooled in
            assert all(
                g.host.uri == groups[0].host.uri or e.profile.type == "Team"  # type: ignore[union-attr]
                for g in one
                for e in g.event_types
            )
            # availability: a future week, cache hit on the second call, invalidation
            et = next(e for g in groups for e in g.event_types if e.active)
            week = Week.containing(date.today() + timedelta(days=7), "Europe/Paris")
            availability = AvailabilityService(session.client)
            first = await availability.load_week(et.uri, week)
            assert availability.cached(et.uri, week) is first
            start, end = week.utc_range()
            assert all(start <= t.start_time < end for t in first.times)
            assert sum(len(d) for d in first.by_day()) == len(first.times)
            availability.invalidate(et.uri)
            assert availability.cached(et.uri, week) is None
            # a week entirely in the past is never requested
            old = Week.containing(date.today() - timedelta(days=14), "UTC")
            past = await availability.load_week(et.uri, old)
            assert past.times == [] and past.past_days == frozenset(range(7))
            nxt = await availability.next_available(et.uri, old)
            assert nxt is not None and nxt.start >= old.start
        finally:
            await session.aclose()

    asyncio.run(scenario())


def test_manager_sandbox_connect_disconnect(tmp_path: Any) -> None:
    saved: list[Settings] = []

    async def scenario() -> None:
        store = FailingStore()
        manager = SessionManager(
            Settings(),
            store,
            save_settings=saved.append,
            sandbox_factory=lambda: EmbeddedSandbox(SandboxConfig(rate_limit_per_minute=500)),
        )
        try:
            demo = await manager.start()  # no token stored -> embedded sandbox
            assert demo.sandbox and manager.sandbox is not None
            base_url, token = manager.sandbox.base_url, manager.sandbox.token
            with pytest.raises(Unauthenticated):
                await manager.connect("wrong-token", base_url)
            assert manager.session is demo  # a failed connect keeps the current session
            memory = SessionManager(Settings(), MemoryTokenStore(), save_settings=saved.append)
            memory.warning = "Tokens cannot be stored securely"
            await memory.connect(token, base_url)  # memory-only store: the warning stays
            assert memory.warning == "Tokens cannot be stored securely"
            await memory.aclose()
            real = await manager.connect(token, base_url)
            assert not real.sandbox and manager.session is real
            assert manager.warning and "this session only" in manager.warning
            assert saved and saved[-1].connected and saved[-1].base_url == base_url
            assert manager.sandbox is None  # a real account stops the embedded sandbox
            back = await manager.disconnect()
            assert back.sandbox and not saved[-1].connected
            # keyring calls may block on D-Bus: never on the event loop's thread
            assert [call for call, _t in store.threads] == ["get", "set", "delete"]
            assert all(t is not threading.main_thread() for _c, t in store.threads)
        finally:
            await manager.aclose()

    asyncio.run(scenario())
