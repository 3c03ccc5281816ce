"""Logging to a rotating file in the user log dir, with a redaction filter.

Redacted in every record (message and arguments, after formatting): e-mail addresses,
``Bearer <token>`` headers, anything registered with :func:`redact_value` (the token in use,
the names of the current user and of invitees the app has seen), and ``name=``/``email=``
style key-value pairs.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

import platformdirs

from desktop_app import APP_SLUG

__all__ = ["RedactingFilter", "default_log_dir", "redact", "redact_value", "setup_logging"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\"]+")
_KEYVAL = re.compile(
    r"(?i)\b((?:first_|last_)?name|email|token)(['\"]?\s*[:=]\s*['\"]?)([^,'\"}\s]+)"
)
_lock = threading.Lock()
_values: set[str] = set()


def redact_value(value: str | None) -> None:
    """Register a sensitive string (token, a person's name) so that logs never show it."""
    if value and len(value) >= 3:
        with _lock:
            _values.add(value)


def redact(text: str) -> str:
    """Return ``text`` with e-mails, bearer tokens and registered values replaced."""
    text = _BEARER.sub(r"\1[token]", text)
    text = _EMAIL.sub("[email]", text)
    text = _KEYVAL.sub(r"\1\2[redacted]", text)
    with _lock:
        values = sorted(_values, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, "[redacted]")
    return text


class RedactingFilter(logging.Filter):
    """Formats the record's message, redacts it, and drops the arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def default_log_dir() -> Path:
    """``platformdirs.user_log_dir(APP_SLUG)`` (e.g. ``~/.local/state/calendly-assistant/log``)."""
    return Path(platformdirs.user_log_dir(APP_SLUG, appauthor=False))


def setup_logging(
    log_dir: Path | None = None, *, level: int = logging.INFO, console: bool = False
) -> Path:
    """Attach a rotating file handler (1 MB x 5) with redaction to the root logger.

    Returns the log file path. Idempotent per path.
    """
    log_dir = log_dir or default_log_dir()
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{APP_SLUG}.log"
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.addFilter(RedactingFilter())
        root.addHandler(stream)
    # httpx logs full URLs at INFO (event type URIs, emails in query strings): keep them quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    return path
