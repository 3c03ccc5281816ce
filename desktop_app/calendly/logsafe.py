"""Logging helpers: emails and personal names never reach a log record; the token neither.

Modules of this package log through :func:`get_logger`, whose loggers carry a filter that
scrubs email addresses from the final message and from the structured ``calendly`` extra.
Query parameters are logged through :func:`redact_params`, which masks personal values.
The access token is never passed to a logger (the transport scrubs it from error texts).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["PERSONAL_KEYS", "RedactingFilter", "get_logger", "redact_params", "redact_text"]

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
REDACTED = "<redacted>"
PERSONAL_KEYS = frozenset(
    {
        "email",
        "invitee_email",
        "name",
        "first_name",
        "last_name",
        "user_name",
        "user_email",
        "canceled_by",
        "text_reminder_number",
        "reason",
        "answer",
        "location",
    }
)


def redact_text(text: str) -> str:
    """Replace every email address (also percent-encoded ``%40`` ones) with ``<email>``."""
    return _EMAIL.sub("<email>", text)


def redact_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """Query parameters for a log line: personal keys masked, emails removed elsewhere."""
    out: dict[str, str] = {}
    for key, value in (params or {}).items():
        if value is None:
            continue
        out[key] = REDACTED if key in PERSONAL_KEYS else redact_text(str(value))
    return out


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: (REDACTED if k in PERSONAL_KEYS else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (after %-formatting) and every extra attribute (the
    ``calendly`` dict, stamina's ``stamina.caused_by``...): emails and personal keys go."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template only
            message = str(record.msg)
        record.msg = redact_text(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and value is not None:
                setattr(record, key, _scrub(value))  # extras: ``calendly``, ``stamina.*``
        return True


_FILTER = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """The module logger ``name`` with the redacting filter attached (once)."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
