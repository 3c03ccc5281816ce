"""Models of scheduled events, invitees, cancellations and scheduling links (CONTRACT.md
"Resource shapes"; re-exported by :mod:`desktop_app.calendly.models`). Times aware UTC; an
event's ``location`` is keyed by ``type`` (``zoom``/``gotomeeting``), not ``kind``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .modelbase import CalendlyModel, Resource, UtcDateTime, none_to_list

__all__ = [
    "CalendarEvent",
    "Cancellation",
    "EventGuest",
    "EventLocation",
    "EventMembership",
    "Invitee",
    "InviteesCounter",
    "NoShow",
    "Payment",
    "QuestionAndAnswer",
    "Reconfirmation",
    "ScheduledEvent",
    "SchedulingLink",
    "Tracking",
]

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
    event_memberships: Annotated[list[EventMembership], BeforeValidator(none_to_list)] = Field(
        default_factory=list
    )
    event_guests: Annotated[list[EventGuest], BeforeValidator(none_to_list)] = Field(
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
    questions_and_answers: Annotated[list[QuestionAndAnswer], BeforeValidator(none_to_list)] = (
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
