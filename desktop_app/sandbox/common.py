"""Shared helpers of the sandbox: API errors, time formatting, URI parsing.

Errors follow CONTRACT.md "Conventions": ``{title, message, details?}`` with the standard
titles; scope errors carry ``required_scopes``. Times on the wire are UTC ISO-8601 with
microseconds (``2020-01-02T03:04:05.678123Z``).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

TITLES = {
    400: "Invalid Argument",
    401: "Unauthenticated",
    403: "Permission Denied",
    404: "Resource Not Found",
    409: "Already Exists",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
MESSAGES = {
    400: "The supplied parameters are invalid.",
    401: "The access token is invalid",
    403: "You do not have permission to access this resource.",
    404: "The server could not find the requested resource.",
    409: "The resource already exists",
    429: "Rate limit exceeded. Retry after the number of seconds in Retry-After.",
    500: "The server encountered an unexpected condition that prevented it from fulfilling "
    "the request.",
}
SCOPE_MESSAGE = "This operation requires the scopes listed in the 'required_scopes' array."

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ApiError(Exception):
    """An error answered as a Calendly error body.

    ``status`` is the HTTP status; ``body`` the JSON object sent (title, message, details?).
    ``headers`` are extra response headers (e.g. Retry-After).
    """

    def __init__(
        self,
        status: int,
        message: str | None = None,
        details: list[dict[str, str]] | None = None,
        *,
        title: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message or MESSAGES.get(status, "Error"))
        self.status = status
        self.body: dict[str, Any] = {
            "title": title or TITLES.get(status, "Error"),
            "message": message or MESSAGES.get(status, "Error"),
        }
        if details is not None:
            self.body["details"] = details
        if extra:
            self.body.update(extra)
        self.headers = headers or {}


def invalid(parameter: str, message: str, code: str | None = None) -> ApiError:
    """A 400 "Invalid Argument" with one detail naming ``parameter``."""
    detail = {"parameter": parameter, "message": message}
    if code:
        detail["code"] = code
    return ApiError(400, details=[detail])


def not_found(parameter: str | None = None) -> ApiError:
    """A 404 "Resource Not Found" (with a detail naming ``parameter`` if given)."""
    if parameter is None:
        return ApiError(404)
    return ApiError(404, details=[{"parameter": parameter, "message": "not found"}])


def forbidden(message: str) -> ApiError:
    """A 403 "Permission Denied" with a documented message."""
    return ApiError(403, message)


def insufficient_scope(scope: str) -> ApiError:
    """The 403 "Insufficient scope" body with ``required_scopes``."""
    return ApiError(
        403, SCOPE_MESSAGE, title="Insufficient scope", extra={"required_scopes": [scope]}
    )


def fmt_ts(ts: float) -> str:
    """Epoch seconds -> ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fmt_dt(value: datetime) -> str:
    """Aware datetime -> UTC ISO-8601 with microseconds and ``Z``."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(value: str | None, parameter: str, *, required: bool = True) -> datetime | None:
    """Parse an ISO-8601 date-time that carries an offset or ``Z``; naive -> 400.

    Returns an aware UTC datetime, or None when absent and not ``required``.
    Raises ApiError(400) naming ``parameter``.
    """
    if value is None or value == "":
        if required:
            raise invalid(parameter, "is missing")
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise invalid(parameter, "must be a valid ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        raise invalid(parameter, "must include a time zone (UTC 'Z' expected)")
    return parsed.astimezone(UTC)


def is_uuid(value: str) -> bool:
    """True if ``value`` is a lower-case canonical UUID string."""
    return bool(_UUID_RE.match(value))


def new_uuid() -> str:
    """A random UUID4 string."""
    return str(uuid.uuid4())


def uuid_from_uri(value: str | None, collection: str, parameter: str) -> str:
    """Extract the UUID of a ``<scheme>://<host>/<collection>/<uuid>`` reference.

    Query parameters take URIs (CONTRACT.md "Identifiers"); a bare UUID or a URI of another
    collection is a 400 naming ``parameter``. Missing -> 400 "is missing".
    """
    if value is None or value == "":
        raise invalid(parameter, "is missing")
    match = re.match(r"^https?://[^/\s]+/" + re.escape(collection) + r"/([^/?#\s]+)$", value)
    if not match:
        raise invalid(parameter, f"must be a valid {collection[:-1]} URI")
    return match.group(1)
