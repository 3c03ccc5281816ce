"""Header-driven request pacing (CONTRACT.md "Rate limits").

Every response carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset`` (seconds until the window resets, not a timestamp). A :class:`RateLimiter`
keeps the last values seen and, before each request:

- waits out a 429 penalty (``Retry-After``) that applies to every request of the bucket;
- when the remaining budget (remaining minus requests in flight) is used up, waits until reset;
- when the budget is low (below ``low_water`` of the limit), spreads the remaining requests
  evenly over the time left in the window.

Qt-free, asyncio only. Times are ``time.monotonic()`` seconds.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from .errors import RateLimited
from .logsafe import get_logger

__all__ = ["RateLimitState", "RateLimiter", "parse_rate_limit_headers"]

_log = get_logger(__name__)


@dataclass(frozen=True)
class RateLimitState:
    """Last ``X-RateLimit-*`` values seen: ``limit`` and ``remaining`` requests,
    ``reset_seconds`` until the window resets, ``observed_at`` (``time.monotonic()``)."""

    limit: int | None
    remaining: int | None
    reset_seconds: float | None
    observed_at: float

    def reset_at(self) -> float | None:
        """Monotonic time of the window reset, or None when unknown."""
        if self.reset_seconds is None:
            return None
        return self.observed_at + self.reset_seconds


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def parse_rate_limit_headers(headers: Mapping[str, str], now: float) -> RateLimitState | None:
    """Read ``X-RateLimit-*`` (case-insensitive); None when none is present."""
    lowered = {k.lower(): v for k, v in headers.items()}
    limit = _number(lowered.get("x-ratelimit-limit"))
    remaining = _number(lowered.get("x-ratelimit-remaining"))
    reset = _number(lowered.get("x-ratelimit-reset"))
    if limit is None and remaining is None and reset is None:
        return None
    return RateLimitState(
        limit=int(limit) if limit is not None else None,
        remaining=max(0, int(remaining)) if remaining is not None else None,
        reset_seconds=max(0.0, reset) if reset is not None else None,
        observed_at=now,
    )


def _same_window(a: RateLimitState, b: RateLimitState) -> bool:
    ra, rb = a.reset_at(), b.reset_at()
    return ra is not None and rb is not None and abs(ra - rb) < 2.0


class RateLimiter:
    """Paces the requests of one bucket (for example "default" or "booking").

    ``acquire()`` before sending, ``release(headers)`` after the response (headers None when
    no response arrived), ``penalize(seconds)`` after a 429. ``max_wait`` caps one pacing
    wait (seconds): a longer one raises :class:`RateLimited` instead. ``clock`` and ``sleep``
    are injectable for tests.
    """

    def __init__(
        self,
        name: str = "default",
        *,
        low_water: float = 0.1,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.low_water = low_water
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self.state: RateLimitState | None = None
        self._in_flight = 0
        self._blocked_until = 0.0
        self._last_send = float("-inf")

    @property
    def in_flight(self) -> int:
        """Requests acquired and not yet released."""
        return self._in_flight

    def delay(self, now: float | None = None) -> float:
        """Seconds to wait before the next request may be sent (0 when it may go now)."""
        now = self._clock() if now is None else now
        if self._blocked_until > now:
            return self._blocked_until - now
        st = self.state
        if st is None or st.remaining is None:
            return 0.0
        reset_at = st.reset_at()
        if reset_at is None or now >= reset_at:
            return 0.0
        left = reset_at - now
        budget = st.remaining - self._in_flight
        if budget <= 0:
            return left + 0.05
        if st.limit and budget < st.limit * self.low_water:
            interval = left / budget
            return max(0.0, self._last_send + interval - now)
        return 0.0

    async def acquire(self) -> None:
        """Wait until a request may be sent, then count it as in flight.

        Raises :class:`RateLimited` (nothing sent) when the wait would exceed ``max_wait``.
        """
        while (wait := self.delay()) > 0:
            if wait > self.max_wait:
                raise RateLimited(
                    f"Rate limit reached; try again in {math.ceil(wait)} s",
                    status=None,
                    retry_after=wait,
                )
            _log.debug("rate limit pacing bucket=%s wait_s=%.3f", self.name, wait)
            await self._sleep(wait)
        self._in_flight += 1
        self._last_send = self._clock()

    def release(self, headers: Mapping[str, str] | None) -> None:
        """Mark a request finished and record the headers of its response, if any."""
        self._in_flight = max(0, self._in_flight - 1)
        if headers is None:
            return
        state = parse_rate_limit_headers(headers, self._clock())
        if state is None:
            return
        old = self.state
        if (
            old is not None
            and old.remaining is not None
            and state.remaining is not None
            and state.remaining > old.remaining
            and _same_window(old, state)
        ):
            # a response overtaken by a later one: its count is stale, keep the lower one
            return
        self.state = state

    def penalize(self, seconds: float) -> None:
        """After a 429: hold every request of this bucket for ``seconds``."""
        until = self._clock() + max(0.0, seconds)
        self._blocked_until = max(self._blocked_until, until)
