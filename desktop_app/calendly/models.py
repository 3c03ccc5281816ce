"""Pydantic v2 models of Calendly API v2 resources (CONTRACT.md "Resource shapes").

Attribute names are Calendly's JSON field names. Every model ignores unknown fields, fields added
since the 2023 spec are optional, nullable fields accept ``null``; all times are aware
``datetime`` in UTC (naive input is taken as UTC). Models are frozen (safe to share from caches).
Request models for ``POST /invitees`` live in :mod:`desktop_app.calendly.requests`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
)

__all__ = [
    "AvailabilityInterval",
    "AvailabilityRule",
    "AvailabilitySchedule",
    "AvailableTime",
    "BusyTime",
    "BusyTimeEvent",
    "CalendarEvent",
    "CalendlyModel",
    "Cancellation",
    "CustomQuestion",
    "EventGuest",
    "EventLocation",
    "EventMembership",
    "EventType",
    "Invitee",
    "InviteesCounter",
    "LocationConfiguration",
    "MembershipUser",
    "NoShow",
    "OrganizationMembership",
    "Page",
    "Pagination",
    "Payment",
    "Profile",
    "QuestionAndAnswer",
    "Reconfirmation",
    "Resource",
    "ScheduledEvent",
    "SchedulingLink",
    "Tracking",
    "User",
    "UtcDateTime",
    "format_utc",
    "uuid_of",
]


def _to_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def format_utc(value: dt.datetime) -> str:
    """Calendly's time format: UTC, microseconds, ``Z`` (``2020-01-02T03:04:05.678123Z``).
    A naive ``value`` is taken as UTC."""
    return _to_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


UtcDateTime = Annotated[
    dt.datetime,
    AfterValidator(_to_utc),
    PlainSerializer(format_utc, return_type=str, when_used="json"),
]
"""Aware UTC datetime; serialises to Calendly's ``...Z`` format in JSON mode."""


def uuid_of(uri_or_uuid: str) -> str:
    """The last path segment of a Calendly URI (its UUID); a bare UUID is returned unchanged."""
    return uri_or_uuid.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


class CalendlyModel(BaseModel):
    """Base: unknown fields ignored, frozen, populate by field name or alias."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Resource(CalendlyModel):
    """A resource with a canonical ``uri``."""

    uri: str

    @property
    def uuid(self) -> str:
        """Last segment of ``uri`` (what path parameters take)."""
        return uuid_of(self.uri)


# ----------------------------------------------------------------------------- users


class User(Resource):
    """``GET /users/me`` and ``/users/{uuid}``. ``locale``, ``time_notation`` and
    ``resource_type`` are newer than the 2023 examples, hence optional."""

    name: str | None = None
    slug: str | None = None
    email: str | None = None
    scheduling_url: str | None = None
    timezone: str | None = None
    time_notation: str | None = None
    avatar_url: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None
    current_organization: str | None = None
    resource_type: str | None = None
    locale: str | None = None


class MembershipUser(Resource):
    """The user block embedded in an organization membership."""

    name: str | None = None
    slug: str | None = None
    email: str | None = None
    scheduling_url: str | None = None
    timezone: str | None = None
    avatar_url: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None


def _user_ref(value: Any) -> Any:
    return {"uri": value} if isinstance(value, str) else value


class OrganizationMembership(Resource):
    """``GET /organization_memberships`` item (not in the 2026 excerpt; Calendly's documented
    shape ``{uri, role: user|admin|owner, user{...}, organization, created_at, updated_at}``).
    ``user`` is also accepted as a bare URI string."""

    role: str | None = None
    user: Annotated[MembershipUser, BeforeValidator(_user_ref)]
    organization: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None


# ----------------------------------------------------------------------- event types


class LocationConfiguration(CalendlyModel):
    """One location option of an event type, keyed by ``kind`` (``zoom_conference``,
    ``physical``, ``inbound_call``...). ``location`` for physical/custom/ask_invitee,
    ``phone_number`` for inbound_call (the host's number)."""

    kind: str
    location: str | None = None
    additional_info: str | None = None
    phone_number: str | None = None
    position: int | None = None


class CustomQuestion(CalendlyModel):
    """An event type's custom question (``EventTypeCustomQuestion``); ``type`` is one of
    string|text|phone_number|single_select|multi_select. ``name`` is the question text that
    a booking must repeat exactly (case-sensitive)."""

    name: str
    type: str
    position: int = 0
    enabled: bool = True
    required: bool = False
    answer_choices: list[str] = Field(default_factory=list)
    include_other: bool = False


class Profile(CalendlyModel):
    """Public profile of the event type's owner: ``type`` User|Team, ``owner`` URI."""

    type: str | None = None
    name: str | None = None
    owner: str | None = None


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


class EventType(Resource):
    """``GET /event_types`` item and ``/event_types/{uuid}``. ``duration`` is in minutes.
    ``kind`` is "solo"|"group"; ``pooling_type`` "round_robin"|"collective"|"multi_pool"|None.
    ``locations`` can be ``None`` (no location options)."""

    name: str | None = None
    active: bool = True
    slug: str | None = None
    scheduling_url: str | None = None
    duration: int = 0
    duration_options: list[int] | None = None
    kind: str = "solo"
    pooling_type: str | None = None
    type: str | None = None
    color: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None
    deleted_at: UtcDateTime | None = None
    internal_note: str | None = None
    description_plain: str | None = None
    description_html: str | None = None
    profile: Profile | None = None
    secret: bool = False
    booking_method: str | None = None
    admin_managed: bool = False
    is_paid: bool = False
    locale: str | None = None
    position: int | None = None
    locations: list[LocationConfiguration] | None = None
    custom_questions: Annotated[list[CustomQuestion], BeforeValidator(_none_to_list)] = Field(
        default_factory=list
    )


class AvailableTime(CalendlyModel):
    """``GET /event_type_available_times`` item: a bookable start (UTC)."""

    status: str = "available"
    invitees_remaining: int = 1
    start_time: UtcDateTime
    scheduling_url: str | None = None


# ---------------------------------------------------------------------- availability


class BusyTimeEvent(CalendlyModel):
    """Reference to the Calendly event behind a busy time."""

    uri: str


class BusyTime(CalendlyModel):
    """``GET /user_busy_times`` item; ``type`` calendly|reserved|external."""

    type: str
    start_time: UtcDateTime
    end_time: UtcDateTime
    buffered_start_time: UtcDateTime | None = None
    buffered_end_time: UtcDateTime | None = None
    event: BusyTimeEvent | None = None


class AvailabilityInterval(CalendlyModel):
    """``{"from": "hh:mm", "to": "hh:mm"}`` local to the schedule's time zone
    (Python attribute ``from_`` because ``from`` is a keyword)."""

    from_: str = Field(alias="from")
    to: str


def _lenient_date(value: Any) -> Any:
    if isinstance(value, str):
        parts = value.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    return value


class AvailabilityRule(CalendlyModel):
    """``type`` wday|date; empty ``intervals`` means unavailable that day."""

    type: str
    intervals: list[AvailabilityInterval] = Field(default_factory=list)
    wday: str | None = None
    date: Annotated[dt.date | None, BeforeValidator(_lenient_date)] = None


class AvailabilitySchedule(Resource):
    """``GET /user_availability_schedules`` item; rule times are local to ``timezone``."""

    default: bool = False
    name: str | None = None
    user: str | None = None
    timezone: str | None = None
    rules: list[AvailabilityRule] = Field(default_factory=list)


# ------------------------------------------------------------------ scheduled events

_CONFERENCE_TYPE_TO_KIND = {"zoom": "zoom_conference", "gotomeeting": "gotomeeting_conference"}


class EventLocation(CalendlyModel):
    """A scheduled event's location, keyed by ``type`` (not ``kind``; ``zoom`` and
    ``gotomeeting`` where event types say ``zoom_conference``/``gotomeeting_conference``).
    Conference ``status`` is processing|initiated|pushed|failed|None; ``join_url`` only when
    pushed."""

    type: str
    location: str | None = None
    additional_info: str | None = None
    status: str | None = None
    join_url: str | None = None
    data: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        """The event-type/booking vocabulary for this location type."""
        return _CONFERENCE_TYPE_TO_KIND.get(self.type, self.type)


class InviteesCounter(CalendlyModel):
    """Invitee counts of an event (``total`` includes canceled ones)."""

    total: int = 0
    active: int = 0
    limit: int = 0


class EventMembership(CalendlyModel):
    """A host of a scheduled event."""

    user: str
    user_email: str | None = None
    user_name: str | None = None
    buffered_start_time: UtcDateTime | None = None
    buffered_end_time: UtcDateTime | None = None


class EventGuest(CalendlyModel):
    """An additional guest added by the invitee."""

    email: str
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None


class Cancellation(CalendlyModel):
    """Cancellation block of an event or invitee; also the ``POST .../cancellation`` 201."""

    canceled_by: str | None = None
    reason: str | None = None
    canceler_type: str | None = None
    created_at: UtcDateTime | None = None


class CalendarEvent(CalendlyModel):
    """Deprecated legacy calendar reference."""

    kind: str | None = None
    external_id: str | None = None


class ScheduledEvent(Resource):
    """``GET /scheduled_events`` item and ``/scheduled_events/{uuid}``; status
    active|canceled; times UTC."""

    name: str | None = None
    meeting_notes_plain: str | None = None
    meeting_notes_html: str | None = None
    status: str
    start_time: UtcDateTime
    end_time: UtcDateTime
    event_type: str | None = None
    location: EventLocation | None = None
    invitees_counter: InviteesCounter | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None
    event_memberships: Annotated[list[EventMembership], BeforeValidator(_none_to_list)] = Field(
        default_factory=list
    )
    event_guests: Annotated[list[EventGuest], BeforeValidator(_none_to_list)] = Field(
        default_factory=list
    )
    cancellation: Cancellation | None = None
    calendar_event: CalendarEvent | None = None


# -------------------------------------------------------------------------- invitees


class QuestionAndAnswer(CalendlyModel):
    """An answer to a custom question; ``question`` repeats the question text exactly."""

    question: str
    answer: str
    position: int = 0


class Tracking(CalendlyModel):
    """UTM/Salesforce tracking; in a booking all six keys are sent (nulls included)."""

    utm_campaign: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_content: str | None = None
    utm_term: str | None = None
    salesforce_uuid: str | None = None


class Payment(CalendlyModel):
    """Invitee payment (``amount`` is a number in 2023 examples, a string in 2026)."""

    external_id: str | None = None
    provider: str | None = None
    amount: float | str | None = None
    currency: str | None = None
    terms: str | None = None
    successful: bool | None = None


class NoShow(CalendlyModel):
    """No-show mark of an invitee."""

    uri: str | None = None
    created_at: UtcDateTime | None = None


class Reconfirmation(CalendlyModel):
    """Reconfirmation request of an invitee."""

    created_at: UtcDateTime | None = None
    confirmed_at: UtcDateTime | None = None


class Invitee(Resource):
    """``GET /scheduled_events/{uuid}/invitees`` item, ``.../invitees/{uuid}`` and the
    ``POST /invitees`` 201. Has no location: read the event for that."""

    email: str
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    status: str = "active"
    timezone: str | None = None
    event: str
    questions_and_answers: Annotated[list[QuestionAndAnswer], BeforeValidator(_none_to_list)] = (
        Field(default_factory=list)
    )
    tracking: Tracking | None = None
    text_reminder_number: str | None = None
    rescheduled: bool = False
    old_invitee: str | None = None
    new_invitee: str | None = None
    cancel_url: str | None = None
    reschedule_url: str | None = None
    routing_form_submission: str | None = None
    cancellation: Cancellation | None = None
    payment: Payment | None = None
    no_show: NoShow | None = None
    reconfirmation: Reconfirmation | None = None
    scheduling_method: str | None = None
    invitee_scheduled_by: str | None = None
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None


class SchedulingLink(CalendlyModel):
    """``POST /scheduling_links`` 201: a single-use ``booking_url``."""

    booking_url: str
    owner: str | None = None
    owner_type: str | None = None


# -------------------------------------------------------------------------- envelopes


class Pagination(CalendlyModel):
    """List envelope paging block; follow ``next_page_token`` until ``None``."""

    count: int = 0
    next_page: str | None = None
    previous_page: str | None = None
    next_page_token: str | None = None
    previous_page_token: str | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` and the token of the next page (``None`` at the end)."""

    model_config = ConfigDict(frozen=True)

    items: list[T]
    next_page_token: str | None = None


# The request models are listed with the models in docs/INTERFACES.md: importable from here too.
from .requests import BookingInvitee, BookingLocation, BookingRequest  # noqa: E402

__all__ += ["BookingInvitee", "BookingLocation", "BookingRequest"]
