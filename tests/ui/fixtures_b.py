"""Helpers for the booking dialog and events pane tests (engineer B): a client on a fresh
demo sandbox, event types by name, open times, and filling the dialog's form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QUrl

from desktop_app.calendly.client import CalendlyClient
from desktop_app.calendly.models import AvailableTime, EventType
from desktop_app.sandbox.server import SandboxServer
from desktop_app.ui.dialogs.booking_dialog import BookingDialog

ZONE = ZoneInfo("America/New_York")
EVIL = "<b>x</b><img src=x>"


@dataclass
class Env:
    """A fresh sandbox, an open admin client on it, and the admin's organization URI."""

    sandbox: SandboxServer
    client: CalendlyClient
    organization: str
    user: str
    aio: Any

    def event_type(self, name: str) -> EventType:
        async def find() -> EventType:
            async for et in self.client.list_event_types(organization=self.organization):
                if et.name == name:
                    return et
            raise LookupError(name)

        return self.aio.run(find())

    def open_times(self, et: EventType, days: int = 7) -> list[AvailableTime]:
        now = datetime.now(UTC)
        start, end = now + timedelta(minutes=5), now + timedelta(days=days)
        return self.aio.run(self.client.available_times(et.uri, start, end))

    def invitee_count(self) -> int:
        return self.sandbox.store.count("invitees")


@pytest.fixture(name="env")
def env_fixture(aio: Any, fresh_sandbox: SandboxServer) -> Iterator[Env]:
    client = CalendlyClient(fresh_sandbox.admin_token, base_url=fresh_sandbox.base_url)
    me = aio.run(client.get_current_user())
    assert me.current_organization
    try:
        yield Env(fresh_sandbox, client, me.current_organization, me.uri, aio)
    finally:
        aio.run(client.aclose())


class UrlRecorder:
    """Stands in for QDesktopServices.openUrl: records URLs, launches nothing."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return True


def fill_basics(
    dialog: BookingDialog, name: str = "Ana Díaz", email: str = "ana@example.com"
) -> None:
    form = dialog.form
    form.name.setText(name)
    form.email.setText(email)
    form.zone.set_zone("America/New_York")
