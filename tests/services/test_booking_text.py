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
from desktop_app.calendly.models import EventType, Invitee
from desktop_app.services.booking import (
    FIELD_EMAIL,
    FIELD_LOCATION,
    AnswerInput,
    BookingForm,
    question_field,
    validate_booking,
)
from desktop_app.services.booking_text import (
    answer_lines,
    booking_summary,
    confirmation_text,
    describe_booking_error,
    keep_times_together,
    question_label,
)
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
    ("question", "label"),
    [
        ("Team size", "Team size:"),
        ("Anything else?", "Anything else?"),
        ("Your goals:", "Your goals:"),
        ("Say hi!", "Say hi!"),
        ("Bring the agenda.", "Bring the agenda."),
        ("What now? ", "What now?"),
    ],
)
def test_no_colon_after_a_question_that_ends_in_punctuation(question: str, label: str) -> None:
    assert question_label(question) == label


def test_multi_line_answers_keep_their_lines_indented() -> None:
    assert answer_lines("Team size", "11-50") == ["Team size: 11-50"]
    assert answer_lines("Anything else?", "Plan the rollout.\n\nSecond line\n") == [
        "Anything else?", "    Plan the rollout.", "", "    Second line"]


def test_times_keep_am_pm_on_screen_only() -> None:
    text = "Wed 2 Dec, 11:15 AM–12:00 PM America/New_York, 5 AMPS, 10 PM"
    assert keep_times_together(text) == (
        "Wed 2 Dec, 11:15\u00a0AM–12:00\u00a0PM America/New_York, 5 AMPS, 10 PM")
    assert keep_times_together("15:00–15:30") == "15:00–15:30"


def test_confirmation_reads_well() -> None:
    et = EventType.model_validate({**ET.model_dump(), "custom_questions": [
        {"name": "Anything else?", "type": "text", "position": 0, "enabled": True},
        {"name": "Company", "type": "string", "position": 1, "enabled": True},
    ]})
    form = BookingForm(name="Ana Díaz", email="ana@example.com", timezone="America/New_York",
                       answers={0: AnswerInput(text="Plan the rollout.\nSecond line"),
                                1: AnswerInput(text="Acme")})
    request = validate_booking(et, START, form).request
    assert request is not None
    invitee = Invitee.model_validate({"uri": "https://api.calendly.com/invitees/I",
                                      "email": "ana@example.com", "event": "e",
                                      "cancel_url": "https://calendly.com/cancellations/I"})
    text = confirmation_text(et, request, invitee, "", ZoneInfo("UTC"), use_24h=False)
    assert "When: Thu 26 Nov, 3:00 PM–3:30 PM America/New_York\n" in text  # copies: plain
    assert "Anything else?\n    Plan the rollout.\n    Second line\nCompany: Acme\n" in text
    assert "?:" not in text and ";" not in text


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
