"""Every error class produced by a real sandbox response (loopback HTTP)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from calendly_test_helpers import (
    FAST,
    CountingTransport,
    booking_request,
    first_solo_slot,
    run_with_client,
)

from desktop_app.calendly import (
    BookingNotCreated,
    BookingOutcomeUnknown,
    CalendlyClient,
    CalendlyError,
    InsufficientScope,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    SlotUnavailable,
    TransportError,
    Unauthenticated,
)
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer

UTC = dt.UTC
DAY = dt.timedelta(days=1)


def _raises(
    server: SandboxServer,
    exc: type[CalendlyError],
    coro_fn: Callable[[CalendlyClient], Awaitable[Any]],
    **kw: Any,
) -> CalendlyError:
    async def body(c: CalendlyClient) -> CalendlyError:
        with pytest.raises(exc) as info:
            await coro_fn(c)
        return info.value

    return run_with_client(server, body, **kw)


def test_invalid_argument(sandbox: SandboxServer) -> None:
    async def bad_status(c: CalendlyClient) -> None:
        async for _ in c.list_scheduled_events(status="bogus"):
            pass

    err = _raises(sandbox, InvalidArgument, bad_status)
    assert type(err) is InvalidArgument and err.status == 400
    assert [d.parameter for d in err.details] == ["status"]


def test_unauthenticated_without_token_in_message(sandbox: SandboxServer) -> None:
    token = "wrong-token-0123456789"
    err = _raises(sandbox, Unauthenticated, lambda c: c.get_current_user(), token=token)
    assert err.status == 401 and token not in str(err)


def test_permission_denied_and_insufficient_scope(sandbox: SandboxServer) -> None:
    async def org_events(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        async for _ in c.list_scheduled_events(organization=me.current_organization):
            pass

    err = _raises(sandbox, PermissionDenied, org_events, token=sandbox.member_token)
    assert type(err) is PermissionDenied and err.status == 403

    async def members(c: CalendlyClient) -> None:
        async for _ in c.list_organization_memberships():
            pass

    scope = _raises(sandbox, InsufficientScope, members, token=sandbox.member_token)
    assert isinstance(scope, InsufficientScope) and scope.required_scopes
    assert all(":" in s for s in scope.required_scopes)


def test_not_found(sandbox: SandboxServer) -> None:
    err = _raises(
        sandbox, NotFound, lambda c: c.get_event_type("00000000-0000-4000-8000-000000000000")
    )
    assert err.status == 404


def test_slot_unavailable_on_taken_slot(fresh_sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        et, slot, start = await first_solo_slot(c)  # now cached
        async with CalendlyClient(
            fresh_sandbox.admin_token, base_url=fresh_sandbox.base_url, retry=FAST
        ) as other:  # someone else takes the slot
            await other.book(booking_request(et, slot.start_time, "first@example.com"))
        with pytest.raises(SlotUnavailable) as info:
            await c.book(booking_request(et, slot.start_time, "second@example.com"))
        assert info.value.details[0].code == "already_filled"
        assert isinstance(info.value, InvalidArgument)
        # the refusal proved the cached window stale: it is fetched again
        assert slot not in await c.available_times(et.uri, start, start + 7 * DAY)

    run_with_client(fresh_sandbox, body)


def test_rate_limited_from_server_and_from_pacing(
    make_sandbox: Callable[[SandboxConfig], SandboxServer],
) -> None:
    server = make_sandbox(SandboxConfig(rate_limit_per_minute=4, booking_limit_per_minute=2))

    async def body(c: CalendlyClient) -> None:
        for _ in range(4):
            await c.get_current_user()
            c._me = None  # force a request each time
        assert c.rate_limit is not None and c.rate_limit.remaining == 0
        assert c.rate_limit.limit == 4 and 0 < (c.rate_limit.reset_seconds or 0) <= 60
        # the client knows the budget is spent: it refuses without sending
        with pytest.raises(RateLimited) as info:
            await c.get_current_user()
        assert info.value.status is None and info.value.retry_after > 2

    run_with_client(server, body)

    async def other(c: CalendlyClient) -> None:
        # a second client does not know: the server answers 429 with Retry-After
        with pytest.raises(RateLimited) as info:
            await c.get_current_user()
        assert info.value.status == 429 and 1 <= info.value.retry_after <= 60

    run_with_client(server, other)


def test_server_error_and_transport_error(restore_sandbox: SandboxServer) -> None:
    sandbox = restore_sandbox
    sandbox.set_faults(FaultConfig(error_rate=1.0))
    err = _raises(sandbox, ServerError, lambda c: c.get_current_user())
    assert err.status == 500
    sandbox.set_faults(FaultConfig(drop_rate=1.0))
    counting = CountingTransport()
    drop = _raises(sandbox, TransportError, lambda c: c.get_current_user(), transport=counting)
    assert isinstance(drop, TransportError) and drop.request_sent and drop.status is None
    assert counting.paths["/users/me"] == FAST.attempts  # dropped GETs are retried, bounded


def test_booking_outcome_unknown_when_reconcile_fails(fresh_sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        et, slot, _start = await first_solo_slot(c)
        fresh_sandbox.set_faults(FaultConfig(error_rate=1.0))
        try:
            with pytest.raises(BookingOutcomeUnknown) as info:
                await c.book(booking_request(et, slot.start_time, "unknown@example.com"))
        finally:
            fresh_sandbox.set_faults(FaultConfig())
        assert isinstance(info.value.cause, ServerError)

    run_with_client(fresh_sandbox, body)


class _HealAfterFirstBooking(httpx.AsyncHTTPTransport):
    """Real transport; once the sandbox has answered the first POST /invitees (with its
    injected 500), the faults are switched off so the reconcile reads succeed."""

    def __init__(self, server: SandboxServer) -> None:
        super().__init__()
        self.server = server

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.method == "POST" and request.url.path == "/invitees":
            self.server.set_faults(FaultConfig())
        return response


def test_booking_not_created_when_reconcile_proves_absence(fresh_sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        et, slot, _start = await first_solo_slot(c)
        req = booking_request(et, slot.start_time, "absent@example.com")
        fresh_sandbox.set_faults(FaultConfig(error_rate=1.0))
        with pytest.raises(BookingNotCreated) as info:
            await c.book(req)
        assert isinstance(info.value.cause, ServerError)
        assert fresh_sandbox.store.count("invitees", "email = ?", ["absent@example.com"]) == 0
        again = await c.book(req)  # safe to retry
        assert again.email == "absent@example.com"

    run_with_client(fresh_sandbox, body, transport=_HealAfterFirstBooking(fresh_sandbox))


def test_commit_then_drop_is_reconciled_to_the_booking(fresh_sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        et, slot, start = await first_solo_slot(c)
        fresh_sandbox.set_faults(FaultConfig(commit_then_drop_rate=1.0))
        try:
            invitee = await c.book(booking_request(et, slot.start_time, "dropped@example.com"))
        finally:
            fresh_sandbox.set_faults(FaultConfig())
        assert invitee.email == "dropped@example.com"
        # the reconciled booking dropped the cached window
        assert slot not in await c.available_times(et.uri, start, start + 7 * DAY)
        rows = fresh_sandbox.store.query(
            "SELECT uuid FROM invitees WHERE email = ?", ["dropped@example.com"]
        )
        assert [r["uuid"] for r in rows] == [invitee.uuid]

    run_with_client(fresh_sandbox, body, retry=dataclasses.replace(FAST, reconcile_delay=0.01))


def test_cancel_with_dropped_connection_reports_failure(fresh_sandbox: SandboxServer) -> None:
    """The sandbox drops the cancellation before acting: the read-back shows the event still
    active, so the transport error is raised and nothing was canceled."""

    async def body(c: CalendlyClient) -> None:
        event = next(
            e
            for e in [x async for x in c.list_scheduled_events(status="active")]
            if e.start_time > dt.datetime.now(UTC) + DAY
        )
        fresh_sandbox.set_faults(FaultConfig(drop_rate=1.0))
        try:
            with pytest.raises(TransportError):
                await c.cancel_event(event.uri, reason="never sent")
        finally:
            fresh_sandbox.set_faults(FaultConfig())
        assert (await c.get_scheduled_event(event.uri)).status == "active"

    run_with_client(fresh_sandbox, body)


def test_round_robin_commit_then_drop_found_on_any_host(fresh_sandbox: SandboxServer) -> None:
    """Round robin: the event lands on whichever host is free, not necessarily the event
    type's owner; reconcile must search the organization, not the owner's calendar."""

    async def body(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        ets = [e async for e in c.list_event_types(organization=me.current_organization)]
        rr = next(e for e in ets if e.pooling_type == "round_robin")
        start = dt.datetime.now(UTC) + DAY
        slots = await c.available_times(rr.uri, start, start + 7 * DAY)
        results = []
        fresh_sandbox.set_faults(FaultConfig(commit_then_drop_rate=1.0))
        try:
            for i, slot in enumerate(slots[:6]):
                results.append(
                    await c.book(booking_request(rr, slot.start_time, f"rr-{i}@example.com"))
                )
        finally:
            fresh_sandbox.set_faults(FaultConfig())
        hosts = set()
        for invitee in results:
            event = await c.get_scheduled_event(invitee.event)
            hosts.update(m.user for m in event.event_memberships)
        assert rr.profile is not None and hosts - {rr.profile.owner}, "no booking on a non-owner"
        assert fresh_sandbox.store.count("invitees", "email LIKE 'rr-%'") == len(results)

    run_with_client(fresh_sandbox, body)


def test_429_burst_waits_retry_after_then_retries_get(restore_sandbox: SandboxServer) -> None:
    """The sandbox answers every 2nd request 429 with Retry-After: 1; the GET is retried after
    at least that long and succeeds."""
    sandbox = restore_sandbox

    async def body(c: CalendlyClient) -> float:
        me = await c.get_current_user()  # request 1: passes
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        assert (await c.get_user(me.uuid)).uri == me.uri  # request 2: 429, then 3: passes
        return loop.time() - t0

    sandbox.set_faults(FaultConfig(burst_429_every=2, burst_429_length=1))
    waited = run_with_client(sandbox, body)
    assert 1.0 <= waited < 2.5


def test_booking_limit_has_its_own_bucket(
    make_sandbox: Callable[[SandboxConfig], SandboxServer],
) -> None:
    """POST /invitees headers describe the booking limit (2/min here): after two bookings
    the client holds bookings back (RateLimited without sending) while reads go on."""
    server = make_sandbox(SandboxConfig(rate_limit_per_minute=1000, booking_limit_per_minute=2))

    async def body(c: CalendlyClient) -> None:
        ets = [e async for e in c.list_event_types(active=True)]
        et = next(e for e in ets if e.kind == "solo" and e.pooling_type is None)
        start = dt.datetime.now(UTC) + DAY
        slots = await c.available_times(et.uri, start, start + 7 * DAY)
        for i in range(2):
            await c.book(booking_request(et, slots[2 * i].start_time, f"b{i}@example.com"))
        assert c.booking_wait_seconds() > 30
        assert c.rate_limit is not None and c.rate_limit.limit == 1000
        with pytest.raises(RateLimited) as info:
            await c.book(booking_request(et, slots[4].start_time, "b2@example.com"))
        assert info.value.status is None  # refused by the client, nothing sent
        assert (await c.get_event_type(et.uuid)).uri == et.uri  # reads are not held

    run_with_client(server, body)
    assert server.store.count("invitees", "email LIKE 'b_@example.com'") == 2
