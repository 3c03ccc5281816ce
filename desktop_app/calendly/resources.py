"""Models of users, memberships, event types and availability (CONTRACT.md "Resource
shapes"; re-exported by :mod:`desktop_app.calendly.models`). Unknown fields are ignored,
newer fields optional, times aware UTC; ``duration`` is in minutes; availability-rule times
are local to the schedule's IANA ``timezone``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .modelbase import CalendlyModel, Resource, UtcDateTime, none_to_list

__all__ = [
    "AvailabilityInterval",
    "AvailabilityRule",
    "AvailabilitySchedule",
    "AvailableTime",
    "BusyTime",
    "BusyTimeEvent",
    "CustomQuestion",
    "EventType",
    "LocationConfiguration",
    "MembershipUser",
    "OrganizationMembership",
    "Profile",
    "User",
]


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
    custom_questions: Annotated[list[CustomQuestion], BeforeValidator(none_to_list)] = Field(
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
