"""Every public method of CalendlyClient against the real sandbox over loopback HTTP."""

from __future__ import annotations

import datetime as dt

import httpx
from calendly_test_helpers import CountingTransport, booking_request, run_with_client

from desktop_app.calendly import (
    USER_AGENT,
    CalendlyClient,
    EventType,
    Page,
    ScheduledEvent,
)
from desktop_app.sandbox.server import FaultConfig, SandboxServer

UTC = dt.UTC
DAY = dt.timedelta(days=1)


def test_users_and_memberships(sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        assert me.email and me.current_organization and me.created_at and me.created_at.tzinfo
        assert (await c.get_user(me.uri)).uri == me.uri
        assert (await c.get_user(me.uuid)).email == me.email
        members = [m async for m in c.list_organization_memberships()]
        assert len(members) == len(sandbox.store.users(me.current_organization.rsplit("/")[-1]))
        assert me.uri in {m.user.uri for m in members}
        assert {m.role for m in members} >= {"owner", "user"}
        one = [
            m
            async for m in c.list_organization_memberships(
                organization=me.current_organization, email=members[1].user.email
            )
        ]
        assert [m.user.uri for m in one] == [members[1].user.uri]
        assert c.rate_limit is not None and c.rate_limit.limit == 100000

    run_with_client(sandbox, body)


def test_event_types(sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        mine = [e async for e in c.list_event_types()]
        assert mine and all(isinstance(e, EventType) for e in mine)
        org = [e async for e in c.list_event_types(organization=me.current_organization)]
        assert len(org) > len(mine)
        active = [
            e async for e in c.list_event_types(organization=me.current_organization, active=True)
        ]
        assert all(e.active for e in active) and len(active) < len(org)
        got = await c.get_event_type(org[0].uuid)
        assert got == org[0]
        assert any(e.pooling_type == "round_robin" for e in org)
        assert any(e.kind == "group" for e in org)

    run_with_client(sandbox, body)


def test_available_times_windows_cache_and_invalidation(fresh_sandbox: SandboxServer) -> None:
    counting = CountingTransport()

    async def body(c: CalendlyClient) -> None:
        ets = [e async for e in c.list_event_types(active=True)]
        et = next(e for e in ets if e.kind == "solo" and e.pooling_type is None)
        start = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(hours=1)
        slots = await c.available_times(et.uri, start, start + 28 * DAY)
        assert counting.paths["/event_type_available_times"] == 4  # 4 windows of 7 days
        times = [s.start_time for s in slots]
        assert times == sorted(set(times)) and len(times) > 20
        assert all(start <= t < start + 28 * DAY for t in times)
        # the same range is served from the cache
        assert await c.available_times(et.uuid, start, start + 28 * DAY) == slots
        assert counting.paths["/event_type_available_times"] == 4
        # windows agree with single-window requests
        first_week = await c.available_times(et.uri, start, start + 7 * DAY)
        assert first_week == [s for s in slots if s.start_time < start + 7 * DAY]
        # a booking for that event type drops its cache entries
        booked = await c.book(booking_request(et, slots[0].start_time, "cache@example.com"))
        assert booked.email == "cache@example.com"
        after = await c.available_times(et.uri, start, start + 28 * DAY)
        assert counting.paths["/event_type_available_times"] == 8  # first week was cached
        assert slots[0].start_time not in {s.start_time for s in after}
        c.invalidate_available_times(et.uri)
        c.invalidate_available_times()
        await c.available_times(et.uri, start, start + 7 * DAY)
        assert counting.paths["/event_type_available_times"] == 9
        # a start in the past is moved to now: no 400
        past = await c.available_times(et.uri, start - 3 * DAY, start + DAY)
        assert all(s.start_time > dt.datetime.now(UTC) for s in past)

    run_with_client(fresh_sandbox, body, transport=counting)
    ua = counting.last_headers["user-agent"] if counting.last_headers else ""
    assert ua == USER_AGENT and ua.startswith("CalendlySchedulingAssistant/0.1.0")


def test_busy_times_and_schedules(sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        start = dt.datetime.now(UTC) + dt.timedelta(minutes=5)
        busy = await c.list_busy_times(me.uri, start, start + 20 * DAY)
        mine = [
            e
            async for e in c.list_scheduled_events(
                status="active", min_start_time=start, max_start_time=start + 20 * DAY
            )
        ]
        assert {b.event.uri for b in busy if b.event} == {e.uri for e in mine}
        assert [b.start_time for b in busy] == sorted(b.start_time for b in busy)
        schedules = await c.list_availability_schedules(me.uri)
        assert schedules and any(s.default for s in schedules)
        one = await c.get_availability_schedule(schedules[0].uri)
        assert one == schedules[0] and one.rules

    run_with_client(sandbox, body)


def test_scheduled_events_org_scope_across_pages(sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        me = await c.get_current_user()
        org = me.current_organization
        assert org
        events = [e async for e in c.list_scheduled_events(organization=org)]
        org_uuid = org.rsplit("/", 1)[-1]
        assert len(events) == sandbox.store.count("events", "org_uuid = ?", [org_uuid])
        assert len(events) > 100  # more than one page of 100
        assert len({e.uri for e in events}) == len(events)
        assert [e.start_time for e in events] == sorted(e.start_time for e in events)
        desc = [
            e.uri async for e in c.list_scheduled_events(organization=org, sort="start_time:desc")
        ]
        assert desc == [e.uri for e in reversed(events)]
        # lazy paging: small pages chained through page tokens
        page: Page[ScheduledEvent] = await c.scheduled_events_page(organization=org, count=40)
        seen = list(page.items)
        while page.next_page_token:
            page = await c.scheduled_events_page(
                organization=org, count=40, page_token=page.next_page_token
            )
            seen.extend(page.items)
        assert [e.uri for e in seen] == [e.uri for e in events]
        # filters
        canceled = [e async for e in c.list_scheduled_events(organization=org, status="canceled")]
        assert canceled and all(e.status == "canceled" and e.cancellation for e in canceled)
        lo = events[10].start_time
        hi = events[20].start_time
        window = [
            e
            async for e in c.list_scheduled_events(
                organization=org, min_start_time=lo, max_start_time=hi
            )
        ]
        assert window and all(lo <= e.start_time < hi for e in window)
        one = await c.get_scheduled_event(events[0].uuid)
        assert one.uri == events[0].uri and one.location is not None
        invitees = [i async for i in c.list_invitees(events[0].uri)]
        assert invitees and all(i.event == events[0].uri for i in invitees)
        got = await c.get_invitee(events[0].uri, invitees[0].uri)
        assert got == invitees[0]
        by_mail = [i async for i in c.list_invitees(events[0].uuid, email=invitees[0].email)]
        assert invitees[0].uri in {i.uri for i in by_mail}
        found = [
            e
            async for e in c.list_scheduled_events(
                organization=org, invitee_email=invitees[0].email
            )
        ]
        assert events[0].uri in {e.uri for e in found}

    run_with_client(sandbox, body)


def test_book_cancel_and_scheduling_link(fresh_sandbox: SandboxServer) -> None:
    async def body(c: CalendlyClient) -> None:
        ets = [e async for e in c.list_event_types(active=True)]
        et = next(e for e in ets if e.kind == "solo" and e.pooling_type is None)
        start = dt.datetime.now(UTC) + DAY
        slot = (await c.available_times(et.uri, start, start + 7 * DAY))[0]
        invitee = await c.book(booking_request(et, slot.start_time, "jo@example.com", "Jo Q"))
        assert invitee.status == "active" and invitee.name == "Jo Q"
        row = fresh_sandbox.store.invitee(invitee.uuid)
        assert row is not None and row["email"] == "jo@example.com"
        event = await c.get_scheduled_event(invitee.event)
        assert event.start_time == slot.start_time and event.event_type == et.uri
        assert slot not in await c.available_times(et.uri, start, start + 7 * DAY)  # cached
        cancellation = await c.cancel_event(event.uri, reason="Testing")
        assert cancellation.reason == "Testing" and cancellation.canceler_type == "host"
        assert (await c.get_scheduled_event(event.uuid)).status == "canceled"
        # the cancellation dropped the cached window: the slot is offered again
        assert slot in await c.available_times(et.uri, start, start + 7 * DAY)
        link = await c.create_scheduling_link(et.uri)
        assert link.booking_url.startswith("http") and link.owner == et.uri

    run_with_client(fresh_sandbox, body)


class PeakTransport(httpx.AsyncHTTPTransport):
    """Real HTTP transport that records the most requests in flight at once."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            return await super().handle_async_request(request)
        finally:
            self.now -= 1


def test_available_time_windows_are_fetched_concurrently_but_bounded(
    restore_sandbox: SandboxServer,
) -> None:
    """4 weeks = 4 windows; with max_concurrency=3 and 80 ms latency exactly 3 overlap."""
    peak = PeakTransport()

    async def body(c: CalendlyClient) -> None:
        ets = [e async for e in c.list_event_types(active=True) if e.pooling_type is None]
        et = ets[0]
        restore_sandbox.set_faults(FaultConfig(latency_ms=80))
        start = dt.datetime.now(UTC) + dt.timedelta(hours=1)
        peak.peak = 0
        await c.available_times(et.uri, start, start + 28 * DAY)
        assert peak.peak == 3

    run_with_client(restore_sandbox, body, transport=peak, max_concurrency=3)
