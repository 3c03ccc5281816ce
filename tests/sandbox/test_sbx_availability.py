"""Availability engine: DST, booked slots, full day, group seats, min notice, date overrides,
horizon, round robin, range rules, busy times."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sbx_helpers import Api, Demo

from desktop_app.sandbox.server import SandboxConfig, SandboxServer

AT = "/event_type_available_times"
BUSY = "/user_busy_times"
NOW = datetime(2027, 3, 8, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York (EST)
NY = ZoneInfo("America/New_York")


def z(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def frozen() -> Iterator[SandboxServer]:
    """A demo sandbox whose clock is frozen before New York's 2027-03-14 DST change."""
    server = SandboxServer(SandboxConfig(now=NOW, rate_limit_per_minute=100000,
                                         booking_limit_per_minute=100000))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fz(frozen: SandboxServer) -> Iterator[tuple[Api, Demo]]:
    api = Api(frozen, frozen.admin_token)
    yield api, Demo(frozen)
    api.close()


def slots(api: Api, et_uri: str, start: datetime, end: datetime) -> list[dict[str, object]]:
    return list(api.get(AT, event_type=et_uri, start_time=z(start), end_time=z(end))[
        "collection"])


def busy(api: Api, user_uri: str, start: datetime, end: datetime) -> list[tuple[datetime,
                                                                                datetime]]:
    body = api.get(BUSY, user=user_uri, start_time=z(start), end_time=z(end))
    return [(parse(b["start_time"]), parse(b["end_time"])) for b in body["collection"]]


def local_grid(day: date, start: str, end: str, minutes: int, tz: ZoneInfo) -> list[datetime]:
    """Slot starts of one local window, converted to UTC (independent of the engine)."""
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    t = datetime.combine(day, time(h1, m1), tz)
    stop = datetime.combine(day, time(h2, m2), tz)
    out = []
    while t + timedelta(minutes=minutes) <= stop:
        out.append(t.astimezone(UTC))
        t += timedelta(minutes=minutes)
    return out


def free(grid: list[datetime], minutes: int, taken: list[tuple[datetime, datetime]]
         ) -> list[datetime]:
    return [t for t in grid
            if not any(a < t + timedelta(minutes=minutes) and t < b for a, b in taken)]


def test_dst_change_moves_utc_slots(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    start, end = datetime(2027, 3, 12, tzinfo=UTC), datetime(2027, 3, 16, tzinfo=UTC)
    got = [parse(str(s["start_time"])) for s in slots(api, demo.et_uri("Intro Call"), start,
                                                      end)]
    taken = busy(api, demo.user_uri("Amelia Hartmann"), start, end)
    friday = local_grid(date(2027, 3, 12), "09:00", "17:00", 30, NY)
    monday = local_grid(date(2027, 3, 15), "09:00", "17:00", 30, NY)
    assert friday[0].hour == 14 and monday[0].hour == 13  # EST (UTC-5) then EDT (UTC-4)
    assert got == free(friday, 30, taken) + free(monday, 30, taken)
    assert any(t.hour == 13 for t in got if t.day == 15)


def test_date_overrides_close_and_reshape_days(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    start = datetime(2027, 3, 17, tzinfo=UTC)  # today + 9 (closed), today + 11 (12:00-15:00)
    got = [parse(str(s["start_time"])) for s in slots(
        api, demo.et_uri("Intro Call"), start, start + timedelta(days=3))]
    taken = busy(api, demo.user_uri("Amelia Hartmann"), start, start + timedelta(days=3))
    expected = free(local_grid(date(2027, 3, 18), "09:00", "17:00", 30, NY), 30, taken)
    expected += free(local_grid(date(2027, 3, 19), "12:00", "15:00", 30, NY), 30, taken)
    assert got == expected
    assert not [t for t in got if t.astimezone(NY).date() == date(2027, 3, 17)]


def test_min_notice_hides_near_slots(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    got = [parse(str(s["start_time"])) for s in slots(
        api, demo.et_uri("Intro Call"), NOW, NOW + timedelta(days=1))]
    taken = busy(api, demo.user_uri("Amelia Hartmann"), NOW, NOW + timedelta(days=1))
    near = [t for t in free(local_grid(date(2027, 3, 8), "09:00", "17:00", 30, NY), 30, taken)
            if t < NOW + timedelta(minutes=240)]
    assert near, "precondition: free grid slots inside the 4 h notice"
    assert got and min(got) >= NOW + timedelta(minutes=240)


def test_max_days_ahead_closes_booking(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    start = NOW + timedelta(days=57)
    got = [parse(str(s["start_time"])) for s in slots(
        api, demo.et_uri("Intro Call"), start, start + timedelta(days=7))]
    assert got and max(got) < NOW + timedelta(days=60)


def test_round_robin_is_union_of_hosts(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    # 2027-03-09 08:00 UTC: only the 08:00-16:00 host in the DST-candidate zone can be free
    # if that zone is at UTC+0 then; otherwise Siobhán (Dublin, 09:00) opens first at 09:00Z.
    start = datetime(2027, 3, 9, tzinfo=UTC)
    got = {parse(str(s["start_time"])) for s in slots(
        api, demo.et_uri("Sales Discovery (Round Robin)"), start, start + timedelta(days=1))}
    dublin = set(local_grid(date(2027, 3, 9), "09:00", "17:00", 30, ZoneInfo("Europe/Dublin")))
    amelia = set(local_grid(date(2027, 3, 9), "09:00", "17:00", 30, NY))
    assert got & dublin - amelia, "slots only Siobhán can take are offered"
    assert got & amelia - dublin, "slots only Amelia can take are offered"


def test_slot_interval_steps_starts(fz: tuple[Api, Demo]) -> None:
    """Design Critique lasts 45 min with a 15-min slot interval: starts 15 min apart."""
    api, demo = fz
    start = datetime(2027, 3, 16, tzinfo=UTC)
    got = [parse(str(s["start_time"])) for s in slots(
        api, demo.et_uri("Design Critique"), start, start + timedelta(days=1))]
    gaps = {b - a for a, b in pairwise(got)}
    assert timedelta(minutes=15) in gaps
    assert all(t.minute % 15 == 0 for t in got)


def test_range_rules(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    et = demo.et_uri("Intro Call")
    cases = [
        (NOW - timedelta(minutes=1), NOW + timedelta(days=1), "start_time"),
        (NOW + timedelta(days=2), NOW + timedelta(days=2), "end_time"),
        (NOW + timedelta(days=2), NOW + timedelta(days=1), "end_time"),
        (NOW + timedelta(hours=1), NOW + timedelta(days=7, hours=1, seconds=1), "end_time"),
    ]
    for start, end, parameter in cases:
        body = api.get(AT, event_type=et, start_time=z(start), end_time=z(end), expect=400)
        assert body["details"][0]["parameter"] == parameter
    api.get(AT, event_type=et, start_time=z(NOW + timedelta(hours=1)),
            end_time=z(NOW + timedelta(days=7, hours=1)))
    try:  # the cap is configurable (Calendly documents 31 days since 2026-07)
        demo.server.config.available_times_max_days = 31
        api.get(AT, event_type=et, start_time=z(NOW + timedelta(hours=1)),
                end_time=z(NOW + timedelta(days=31, hours=1)))
        api.get(AT, event_type=et, start_time=z(NOW + timedelta(hours=1)),
                end_time=z(NOW + timedelta(days=31, hours=2)), expect=400)
    finally:
        demo.server.config.available_times_max_days = 7
    body = api.get(AT, event_type=et, start_time="2027-03-09T10:00:00", end_time=z(
        NOW + timedelta(days=2)), expect=400)
    assert body["details"][0]["parameter"] == "start_time"
    api.get(AT, start_time=z(NOW), end_time=z(NOW + timedelta(days=1)), expect=400)
    api.get(AT, event_type=api.uri("event_types", "00000000-0000-4000-8000-000000000000"),
            start_time=z(NOW + timedelta(hours=1)), end_time=z(NOW + timedelta(days=1)),
            expect=404)


def test_inactive_event_type_has_no_times(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    assert slots(api, demo.et_uri("Legacy Onboarding (retired)"), NOW + timedelta(hours=1),
                 NOW + timedelta(days=7)) == []


def test_busy_times_list_active_bookings(fz: tuple[Api, Demo]) -> None:
    api, demo = fz
    user = demo.user("Amelia Hartmann")
    start, end = NOW + timedelta(hours=1), NOW + timedelta(days=7)
    body = api.get(BUSY, user=demo.user_uri("Amelia Hartmann"), start_time=z(start),
                   end_time=z(end))
    rows = demo.server.store.events_for_host(user["uuid"], int(start.timestamp()),
                                             int(end.timestamp()))
    assert [b["event"]["uri"].rsplit("/", 1)[1] for b in body["collection"]] == [
        r["uuid"] for r in rows]
    assert rows and all(b["type"] == "calendly" for b in body["collection"])
    canceled = demo.server.store.query(
        "SELECT uuid FROM events WHERE host_uuid = ? AND status = 'canceled'", (user["uuid"],))
    listed = {b["event"]["uri"].rsplit("/", 1)[1] for b in body["collection"]}
    assert not listed & {c["uuid"] for c in canceled}
    bad = api.get(BUSY, user=demo.user_uri("Amelia Hartmann"), start_time=z(start),
                  end_time=z(start + timedelta(days=8)), expect=400)
    assert bad["details"][0]["parameter"] == "end_time"


@pytest.fixture
def booker(make_sandbox: Callable[[SandboxConfig], SandboxServer]
           ) -> Iterator[tuple[Api, Demo]]:
    server = make_sandbox(SandboxConfig(now=NOW, rate_limit_per_minute=100000,
                                        booking_limit_per_minute=100000))
    api = Api(server, server.admin_token)
    yield api, Demo(server)
    api.close()


def booking(et_uri: str, start: str, email: str, **extra: object) -> dict[str, object]:
    return {"event_type": et_uri, "start_time": start,
            "invitee": {"name": "Test Invitee", "email": email, "timezone": "Europe/Berlin"},
            **extra}


def test_fully_booked_day_and_booked_slot_disappears(booker: tuple[Api, Demo]) -> None:
    api, demo = booker
    et = demo.et_uri("Strategy Session")
    day = datetime(2027, 3, 11, tzinfo=UTC)  # Thursday, beyond the 24 h notice
    extra = {"location": {"kind": "microsoft_teams_conference"},
             "questions_and_answers": [{"question": "Team size", "answer": "1-10",
                                        "position": 0}]}
    open_now = slots(api, et, day, day + timedelta(days=1))
    assert len(open_now) >= 2
    for i, slot in enumerate(open_now):
        api.post("/invitees", booking(et, str(slot["start_time"]), f"f{i}@example.com",
                                      **extra))
        after = slots(api, et, day, day + timedelta(days=1))
        assert slot["start_time"] not in [s["start_time"] for s in after]
    assert slots(api, et, day, day + timedelta(days=1)) == []
    # the host's other event types lose the day too (shared host calendar)
    intro = slots(api, demo.et_uri("Intro Call"), day, day + timedelta(days=1))
    assert intro == []
    # a canceled booking no longer blocks its slot
    first = demo.server.store.query_one(
        "SELECT e.uuid FROM events e JOIN invitees i ON i.event_uuid = e.uuid "
        "WHERE i.email = 'f0@example.com'")
    assert first is not None
    api.post("/scheduled_events/{uuid}/cancellation", {},
             path=f"/scheduled_events/{first['uuid']}/cancellation")
    reopened = [s["start_time"] for s in slots(api, et, day, day + timedelta(days=1))]
    assert reopened == [open_now[0]["start_time"]]


def test_group_event_seats(booker: tuple[Api, Demo]) -> None:
    api, demo = booker
    et = demo.et_uri("Office Hours")
    start = datetime(2027, 3, 10, tzinfo=UTC)
    first = next(s for s in slots(api, et, start, start + timedelta(days=1))
                 if s["invitees_remaining"] == 5)
    when = str(first["start_time"])
    for i in range(5):
        created = api.post("/invitees", booking(et, when, f"seat{i}@example.com",
                                                location={"kind": "zoom_conference"}))
        left = {s["start_time"]: s["invitees_remaining"]
                for s in slots(api, et, start, start + timedelta(days=1))}
        assert left.get(when) == (4 - i if i < 4 else None)
    event_uuid = created["resource"]["event"].rsplit("/", 1)[1]
    event = api.get("/scheduled_events/{uuid}", f"/scheduled_events/{event_uuid}")["resource"]
    assert event["invitees_counter"] == {"total": 5, "active": 5, "limit": 5}
    full = api.post("/invitees", booking(et, when, "late@example.com",
                                         location={"kind": "zoom_conference"}), expect=400)
    assert full["details"][0]["code"] == "already_filled"
    # a seat slot overlapping another booking of the host is not offered
    other = next(s for s in slots(api, et, start, start + timedelta(days=1))
                 if s["invitees_remaining"] == 5)
    api.post("/invitees", booking(demo.et_uri("Intro Call"), str(other["start_time"]),
                                  "solo@example.com", location={"kind": "zoom_conference"},
                                  questions_and_answers=[{"question": "Company name",
                                                          "answer": "Acme", "position": 0}]))
    left = [s["start_time"] for s in slots(api, et, start, start + timedelta(days=1))]
    assert other["start_time"] not in left
