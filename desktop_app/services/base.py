"""Base of the use-case services that call an injected Calendly client (Qt-free)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.calendly.client import CalendlyClient

__all__ = ["ClientService"]


class ClientService:
    """Holds ``client`` (an open :class:`~desktop_app.calendly.client.CalendlyClient`, owned by
    the session) and a clock: ``now`` returns aware UTC "now" (default: the real clock; the
    session passes the sandbox's clock, tests a frozen one)."""

    def __init__(
        self, client: CalendlyClient, *, now: Callable[[], datetime] | None = None
    ) -> None:
        self.client = client
        self._now = now or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        """Current aware UTC time."""
        return self._now()
