"""Availability engine of the sandbox (``GET /event_type_available_times``, booking checks).

Rules, all times UTC epoch seconds unless said otherwise:

* Open windows come from the host's availability schedule: a ``date`` rule for a local date
  overrides the ``wday`` rule of that weekday; intervals ``hh:mm``-``hh:mm`` are local to the
  schedule's IANA time zone and converted with ``zoneinfo`` per date, so a DST change moves the
  UTC times (``"24:00"`` means the next midnight). An empty ``intervals`` list closes the day.
* Slots start at each window start and step by the event type's ``slot_interval`` (minutes,
  default = duration); a slot fits when ``start + duration`` <= window end.
* A slot is offered when ``start_time <= slot < end_time``, ``slot >= now + min_notice``
  (minutes) and ``slot < now + max_days`` days (0 = no limit).
* Solo event types: any active scheduled event of the host overlapping the slot blocks it.
  Group event types (``kind == "group"``, ``seats`` invitees per slot): an active event of the
  same event type starting at the slot leaves ``seats - active invitees`` places
  (``invitees_remaining``); full -> not offered; other overlapping events block it.
* Round robin (``pooling_type == "round_robin"``), SIMPLIFIED: the event type's hosts each use
  their own default schedule; the available times are the union of the hosts' free slots
  (``invitees_remaining`` 1) and a booking goes to the first host, in the event type's host
  order, who is free at that slot. No fairness/priority weighting. Collective and multi-pool
  pooling are not modelled (the demo seed has none).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.sandbox.store import Store

WDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY = 86400


@dataclass(frozen=True)
class Slot:
    """An open slot: start (epoch s), places left, the host who gets it, the event to join."""

    start_ts: int
    invitees_remaining: int
    host_uuid: str
    event_uuid: str | None = None


def schedule_windows(schedule: dict[str, Any], start_ts: int, end_ts: int) -> list[tuple[int, int]]:
    """Open windows (UTC epoch s, sorted) of ``schedule`` touching [start_ts, end_ts).

    ``schedule`` is a store row: ``timezone`` (IANA) and ``rules`` (API AvailabilityRule list).
    """
    tz = ZoneInfo(schedule["timezone"])
    first = datetime.fromtimestamp(start_ts, tz).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end_ts, tz).date() + timedelta(days=1)
    by_date: dict[str, list[dict[str, str]]] = {}
    by_wday: dict[str, list[dict[str, str]]] = {}
    for rule in schedule["rules"]:
        if rule["type"] == "date":
            by_date[_norm_date(rule["date"])] = rule["intervals"]
        else:
            by_wday[rule["wday"]] = rule["intervals"]
    windows: list[tuple[int, int]] = []
    day = first
    while day <= last:
        intervals = by_date.get(day.isoformat())
        if intervals is None:
            intervals = by_wday.get(WDAYS[day.weekday()], [])
        for interval in intervals:
            w_start = _local_ts(day, interval["from"], tz)
            w_end = _local_ts(day, interval["to"], tz)
            if w_end > start_ts and w_start < end_ts and w_end > w_start:
                windows.append((w_start, w_end))
        day += timedelta(days=1)
    windows.sort()
    return windows


def _norm_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _local_ts(day: date, hhmm: str, tz: ZoneInfo) -> int:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    if hours == 24:
        day, hours, minutes = day + timedelta(days=1), 0, 0
    return int(datetime.combine(day, time(hours, minutes), tz).timestamp())


def _host_slots(
    store: Store,
    et: dict[str, Any],
    host_uuid: str,
    schedule: dict[str, Any],
    lo: int,
    hi: int,
) -> list[Slot]:
    duration = int(et["duration"]) * 60
    step = int(et["slot_interval"] or et["duration"]) * 60
    is_group = et["kind"] == "group"
    seats = int(et["seats"] or 1)
    busy = store.query(
        "SELECT uuid, event_type_uuid, start_ts, end_ts FROM events WHERE host_uuid = ? "
        "AND start_ts >= ? AND start_ts < ? AND status = 'active' ORDER BY start_ts",
        (host_uuid, lo - DAY, hi + duration),
    )
    starts = [b["start_ts"] for b in busy]
    same_type = {b["start_ts"]: b["uuid"] for b in busy if b["event_type_uuid"] == et["uuid"]}
    counts = store.invitee_counts(list(same_type.values())) if is_group else {}
    slots: list[Slot] = []
    for w_start, w_end in schedule_windows(schedule, lo, hi):
        t = w_start
        while t + duration <= w_end:
            if lo <= t < hi:
                slot = _check(t, duration, busy, starts, same_type, counts, is_group, seats)
                if slot is not None:
                    remaining, event_uuid = slot
                    slots.append(Slot(t, remaining, host_uuid, event_uuid))
            t += step
    return slots


def _check(
    t: int,
    duration: int,
    busy: list[dict[str, Any]],
    starts: list[int],
    same_type: dict[int, str],
    counts: dict[str, tuple[int, int]],
    is_group: bool,
    seats: int,
) -> tuple[int, str | None] | None:
    join = same_type.get(t) if is_group else None
    index = bisect.bisect_left(starts, t + duration) - 1
    while index >= 0 and starts[index] > t - DAY:
        booking = busy[index]
        if booking["end_ts"] > t and booking["uuid"] != join:
            return None
        index -= 1
    if join is None:
        return (seats if is_group else 1), None
    remaining = seats - counts.get(join, (0, 0))[1]
    return (remaining, join) if remaining > 0 else None


def open_slots(store: Store, et: dict[str, Any], start_ts: int, end_ts: int) -> list[Slot]:
    """Offered slots of event type row ``et`` with start in [start_ts, end_ts), sorted.

    Applies minimum notice and the max-days horizon relative to ``store.now()``. For round
    robin, one Slot per start time: the first free host in host order.
    """
    now = int(store.now().timestamp())
    lo = max(start_ts, now + int(et["min_notice"] or 0) * 60)
    hi = end_ts
    if et["max_days"]:
        hi = min(hi, now + int(et["max_days"]) * DAY)
    if hi <= lo:
        return []
    hosts: list[str] = et["hosts"] or [et["owner_uuid"]]
    merged: dict[int, Slot] = {}
    for host_uuid in hosts:
        schedule = _schedule_for(store, et, host_uuid)
        if schedule is None:
            continue
        for slot in _host_slots(store, et, host_uuid, schedule, lo, hi):
            merged.setdefault(slot.start_ts, slot)
    return [merged[k] for k in sorted(merged)]


def _schedule_for(store: Store, et: dict[str, Any], host_uuid: str) -> dict[str, Any] | None:
    if host_uuid == et["owner_uuid"] and et["schedule_uuid"]:
        return store.schedule(et["schedule_uuid"])
    return store.query_one(
        "SELECT * FROM schedules WHERE user_uuid = ? ORDER BY is_default DESC LIMIT 1",
        (host_uuid,),
    )


def busy_events(store: Store, user_uuid: str, start_ts: int, end_ts: int) -> list[dict[str, Any]]:
    """Active events of a user overlapping [start_ts, end_ts), ascending (for busy times)."""
    return store.events_for_host(user_uuid, start_ts, end_ts, active_only=True)
