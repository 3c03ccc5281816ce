"""Qt-free booking-form validation: form values -> BookingRequest (CONTRACT.md POST /invitees)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop_app.calendly.models import AvailableTime, EventType
from desktop_app.services.booking import (
    FIELD_EMAIL,
    FIELD_FIRST_NAME,
    FIELD_GENERAL,
    FIELD_GUESTS,
    FIELD_LOCATION,
    FIELD_NAME,
    FIELD_REMINDER,
    FIELD_TIMEZONE,
    TRACKING_KEYS,
    AnswerInput,
    BookingForm,
    booking_locations,
    booking_questions,
    field_for_parameter,
    nearest_times,
    question_field,
    tracking_field,
    validate_booking,
)
from desktop_app.services.contact import check_email, check_phone, region_for_timezone

START = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
URI = "https://api.calendly.com/event_types/ET1"


def event_type(
    locations: list[dict[str, Any]] | None = None,
    questions: list[dict[str, Any]] | None = None,
    pooling_type: str | None = None,
) -> EventType:
    return EventType.model_validate(
        {
            "uri": URI,
            "name": "30-min Demo",
            "duration": 30,
            "pooling_type": pooling_type,
            "locations": locations,
            "custom_questions": questions or [],
            "profile": {"type": "User", "name": "Taylor Reed", "owner": "u"},
        }
    )


def q(name: str, qtype: str, position: int, **kw: Any) -> dict[str, Any]:
    base = {"name": name, "type": qtype, "position": position, "enabled": True,
            "required": False, "answer_choices": [], "include_other": False}
    base.update(kw)
    return base


def form(**kw: Any) -> BookingForm:
    base: dict[str, Any] = {"name": "Ana Díaz", "email": "ana@example.com",
                            "timezone": "America/New_York"}
    base.update(kw)
    return BookingForm(**base)


def test_minimal_request_has_no_location_questions_tracking_or_guests() -> None:
    result = validate_booking(event_type(), START, form())
    assert result.errors == {}
    assert result.request is not None
    body = result.request.to_api()
    assert body == {
        "event_type": URI,
        "start_time": "2026-11-26T20:00:00.000000Z",
        "invitee": {"email": "ana@example.com", "timezone": "America/New_York", "name": "Ana Díaz"},
    }


LOCATIONS = [
    {"kind": "physical", "location": "1 Main St", "additional_info": "Ring twice"},
    {"kind": "ask_invitee"},
    {"kind": "outbound_call"},
    {"kind": "inbound_call", "phone_number": "+14155550100"},
    {"kind": "zoom_conference"},
    {"kind": "google_conference"},
    {"kind": "gotomeeting_conference"},
    {"kind": "microsoft_teams_conference"},
    {"kind": "webex_conference"},
    {"kind": "custom", "location": "Lobby cafe"},
]


@pytest.mark.parametrize(
    ("index", "typed", "expected"),
    [
        (0, "", {"kind": "physical", "location": "1 Main St"}),
        (1, " My office ", {"kind": "ask_invitee", "location": "My office"}),
        (2, "(415) 555-0123", {"kind": "outbound_call", "location": "+14155550123"}),
        (3, "", {"kind": "inbound_call"}),
        (4, "", {"kind": "zoom_conference"}),
        (5, "", {"kind": "google_conference"}),
        (6, "", {"kind": "gotomeeting_conference"}),
        (7, "", {"kind": "microsoft_teams_conference"}),
        (8, "", {"kind": "webex_conference"}),
        (9, "", {"kind": "custom", "location": "Lobby cafe"}),
    ],
)
def test_location_per_kind(index: int, typed: str, expected: dict[str, str]) -> None:
    result = validate_booking(
        event_type(LOCATIONS), START, form(location_index=index, location_input=typed)
    )
    assert result.errors == {}
    assert result.request is not None
    assert result.request.to_api()["location"] == expected


@pytest.mark.parametrize(
    ("index", "typed"), [(1, "   "), (2, ""), (2, "12"), (2, "not a phone"), (None, "")]
)
def test_location_input_errors(index: int | None, typed: str) -> None:
    result = validate_booking(
        event_type(LOCATIONS), START, form(location_index=index, location_input=typed)
    )
    assert result.request is None
    assert set(result.errors) == {FIELD_LOCATION}


def test_single_location_is_chosen_by_default() -> None:
    result = validate_booking(event_type([{"kind": "zoom_conference"}]), START, form())
    assert result.request is not None and result.request.location is not None
    assert result.request.location.kind == "zoom_conference"


@pytest.mark.parametrize(
    ("locations", "pooling"), [(None, None), ([], None), (LOCATIONS, "round_robin")]
)
def test_location_omitted_for_round_robin_and_no_locations(
    locations: list[dict[str, Any]] | None, pooling: str | None
) -> None:
    et = event_type(locations, pooling_type=pooling)
    assert booking_locations(et) == []
    result = validate_booking(et, START, form(location_index=0))
    assert result.request is not None
    assert "location" not in result.request.to_api()


QUESTIONS = [
    q("Phone", "phone_number", 3),
    q("Company", "string", 0, required=True),
    q("Agenda", "text", 1),
    q("Hidden", "string", 2, enabled=False, required=True),
    q("Size", "single_select", 4, answer_choices=["1-10", "11+"], include_other=True),
    q("Topics", "multi_select", 5, answer_choices=["A", "B", "C"], include_other=True),
]


def test_questions_enabled_in_position_order() -> None:
    names = [x.name for x in booking_questions(event_type(questions=QUESTIONS))]
    assert names == ["Company", "Agenda", "Phone", "Size", "Topics"]


def test_answers_sent_with_exact_text_and_position() -> None:
    answers = {
        0: AnswerInput(text=" Acme "),
        1: AnswerInput(text="line 1\nline 2\n"),
        2: AnswerInput(text="+44 20 7946 0958"),
        3: AnswerInput(other="500+"),
        4: AnswerInput(choices=["A", "C"], other="Z"),
    }
    result = validate_booking(event_type(questions=QUESTIONS), START, form(answers=answers))
    assert result.errors == {}
    assert result.request is not None
    assert result.request.to_api()["questions_and_answers"] == [
        {"question": "Company", "answer": "Acme", "position": 0},
        {"question": "Agenda", "answer": "line 1\nline 2", "position": 1},
        {"question": "Phone", "answer": "+442079460958", "position": 3},
        {"question": "Size", "answer": "500+", "position": 4},
        {"question": "Topics", "answer": "A\nC\nZ", "position": 5},
    ]
    assert result.question_fields == [question_field(i) for i in range(5)]


def test_optional_unanswered_questions_are_not_sent() -> None:
    result = validate_booking(
        event_type(questions=QUESTIONS), START, form(answers={0: AnswerInput(text="Acme")})
    )
    assert result.request is not None
    assert [x.question for x in result.request.questions_and_answers] == ["Company"]
    assert result.question_fields == [question_field(0)]


@pytest.mark.parametrize(
    ("answers", "bad"),
    [
        ({}, 0),  # required string missing
        ({0: AnswerInput(text="   ")}, 0),
        ({0: AnswerInput(text="x"), 2: AnswerInput(text="12")}, 2),  # bad phone
        ({0: AnswerInput(text="x"), 3: AnswerInput(other="  ")}, 3),  # empty Other
        ({0: AnswerInput(text="x"), 3: AnswerInput(choices=["1-10", "11+"])}, 3),
        ({0: AnswerInput(text="x"), 3: AnswerInput(choices=["1-10"], other="x")}, 3),
    ],
)
def test_question_errors(answers: dict[int, AnswerInput], bad: int) -> None:
    result = validate_booking(event_type(questions=QUESTIONS), START, form(answers=answers))
    assert result.request is None
    assert set(result.errors) == {question_field(bad)}


@pytest.mark.parametrize(
    ("changes", "bad_field"),
    [
        ({"name": " "}, FIELD_NAME),
        ({"split_name": True, "first_name": ""}, FIELD_FIRST_NAME),
        ({"email": "ana@"}, FIELD_EMAIL),
        ({"email": ""}, FIELD_EMAIL),
        ({"email": "<b>x</b>@example.com"}, FIELD_EMAIL),
        ({"timezone": "Mars/Olympus"}, FIELD_TIMEZONE),
        ({"text_reminder_number": "555"}, FIELD_REMINDER),
        ({"guests": "a@example.com, nope"}, FIELD_GUESTS),
        ({"guests": " ".join(f"g{i}@example.com" for i in range(11))}, FIELD_GUESTS),
    ],
)
def test_field_errors(changes: dict[str, Any], bad_field: str) -> None:
    result = validate_booking(event_type(), START, form(**changes))
    assert result.request is None
    assert set(result.errors) == {bad_field}


def test_split_name_guests_reminder_and_hint() -> None:
    guests = "; ".join(f"g{i}@example.com" for i in range(10)) + ", G0@example.com"
    result = validate_booking(
        event_type(),
        START,
        form(split_name=True, first_name="Ana", last_name="Díaz", email="ana@gmial.com",
             guests=guests, text_reminder_number="030 901820", timezone="Europe/Berlin"),
    )
    assert result.errors == {}
    assert result.hints == {FIELD_EMAIL: "ana@gmail.com"}
    assert result.request is not None
    invitee = result.request.to_api()["invitee"]
    assert invitee == {"email": "ana@gmial.com", "timezone": "Europe/Berlin", "first_name": "Ana",
                       "last_name": "Díaz", "text_reminder_number": "+4930901820"}
    assert len(result.request.event_guests) == 10  # duplicate dropped (case-insensitive)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [({}, None), ({"utm_source": " desk "}, "desk"), ({k: "v" for k in TRACKING_KEYS}, "v")],
)
def test_tracking_all_six_or_none(typed: dict[str, str], expected: str | None) -> None:
    result = validate_booking(event_type(), START, form(tracking=typed))
    assert result.request is not None
    body = result.request.to_api()
    if expected is None:
        assert "tracking" not in body
    else:
        assert set(body["tracking"]) == set(TRACKING_KEYS)
        assert body["tracking"]["utm_source"] == expected


@pytest.mark.parametrize(
    ("parameter", "expected"),
    [
        ("invitee.email", FIELD_EMAIL),
        ("location.location", FIELD_LOCATION),
        ("location", FIELD_LOCATION),
        ("questions_and_answers[1].answer", question_field(4)),
        ("questions_and_answers[7].answer", FIELD_GENERAL),
        ("event_guests[3]", FIELD_GUESTS),
        ("tracking.utm_term", tracking_field("utm_term")),
        ("event.start_time", FIELD_GENERAL),
        (None, FIELD_GENERAL),
    ],
)
def test_field_for_parameter(parameter: str | None, expected: str) -> None:
    assert field_for_parameter(parameter, [question_field(0), question_field(4)]) == expected


def test_nearest_times() -> None:
    times = [AvailableTime(start_time=START + timedelta(minutes=30 * k)) for k in range(-4, 6)]
    picked = nearest_times(times, START, 3, after=START - timedelta(minutes=45))
    assert [t.start_time for t in picked] == [
        START - timedelta(minutes=30), START + timedelta(minutes=30), START + timedelta(minutes=60)
    ]


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("ana@gmial.com", "ana@gmail.com"), ("bo@HOTMIAL.com", "bo@hotmail.com"),
     ("x@example.com", None)],
)
def test_did_you_mean(typed: str, suggestion: str | None) -> None:
    assert check_email(typed).suggestion == suggestion


def test_phone_region_from_zone() -> None:
    assert region_for_timezone("Europe/Berlin") == "DE"
    assert region_for_timezone("Etc/UTC") == "US"
    assert check_phone("030 901820", "DE").e164 == "+4930901820"
    assert check_phone("+1 415 555 0123", "DE").e164 == "+14155550123"
    assert check_phone("12345", "US").error
