"""Per-token fixed-window rate limits (CONTRACT.md "Rate limits").

Two buckets per token and minute: every request counts against ``per_minute``; ``POST
/invitees`` also counts against ``booking_per_minute``. Every response carries
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (whole seconds until
the window resets); for ``POST /invitees`` they describe the booking bucket. Over a limit ->
429 with ``Retry-After`` (seconds). Windows use the real monotonic clock, never the frozen
sandbox clock. Requests without a valid token are keyed by their bearer text or client host.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """Fixed 60-second windows per (bucket, key)."""

    def __init__(
        self,
        per_minute: int,
        booking_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], list[float]] = {}
        self.per_minute = per_minute
        self.booking_per_minute = booking_per_minute

    def configure(self, per_minute: int, booking_per_minute: int) -> None:
        """Change both limits and reset all counters."""
        with self._lock:
            self.per_minute = per_minute
            self.booking_per_minute = booking_per_minute
            self._buckets.clear()

    def _take(self, bucket: str, key: str, limit: int, now: float) -> tuple[bool, int, float]:
        state = self._buckets.get((bucket, key))
        if state is None or now - state[0] >= WINDOW_S:
            state = [now, 0.0]
            self._buckets[(bucket, key)] = state
        reset = state[0] + WINDOW_S - now
        if state[1] >= limit:
            return False, 0, reset
        state[1] += 1
        return True, int(limit - state[1]), reset

    def check(self, key: str, booking: bool) -> tuple[bool, dict[str, str]]:
        """Count one request; returns (allowed, headers). Denied adds ``Retry-After``."""
        with self._lock:
            now = self._clock()
            ok, remaining, reset = self._take("all", key, self.per_minute, now)
            limit = self.per_minute
            if ok and booking:
                ok, remaining, reset = self._take("book", key, self.booking_per_minute, now)
                limit = self.booking_per_minute
        seconds = max(1, math.ceil(reset))
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, remaining)),
            "X-RateLimit-Reset": str(seconds),
        }
        if not ok:
            headers["Retry-After"] = str(seconds)
        return ok, headers
