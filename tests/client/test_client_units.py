"""Unit tests of the client's pure parts: windows, TTL cache, pacing, paging restart, retries.

The sandbox-backed tests (test_client_sandbox*.py) cover the same paths over real HTTP; these
pin the edge cases (httpx.MockTransport only where a server cannot produce the case on demand).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from typing import Any

import httpx
import pytest

from desktop_app.calendly import (
    BookingInvitee,
    BookingNotCreated,
    BookingRequest,
    CalendlyClient,
    CalendlyError,
    InvalidArgument,
    RateLimited,
    RetryPolicy,
    ServerError,
    TransportError,
    Unauthenticated,
)
from desktop_app.calendly.availability import TtlCache, split_windows
from desktop_app.calendly.errors import error_from_response
from desktop_app.calendly.logsafe import get_logger, redact_params
from desktop_app.calendly.ratelimit import RateLimiter
from tests.shared_paths import EXAMPLES

FAST = RetryPolicy(
    attempts=4,
    timeout=5,
    wait_initial=0.001,
    wait_max=0.005,
    wait_jitter=0.001,
    max_retry_after=1.0,
    reconcile_delay=0.0,
)
UTC = dt.UTC
BASE = "http://127.0.0.1:9"


def test_split_windows() -> None:
    start = dt.datetime(2030, 1, 1, tzinfo=UTC)
    four = split_windows(start, start + dt.timedelta(days=28))
    assert len(four) == 4 and all(b - a == dt.timedelta(days=7) for a, b in four)
    assert four[0][0] == start and four[-1][1] == start + dt.timedelta(days=28)
    odd = split_windows(start, start + dt.timedelta(days=10, hours=1))
    assert [b - a for a, b in odd] == [dt.timedelta(days=7), dt.timedelta(days=3, hours=1)]
    with pytest.raises(ValueError):
        split_windows(start.replace(tzinfo=None), start + dt.timedelta(days=1))
    with pytest.raises(ValueError):
        split_windows(start, start)


def test_ttl_cache() -> None:
    now = [0.0]
    cache: TtlCache[str, int] = TtlCache(ttl=10, max_entries=2, clock=lambda: now[0])
    cache.put("a", 1)
    now[0] = 9.9
    assert cache.get("a") == 1
    now[0] = 10.0
    assert cache.get("a") is None
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache.get("a") is None and len(cache) == 2
    assert cache.invalidate(lambda k: k == "b") == 1 and cache.get("c") == 3


def test_rate_limiter_pacing() -> None:
    now = [100.0]
    lim = RateLimiter(clock=lambda: now[0])
    assert lim.delay() == 0
    lim.release(
        {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"}
    )
    assert 30 <= lim.delay() <= 30.1  # budget used up: wait for the reset
    now[0] = 131.0
    assert lim.delay() == 0  # window over
    lim.release(
        {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "4", "X-RateLimit-Reset": "40"}
    )
    lim._last_send = now[0]
    assert lim.delay() == pytest.approx(10.0)  # 4 left over 40 s -> one per 10 s
    now[0] = 172.0  # next window
    lim.release(
        {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "90", "X-RateLimit-Reset": "40"}
    )
    assert lim.delay() == 0
    lim.penalize(3)
    assert lim.delay() == pytest.approx(3.0)


def _event(i: int) -> dict[str, Any]:
    start = dt.datetime(2030, 1, 1, tzinfo=UTC) + dt.timedelta(hours=i)
    return {
        "uri": f"{BASE}/scheduled_events/ev{i}",
        "name": "Call",
        "status": "active",
        "start_time": start.isoformat().replace("+00:00", "Z"),
        "end_time": (start + dt.timedelta(minutes=30)).isoformat().replace("+00:00", "Z"),
        "event_type": f"{BASE}/event_types/et",
    }


def _page(items: list[dict[str, Any]], token: str | None) -> dict[str, Any]:
    return {
        "collection": items,
        "pagination": {
            "count": len(items),
            "next_page": None,
            "previous_page": None,
            "next_page_token": token,
            "previous_page_token": None,
        },
    }


def test_expired_page_token_restarts_from_last_start_time() -> None:
    """Page 2's token is rejected; the list restarts from min_start_time = last start - 1 s."""
    seen_params: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen_params.append(params)
        if params.get("page_token") == "t2":
            body = {
                "title": "Invalid Argument",
                "message": "bad",
                "details": [{"parameter": "page_token", "message": "is invalid"}],
            }
            return httpx.Response(400, json=body)
        if "page_token" not in params and "min_start_time" not in params:
            return httpx.Response(200, json=_page([_event(0), _event(1)], "t2"))
        # restarted query: the server repeats event 1 (same start bound), then the rest
        return httpx.Response(200, json=_page([_event(1), _event(2), _event(3)], None))

    async def run() -> list[str]:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            return [e.uuid async for e in c.list_scheduled_events(user=f"{BASE}/users/u")]

    assert asyncio.run(run()) == ["ev0", "ev1", "ev2", "ev3"]
    assert seen_params[-1]["min_start_time"] == "2030-01-01T00:59:59.000000Z"
    assert seen_params[0]["count"] == "100"


def test_other_400_is_not_a_restart() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {
            "title": "Invalid Argument",
            "message": "x",
            "details": [{"parameter": "user", "message": "is invalid"}],
        }
        return httpx.Response(400, json=body)

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            async for _ in c.list_scheduled_events(user="u"):
                pass

    with pytest.raises(InvalidArgument):
        asyncio.run(run())


def test_get_retries_are_bounded_and_429_waits() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/users/me":
            if len(calls) <= 2:
                return httpx.Response(429, headers={"Retry-After": "0.05"})
            return httpx.Response(
                200, json={"resource": {"uri": f"{BASE}/users/u", "email": "a@b.c"}}
            )
        if request.url.path.endswith("/slow"):
            return httpx.Response(429, headers={"Retry-After": "30"})
        return httpx.Response(503, json={"title": "Unavailable", "message": "try later"})

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            me = await c.get_current_user()
            assert me.uuid == "u" and loop.time() - t0 >= 0.09  # waited Retry-After twice
            calls.clear()
            with pytest.raises(ServerError):
                await c.get_event_type("x")
            assert len(calls) == FAST.attempts
            with pytest.raises(RateLimited) as info:
                await c.get_user("slow")
            assert info.value.retry_after == 30.0

    asyncio.run(run())


def test_token_never_in_error_message() -> None:
    token = "sekrit-token-123"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == f"Bearer {token}"
        assert request.headers["User-Agent"].startswith("CalendlySchedulingAssistant/")
        body = {
            "title": "Unauthenticated",
            "message": f"Invalid token: {token}.",
            "details": [{"parameter": f"auth/{token}", "message": f"got {token}."}],
        }
        return httpx.Response(401, json=body)

    async def run() -> None:
        async with CalendlyClient(
            token, base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            with pytest.raises(Unauthenticated) as info:
                await c.get_current_user()
            assert token not in str(info.value) and token not in repr(info.value)
            assert token not in repr(c)

    asyncio.run(run())


def test_http_base_url_refused() -> None:
    with pytest.raises(ValueError):
        CalendlyClient("tok", base_url="http://api.calendly.com")


def test_scheduling_link_body_matches_example() -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(
            201,
            json={
                "resource": {
                    "booking_url": "https://x/d/1",
                    "owner": "o",
                    "owner_type": "EventType",
                }
            },
        )

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            await c.create_scheduling_link(
                "https://api.calendly.com/event_types/012345678901234567890"
            )

    asyncio.run(run())
    example = EXAMPLES / "scheduling_links.post.request.json"
    assert sent[0] == json.loads(example.read_text())


def test_rate_limiter_ignores_overtaken_responses() -> None:
    now = [0.0]
    lim = RateLimiter(clock=lambda: now[0])
    lim.release(
        {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "50"}
    )
    now[0] = 0.5
    lim.release(
        {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "50"}
    )
    assert lim.state is not None and lim.state.remaining == 3  # stale count ignored
    now[0] = 55.0
    lim.release(
        {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "9", "X-RateLimit-Reset": "60"}
    )
    assert lim.state.remaining == 9  # a new window


def test_cancel_with_lost_response_reads_the_event_back() -> None:
    """The cancellation was processed but its response was lost: the event is read back and
    its cancellation returned instead of an error."""
    event = {
        **_event(5),
        "status": "canceled",
        "cancellation": {
            "canceled_by": "Host",
            "reason": "r",
            "canceler_type": "host",
            "created_at": "2030-01-01T00:00:00Z",
        },
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadError("connection reset", request=request)
        return httpx.Response(200, json={"resource": event})

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            cancellation = await c.cancel_event(f"{BASE}/scheduled_events/ev5", reason="r")
            assert cancellation.reason == "r"

    asyncio.run(run())


def test_repeated_page_token_stops_instead_of_looping() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_page([_event(0)], "same"))

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            with pytest.raises(CalendlyError, match="repeated a page token"):
                async for _ in c.list_scheduled_events(user="u"):
                    pass

    asyncio.run(run())


def test_non_ascii_token_refused_without_echoing_it() -> None:
    """A pasted token with a non-breaking space: httpx's UnicodeEncodeError repr would carry
    the whole header; the client refuses the token itself first."""
    token = "abc\u00a0def-SECRET-PART"
    with pytest.raises(ValueError) as info:
        CalendlyClient(token, base_url=BASE)
    assert "SECRET" not in repr(info.value) and "SECRET" not in str(info.value)


def test_retry_logs_redact_emails_in_server_text(caplog: pytest.LogCaptureFixture) -> None:
    """stamina logs every scheduled retry with the failure's repr as an extra attribute."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"title": "Oops", "message": "failed for ana@example.com"})

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            with pytest.raises(ServerError):
                await c.get_user("u")

    with caplog.at_level(logging.DEBUG):
        asyncio.run(run())
    retries = [r for r in caplog.records if r.name == "stamina"]
    assert retries, "stamina did not log its retries"
    dumped = "\n".join(str(vars(r)) for r in caplog.records)
    assert "ana@example.com" not in dumped


def test_window_fetched_during_invalidation_is_not_cached() -> None:
    """A booking invalidates the cache while a window is in flight: that (possibly stale)
    window must not be stored."""
    release = asyncio.Event()
    started = asyncio.Event()
    calls: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            started.set()
            await release.wait()
        return httpx.Response(200, json={"collection": []})

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler),
            clock=lambda: dt.datetime(2030, 1, 1, tzinfo=UTC),
        ) as c:
            start = dt.datetime(2030, 1, 2, tzinfo=UTC)
            task = asyncio.ensure_future(c.available_times("et", start, start + dt.timedelta(1)))
            await started.wait()
            c.invalidate_available_times("et")
            release.set()
            await task
            await c.available_times("et", start, start + dt.timedelta(days=1))
            assert len(calls) == 2
            await c.available_times("et", start, start + dt.timedelta(days=1))
            assert len(calls) == 2  # the second fetch was cached

    asyncio.run(run())


def test_page_token_restarts_are_bounded() -> None:
    """A server that rejects every page token: a few restarts, then the 400 is raised."""
    calls: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        calls.append(params)
        if "page_token" in params:
            detail = {"parameter": "page_token", "message": "is invalid"}
            return httpx.Response(400, json={"title": "Invalid Argument", "message": "bad",
                                             "details": [detail]})
        return httpx.Response(200, json=_page([_event(len(calls))], "next"))

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            with pytest.raises(InvalidArgument):
                async for _ in c.list_scheduled_events(user="u"):
                    pass

    asyncio.run(run())
    assert len(calls) == 2 * 4  # first try + 3 restarts, each a page and a rejected token


def test_429_without_retry_after_waits_reset_seconds() -> None:
    """X-RateLimit-Reset is seconds until the window resets, not a timestamp."""
    err = error_from_response(429, None, {"X-RateLimit-Reset": "30", "X-RateLimit-Remaining": "0"})
    assert isinstance(err, RateLimited) and err.retry_after == 30.0


def test_booking_never_sent_is_sent_again() -> None:
    """A connect error means the POST never left: it is sent again, once, and not reconciled."""
    posts: list[bytes] = []
    invitee = {
        "uri": f"{BASE}/scheduled_events/ev/invitees/inv",
        "email": "a@example.com",
        "event": f"{BASE}/scheduled_events/ev",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST", "no reconcile read expected"
        posts.append(request.content)
        if len(posts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json={"resource": invitee})

    async def run() -> str:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            booked = await c.book(
                BookingRequest(
                    event_type=f"{BASE}/event_types/et",
                    start_time=dt.datetime(2030, 1, 1, tzinfo=UTC),
                    invitee=BookingInvitee(email="a@example.com", name="A", timezone="UTC"),
                )
            )
            return booked.uuid

    assert asyncio.run(run()) == "inv"
    assert len(posts) == 2 and posts[0] == posts[1]


# ------------------------------------------------ booking reconcile (MockTransport)

_START = dt.datetime(2030, 1, 1, tzinfo=UTC)  # the start of _event(0)


def _booking(email: str = "a@example.com") -> BookingRequest:
    return BookingRequest(
        event_type=f"{BASE}/event_types/et",
        start_time=_START,
        invitee=BookingInvitee(email=email, name="A", timezone="UTC"),
    )


def _invitee(event: dict[str, Any], email: str = "a@example.com") -> dict[str, Any]:
    return {"uri": f"{event['uri']}/invitees/inv", "email": email, "event": event["uri"]}


def _timeout_then_lookup(events: list[dict[str, Any]], posts: list[bytes]) -> httpx.MockTransport:
    """POST /invitees times out after sending; the reconcile reads show ``events``, each with
    one invitee whose email is the booked one."""

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            assert path == "/invitees"
            posts.append(request.content)
            raise httpx.ReadTimeout("timed out", request=request)
        if path == "/users/me":
            return httpx.Response(200, json={"resource": {"uri": f"{BASE}/users/u"}})
        if path == "/event_types/et":
            profile = {"type": "User", "owner": f"{BASE}/users/u"}
            resource = {"uri": f"{BASE}/event_types/et", "profile": profile}
            return httpx.Response(200, json={"resource": resource})
        if path == "/scheduled_events":
            return httpx.Response(200, json=_page(events, None))
        uuid = path.split("/")[2]  # /scheduled_events/{uuid}/invitees
        event = next(e for e in events if e["uri"].endswith(f"/{uuid}"))
        return httpx.Response(200, json=_page([_invitee(event)], None))

    return httpx.MockTransport(handler)


def _book(transport: httpx.MockTransport) -> Any:
    async def run() -> Any:
        async with CalendlyClient("tok", base_url=BASE, retry=FAST, transport=transport) as c:
            return await c.book(_booking())

    return asyncio.run(run())


def test_booking_read_timeout_is_reconciled_to_the_booking() -> None:
    posts: list[bytes] = []
    invitee = _book(_timeout_then_lookup([_event(0)], posts))
    assert invitee.uuid == "inv" and invitee.email == "a@example.com"
    assert len(posts) == 1  # never sent again


def test_booking_read_timeout_with_nothing_found_is_not_created() -> None:
    posts: list[bytes] = []
    with pytest.raises(BookingNotCreated) as info:
        _book(_timeout_then_lookup([], posts))
    assert isinstance(info.value.cause, TransportError) and info.value.cause.request_sent
    assert len(posts) == 1


def test_reconcile_ignores_same_email_at_another_start() -> None:
    """The invitee has an event of the same type 30 s off the requested start: not a match."""
    off = _event(0)
    off["start_time"] = "2030-01-01T00:00:30Z"
    posts: list[bytes] = []
    with pytest.raises(BookingNotCreated):
        _book(_timeout_then_lookup([off], posts))
    assert len(posts) == 1


# ------------------------------------------------------------ logs, settings, bodies


def test_redact_params_masks_personal_values(caplog: pytest.LogCaptureFixture) -> None:
    params = {"name": "Zoë Example", "email": "a@b.c", "count": 5}
    redacted = redact_params(params)
    assert redacted == {"name": "<redacted>", "email": "<redacted>", "count": "5"}
    with caplog.at_level(logging.INFO):
        get_logger("desktop_app.calendly.test").info("params %s", redact_params(params))
    text = caplog.text + "\n".join(str(vars(r)) for r in caplog.records)
    assert "<redacted>" in text
    assert "Zoë" not in text and "Example" not in text and "a@b.c" not in text


def _available_times_requests(**settings: Any) -> int:
    """Requests made by two identical available_times calls (one 1-day window)."""
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200, json={"collection": []})

    async def run() -> None:
        async with CalendlyClient(
            "tok",
            base_url=BASE,
            retry=FAST,
            transport=httpx.MockTransport(handler),
            clock=lambda: _START,
            **settings,
        ) as c:
            start = _START + dt.timedelta(days=1)
            for _ in range(2):
                await c.available_times("et", start, start + dt.timedelta(days=1))

    asyncio.run(run())
    return len(calls)


def test_cache_ttl_setting() -> None:
    assert _available_times_requests() == 1  # default: the second call is cached
    assert _available_times_requests(cache_ttl=0) == 2


def test_request_timeout_and_total_retry_time_bound() -> None:
    """Each attempt outlasts ``timeout`` (0.05 s) -> TransportError; stamina stops at the
    policy's total ``timeout`` (0.3 s) long before its 50 attempts."""
    attempts: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        # MockTransport does not enforce timeouts: apply the request's own read timeout
        attempts.append(request.extensions["timeout"]["read"])
        try:
            await asyncio.wait_for(asyncio.sleep(0.3), attempts[-1])
        except TimeoutError:
            raise httpx.ReadTimeout("timed out", request=request) from None
        return httpx.Response(200, json={"resource": {"uri": f"{BASE}/users/u"}})

    policy = RetryPolicy(
        attempts=50, timeout=0.3, wait_initial=0.001, wait_max=0.001, wait_jitter=0.0
    )

    async def run() -> float:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=policy, timeout=0.05, transport=httpx.MockTransport(handler)
        ) as c:
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            with pytest.raises(TransportError) as info:
                await c.get_current_user()
            assert info.value.request_sent
            return loop.time() - t0

    elapsed = asyncio.run(run())
    assert set(attempts) == {0.05}
    assert 2 <= len(attempts) < policy.attempts
    assert elapsed < policy.timeout + 0.25


def test_cancellation_body_matches_example() -> None:
    sent: list[Any] = []
    response = json.loads(
        (EXAMPLES / "synthesized" / "scheduled_event_cancellation.post.201.json").read_text()
    )

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/scheduled_events/ev5/cancellation"
        sent.append(json.loads(request.content))
        return httpx.Response(201, json=response)

    async def run() -> None:
        async with CalendlyClient(
            "tok", base_url=BASE, retry=FAST, transport=httpx.MockTransport(handler)
        ) as c:
            cancellation = await c.cancel_event(f"{BASE}/scheduled_events/ev5", "Host unavailable")
            assert cancellation.reason == "Host unavailable"

    asyncio.run(run())
    example = EXAMPLES / "synthesized" / "scheduled_event_cancellation.post.request.json"
    assert sent == [json.loads(example.read_text())]
