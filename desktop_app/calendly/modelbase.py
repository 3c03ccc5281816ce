"""Base types of the Calendly models: aware-UTC datetimes, the base model, URIs.

Times: Calendly sends UTC ISO-8601 with microseconds and ``Z``; :data:`UtcDateTime` parses
any aware (or naive, taken as UTC) value into an aware UTC ``datetime`` and serialises back to
that format (CONTRACT.md "Conventions").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer

__all__ = [
    "CalendlyModel",
    "Resource",
    "UtcDateTime",
    "format_utc",
    "none_to_list",
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


def none_to_list(value: Any) -> Any:
    """``None`` -> ``[]`` (Calendly sends ``null`` for some empty lists)."""
    return [] if value is None else value
