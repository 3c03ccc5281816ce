"""Fault tests: 200 scripted bookings against the sandbox with 10% 500s, 429 bursts, dropped
connections and commit-then-drop on POST /invitees. Afterwards the sandbox's own state is
read: 0 duplicate bookings, 0 unhandled exceptions, every booking confirmed or reported failed.

Also: a page token rejected mid-list (as after a long pause) restarts without duplicates, and
logging never shows emails, names or the token.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
from calendly_test_helpers import booking_request, run_with_client

from desktop_app.calendly import (
    BookingNotCreated,
    BookingRequest,
    CalendlyClient,
    CalendlyError,
    EventType,
    Invitee,
)
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer

UTC = dt.UTC
DAY = dt.timedelta(days=1)
BOOKINGS = 200
WORKERS = 8
RETRIES_WHEN_NOT_CREATED = 5
FAULTS = FaultConfig(
    error_rate=0.10,
    burst_429_every=60,
    burst_429_length=2,
    drop_rate=0.05,
    commit_then_drop_rate=0.15,
    random_seed=20261121,
)


@dataclass
class Tally:
    confirmed: dict[str, Invitee] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # email -> error class name
    unhandled: list[BaseException] = field(default_factory=list)
    not_created_retries: int = 0


async def _plan(c: CalendlyClient, count: int) -> list[BookingRequest]:
    """``count`` requests at distinct, non-overlapping host times (one event type per host)."""
    me = await c.get_current_user()
    ets = [e async for e in c.list_event_types(organization=me.current_organization, active=True)]
    per_host: dict[str, EventType] = {}
    for et in ets:
        owner = et.profile.owner if et.profile else None
        if owner and et.kind == "solo" and et.pooling_type is None and owner not in per_host:
            per_host[owner] = et
    start = dt.datetime.now(UTC) + dt.timedelta(hours=2)
    plans: list[BookingRequest] = []
    for et in per_host.values():
        last_end = start
        for slot in await c.available_times(et.uri, start, start + 35 * DAY):
            if slot.start_time < last_end:
                continue
            last_end = slot.start_time + dt.timedelta(minutes=et.duration)
            i = len(plans)
            plans.append(
                booking_request(
                    et, slot.start_time, f"fault-{i:03d}@example.com", f"Fault Person {i:03d}"
                )
            )
    assert len(plans) >= count, f"sandbox offers only {len(plans)} non-overlapping slots"
    # interleave hosts so concurrent workers hit different calendars
    plans.sort(key=lambda r: (r.start_time, r.event_type))
    return plans[:count]


async def _book_one(c: CalendlyClient, req: BookingRequest, tally: Tally) -> None:
    email = req.invitee.email
    try:
        for attempt in range(RETRIES_WHEN_NOT_CREATED + 1):
            try:
                tally.confirmed[email] = await c.book(req)
                return
            except BookingNotCreated:
                tally.not_created_retries += 1
                if attempt == RETRIES_WHEN_NOT_CREATED:
                    raise
    except CalendlyError as exc:  # reported failure (incl. BookingOutcomeUnknown)
        tally.failed[email] = type(exc).__name__
    except Exception as exc:  # counted: must stay 0
        tally.unhandled.append(exc)


class _Observed(httpx.AsyncHTTPTransport):
    """Real transport that counts what the sandbox's faults did (statuses, dropped)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except httpx.TransportError:
            self.seen[f"{request.method} dropped"] += 1
            raise
        self.seen[f"{request.method} {response.status_code}"] += 1
        return response


def test_200_bookings_under_faults_no_duplicates(fresh_sandbox: SandboxServer) -> None:
    server = fresh_sandbox
    tally = Tally()
    observed = _Observed()

    async def body(c: CalendlyClient) -> list[BookingRequest]:
        plans = await _plan(c, BOOKINGS)
        server.set_faults(FAULTS)
        queue: asyncio.Queue[BookingRequest] = asyncio.Queue()
        for p in plans:
            queue.put_nowait(p)

        async def worker() -> None:
            while not queue.empty():
                await _book_one(c, queue.get_nowait(), tally)

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
        server.set_faults(FaultConfig())
        return plans

    t0 = time.perf_counter()
    plans = run_with_client(server, body, transport=observed)
    elapsed = time.perf_counter() - t0

    store = server.store
    dupes = store.query(
        "SELECT email, COUNT(*) AS n FROM invitees WHERE email LIKE 'fault-%' "
        "GROUP BY lower(email) HAVING n > 1"
    )
    double_booked_events = store.query(
        "SELECT i.event_uuid, COUNT(*) AS n FROM invitees i JOIN events e ON e.uuid = i.event_uuid "
        "WHERE i.email LIKE 'fault-%' AND i.status = 'active' GROUP BY i.event_uuid HAVING n > 1"
    )
    stored = {
        r["email"]: r["uuid"]
        for r in store.query("SELECT email, uuid FROM invitees WHERE email LIKE 'fault-%'")
    }
    failures = Counter(tally.failed.values())
    print(
        f"\n{BOOKINGS} bookings in {elapsed:.1f} s: confirmed={len(tally.confirmed)} "
        f"failed={len(tally.failed)} {dict(failures)} duplicates={len(dupes)} "
        f"unhandled={len(tally.unhandled)} not-created retries={tally.not_created_retries}"
        f"\nHTTP outcomes: {dict(sorted(observed.seen.items()))}"
    )
    assert tally.unhandled == []
    assert dupes == [] and double_booked_events == []
    assert len(tally.confirmed) + len(tally.failed) == BOOKINGS
    for email, invitee in tally.confirmed.items():
        assert stored.get(email) == invitee.uuid, email
    for email, kind in tally.failed.items():
        if kind != "BookingOutcomeUnknown":
            assert email not in stored, (email, kind)
    assert {p.invitee.email for p in plans} == set(tally.confirmed) | set(tally.failed)
    # the faults were really exercised: unknown outcomes were reconciled both ways
    assert tally.not_created_retries > 0
    # (a 429 burst lands on a GET only by interleaving, 0 to 4 times a run: not asserted here;
    # test_429_burst_waits_retry_after_then_retries_get covers the GET retry)
    for outcome in ("POST 201", "POST 429", "POST 500", "POST dropped", "GET 500"):
        assert observed.seen[outcome] > 0, outcome
    assert len(tally.confirmed) >= BOOKINGS * 0.9


class _ExpireSecondPageToken(httpx.AsyncHTTPTransport):
    """Real transport that replaces the first page token sent with a stale one, as if the
    token expired during a long pause; the sandbox answers 400 naming page_token."""

    def __init__(self) -> None:
        super().__init__()
        self.rejected = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "page_token" in request.url.params and self.rejected == 0:
            self.rejected += 1
            params = request.url.params.set("page_token", "expired-token")
            request = httpx.Request(
                request.method, request.url.copy_with(params=params), headers=request.headers
            )
        return await super().handle_async_request(request)


@pytest.mark.parametrize("sort", ["start_time:asc", "start_time:desc"])
def test_rejected_page_token_restarts_without_duplicates(sandbox: SandboxServer, sort: str) -> None:
    transport = _ExpireSecondPageToken()

    async def body(c: CalendlyClient) -> tuple[list[str], list[str]]:
        me = await c.get_current_user()
        org = me.current_organization
        restarted = [e.uri async for e in c.list_scheduled_events(organization=org, sort=sort)]
        assert transport.rejected == 1
        return restarted, []

    restarted, _ = run_with_client(sandbox, body, transport=transport)

    async def plain(c: CalendlyClient) -> list[str]:
        me = await c.get_current_user()
        return [
            e.uri
            async for e in c.list_scheduled_events(organization=me.current_organization, sort=sort)
        ]

    expected = run_with_client(sandbox, plain)
    assert len(restarted) == len(set(restarted))
    assert restarted == expected


def test_logs_never_show_emails_names_or_token(
    fresh_sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    email, name = "privacy.person@example.com", "Zoë Privacy-Person"

    async def body(c: CalendlyClient) -> None:
        ets = [e async for e in c.list_event_types(active=True)]
        et = next(e for e in ets if e.kind == "solo" and e.pooling_type is None)
        start = dt.datetime.now(UTC) + DAY
        slot = (await c.available_times(et.uri, start, start + 7 * DAY))[0]
        fresh_sandbox.set_faults(FaultConfig(commit_then_drop_rate=1.0))
        invitee = await c.book(booking_request(et, slot.start_time, email, name))
        fresh_sandbox.set_faults(FaultConfig())
        found = [i async for i in c.list_invitees(invitee.event, email=email)]
        assert found and found[0].name == name
        async for _ in c.list_scheduled_events(invitee_email=email):
            pass
        with pytest.raises(CalendlyError):
            await c.book(booking_request(et, slot.start_time, email, name))

    with caplog.at_level(logging.DEBUG):
        run_with_client(fresh_sandbox, body)
    messages = [r.getMessage() for r in caplog.records]
    extras = [str(vars(r)) for r in caplog.records]  # the calendly and stamina.* extras too
    text = "\n".join(messages + extras)
    assert any("reconcil" in m for m in messages)  # the interesting path was logged
    assert any("GET /scheduled_events" in m for m in messages)
    for secret in (
        email,
        "privacy.person%40example.com",
        name,
        "Privacy",
        fresh_sandbox.admin_token,
    ):
        assert secret not in text, secret
    loggers = {r.name for r in caplog.records if r.name.startswith("desktop_app.calendly")}
    assert {"desktop_app.calendly.transport", "desktop_app.calendly.booking"} <= loggers


def test_rate_limit_pacing_keeps_under_the_limit(
    make_sandbox: Callable[[SandboxConfig], SandboxServer],
) -> None:
    """With 30 requests/min allowed, 40 concurrent-ish reads: the client paces by the headers
    and raises RateLimited for what cannot fit, and the server never has to answer 429."""
    server = make_sandbox(SandboxConfig(rate_limit_per_minute=30, booking_limit_per_minute=5))
    statuses: Counter[int] = Counter()

    class Recording(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await super().handle_async_request(request)
            statuses[response.status_code] += 1
            return response

    async def body(c: CalendlyClient) -> tuple[int, int]:
        me = await c.get_current_user()
        ok = limited = 0

        async def one() -> None:
            nonlocal ok, limited
            try:
                await c.get_user(me.uuid)
                ok += 1
            except CalendlyError as exc:
                assert type(exc).__name__ == "RateLimited"
                limited += 1

        for _ in range(4):
            await asyncio.gather(*(one() for _ in range(10)))
        return ok, limited

    ok, limited = run_with_client(server, body, transport=Recording())
    assert statuses[429] == 0
    assert ok + 1 <= 30 and limited == 40 - ok
