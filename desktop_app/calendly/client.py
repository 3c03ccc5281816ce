"""``CalendlyClient``: the app's async door to Calendly API v2 (or the sandbox).

Qt-free; a script can use it::

    async with CalendlyClient(token, base_url="https://api.calendly.com") as calendly:
        me = await calendly.get_current_user()
        async for event_type in calendly.list_event_types(user=me.uri): ...

Identifiers: methods accept a URI or a bare UUID (query parameters are sent as URIs, path
parameters as UUIDs). Times: aware datetimes, sent and returned in UTC. Errors: the classes of
:mod:`desktop_app.calendly.errors`. Contract: /work/shared/calendly/CONTRACT.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx
from pydantic import BaseModel, ValidationError

from .availability import TtlCache, gather_bounded, split_windows
from .booking import Booker
from .errors import CalendlyError
from .logsafe import get_logger
from .models import (
    AvailabilitySchedule,
    AvailableTime,
    BusyTime,
    Cancellation,
    EventType,
    Invitee,
    OrganizationMembership,
    Page,
    Resource,
    ScheduledEvent,
    SchedulingLink,
    User,
    format_utc,
    uuid_of,
)
from .paging import PAGE_SIZE, paginate, start_time_restart
from .ratelimit import RateLimitState
from .requests import BookingRequest
from .transport import ApiSession, RetryPolicy
from .urls import DEFAULT_BASE_URL, path_segment, to_uri, validate_base_url

__all__ = ["CalendlyClient"]

_log = get_logger(__name__)
M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Resource)
_START_MARGIN = dt.timedelta(seconds=5)


def _utc(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(dt.UTC)


def _parse(model: type[M], data: Any, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError:
        raise CalendlyError(f"Unexpected response shape from {what}") from None


def _items(data: Any, what: str) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("collection"), list):
        raise CalendlyError(f"Unexpected response shape from {what}")
    return list(data["collection"])


class CalendlyClient:
    """Async Calendly API v2 client (see module docstring).

    ``base_url``: https, or http for loopback hosts only (ValueError otherwise). ``timeout``:
    per request, seconds. ``transport``: replaces the network (tests). ``max_concurrency``:
    windows fetched at once by :meth:`available_times`. ``retry``: waits and bounds
    (:class:`RetryPolicy`). ``cache_ttl``: seconds an available-times window stays cached.
    ``clock``: current UTC time (for clamping availability starts; tests with a frozen server
    clock pass theirs).

    Every method (contract: CONTRACT.md; shapes: openapi-2026-excerpt.yaml) takes URIs or
    bare UUIDs, aware datetimes (naive -> ValueError), returns frozen models with aware UTC
    times, and raises :class:`InvalidArgument` (400, ``details``), :class:`Unauthenticated`
    (401), :class:`PermissionDenied`/:class:`InsufficientScope` (403), :class:`NotFound`
    (404), :class:`RateLimited` (429 or pacing wait beyond ``retry.max_retry_after``),
    :class:`ServerError`/:class:`TransportError` (after the bounded GET retries) or
    :class:`CalendlyError` (unexpected response shape). Messages never contain the token.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_concurrency: int = 4,
        retry: RetryPolicy | None = None,
        cache_ttl: float = 60.0,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        self.base_url = validate_base_url(base_url)
        self._session = ApiSession(
            token,
            self.base_url,
            timeout=timeout,
            transport=transport,
            retry=retry or RetryPolicy(),
            max_connections=max(10, 2 * max_concurrency),
        )
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        # (event type URI, window start, window end) -> available times of that window
        self._availability: TtlCache[tuple[str, dt.datetime, dt.datetime], tuple[Any, ...]]
        self._availability = TtlCache(ttl=cache_ttl)
        self._cache_generation = 0
        self._me: User | None = None
        self._event_types: dict[str, EventType] = {}
        self._type_of_event: dict[str, str] = {}
        self._booker = Booker(self, self._session)

    def __repr__(self) -> str:
        return f"CalendlyClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> CalendlyClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared HTTP connection pool."""
        await self._session.aclose()

    @property
    def rate_limit(self) -> RateLimitState | None:
        """Last ``X-RateLimit-*`` seen (limit, remaining, reset_seconds, observed_at)."""
        return self._session.rate_limit

    def booking_wait_seconds(self) -> float:
        """Seconds the client is holding ``POST /invitees`` back for the booking rate limit.

        0.0 when no wait is pending. Derived from the ``X-RateLimit-*`` headers of the last
        booking response (``Reset`` is seconds), see CONTRACT.md "Rate limits".
        """
        return max(0.0, self._session.limiters["booking"].delay())

    @property
    def retry_policy(self) -> RetryPolicy:
        """The waits and bounds in use."""
        return self._session.retry

    # ------------------------------------------------------------------ helpers

    def _uri(self, collection: str, value: str) -> str:
        return to_uri(self.base_url, collection, value)

    async def _resource(self, path: str, model: type[M], params: dict[str, Any] | None = None) -> M:
        data = await self._session.get(path, params)
        if not isinstance(data, dict) or "resource" not in data:
            raise CalendlyError(f"Unexpected response shape from GET {path}")
        return _parse(model, data["resource"], f"GET {path}")

    async def _page(
        self, path: str, model: type[M], params: dict[str, Any], token: str | None
    ) -> Page[M]:
        query = {**params, "count": params.get("count", PAGE_SIZE), "page_token": token}
        data = await self._session.get(path, query)
        items = [_parse(model, x, f"GET {path}") for x in _items(data, f"GET {path}")]
        pagination = data.get("pagination") or {}
        nxt = pagination.get("next_page_token") if isinstance(pagination, dict) else None
        return Page[M](items=items, next_page_token=nxt or None)

    async def _iterate(
        self,
        path: str,
        model: type[R],
        params: dict[str, Any],
        *,
        restart: Callable[[dict[str, Any], R], dict[str, Any]] | None = None,
        seen: Callable[[list[R]], None] | None = None,
    ) -> AsyncIterator[R]:
        """Every item of a paged list (``count=100``, see :func:`paging.paginate`), unique
        by URI; ``seen`` is called with each page's items."""

        async def fetch(p: dict[str, Any], token: str | None) -> Page[R]:
            page = await self._page(path, model, p, token)
            if seen is not None:
                seen(page.items)
            return page

        async for item in paginate(fetch, params, key=lambda x: x.uri, restart=restart):
            yield item

    def _remember_events(self, events: list[ScheduledEvent]) -> None:
        for event in events:
            if event.event_type:
                self._type_of_event[event.uuid] = event.event_type

    async def _windowed(
        self,
        path: str,
        model: type[M],
        params: dict[str, Any],
        start: dt.datetime,
        end: dt.datetime,
        *,
        cache_for: str | None = None,
    ) -> list[M]:
        """GET ``path`` once per window of at most 7 days, concurrently (bounded by the
        semaphore); items of all windows in window order. ``cache_for`` (an event type URI)
        turns on the TTL cache keyed by (event type, window)."""
        what = f"GET {path}"

        def job(win: tuple[dt.datetime, dt.datetime]) -> Callable[[], Awaitable[tuple[M, ...]]]:
            async def run() -> tuple[M, ...]:
                key = (cache_for, win[0], win[1]) if cache_for else None
                if key is not None and (cached := self._availability.get(key)) is not None:
                    return cast(tuple[M, ...], cached)
                query = {**params, "start_time": format_utc(win[0]), "end_time": format_utc(win[1])}
                generation = self._cache_generation
                data = await self._session.get(path, query)
                items = tuple(_parse(model, x, what) for x in _items(data, what))
                if key is not None and generation == self._cache_generation:
                    # (not stored when a booking/cancellation invalidated meanwhile)
                    self._availability.put(key, items)
                return items

            return run

        parts = await gather_bounded(self._semaphore, [job(w) for w in split_windows(start, end)])
        return [item for part in parts for item in part]

    # -------------------------------------------------------------------- users

    async def get_current_user(self) -> User:
        """``GET /users/me`` (cached for the client's lifetime after the first call)."""
        if self._me is None:
            self._me = await self._resource("/users/me", User)
        return self._me

    async def get_user(self, user: str) -> User:
        """``GET /users/{uuid}``; ``user`` is a URI, a UUID or "me"."""
        return await self._resource(f"/users/{path_segment(user)}", User)

    async def list_organization_memberships(
        self,
        *,
        organization: str | None = None,
        user: str | None = None,
        email: str | None = None,
    ) -> AsyncIterator[OrganizationMembership]:
        """``GET /organization_memberships``, all pages. Without ``organization`` and ``user``
        the current user's organization is listed."""
        if organization is None and user is None:
            organization = (await self.get_current_user()).current_organization
        params = {
            "organization": self._uri("organizations", organization) if organization else None,
            "user": self._uri("users", user) if user else None,
            "email": email,
        }
        async for item in self._iterate(
            "/organization_memberships", OrganizationMembership, params
        ):
            yield item

    # -------------------------------------------------------------- event types

    async def list_event_types(
        self,
        *,
        user: str | None = None,
        organization: str | None = None,
        active: bool | None = None,
    ) -> AsyncIterator[EventType]:
        """``GET /event_types``, all pages (sorted by name). Without ``user`` and
        ``organization`` the current user's event types are listed."""
        if user is None and organization is None:
            user = (await self.get_current_user()).uri
        params = {
            "user": self._uri("users", user) if user else None,
            "organization": self._uri("organizations", organization) if organization else None,
            "active": None if active is None else ("true" if active else "false"),
        }
        async for item in self._iterate("/event_types", EventType, params):
            self._event_types[item.uuid] = item
            yield item

    async def event_type_cached(self, event_type: str) -> EventType:
        """The event type as last seen by this client (listing or get), else fetched.
        Extension of INTERFACES.md; used by booking reconciliation."""
        cached = self._event_types.get(uuid_of(event_type))
        return cached if cached is not None else await self.get_event_type(event_type)

    async def get_event_type(self, event_type: str) -> EventType:
        """``GET /event_types/{uuid}`` -> :class:`EventType` (``duration`` in minutes);
        :class:`NotFound` if absent."""
        result = await self._resource(f"/event_types/{path_segment(event_type)}", EventType)
        self._event_types[result.uuid] = result
        return result

    # ------------------------------------------------------------- availability

    def _clamp_start(self, start: dt.datetime) -> dt.datetime:
        """Calendly refuses starts in the past: move such a start to the next whole minute."""
        earliest = self._clock().astimezone(dt.UTC) + _START_MARGIN
        if start >= earliest:
            return start
        return earliest.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)

    async def available_times(
        self, event_type: str, start: dt.datetime, end: dt.datetime
    ) -> list[AvailableTime]:
        """``GET /event_type_available_times`` over any range: split into windows of at most
        7 days, fetched concurrently (at most ``max_concurrency`` at once), merged,
        de-duplicated by start time and sorted. A start in the past is moved to the next
        minute. Windows are cached for ``cache_ttl`` seconds per (event type, window); booking
        or canceling for the event type drops its entries."""
        uri = self._uri("event_types", event_type)
        start = self._clamp_start(_utc(start, "start"))
        end = _utc(end, "end")
        if end <= start:
            return []

        parts = await self._windowed(
            "/event_type_available_times",
            AvailableTime,
            {"event_type": uri},
            start,
            end,
            cache_for=uri,
        )
        merged: dict[dt.datetime, AvailableTime] = {}
        for slot in parts:
            merged.setdefault(slot.start_time, slot)
        return [merged[k] for k in sorted(merged)]

    def invalidate_available_times(self, event_type: str | None = None) -> None:
        """Drop cached available times of ``event_type`` (URI or UUID), or all when None."""
        self._cache_generation += 1
        if event_type is None:
            self._availability.invalidate()
            return
        wanted = uuid_of(event_type)
        self._availability.invalidate(lambda key: uuid_of(key[0]) == wanted)

    def invalidate_for_event(self, event: str) -> None:
        """Drop cached available times of a scheduled event's event type (all if unknown)."""
        self.invalidate_available_times(self._type_of_event.get(uuid_of(event)))

    async def list_busy_times(
        self, user: str, start: dt.datetime, end: dt.datetime
    ) -> list[BusyTime]:
        """``GET /user_busy_times`` over any range (7-day windows, fetched concurrently),
        sorted by start. A start in the past is moved to the next minute."""
        uri = self._uri("users", user)
        start = self._clamp_start(_utc(start, "start"))
        end = _utc(end, "end")
        if end <= start:
            return []

        parts = await self._windowed("/user_busy_times", BusyTime, {"user": uri}, start, end)
        seen: dict[tuple[str, dt.datetime, dt.datetime, str | None], BusyTime] = {}
        for busy in parts:
            ref = busy.event.uri if busy.event else None
            seen.setdefault((busy.type, busy.start_time, busy.end_time, ref), busy)
        return sorted(seen.values(), key=lambda b: (b.start_time, b.end_time))

    async def list_availability_schedules(self, user: str) -> list[AvailabilitySchedule]:
        """``GET /user_availability_schedules?user=`` (no paging) -> schedules whose rule
        intervals ("hh:mm") are local to each schedule's IANA ``timezone``."""
        what = "GET /user_availability_schedules"
        data = await self._session.get(
            "/user_availability_schedules", {"user": self._uri("users", user)}
        )
        return [_parse(AvailabilitySchedule, x, what) for x in _items(data, what)]

    async def get_availability_schedule(self, schedule: str) -> AvailabilitySchedule:
        """``GET /user_availability_schedules/{uuid}``."""
        path = f"/user_availability_schedules/{path_segment(schedule)}"
        return await self._resource(path, AvailabilitySchedule)

    # --------------------------------------------------------- scheduled events

    async def _event_params(
        self,
        user: str | None,
        organization: str | None,
        status: str | None,
        invitee_email: str | None,
        min_start_time: dt.datetime | None,
        max_start_time: dt.datetime | None,
        sort: str,
    ) -> dict[str, Any]:
        if user is None and organization is None:
            user = (await self.get_current_user()).uri
        return {
            "user": self._uri("users", user) if user else None,
            "organization": self._uri("organizations", organization) if organization else None,
            "status": status,
            "invitee_email": invitee_email,
            "min_start_time": format_utc(_utc(min_start_time, "min_start_time"))
            if min_start_time
            else None,
            "max_start_time": format_utc(_utc(max_start_time, "max_start_time"))
            if max_start_time
            else None,
            "sort": sort,
        }

    async def list_scheduled_events(
        self,
        *,
        user: str | None = None,
        organization: str | None = None,
        status: str | None = None,
        invitee_email: str | None = None,
        min_start_time: dt.datetime | None = None,
        max_start_time: dt.datetime | None = None,
        sort: str = "start_time:asc",
    ) -> AsyncIterator[ScheduledEvent]:
        """``GET /scheduled_events``, all pages. Without ``user`` and ``organization`` the
        current user's events. ``organization`` needs an admin/owner token; a member asking
        for another user gets :class:`PermissionDenied`. If a page token is rejected (expired
        after a long pause), listing restarts from the last start time seen, skipping
        events already yielded."""
        params = await self._event_params(
            user, organization, status, invitee_email, min_start_time, max_start_time, sort
        )
        async for item in self._iterate(
            "/scheduled_events",
            ScheduledEvent,
            params,
            restart=start_time_restart(descending=sort.strip().endswith("desc")),
            seen=self._remember_events,
        ):
            yield item

    async def scheduled_events_page(
        self,
        *,
        user: str | None = None,
        organization: str | None = None,
        status: str | None = None,
        invitee_email: str | None = None,
        min_start_time: dt.datetime | None = None,
        max_start_time: dt.datetime | None = None,
        sort: str = "start_time:asc",
        count: int = 100,
        page_token: str | None = None,
    ) -> Page[ScheduledEvent]:
        """One page of ``GET /scheduled_events`` (for lazy UI paging); ``count`` 1..100."""
        if not 1 <= count <= 100:
            raise ValueError("count must be between 1 and 100")
        params = await self._event_params(
            user, organization, status, invitee_email, min_start_time, max_start_time, sort
        )
        params["count"] = count
        page = await self._page("/scheduled_events", ScheduledEvent, params, page_token)
        self._remember_events(page.items)
        return page

    async def get_scheduled_event(self, event: str) -> ScheduledEvent:
        """``GET /scheduled_events/{uuid}`` -> :class:`ScheduledEvent` (UTC times, location
        keyed by ``type``); :class:`NotFound` if absent or in another organization."""
        result = await self._resource(f"/scheduled_events/{path_segment(event)}", ScheduledEvent)
        self._remember_events([result])
        return result

    async def list_invitees(
        self, event: str, *, status: str | None = None, email: str | None = None
    ) -> AsyncIterator[Invitee]:
        """``GET /scheduled_events/{uuid}/invitees``, all pages (oldest first)."""
        path = f"/scheduled_events/{path_segment(event)}/invitees"
        async for item in self._iterate(path, Invitee, {"status": status, "email": email}):
            yield item

    async def get_invitee(self, event: str, invitee: str) -> Invitee:
        """``GET /scheduled_events/{event_uuid}/invitees/{invitee_uuid}`` -> :class:`Invitee`
        (no location: read the event); :class:`NotFound` if absent."""
        path = f"/scheduled_events/{path_segment(event)}/invitees/{path_segment(invitee)}"
        return await self._resource(path, Invitee)

    # ------------------------------------------------------------------ writes

    async def book(self, request: BookingRequest) -> Invitee:
        """``POST /invitees``; never retried blindly. Returns the created :class:`Invitee`.

        Raises :class:`SlotUnavailable` (taken meanwhile), the other 4xx classes,
        :class:`RateLimited` (still limited after waiting), :class:`BookingNotCreated`
        (outcome was unknown, reconciliation proved absence: safe to retry),
        :class:`BookingOutcomeUnknown` (reconciliation failed: do not retry). See
        :mod:`desktop_app.calendly.booking`.
        """
        return await self._booker.book(request)

    async def cancel_event(self, event: str, reason: str | None = None) -> Cancellation:
        """``POST /scheduled_events/{uuid}/cancellation``; 403 (:class:`PermissionDenied`)
        for past, already canceled or foreign events."""
        return await self._booker.cancel(event, reason)

    async def create_scheduling_link(
        self, event_type: str, max_event_count: int = 1
    ) -> SchedulingLink:
        """``POST /scheduling_links`` for an event type: a single-use booking URL."""
        body = {
            "max_event_count": max_event_count,
            "owner": self._uri("event_types", event_type),
            "owner_type": "EventType",
        }
        data = await self._booker.send_definite("/scheduling_links", body, bucket="default")
        if not isinstance(data, dict) or "resource" not in data:
            raise CalendlyError("Unexpected response shape from POST /scheduling_links")
        return _parse(SchedulingLink, data["resource"], "POST /scheduling_links")
