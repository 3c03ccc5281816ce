"""HTTP layer of the client: one shared ``httpx.AsyncClient``, pacing, retries, error mapping.

- Auth: ``Authorization: Bearer <token>``; the token is scrubbed from every text taken from a
  response before it goes into an exception or a log record.
- Pacing: one :class:`RateLimiter` per bucket ("default", and "booking" for ``POST /invitees``,
  whose headers describe the booking limit).
- Retries (GET only, :meth:`ApiSession.get`): transport errors, 5xx and 429 through
  ``stamina.retry_context``: bounded attempts and total time, exponential backoff with jitter;
  a 429 waits ``Retry-After`` (all requests of the bucket pause) unless that exceeds
  ``RetryPolicy.max_retry_after``, in which case :class:`RateLimited` is raised.
- POSTs go out once (:meth:`ApiSession.send`); the caller decides what an unknown outcome means.
"""

from __future__ import annotations

import importlib.util
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import stamina

from desktop_app import APP_ID, APP_NAME, __version__

from .errors import CalendlyError, RateLimited, ServerError, TransportError, error_from_response
from .logsafe import get_logger, redact_params, redact_text
from .ratelimit import RateLimiter, RateLimitState

__all__ = ["USER_AGENT", "ApiSession", "RetryPolicy"]

_log = get_logger(__name__)
# httpx logs every request URL at INFO ("HTTP Request: GET ...?invitee_email=..."): the same
# redacting filter goes on its logger so query-string emails never reach a log.
get_logger("httpx")
# stamina logs each scheduled retry with the repr of the failure (server text) as an extra.
get_logger("stamina")

USER_AGENT = (
    f"{APP_NAME.replace(' ', '')}/{__version__} (+{APP_ID}) python-httpx/{httpx.__version__}"
)
"""User-Agent naming the app and its version."""

_HTTP2 = importlib.util.find_spec("h2") is not None


@dataclass(frozen=True)
class RetryPolicy:
    """Retry and wait settings (seconds). Tests pass tiny waits to run fast.

    ``attempts``/``timeout``: bound on GET attempts and on their total time; ``wait_*``: the
    exponential backoff with jitter between attempts; ``max_retry_after``: longest wait the
    client sits out by itself, for a 429's Retry-After or for header pacing (longer ->
    :class:`RateLimited` raised at once, so a UI can say "try again in N s");
    ``booking_429_attempts``: how often a rejected (429) or unsent booking is sent again;
    ``reconcile_delay``: pause before looking for a booking whose outcome is unknown (lets
    the server finish committing).
    """

    attempts: int = 5
    timeout: float = 60.0
    wait_initial: float = 0.5
    wait_max: float = 8.0
    wait_jitter: float = 0.5
    wait_exp_base: float = 2.0
    max_retry_after: float = 10.0
    booking_429_attempts: int = 3
    reconcile_delay: float = 1.0


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


class ApiSession:
    """Owns the ``httpx.AsyncClient``; sends requests to ``base_url`` + path.

    ``transport`` replaces the network (tests). ``timeout`` is per request (seconds).
    """

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None,
        retry: RetryPolicy,
        max_connections: int = 10,
    ) -> None:
        if not token or not token.isascii() or not token.isprintable():
            # checked here: httpx would raise UnicodeEncodeError whose repr holds the token
            raise ValueError("token must be non-empty printable ASCII (check for pasted spaces)")
        self._token = token
        forms = sorted({token, quote(token, safe="")}, key=len, reverse=True)
        # any occurrence not glued to a letter, digit or underscore (punctuation around it,
        # such as a final ".", does not hide it)
        self._token_re = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, forms))})(?!\w)")
        self.base_url = base_url
        self.retry = retry
        self.limiters: dict[str, RateLimiter] = {
            "default": RateLimiter("default", max_wait=retry.max_retry_after),
            "booking": RateLimiter("booking", max_wait=retry.max_retry_after),
        }
        self.http = httpx.AsyncClient(
            base_url=base_url,
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            http2=_HTTP2 and transport is None,
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"ApiSession(base_url={self.base_url!r})"

    @property
    def rate_limit(self) -> RateLimitState | None:
        """Last ``X-RateLimit-*`` values seen on non-booking requests."""
        return self.limiters["default"].state

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.http.aclose()

    def scrub(self, text: str) -> str:
        """Replace the token (also percent-encoded) in ``text`` with ``[token]`` wherever it
        is not part of a longer word (so ``page_token`` survives a token ``tok``)."""
        return self._token_re.sub("[token]", text)

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        bucket: str = "default",
        booking: bool = False,
    ) -> Any:
        """One attempt. Returns the decoded JSON body of a 2xx (None when empty).

        Raises the :mod:`errors` class of an error status, :class:`TransportError` when no
        usable response arrived (``request_sent`` says whether the server may have acted).
        """
        limiter = self.limiters[bucket]
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        await limiter.acquire()
        started = time.monotonic()
        headers: Mapping[str, str] | None = None
        try:
            response = await self.http.request(method, path, params=clean or None, json=json_body)
            headers = response.headers
        except httpx.HTTPError as exc:
            sent = not isinstance(
                exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout
            )
            _log.info(
                "%s %s failed: %s",
                method,
                path,
                type(exc).__name__,
                extra={
                    "calendly": {
                        "method": method,
                        "path": path,
                        "error": type(exc).__name__,
                        "params": redact_params(clean),
                        "request_sent": sent,
                    }
                },
            )
            raise TransportError(
                f"{type(exc).__name__} during {method} {path}", request_sent=sent
            ) from None
        finally:
            limiter.release(headers)
        elapsed_ms = (time.monotonic() - started) * 1000.0
        status = response.status_code
        _log.debug(
            "%s %s -> %d in %.1f ms",
            method,
            path,
            status,
            elapsed_ms,
            extra={
                "calendly": {
                    "method": method,
                    "path": path,
                    "status": status,
                    "ms": round(elapsed_ms, 1),
                    "params": redact_params(clean),
                }
            },
        )
        body = _json_or_none(response)
        if 200 <= status < 300:
            if body is None and response.content:
                raise TransportError(f"unreadable JSON in {method} {path} response")
            return body
        error = error_from_response(
            status, body, response.headers, redact=self.scrub, booking=booking
        )
        if isinstance(error, RateLimited):
            limiter.penalize(error.retry_after)
        if status >= 400 and status != 404:
            _log.info(
                "%s %s -> %d %s",
                method,
                path,
                status,
                redact_text(error.title),
                extra={"calendly": {"method": method, "path": path, "status": status}},
            )
        raise error

    def _should_retry(self, exc: Exception) -> bool | float:
        if isinstance(exc, RateLimited):
            if exc.retry_after > self.retry.max_retry_after:
                return False
            return 0.0  # the limiter holds the bucket until Retry-After has passed
        return isinstance(exc, ServerError | TransportError)

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET with retries (transport errors, 5xx, 429) per :class:`RetryPolicy`."""
        policy = self.retry
        async for attempt in stamina.retry_context(
            on=self._should_retry,
            attempts=policy.attempts,
            timeout=policy.timeout,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
            wait_exp_base=policy.wait_exp_base,
        ):
            with attempt:
                if attempt.num > 1:
                    _log.debug("GET %s retry attempt=%d", path, attempt.num)
                return await self.send("GET", path, params=params)
        raise CalendlyError("retry loop ended without a result")  # pragma: no cover
