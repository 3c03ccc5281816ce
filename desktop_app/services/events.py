"""Scheduled-events use-case (Qt-free): filtered paging for a lazy table, details, cancel.

Follows CONTRACT.md "Event (scheduled event)", "POST /scheduled_events/{uuid}/cancellation",
Gotchas 8 (``user`` or ``organization`` required; admins may use ``organization``) and 10 (only
future, active events can be canceled; 403 otherwise). Times are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from desktop_app.calendly.errors import (
    CalendlyError,
    InsufficientScope,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from desktop_app.calendly.models import EventLocation, Invitee, Page, ScheduledEvent
from desktop_app.services.base import ClientService

PAGE_SIZE = 100
MAX_REASON_CHARS = 10_000

When = Literal["upcoming", "past", "range", "all"]

_CONFERENCE_NAMES = {
    "zoom": "Zoom",
    "zoom_conference": "Zoom",
    "google_conference": "Google Meet",
    "gotomeeting": "GoTo Meeting",
    "gotomeeting_conference": "GoTo Meeting",
    "microsoft_teams_conference": "Microsoft Teams",
    "webex_conference": "Webex",
}


@dataclass(frozen=True)
class EventsScope:
    """Whose events: ``user`` URI (a host) and/or ``organization`` URI (admins: everyone).

    When both are given both are sent (an admin asking for one host of their organization).
    """

    user: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class EventsFilter:
    """Pane filters. ``when``: upcoming (start >= now, ascending), past (start < now,
    most recent first), range (``range_start`` <= start < ``range_end``, ascending) or all.
    ``status``: "active", "canceled" or None for both. ``invitee_email``: exact address."""

    when: When = "upcoming"
    range_start: datetime | None = None
    range_end: datetime | None = None
    status: str | None = None
    invitee_email: str | None = None


@dataclass
class EventDetails:
    """One scheduled event with all its invitees (any status)."""

    event: ScheduledEvent
    invitees: list[Invitee] = field(default_factory=list)


def list_params(
    scope: EventsScope, filt: EventsFilter, now: datetime
) -> dict[str, str | datetime | None]:
    """Keyword arguments for ``CalendlyClient.scheduled_events_page`` for ``scope``/``filt``.

    Raises ``ValueError`` when neither ``user`` nor ``organization`` is known.
    """
    if not scope.user and not scope.organization:
        raise ValueError("scheduled events need a user or an organization")
    params: dict[str, str | datetime | None] = {
        "user": scope.user,
        "organization": scope.organization,
        "status": filt.status or None,
        "invitee_email": (filt.invitee_email or "").strip() or None,
        "sort": "start_time:asc",
    }
    if filt.when == "upcoming":
        params["min_start_time"] = now
    elif filt.when == "past":
        params["max_start_time"] = now
        params["sort"] = "start_time:desc"
    elif filt.when == "range":
        params["min_start_time"] = filt.range_start
        params["max_start_time"] = filt.range_end
    return params


def location_text(location: EventLocation | None, *, with_url: bool = True) -> str:
    """One-line plain description of a scheduled event's location (``type`` vocabulary);
    conferences get their join URL when ``with_url`` and one is known."""
    if location is None:
        return ""
    kind = location.type
    if kind in _CONFERENCE_NAMES:
        name = _CONFERENCE_NAMES[kind]
        return f"{name}: {location.join_url}" if location.join_url and with_url else name
    if kind == "physical":
        return f"In person: {location.location or ''}".strip()
    if kind == "outbound_call":
        return f"Host calls {location.location or 'the invitee'}"
    if kind == "inbound_call":
        return f"Invitee calls {location.location or 'the host'}"
    if kind in ("custom", "ask_invitee"):
        return location.location or "Not specified"
    return location.location or kind


def invitee_count(event: ScheduledEvent) -> int:
    """Invitees to show for a row: active ones, or all of them for a canceled event."""
    counter = event.invitees_counter
    if counter is None:
        return 0
    return counter.total if event.status == "canceled" else counter.active


def cancel_error_text(exc: BaseException) -> str:
    """Plain sentence for a failed cancellation (403 variants shown as Calendly words them)."""
    if isinstance(exc, InsufficientScope):
        scopes = ", ".join(exc.required_scopes) or "scheduled_events:write"
        return f"The access token lacks the scope needed to cancel ({scopes})."
    if isinstance(exc, PermissionDenied):
        return f"Calendly refused the cancellation: {exc.message or exc.title or 'not allowed'}"
    if isinstance(exc, NotFound):
        return "This event no longer exists in Calendly."
    if isinstance(exc, RateLimited):
        return f"Too many requests; try again in {exc.retry_after:.0f} s."
    if isinstance(exc, CalendlyError):
        return f"Cancellation failed: {exc.message or exc.title or type(exc).__name__}"
    return f"Cancellation failed: {type(exc).__name__}"


class EventsService(ClientService):
    """Scheduled events of a host or organization through an injected ``CalendlyClient``
    (``now=`` overrides the clock, see :class:`ClientService`)."""

    async def page(
        self,
        scope: EventsScope,
        filt: EventsFilter,
        page_token: str | None = None,
        count: int = PAGE_SIZE,
        *,
        now: datetime | None = None,
    ) -> Page[ScheduledEvent]:
        """One page (``count`` <= 100) of ``GET /scheduled_events``; follow
        ``next_page_token`` for the next, passing the same ``now`` as for the first page
        (page tokens are bound to the query, and "upcoming"/"past" bounds depend on it).
        Raises the client's errors."""
        params = list_params(scope, filt, now or self.now())
        return await self.client.scheduled_events_page(
            count=count, page_token=page_token, **params  # type: ignore[arg-type]
        )

    async def first_invitee_name(self, event: str) -> str:
        """Name of the event's first invitee (``""`` when it has none)."""
        invitees = self.client.list_invitees(event)
        try:
            async for invitee in invitees:
                return invitee.name or invitee.first_name or invitee.email
            return ""
        finally:
            close = getattr(invitees, "aclose", None)
            if close is not None:
                await close()  # stop the generator now, not when it is collected

    async def details(self, event: str) -> EventDetails:
        """The event (fresh ``GET``) and all its invitees."""
        scheduled = await self.client.get_scheduled_event(event)
        invitees = [i async for i in self.client.list_invitees(scheduled.uri)]
        return EventDetails(scheduled, invitees)

    async def cancel(self, event: str, reason: str | None = None) -> ScheduledEvent:
        """Cancel ``event`` (URI or UUID) with an optional reason (<= 10,000 characters),
        then return the event as Calendly now has it (``status == "canceled"``).

        Raises ``ValueError`` for a too-long reason (nothing sent), ``PermissionDenied`` for
        the documented 403s (past, already canceled, not allowed), other client errors.
        The caller reopens the slot (available-times cache of the event type is dropped here).
        """
        text = (reason or "").strip() or None
        if text is not None and len(text) > MAX_REASON_CHARS:
            raise ValueError(f"reason longer than {MAX_REASON_CHARS} characters")
        await self.client.cancel_event(event, text)
        updated = await self.client.get_scheduled_event(event)
        if updated.event_type:
            self.client.invalidate_available_times(updated.event_type)
        return updated
