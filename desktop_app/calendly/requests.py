"""Request models for ``POST /invitees`` (CONTRACT.md "POST /invitees", Gotchas 3, 5, 6).

``BookingRequest.to_api()`` gives the JSON body: ``start_time`` in Calendly's UTC format,
``tracking`` with all six keys (or absent), no ``None`` fields elsewhere.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, model_validator

from .events import QuestionAndAnswer, Tracking
from .modelbase import CalendlyModel, UtcDateTime, format_utc

__all__ = [
    "LOCATION_KINDS_NEEDING_TEXT",
    "BookingInvitee",
    "BookingLocation",
    "BookingRequest",
]

LOCATION_KINDS_NEEDING_TEXT = frozenset({"physical", "outbound_call", "ask_invitee", "custom"})
"""Booking location kinds whose ``location`` field is required (address, the invitee's phone
for outbound_call, free text)."""

MAX_EVENT_GUESTS = 10


class BookingInvitee(CalendlyModel):
    """The person booking: ``email`` and IANA ``timezone`` required, plus ``name`` or
    ``first_name``. ``text_reminder_number`` is only for SMS reminders."""

    email: str
    timezone: str
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    text_reminder_number: str | None = None

    @model_validator(mode="after")
    def _name_present(self) -> Self:
        if not (self.name or self.first_name):
            raise ValueError("invitee needs name or first_name")
        return self


class BookingLocation(CalendlyModel):
    """Chosen location, in the event-type vocabulary (``kind``: physical, outbound_call,
    zoom_conference...). ``location`` is required for the kinds in
    :data:`LOCATION_KINDS_NEEDING_TEXT` and ignored by Calendly for the others."""

    kind: str
    location: str | None = None

    @model_validator(mode="after")
    def _text_when_needed(self) -> Self:
        if self.kind in LOCATION_KINDS_NEEDING_TEXT and not self.location:
            raise ValueError(f"location kind {self.kind!r} needs a location text")
        return self


class BookingRequest(CalendlyModel):
    """Body of ``POST /invitees``. ``event_type`` is a URI; ``start_time`` any aware datetime
    (sent as UTC). Do not pass ``location`` for round_robin event types."""

    event_type: str
    start_time: UtcDateTime
    invitee: BookingInvitee
    location: BookingLocation | None = None
    questions_and_answers: list[QuestionAndAnswer] = Field(default_factory=list)
    tracking: Tracking | None = None
    event_guests: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _guest_limit(self) -> Self:
        if len(self.event_guests) > MAX_EVENT_GUESTS:
            raise ValueError(f"at most {MAX_EVENT_GUESTS} event guests")
        return self

    def to_api(self) -> dict[str, Any]:
        """JSON body for ``POST /invitees``."""
        body: dict[str, Any] = {
            "event_type": self.event_type,
            "start_time": format_utc(self.start_time),
            "invitee": self.invitee.model_dump(exclude_none=True),
        }
        if self.location is not None:
            body["location"] = self.location.model_dump(exclude_none=True)
        if self.questions_and_answers:
            body["questions_and_answers"] = [q.model_dump() for q in self.questions_and_answers]
        if self.tracking is not None:
            body["tracking"] = self.tracking.model_dump()
        if self.event_guests:
            body["event_guests"] = list(self.event_guests)
        return body
