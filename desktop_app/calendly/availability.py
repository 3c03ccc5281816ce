"""Availability helpers: window splitting, a small TTL cache, bounded concurrent fan-out.

``GET /event_type_available_times`` accepts at most 31 days today and 7 days before 2026-07
(CONTRACT.md Gotcha 1); ``GET /user_busy_times`` 7 days. Ranges are split into windows of at
most :data:`MAX_WINDOW` so the client works under either rule; windows are fetched
concurrently under a semaphore, then merged, de-duplicated and sorted. All times aware UTC.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

__all__ = ["MAX_WINDOW", "TtlCache", "gather_bounded", "split_windows"]

MAX_WINDOW = dt.timedelta(days=7)
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")


def split_windows(
    start: dt.datetime, end: dt.datetime, size: dt.timedelta = MAX_WINDOW
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Consecutive ``[start, end)`` windows of at most ``size``, covering the range.

    Raises ValueError for naive datetimes, ``end <= start`` or a non-positive ``size``.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    if end <= start:
        raise ValueError("end must be after start")
    if size <= dt.timedelta(0):
        raise ValueError("window size must be positive")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    out: list[tuple[dt.datetime, dt.datetime]] = []
    cursor = start
    while cursor < end:
        stop = min(cursor + size, end)
        out.append((cursor, stop))
        cursor = stop
    return out


class TtlCache(Generic[K, V]):
    """Entries expire ``ttl`` seconds after being stored; at most ``max_entries`` (oldest
    evicted first). ``clock`` is injectable (monotonic seconds)."""

    def __init__(
        self,
        ttl: float = 60.0,
        max_entries: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._data: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        """The live value for ``key`` or None."""
        hit = self._data.get(key)
        if hit is None:
            return None
        stored_at, value = hit
        if self._clock() - stored_at >= self.ttl:
            del self._data[key]
            return None
        return value

    def put(self, key: K, value: V) -> None:
        """Store ``value`` (ignored when ttl <= 0)."""
        if self.ttl <= 0:
            return
        self._data[key] = (self._clock(), value)
        self._data.move_to_end(key)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    def invalidate(self, predicate: Callable[[K], bool] | None = None) -> int:
        """Drop entries whose key matches ``predicate`` (all when None); returns how many."""
        if predicate is None:
            n = len(self._data)
            self._data.clear()
            return n
        doomed = [k for k in self._data if predicate(k)]
        for k in doomed:
            del self._data[k]
        return len(doomed)


async def gather_bounded(
    semaphore: asyncio.Semaphore,
    jobs: Iterable[Callable[[], Awaitable[R]]],
) -> list[R]:
    """Run ``jobs`` concurrently, at most ``semaphore``'s value at a time; results in order.

    On the first failure the other jobs are cancelled and that exception is raised.
    """

    async def run(job: Callable[[], Awaitable[R]]) -> R:
        async with semaphore:
            return await job()

    tasks: Sequence[asyncio.Task[R]] = [asyncio.ensure_future(run(j)) for j in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
