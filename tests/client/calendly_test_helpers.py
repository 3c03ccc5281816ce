"""Helpers shared by the client tests: fast retry settings, running a coroutine with an open client,
building valid booking requests for the sandbox's event types, counting requests per path.

Tests stay plain sync pytest functions that run coroutines with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from desktop_app.calendly import (
    AvailableTime,
    BookingInvitee,
    BookingLocation,
    BookingRequest,
    CalendlyClient,
    EventType,
    QuestionAndAnswer,
    RetryPolicy,
)
from desktop_app.sandbox.server import SandboxServer

T = TypeVar("T")


class CountingTransport(httpx.AsyncHTTPTransport):
    """Real HTTP transport that counts requests per path and keeps the last headers."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: Counter[str] = Counter()
        self.last_headers: httpx.Headers | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths[request.url.path] += 1
        self.last_headers = request.headers
        return await super().handle_async_request(request)


FAST = RetryPolicy(
    attempts=6,
    timeout=20.0,
    wait_initial=0.01,
    wait_max=0.05,
    wait_jitter=0.01,
    max_retry_after=2.0,
    booking_429_attempts=6,
    reconcile_delay=0.0,
)
"""Retry waits small enough for tests; 429 waits up to 2 s honoured (fault bursts say 1 s)."""

LOCATION_TEXT = {"ask_invitee": "Room 4, second floor", "outbound_call": "+1 415 555 0100"}


def run_with_client(
    server: SandboxServer,
    body: Callable[[CalendlyClient], Awaitable[T]],
    *,
    token: str | None = None,
    **kwargs: Any,
) -> T:
    """``asyncio.run`` ``body(client)`` with a client open on ``server`` (admin token by
    default, :data:`FAST` retries unless ``retry=`` is given)."""
    kwargs.setdefault("retry", FAST)

    async def main() -> T:
        async with CalendlyClient(
            token or server.admin_token, base_url=server.base_url, **kwargs
        ) as client:
            return await body(client)

    return asyncio.run(main())


async def first_solo_slot(
    client: CalendlyClient,
) -> tuple[EventType, AvailableTime, dt.datetime]:
    """The first active one-on-one (non-pooled) event type, its first open time from tomorrow
    on, and the start of the 7-day window read (UTC; re-query it to hit the client's cache)."""
    event_type = next(
        e
        for e in [x async for x in client.list_event_types(active=True)]
        if e.kind == "solo" and e.pooling_type is None
    )
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    slots = await client.available_times(event_type.uri, start, start + dt.timedelta(days=7))
    return event_type, slots[0], start


def booking_request(
    event_type: EventType, start: dt.datetime, email: str, name: str = "Test Invitee"
) -> BookingRequest:
    """A valid ``POST /invitees`` request for ``event_type`` at ``start``: first offered
    location (none for round robin), required questions answered."""
    location = None
    if event_type.locations and event_type.pooling_type != "round_robin":
        first = event_type.locations[0]
        text = first.location or LOCATION_TEXT.get(first.kind)
        location = BookingLocation(kind=first.kind, location=text)
    answers = []
    for q in event_type.custom_questions:
        if not (q.enabled and q.required):
            continue
        answer = q.answer_choices[0] if q.answer_choices else "Answer"
        answers.append(QuestionAndAnswer(question=q.name, answer=answer, position=q.position))
    return BookingRequest(
        event_type=event_type.uri,
        start_time=start,
        invitee=BookingInvitee(email=email, name=name, timezone="Europe/Berlin"),
        location=location,
        questions_and_answers=answers,
    )


def run(coro: Awaitable[T]) -> T:
    """Run a coroutine from a sync test."""

    async def main() -> T:
        return await coro

    return asyncio.run(main())
