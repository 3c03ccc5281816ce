"""Plain-text wording around a booking (Qt-free): the confirm-step summary, the copied
confirmation, and what a failed ``POST /invitees`` means for the person at the keyboard.

All strings are plain text (a UI shows them with ``Qt.TextFormat.PlainText``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from desktop_app.calendly.errors import (
    BookingNotCreated,
    BookingOutcomeUnknown,
    CalendlyError,
    InsufficientScope,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    SlotUnavailable,
    TransportError,
    Unauthenticated,
)
from desktop_app.calendly.models import EventType, Invitee
from desktop_app.calendly.requests import BookingRequest
from desktop_app.services.booking import FIELD_GENERAL, field_for_parameter

FailureKind = Literal[
    "fields",
    "slot_taken",
    "scope",
    "plan",
    "permission",
    "rate_limited",
    "not_created",
    "unknown_outcome",
    "auth",
    "other",
]


def format_day(moment: datetime, zone: ZoneInfo) -> str:
    """``"Thu 26 Nov"`` for ``moment`` in ``zone``."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}"


def format_time(hour: int, minute: int, use_24h: bool = True) -> str:
    """``(13, 5, True)`` -> ``"13:05"``; ``(13, 5, False)`` -> ``"1:05 PM"``. The UI passes
    the system locale's choice (``ui.models.week.uses_24h_clock``)."""
    if use_24h:
        return f"{hour:02d}:{minute:02d}"
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def format_range(start: datetime, minutes: int, zone: ZoneInfo, *, use_24h: bool = True) -> str:
    """``"Thu 26 Nov, 15:00–15:30"`` (or ``"3:00 PM–3:30 PM"`` with ``use_24h=False``); the
    end day is added when the meeting crosses midnight."""
    local = start.astimezone(zone)
    end = (start + timedelta(minutes=minutes)).astimezone(zone)
    end_text = format_time(end.hour, end.minute, use_24h)
    if end.date() != local.date():
        end_text = f"{format_day(end, zone)} {end_text}"
    return f"{format_day(start, zone)}, {format_time(local.hour, local.minute, use_24h)}–{end_text}"


# "11:15 AM": the space a 12-hour time puts before its AM/PM marker
_MARKER_SPACE = re.compile(r"(?<=\d:\d\d) (?=[AP]M\b)")
NO_BREAK_SPACE = "\u00a0"


def keep_times_together(text: str) -> str:
    """``text`` for a word-wrapped label: "11:15 AM" gets a no-break space so "AM" never
    wraps away from its time. Copied text keeps the plain space."""
    return _MARKER_SPACE.sub(NO_BREAK_SPACE, text)


def question_label(question: str) -> str:
    """``"Team size:"``; a question that already ends in ?, :, . or ! gets no colon."""
    text = question.rstrip()
    return text if text.endswith(("?", ":", ".", "!")) else f"{text}:"


def answer_lines(question: str, answer: str) -> list[str]:
    """A question and its answer for a multi-line summary: ``["Team size: 11-50"]``; a
    multi-line answer goes below the question, one indented line per answer line."""
    label = question_label(question)
    lines = [line.rstrip() for line in answer.strip().splitlines()]
    if len(lines) <= 1:
        return [f"{label} {answer.strip()}"]
    return [label, *(f"    {line}" if line else "" for line in lines)]


def invitee_display(request: BookingRequest) -> str:
    """``"Ana Díaz <ana@example.com>"`` from the request's invitee."""
    person = request.invitee
    name = person.name or " ".join(p for p in (person.first_name, person.last_name) if p)
    return f"{name} <{person.email}>"


def host_name(event_type: EventType) -> str:
    """The event type's host (profile name), or "" when it has no profile."""
    return (event_type.profile.name or "") if event_type.profile else ""


def booking_summary(
    event_type: EventType,
    request: BookingRequest,
    display_zone: ZoneInfo,
    *,
    use_24h: bool = True,
) -> str:
    """The confirm question, e.g. "Book 30-min Demo with Taylor Reed on Thu 26 Nov,
    15:00–15:30 America/New_York for Ana Díaz <ana@example.com>?" (in the invitee's zone;
    the display zone is added in brackets when it differs)."""
    zone = ZoneInfo(request.invitee.timezone)
    minutes = event_type.duration
    when = f"{format_range(request.start_time, minutes, zone, use_24h=use_24h)} {zone.key}"
    if display_zone.key != zone.key:
        shown = format_range(request.start_time, minutes, display_zone, use_24h=use_24h)
        when += f" ({shown} {display_zone.key})"
    host = host_name(event_type)
    with_host = f" with {host}" if host else ""
    name = event_type.name or "this event type"
    return f"Book {name}{with_host} on {when} for {invitee_display(request)}?"


def confirmation_text(
    event_type: EventType,
    request: BookingRequest,
    invitee: Invitee,
    location: str,
    display_zone: ZoneInfo,
    *,
    use_24h: bool = True,
) -> str:
    """Multi-line plain-text confirmation for the clipboard."""
    zone = ZoneInfo(request.invitee.timezone)
    minutes = event_type.duration
    lines = [
        f"Booked: {event_type.name or 'meeting'}",
        f"Host: {host_name(event_type)}",
        f"When: {format_range(request.start_time, minutes, zone, use_24h=use_24h)} {zone.key}",
    ]
    if display_zone.key != zone.key:
        shown = format_range(request.start_time, minutes, display_zone, use_24h=use_24h)
        lines.append(f"      {shown} {display_zone.key}")
    lines.append(f"Duration: {event_type.duration} min")
    lines.append(f"Invitee: {invitee_display(request)}")
    if location:
        lines.append(f"Location: {location}")
    if request.event_guests:
        lines.append(f"Guests: {', '.join(request.event_guests)}")
    for qa in request.questions_and_answers:
        lines.extend(answer_lines(qa.question, qa.answer))
    if invitee.cancel_url:
        lines.append(f"Cancel: {invitee.cancel_url}")
    if invitee.reschedule_url:
        lines.append(f"Reschedule: {invitee.reschedule_url}")
    return "\n".join(lines)


@dataclass
class BookingFailure:
    """What a failed booking means: ``kind`` drives the dialog, ``message`` is shown,
    ``field_errors`` (form field key -> message) go next to fields, ``retry_after`` seconds
    for ``rate_limited``."""

    kind: FailureKind
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    retry_after: float | None = None


def describe_booking_error(exc: BaseException, question_fields: list[str]) -> BookingFailure:
    """Classify an exception raised by ``BookingService.book``."""
    if isinstance(exc, SlotUnavailable):
        return BookingFailure(
            "slot_taken", "That time has just been taken. Choose one of the nearest open times."
        )
    if isinstance(exc, InvalidArgument):
        errors: dict[str, str] = {}
        for detail in exc.details:
            key = field_for_parameter(detail.parameter, question_fields)
            text = detail.message if key != FIELD_GENERAL or not detail.parameter else (
                f"{detail.parameter}: {detail.message}"
            )
            errors[key] = f"{errors[key]}\n{text}" if key in errors else text
        general = errors.pop(FIELD_GENERAL, "")
        message = "Calendly did not accept the booking. Check the marked fields."
        if general:
            message = f"{message}\n{general}"
        if not exc.details:
            message = f"Calendly did not accept the booking: {exc.message or exc.title}"
        return BookingFailure("fields", message, errors)
    if isinstance(exc, InsufficientScope):
        scopes = ", ".join(exc.required_scopes) or "scheduled_events:write"
        return BookingFailure(
            "scope",
            f"This access token may not book meetings: it lacks the scope {scopes}. "
            "Create a personal access token with that scope and connect again.",
        )
    if isinstance(exc, PermissionDenied):
        text = exc.message or exc.title or "Permission denied"
        if "paid" in text.lower() or "plan" in text.lower():
            return BookingFailure(
                "plan",
                "Booking through the API needs a paid Calendly plan. Calendly said: " + text,
            )
        return BookingFailure("permission", f"Calendly refused the booking: {text}")
    if isinstance(exc, RateLimited):
        return BookingFailure(
            "rate_limited",
            "Calendly's booking limit is reached.",
            retry_after=max(1.0, float(exc.retry_after)),
        )
    if isinstance(exc, BookingNotCreated):
        return BookingFailure(
            "not_created",
            "The connection dropped while booking. Calendly was checked: no meeting was "
            "created. Nothing was retried; press Book to try again.",
        )
    if isinstance(exc, BookingOutcomeUnknown):
        return BookingFailure(
            "unknown_outcome",
            "The connection dropped while booking and Calendly could not be checked, so it is "
            "unknown whether the meeting was created. Nothing was retried. Look in "
            "“Scheduled events” before booking again.",
        )
    if isinstance(exc, Unauthenticated):
        return BookingFailure("auth", "The access token is no longer valid. Connect again.")
    if isinstance(exc, NotFound):
        return BookingFailure("other", "This event type no longer exists in Calendly.")
    if isinstance(exc, TransportError):
        reason = exc.message or "network error"
        return BookingFailure("other", f"Could not reach Calendly: {reason}")
    if isinstance(exc, CalendlyError):
        return BookingFailure("other", f"Booking failed: {exc.message or exc.title or ''}".strip())
    return BookingFailure("other", f"Booking failed: {type(exc).__name__}")
