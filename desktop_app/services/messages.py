"""One plain-text sentence for an error of the Calendly client, shown inline in the UI.

Qt-free. Context-specific wording lives next to its use case (booking:
:func:`~desktop_app.services.booking_text.describe_booking_error`, cancellation:
:func:`~desktop_app.services.events.cancel_error_text`); this is the generic one for loads
(event types, weeks, scheduled events, details). The token never appears: client errors do
not carry it.
"""

from __future__ import annotations

from desktop_app.calendly.errors import CalendlyError, RateLimited

__all__ = ["describe_error"]


def describe_error(exc: BaseException) -> str:
    """``exc`` as one sentence: rate limit with its wait, unreachable server, 5xx with status
    and title, other API errors with title, message and each ``details`` entry
    (``parameter: message``), anything else by its class name only."""
    if isinstance(exc, RateLimited):
        return f"Calendly's rate limit was reached; try again in {exc.retry_after:.0f} s."
    if not isinstance(exc, CalendlyError):
        return f"Unexpected error: {type(exc).__name__}."
    if exc.status is None:
        return f"Could not reach the server: {exc.message or exc.title}."
    if exc.status >= 500:
        return f"The server had a problem ({exc.status} {exc.title})."
    text = f"{exc.title}: {exc.message}" if exc.message else exc.title
    if exc.details:
        parts = [f"{d.parameter}: {d.message}" if d.parameter else d.message for d in exc.details]
        text = f"{text} ({'; '.join(parts)})"
    return text
