"""Pydantic v2 models of Calendly API v2 resources (CONTRACT.md "Resource shapes").

Attribute names are Calendly's JSON field names. Every model ignores unknown fields, fields added
since the 2023 spec are optional, nullable fields accept ``null``; all times are aware
``datetime`` in UTC (naive input is taken as UTC). Models are frozen (safe to share from caches).
The models are defined in :mod:`.modelbase` (base types), :mod:`.resources` (users, event
types, availability), :mod:`.events` (scheduled events, invitees) and :mod:`.requests`
(``POST /invitees`` bodies); this module holds the list envelopes and re-exports them all.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from .events import (
    CalendarEvent,
    Cancellation,
    EventGuest,
    EventLocation,
    EventMembership,
    Invitee,
    InviteesCounter,
    NoShow,
    Payment,
    QuestionAndAnswer,
    Reconfirmation,
    ScheduledEvent,
    SchedulingLink,
    Tracking,
)
from .modelbase import CalendlyModel, Resource, UtcDateTime, format_utc, uuid_of
from .requests import BookingInvitee, BookingLocation, BookingRequest
from .resources import (
    AvailabilityInterval,
    AvailabilityRule,
    AvailabilitySchedule,
    AvailableTime,
    BusyTime,
    BusyTimeEvent,
    CustomQuestion,
    EventType,
    LocationConfiguration,
    MembershipUser,
    OrganizationMembership,
    Profile,
    User,
)

__all__ = [
    "AvailabilityInterval",
    "AvailabilityRule",
    "AvailabilitySchedule",
    "AvailableTime",
    "BookingInvitee",
    "BookingLocation",
    "BookingRequest",
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
