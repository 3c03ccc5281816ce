"""Exceptions raised by the Calendly client, mapped from HTTP status and error body.

Contract: CONTRACT.md "Conventions / Error body" — ``{title, message, details?: [{parameter?,
message, code?}]}``; 403 scope errors carry ``required_scopes``; the 429 body is undocumented.

Messages never contain the access token: bodies are passed through a redaction function by the
transport before an exception is built (see :func:`error_from_response`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = [
    "AlreadyExists",
    "BookingNotCreated",
    "BookingOutcomeUnknown",
    "CalendlyError",
    "ErrorDetail",
    "ExternalCalendarError",
    "InsufficientScope",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "SlotUnavailable",
    "TransportError",
    "Unauthenticated",
    "error_from_response",
]


@dataclass(frozen=True)
class ErrorDetail:
    """One entry of an error body's ``details`` list (parameter and code may be absent)."""

    parameter: str | None
    message: str
    code: str | None = None


class CalendlyError(Exception):
    """Base of every error raised by :mod:`desktop_app.calendly`.

    Attributes: ``status`` (HTTP status, ``None`` when no response was received), ``title``
    and ``message`` (from the error body, or a client-side description), ``details``.
    """

    default_title = "Calendly error"

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        title: str | None = None,
        details: list[ErrorDetail] | None = None,
    ) -> None:
        self.status = status
        self.title = title or self.default_title
        self.message = message
        self.details: list[ErrorDetail] = list(details or [])
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.title}: {self.message}" if self.message else self.title
        if self.status is not None:
            head = f"[{self.status}] {head}"
        if self.details:
            parts = "; ".join(
                f"{d.parameter}: {d.message}" if d.parameter else d.message for d in self.details
            )
            head = f"{head} ({parts})"
        return head


class InvalidArgument(CalendlyError):
    """400 "Invalid Argument": ``details`` names the rejected parameters."""

    default_title = "Invalid Argument"


class SlotUnavailable(InvalidArgument):
    """400 with a detail ``code == "already_filled"``: the start time was taken meanwhile
    (CONTRACT.md Gotcha 4). Also raised for a 409 answer to ``POST /invitees``."""


class Unauthenticated(CalendlyError):
    """401: the token is missing, invalid or revoked."""

    default_title = "Unauthenticated"


class PermissionDenied(CalendlyError):
    """403 "Permission Denied" (plan gate, not an admin, event in the past, ...)."""

    default_title = "Permission Denied"


class InsufficientScope(PermissionDenied):
    """403 "Insufficient scope": ``required_scopes`` lists the scopes the token lacks."""

    default_title = "Insufficient scope"

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = 403,
        title: str | None = None,
        details: list[ErrorDetail] | None = None,
        required_scopes: list[str] | None = None,
    ) -> None:
        self.required_scopes: list[str] = list(required_scopes or [])
        super().__init__(message, status=status, title=title, details=details)

    def _render(self) -> str:
        base = super()._render()
        return (
            f"{base} [required: {', '.join(self.required_scopes)}]"
            if self.required_scopes
            else base
        )


class NotFound(CalendlyError):
    """404 "Resource Not Found"."""

    default_title = "Resource Not Found"


class AlreadyExists(CalendlyError):
    """409 "Already Exists" (extension: not listed in INTERFACES.md)."""

    default_title = "Already Exists"


class ExternalCalendarError(CalendlyError):
    """424 from ``GET /user_busy_times`` (extension: not listed in INTERFACES.md)."""

    default_title = "External Calendar Error"


class RateLimited(CalendlyError):
    """429: ``retry_after`` is the number of seconds to wait (Retry-After, else
    X-RateLimit-Reset, which is seconds and not a timestamp)."""

    default_title = "Rate limited"

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = 429,
        title: str | None = None,
        details: list[ErrorDetail] | None = None,
        retry_after: float = 60.0,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, status=status, title=title, details=details)


class ServerError(CalendlyError):
    """5xx answer from the server."""

    default_title = "Internal Server Error"


class TransportError(CalendlyError):
    """No usable HTTP response: connect error, timeout, dropped connection, bad JSON.

    ``request_sent`` is True when the request may have reached the server (the outcome of a
    non-idempotent request is then unknown).
    """

    default_title = "Network error"

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        title: str | None = None,
        details: list[ErrorDetail] | None = None,
        request_sent: bool = True,
    ) -> None:
        self.request_sent = request_sent
        super().__init__(message, status=status, title=title, details=details)


class BookingNotCreated(CalendlyError):
    """The booking outcome was unknown, and reconciliation proved no booking exists:
    it is safe to try again. ``cause`` is the original failure."""

    default_title = "Booking not created"

    def __init__(self, message: str = "", *, cause: CalendlyError | None = None) -> None:
        self.cause = cause
        super().__init__(message, status=cause.status if cause else None)


class BookingOutcomeUnknown(CalendlyError):
    """The booking outcome was unknown and reconciliation itself failed: the booking may or
    may not exist. Do NOT retry automatically; tell the user to check their calendar."""

    default_title = "Booking outcome unknown"

    def __init__(self, message: str = "", *, cause: CalendlyError | None = None) -> None:
        self.cause = cause
        super().__init__(message, status=cause.status if cause else None)


def _identity(text: str) -> str:
    return text


def _details(raw: Any, redact: Callable[[str], str]) -> list[ErrorDetail]:
    out: list[ErrorDetail] = []
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        param = item.get("parameter")
        code = item.get("code")
        out.append(
            ErrorDetail(
                parameter=redact(str(param)) if param is not None else None,
                message=redact(str(item.get("message", ""))),
                code=str(code) if code is not None else None,
            )
        )
    return out


def _retry_after_seconds(headers: Mapping[str, str]) -> float:
    """Seconds to wait after a 429: Retry-After (seconds or HTTP date), else X-RateLimit-Reset."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for key in ("retry-after", "x-ratelimit-reset"):
        value = lowered.get(key)
        if value is None:
            continue
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        if key == "retry-after":
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return 60.0


def error_from_response(
    status: int,
    body: Any,
    headers: Mapping[str, str] | None = None,
    *,
    redact: Callable[[str], str] = _identity,
    booking: bool = False,
) -> CalendlyError:
    """Build the exception for an error response.

    ``body`` is the decoded JSON (any shape, or None); ``redact`` scrubs secrets from every
    text taken from the body; ``booking`` marks a ``POST /invitees`` answer (409 then means
    the slot is taken). Returns, never raises.
    """
    data: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
    title_raw = data.get("title")
    message_raw = data.get("message")
    title = redact(str(title_raw)) if title_raw is not None else None
    message = redact(str(message_raw)) if message_raw is not None else ""
    details = _details(data.get("details"), redact)
    kw: dict[str, Any] = {"status": status, "title": title, "details": details}

    if status == 400:
        if any(d.code == "already_filled" for d in details):
            return SlotUnavailable(message, **kw)
        return InvalidArgument(message, **kw)
    if status == 401:
        return Unauthenticated(message, **kw)
    if status == 403:
        scopes = data.get("required_scopes")
        if (title or "").lower() == "insufficient scope" or isinstance(scopes, list):
            return InsufficientScope(
                message,
                required_scopes=[str(s) for s in scopes] if isinstance(scopes, list) else [],
                **kw,
            )
        return PermissionDenied(message, **kw)
    if status == 404:
        return NotFound(message, **kw)
    if status == 409:
        return SlotUnavailable(message, **kw) if booking else AlreadyExists(message, **kw)
    if status == 424:
        return ExternalCalendarError(message, **kw)
    if status == 429:
        return RateLimited(message, retry_after=_retry_after_seconds(headers or {}), **kw)
    if status >= 500:
        return ServerError(message, **kw)
    return CalendlyError(message, **kw)
