"""Weeks of available times in a display time zone, with a cache and prefetch.

Qt-free. A :class:`Week` is seven local calendar days in an IANA zone; its UTC range runs from
local midnight of the first day to local midnight after the last, so a week containing a DST
change lasts 167 or 169 hours (23- and 25-hour days). :class:`AvailabilityService` asks the
client for ``GET /event_type_available_times`` over that range (the client splits it into
<= 7-day windows, CONTRACT.md Gotcha 1), clipped to start after "now" because the API rejects
past ``start_time``s, and caches the result per (event type, week).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from desktop_app.core.timezones import get_zone

if TYPE_CHECKING:
    from desktop_app.calendly import CalendlyClient
    from desktop_app.calendly.models import AvailableTime

__all__ = ["AvailabilityService", "Week", "WeekAvailability"]

#: ``start_time`` is sent this far after "now" so that it is still in the future on arrival.
START_MARGIN = timedelta(seconds=30)


@dataclass(frozen=True)
class Week:
    """Seven local days from ``start`` (a date) in the IANA zone ``zone``."""

    start: date
    zone: str

    @classmethod
    def containing(cls, day: date, zone: str, first_weekday: int = 0) -> Week:
        """The week holding ``day``; ``first_weekday`` 0 = Monday ... 6 = Sunday."""
        delta = (day.weekday() - first_weekday) % 7
        return cls(day - timedelta(days=delta), zone)

    @property
    def days(self) -> list[date]:
        """The seven local dates."""
        return [self.start + timedelta(days=i) for i in range(7)]

    def local_midnight(self, day: date) -> datetime:
        """Aware UTC instant of local 00:00 on ``day`` (zoneinfo resolves gaps forward)."""
        local = datetime(day.year, day.month, day.day, tzinfo=get_zone(self.zone))
        return local.astimezone(UTC)

    def day_range(self, index: int) -> tuple[datetime, datetime]:
        """UTC ``[start, end)`` of day ``index`` (0..6); 23, 24 or 25 hours long."""
        day = self.start + timedelta(days=index)
        return self.local_midnight(day), self.local_midnight(day + timedelta(days=1))

    def utc_range(self) -> tuple[datetime, datetime]:
        """UTC ``[start, end)`` of the whole week."""
        return self.local_midnight(self.start), self.local_midnight(self.start + timedelta(days=7))

    def day_index(self, instant: datetime) -> int | None:
        """Index 0..6 of the local day holding the aware ``instant``; None outside the week."""
        local = instant.astimezone(get_zone(self.zone)).date()
        index = (local - self.start).days
        return index if 0 <= index < 7 else None

    def shifted(self, weeks: int) -> Week:
        """The week ``weeks`` weeks later (earlier if negative), same zone."""
        return Week(self.start + timedelta(weeks=weeks), self.zone)

    def in_zone(self, zone: str) -> Week:
        """Same start date, another zone."""
        return Week(self.start, zone)


@dataclass
class WeekAvailability:
    """The available times of one event type in one week, sorted by start (UTC).

    ``past_days``: indexes of days that ended before "now" (never requested).
    ``loaded_at``: monotonic seconds when fetched.
    """

    event_type: str
    week: Week
    times: list[AvailableTime]
    past_days: frozenset[int] = frozenset()
    loaded_at: float = field(default_factory=time.monotonic)

    def by_day(self) -> list[list[AvailableTime]]:
        """The times split into the seven local days."""
        days: list[list[AvailableTime]] = [[] for _ in range(7)]
        for t in self.times:
            index = self.week.day_index(t.start_time)
            if index is not None:
                days[index].append(t)
        return days


class AvailabilityService:
    """Loads weeks of available times through the client; caches them for ``ttl`` seconds.

    ``clock`` returns aware UTC "now" (the session's clock, which a frozen sandbox shares).
    """

    def __init__(
        self,
        client: CalendlyClient,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        ttl: float = 120.0,
    ) -> None:
        self.client = client
        self.clock = clock
        self.ttl = ttl
        self._cache: dict[tuple[str, Week], WeekAvailability] = {}

    def cached(self, event_type: str, week: Week) -> WeekAvailability | None:
        """The cached week if fresh, else None (no I/O; the UI paints it synchronously)."""
        hit = self._cache.get((event_type, week))
        if hit is None or time.monotonic() - hit.loaded_at > self.ttl:
            return None
        return hit

    def past_days(self, week: Week) -> frozenset[int]:
        """Indexes of the week's days that are entirely before now."""
        now = self.clock()
        return frozenset(i for i in range(7) if week.day_range(i)[1] <= now)

    async def load_week(self, event_type: str, week: Week) -> WeekAvailability:
        """Fetch (or reuse from cache) the event type's available times in ``week``.

        ``event_type`` is the event type URI. Raises the client's errors.
        """
        hit = self.cached(event_type, week)
        if hit is not None:
            return hit
        start, end = week.utc_range()
        earliest = self.clock() + START_MARGIN
        past = self.past_days(week)
        times: list[AvailableTime] = []
        if end > earliest:
            raw = await self.client.available_times(event_type, max(start, earliest), end)
            times = sorted(
                (t for t in raw if start <= t.start_time < end), key=lambda t: t.start_time
            )
        result = WeekAvailability(event_type, week, times, past)
        self._cache[(event_type, week)] = result
        return result

    async def next_available(
        self, event_type: str, after: Week, *, max_weeks: int = 12, chunk_weeks: int = 4
    ) -> Week | None:
        """The first week after ``after`` with an available time, scanning up to ``max_weeks``.

        Reads ``chunk_weeks`` weeks per call (the client fetches their windows concurrently).
        Returns None when nothing is open in that horizon. Raises the client's errors.
        """
        zone = after.zone
        scanned = 0
        week = after.shifted(1)
        while scanned < max_weeks:
            n = min(chunk_weeks, max_weeks - scanned)
            start = week.utc_range()[0]
            end = week.shifted(n - 1).utc_range()[1]
            earliest = self.clock() + START_MARGIN
            if end > earliest:
                raw = await self.client.available_times(event_type, max(start, earliest), end)
                if raw:
                    first = min(t.start_time for t in raw)
                    local = first.astimezone(get_zone(zone)).date()
                    first_weekday = after.start.weekday()
                    return Week.containing(local, zone, first_weekday)
            scanned += n
            week = week.shifted(n)
        return None

    def invalidate(self, event_type: str | None = None) -> None:
        """Drop cached weeks (of one event type URI, or all) here and in the client."""
        if event_type is None:
            self._cache.clear()
        else:
            for key in [k for k in self._cache if k[0] == event_type]:
                del self._cache[key]
        self.client.invalidate_available_times(event_type)
