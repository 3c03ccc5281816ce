"""Confirm summary wording, the classification of booking failures and the generic error
sentence of loads (Qt-free)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from desktop_app.calendly.errors import (
    BookingNotCreated,
    BookingOutcomeUnknown,
    ErrorDetail,
    InsufficientScope,
    InvalidArgument,
    PermissionDenied,
    RateLimited,
    ServerError,
    SlotUnavailable,
    TransportError,
)
from desktop_app.calendly.models import EventType
from desktop_app.services.booking import (
    FIELD_EMAIL,
    FIELD_LOCATION,
    BookingForm,
    question_field,
    validate_booking,
)
from desktop_app.services.booking_text import booking_summary, describe_booking_error
from desktop_app.services.messages import describe_error

ET = EventType.model_validate(
    {"uri": "https://api.calendly.com/event_types/E", "name": "30-min Demo", "duration": 30,
     "profile": {"type": "User", "name": "Taylor Reed", "owner": "u"}}
)
START = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def test_summary_matches_issue_wording() -> None:
    form = BookingForm(name="Ana Díaz", email="ana@example.com", timezone="America/New_York")
    request = validate_booking(ET, START, form).request
    assert request is not None
    assert booking_summary(ET, request, ZoneInfo("America/New_York")) == (
        "Book 30-min Demo with Taylor Reed on Thu 26 Nov, 15:00–15:30 America/New_York "
        "for Ana Díaz <ana@example.com>?"
    )
    twelve = booking_summary(ET, request, ZoneInfo("America/New_York"), use_24h=False)
    assert "on Thu 26 Nov, 3:00 PM–3:30 PM America/New_York" in twelve  # 12-hour locales
    assert booking_summary(ET, request, ZoneInfo("Europe/Berlin")).endswith(
        "America/New_York (Thu 26 Nov, 21:00–21:30 Europe/Berlin) for Ana Díaz <ana@example.com>?"
    )


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (SlotUnavailable("x", details=[ErrorDetail("event.start_time", "filled",
                                                   "already_filled")]), "slot_taken"),
        (InsufficientScope("x", required_scopes=["scheduled_events:write"]), "scope"),
        (PermissionDenied("The Scheduling API is only available on paid Calendly plans."), "plan"),
        (PermissionDenied("nope"), "permission"),
        (RateLimited(retry_after=7), "rate_limited"),
        (BookingNotCreated("x"), "not_created"),
        (BookingOutcomeUnknown("x"), "unknown_outcome"),
        (ValueError("x"), "other"),
    ],
)
def test_failure_kinds(exc: BaseException, kind: str) -> None:
    assert describe_booking_error(exc, []).kind == kind


def test_400_details_go_to_fields() -> None:
    exc = InvalidArgument("bad", details=[
        ErrorDetail("invitee.email", "is invalid"),
        ErrorDetail("location.location", "is missing"),
        ErrorDetail("questions_and_answers[0].answer", "is missing"),
        ErrorDetail("start_time", "must be in the future"),
    ])
    failure = describe_booking_error(exc, [question_field(2)])
    assert failure.kind == "fields"
    assert failure.field_errors == {FIELD_EMAIL: "is invalid", FIELD_LOCATION: "is missing",
                                    question_field(2): "is missing"}
    assert "start_time: must be in the future" in failure.message


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        (RateLimited(retry_after=7), "Calendly's rate limit was reached; try again in 7 s."),
        (TransportError("timed out"), "Could not reach the server: timed out."),
        (ServerError("x", status=503, title="Unavailable"),
         "The server had a problem (503 Unavailable)."),
        (InvalidArgument("bad", status=400, title="Invalid Argument",
                         details=[ErrorDetail("invitee_email", "is invalid"),
                                  ErrorDetail(None, "y")]),
         "Invalid Argument: bad (invitee_email: is invalid; y)"),
        (KeyError("secret"), "Unexpected error: KeyError."),
    ],
)
def test_generic_error_sentence(exc: BaseException, text: str) -> None:
    assert describe_error(exc) == text
