"""Async iteration over ``{collection, pagination}`` lists (CONTRACT.md "Conventions", Gotcha 8).

Pages are requested with ``count=100`` and followed through ``next_page_token`` until it is
null. A page token can expire during a long pause (for example a long rate-limit wait): when a
request with a token is answered 400 naming ``page_token``, the list restarts from the last
time bound seen where the endpoint allows one (``restart`` builds the new parameters), else
from the beginning, and items already yielded (by URI) are skipped, so no duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from .errors import CalendlyError, InvalidArgument
from .logsafe import get_logger
from .models import Page, ScheduledEvent, format_utc

__all__ = ["PAGE_SIZE", "is_page_token_error", "paginate", "start_time_restart"]

_log = get_logger(__name__)

PAGE_SIZE = 100
T = TypeVar("T")

FetchPage = Callable[[dict[str, Any], str | None], Awaitable[Page[T]]]
Restart = Callable[[dict[str, Any], T], dict[str, Any]]
_SECOND = dt.timedelta(seconds=1)


def is_page_token_error(exc: InvalidArgument) -> bool:
    """True when a 400 rejects the page token (a detail or the message names it)."""
    if any((d.parameter or "") == "page_token" for d in exc.details):
        return True
    return "page_token" in exc.message.lower()


async def paginate(
    fetch: FetchPage[T],
    params: dict[str, Any],
    *,
    key: Callable[[T], str],
    restart: Restart[T] | None = None,
    max_restarts: int = 3,
) -> AsyncIterator[T]:
    """Yield every item of a list, page after page.

    ``fetch(params, page_token)`` returns one :class:`Page`; ``key`` identifies an item (its
    URI); ``restart(params, last_item)`` gives the parameters for a restart after the last item
    yielded (None-free dict). Raises what ``fetch`` raises, and :class:`InvalidArgument` when
    the token is rejected more than ``max_restarts`` times.
    """
    seen: set[str] = set()
    last: T | None = None
    current = dict(params)
    token: str | None = None
    restarts = 0
    tokens: set[str] = set()
    while True:
        try:
            page = await fetch(current, token)
        except InvalidArgument as exc:
            if token is None or not is_page_token_error(exc) or restarts >= max_restarts:
                raise
            restarts += 1
            current = (
                restart(dict(params), last) if (restart and last is not None) else dict(params)
            )
            token = None
            tokens.clear()
            _log.info(
                "page token rejected, restarting list (restart %d, %d items already seen)",
                restarts,
                len(seen),
            )
            continue
        for item in page.items:
            ident = key(item)
            if ident in seen:
                continue
            seen.add(ident)
            last = item
            yield item
        if page.next_page_token and page.next_page_token in tokens:
            raise CalendlyError("The server repeated a page token; listing stopped")
        token = page.next_page_token
        if not token:
            return
        tokens.add(token)


def start_time_restart(*, descending: bool) -> Restart[ScheduledEvent]:
    """Restart for ``GET /scheduled_events`` sorted by ``start_time``: the list resumes one
    second before (ascending) or after (descending) the last event yielded, by moving
    ``min_start_time`` (``max_start_time``) without widening the caller's own bound. Bounds
    are Calendly UTC strings, whose fixed format orders like the times."""

    def restart(params: dict[str, Any], last: ScheduledEvent) -> dict[str, Any]:
        if descending:
            bound = format_utc(last.start_time + _SECOND)
            params["max_start_time"] = min(params.get("max_start_time") or bound, bound)
        else:
            bound = format_utc(last.start_time - _SECOND)
            params["min_start_time"] = max(params.get("min_start_time") or bound, bound)
        return params

    return restart
