"""Booking use-case (Qt-free): booking form values -> validated ``BookingRequest``, booking,
nearest open alternatives, single-use scheduling links.

Follows CONTRACT.md "POST /invitees" and Gotchas 3-6: location per kind (omitted for
round-robin event types and event types without locations), custom questions sent with their
exact text and ``position``, ``tracking`` with all six keys or none, at most 10 event guests.
Times are aware UTC datetimes; durations are minutes.

Form fields are addressed by string keys (``FIELD_*``, :func:`question_field`,
:func:`tracking_field`) so a UI can put each error next to its widget, and a 400 from Calendly
is mapped back onto the same keys by :func:`field_for_parameter`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.calendly.models import (
    AvailableTime,
    CustomQuestion,
    EventType,
    Invitee,
    LocationConfiguration,
    QuestionAndAnswer,
    SchedulingLink,
    Tracking,
)
from desktop_app.calendly.requests import BookingInvitee, BookingLocation, BookingRequest
from desktop_app.services.base import ClientService
from desktop_app.services.contact import check_email, check_phone, region_for_timezone

FIELD_GENERAL = ""
FIELD_NAME = "name"
FIELD_FIRST_NAME = "first_name"
FIELD_LAST_NAME = "last_name"
FIELD_EMAIL = "email"
FIELD_TIMEZONE = "timezone"
FIELD_LOCATION = "location"
FIELD_GUESTS = "event_guests"
FIELD_REMINDER = "text_reminder_number"

TRACKING_KEYS: tuple[str, ...] = (
    "utm_campaign",
    "utm_source",
    "utm_medium",
    "utm_content",
    "utm_term",
    "salesforce_uuid",
)
MAX_GUESTS = 10
CONFERENCE_KINDS: dict[str, str] = {
    "zoom_conference": "Zoom",
    "google_conference": "Google Meet",
    "gotomeeting_conference": "GoTo Meeting",
    "microsoft_teams_conference": "Microsoft Teams",
    "webex_conference": "Webex",
}
_GUEST_SPLIT = re.compile(r"[\s,;]+")


def question_field(index: int) -> str:
    """Field key of the ``index``-th question of :func:`booking_questions`."""
    return f"question.{index}"


def tracking_field(key: str) -> str:
    """Field key of one tracking input (``key`` in :data:`TRACKING_KEYS`)."""
    return f"tracking.{key}"


def booking_questions(event_type: EventType) -> list[CustomQuestion]:
    """The event type's enabled custom questions in ``position`` order (stable for ties)."""
    return sorted((q for q in event_type.custom_questions if q.enabled), key=lambda q: q.position)


def booking_locations(event_type: EventType) -> list[LocationConfiguration]:
    """Location options the invitee chooses from, in the event type's order.

    Empty for round-robin event types and event types without locations: no ``location`` is
    sent then (CONTRACT.md Gotcha 3).
    """
    if event_type.pooling_type == "round_robin" or not event_type.locations:
        return []
    return list(event_type.locations)


def location_label(config: LocationConfiguration) -> str:
    """Short human label of a location option, e.g. "In person: 1 Main St" or "Zoom"."""
    kind = config.kind
    if kind in CONFERENCE_KINDS:
        return f"{CONFERENCE_KINDS[kind]} (web conference; details are sent by Calendly)"
    if kind == "physical":
        return f"In person: {config.location or 'address not set'}"
    if kind == "inbound_call":
        return f"Invitee calls the host: {config.phone_number or 'number not set'}"
    if kind == "outbound_call":
        return "Host calls the invitee (enter the invitee's phone number)"
    if kind == "ask_invitee":
        return f"Location given by the invitee{': ' + config.location if config.location else ''}"
    if kind == "custom":
        return f"Custom: {config.location or ''}"
    return kind


@dataclass
class AnswerInput:
    """What was entered for one question: ``text`` (string/text/phone_number), ``choices``
    (selected ``answer_choices`` for single/multi select) and ``other`` (free text when the
    "Other" option is chosen; ``None`` when it is not)."""

    text: str = ""
    choices: list[str] = field(default_factory=list)
    other: str | None = None


@dataclass
class BookingForm:
    """Raw values of the booking form (strings as typed).

    ``location_index`` indexes :func:`booking_locations`; ``location_input`` is the invitee's
    text for ``ask_invitee`` or phone for ``outbound_call``. ``answers`` is keyed by the index in
    :func:`booking_questions`. ``guests`` holds emails separated by commas, semicolons or
    whitespace. ``tracking`` maps :data:`TRACKING_KEYS` to text.
    """

    name: str = ""
    first_name: str = ""
    last_name: str = ""
    split_name: bool = False
    email: str = ""
    timezone: str = "UTC"
    location_index: int | None = None
    location_input: str = ""
    answers: dict[int, AnswerInput] = field(default_factory=dict)
    guests: str = ""
    text_reminder_number: str = ""
    tracking: dict[str, str] = field(default_factory=dict)


@dataclass
class BookingValidation:
    """Outcome of :func:`validate_booking`.

    ``errors`` (field key -> message) is empty exactly when ``request`` is set. ``hints`` are
    non-blocking (e.g. ``"email"`` -> suggested address). ``question_fields[i]`` is the field
    key of the ``i``-th item sent in ``questions_and_answers`` (for mapping 400 details back).
    """

    request: BookingRequest | None
    errors: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    question_fields: list[str] = field(default_factory=list)


def _validate_answer(
    question: CustomQuestion, answer: AnswerInput, region: str
) -> tuple[str | None, str | None]:
    """Return ``(answer text or None when unanswered, error or None)`` for one question."""
    qtype = question.type
    if qtype in ("single_select", "multi_select"):
        parts = [c for c in answer.choices if c in question.answer_choices]
        if qtype == "single_select" and len(parts) > 1:
            return None, "Choose one answer."
        if answer.other is not None:
            if not question.include_other:
                return None, "This question has no “Other” answer."
            other = answer.other.strip()
            if not other:
                return None, "Type the “Other” answer or unselect “Other”."
            if qtype == "single_select" and parts:
                return None, "Choose one answer."
            parts.append(other)
        value = "\n".join(parts)
    elif qtype == "phone_number":
        value = answer.text.strip()
        if value:
            phone = check_phone(value, region)
            if phone.error:
                return None, phone.error
            value = phone.e164 or value
    else:
        value = answer.text.strip() if qtype == "string" else answer.text.strip("\n ")
    if not value:
        return None, ("This question is required." if question.required else None)
    return value, None


def _validate_location(
    options: list[LocationConfiguration], form: BookingForm, region: str
) -> tuple[BookingLocation | None, str | None]:
    if not options:
        return None, None
    index = form.location_index
    if index is None and len(options) == 1:
        index = 0
    if index is None or not 0 <= index < len(options):
        return None, "Choose a location."
    config = options[index]
    kind = config.kind
    if kind == "ask_invitee":
        text = form.location_input.strip()
        if not text:
            return None, "Enter where the meeting takes place."
        return BookingLocation(kind=kind, location=text), None
    if kind == "outbound_call":
        phone = check_phone(form.location_input, region)
        if phone.error:
            return None, f"The host calls this number: {phone.error}"
        return BookingLocation(kind=kind, location=phone.e164), None
    if kind in ("physical", "custom"):
        if not config.location:
            return None, "This location has no address configured in Calendly."
        return BookingLocation(kind=kind, location=config.location), None
    return BookingLocation(kind=kind), None


def split_guests(text: str) -> list[str]:
    """Split the guests field on commas, semicolons and whitespace (empty parts dropped)."""
    return [part for part in _GUEST_SPLIT.split(text.strip()) if part]


def validate_booking(
    event_type: EventType, start_time: datetime, form: BookingForm
) -> BookingValidation:
    """Check ``form`` for booking ``event_type`` at ``start_time`` (aware, any zone).

    Nothing is sent. Phone numbers without a country code are read in the country of the
    invitee's time zone. Returns a :class:`BookingValidation`; never raises for bad input.
    """
    errors: dict[str, str] = {}
    hints: dict[str, str] = {}
    try:
        ZoneInfo(form.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors[FIELD_TIMEZONE] = "Choose a time zone from the list (IANA name, e.g. Europe/Paris)."
    region = region_for_timezone(form.timezone)

    name = first = last = None
    if form.split_name:
        first, last = form.first_name.strip(), form.last_name.strip() or None
        if not first:
            errors[FIELD_FIRST_NAME] = "Enter the invitee's first name."
    else:
        name = form.name.strip()
        if not name:
            errors[FIELD_NAME] = "Enter the invitee's name."

    email = check_email(form.email)
    if email.error:
        errors[FIELD_EMAIL] = email.error
    elif email.suggestion:
        hints[FIELD_EMAIL] = email.suggestion

    reminder = None
    if form.text_reminder_number.strip():
        phone = check_phone(form.text_reminder_number, region)
        if phone.error:
            errors[FIELD_REMINDER] = phone.error
        reminder = phone.e164

    location, location_error = _validate_location(booking_locations(event_type), form, region)
    if location_error:
        errors[FIELD_LOCATION] = location_error

    answers: list[QuestionAndAnswer] = []
    question_fields: list[str] = []
    for index, question in enumerate(booking_questions(event_type)):
        value, error = _validate_answer(question, form.answers.get(index, AnswerInput()), region)
        if error:
            errors[question_field(index)] = error
        elif value is not None:
            answers.append(
                QuestionAndAnswer(question=question.name, answer=value, position=question.position)
            )
            question_fields.append(question_field(index))

    guests: list[str] = []
    for raw in split_guests(form.guests):
        guest = check_email(raw)
        if guest.error or guest.normalized is None:
            errors[FIELD_GUESTS] = f"{raw}: {guest.error}"
            break
        if guest.normalized.lower() not in (g.lower() for g in guests):
            guests.append(guest.normalized)
    if FIELD_GUESTS not in errors and len(guests) > MAX_GUESTS:
        errors[FIELD_GUESTS] = f"At most {MAX_GUESTS} event guests ({len(guests)} entered)."

    tracking_values = {k: form.tracking.get(k, "").strip() or None for k in TRACKING_KEYS}
    tracking = Tracking(**tracking_values) if any(tracking_values.values()) else None

    if errors:
        return BookingValidation(None, errors, hints)
    assert email.normalized is not None
    request = BookingRequest(
        event_type=event_type.uri,
        start_time=start_time,
        invitee=BookingInvitee(
            email=email.normalized,
            timezone=form.timezone,
            name=name,
            first_name=first,
            last_name=last,
            text_reminder_number=reminder,
        ),
        location=location,
        questions_and_answers=answers,
        tracking=tracking,
        event_guests=guests,
    )
    return BookingValidation(request, {}, hints, question_fields)


_PARAM_FIELDS = {
    "invitee.email": FIELD_EMAIL,
    "email": FIELD_EMAIL,
    "invitee.name": FIELD_NAME,
    "name": FIELD_NAME,
    "invitee.first_name": FIELD_FIRST_NAME,
    "first_name": FIELD_FIRST_NAME,
    "invitee.last_name": FIELD_LAST_NAME,
    "last_name": FIELD_LAST_NAME,
    "invitee.timezone": FIELD_TIMEZONE,
    "timezone": FIELD_TIMEZONE,
    "invitee.text_reminder_number": FIELD_REMINDER,
    "text_reminder_number": FIELD_REMINDER,
}
_INDEXED = re.compile(r"^(questions_and_answers|event_guests)\[(\d+)\]")


def field_for_parameter(parameter: str | None, question_fields: list[str]) -> str:
    """Map a 400 ``details[].parameter`` (e.g. ``"invitee.email"``,
    ``"questions_and_answers[1].answer"``, ``"location.location"``) to a form field key;
    :data:`FIELD_GENERAL` when it names no form field (e.g. ``start_time``)."""
    if not parameter:
        return FIELD_GENERAL
    param = parameter.strip()
    if param in _PARAM_FIELDS:
        return _PARAM_FIELDS[param]
    if param == "location" or param.startswith("location."):
        return FIELD_LOCATION
    if param.startswith("tracking"):
        key = param.partition(".")[2]
        return tracking_field(key) if key in TRACKING_KEYS else tracking_field(TRACKING_KEYS[0])
    match = _INDEXED.match(param)
    if match:
        if match.group(1) == "event_guests":
            return FIELD_GUESTS
        index = int(match.group(2))
        return question_fields[index] if index < len(question_fields) else FIELD_GENERAL
    if param.startswith("event_guests"):
        return FIELD_GUESTS
    return FIELD_GENERAL


def nearest_times(
    times: list[AvailableTime], target: datetime, count: int = 3, *, after: datetime | None = None
) -> list[AvailableTime]:
    """The ``count`` open times closest to ``target`` (ties: earlier first), excluding
    ``target`` itself and anything not after ``after`` (e.g. now); result sorted by start."""
    candidates = [
        t
        for t in times
        if t.start_time != target and (after is None or t.start_time > after)
    ]
    candidates.sort(key=lambda t: (abs((t.start_time - target).total_seconds()), t.start_time))
    return sorted(candidates[:count], key=lambda t: t.start_time)


class BookingService(ClientService):
    """Books meetings through a :class:`~desktop_app.calendly.CalendlyClient` (injected;
    ``now=`` overrides the clock, see :class:`ClientService`).

    ``book`` never retries (the client reconciles an unknown outcome and raises
    ``BookingNotCreated``/``BookingOutcomeUnknown``); the caller decides, the user confirms.
    """

    async def book(self, request: BookingRequest) -> Invitee:
        """``POST /invitees``; on success the event type's available-times cache is dropped.

        Raises the client's errors unchanged (``InvalidArgument``, ``SlotUnavailable``,
        ``InsufficientScope``, ``PermissionDenied``, ``RateLimited``, ``BookingNotCreated``,
        ``BookingOutcomeUnknown``...).
        """
        try:
            return await self.client.book(request)
        finally:
            self.client.invalidate_available_times(request.event_type)

    def booking_wait_seconds(self) -> float:
        """Seconds the client is holding booking requests back for Calendly's booking rate
        limit (0.0 when none); for display."""
        return self.client.booking_wait_seconds()

    async def alternatives(
        self, event_type: str, target: datetime, count: int = 3
    ) -> list[AvailableTime]:
        """Fresh open times of ``event_type`` (URI) nearest to ``target``, at most ``count``.

        Looks from 3 days before ``target`` (never before now) to 7 days after, then 21 days
        after if that gives fewer than ``count``. Raises the client's errors.
        """
        self.client.invalidate_available_times(event_type)
        now = self.now()
        start = max(now + timedelta(minutes=1), target - timedelta(days=3))
        found: list[AvailableTime] = []
        for days in (7, 21):
            end = max(target, start) + timedelta(days=days)
            times = await self.client.available_times(event_type, start, end)
            found = nearest_times(times, target, count, after=now)
            if len(found) >= count:
                break
        return found

    async def create_single_use_link(self, event_type: str) -> SchedulingLink:
        """``POST /scheduling_links`` with ``max_event_count=1`` for ``event_type`` (URI)."""
        return await self.client.create_scheduling_link(event_type, max_event_count=1)
