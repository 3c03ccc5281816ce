"""In-memory pydantic data for the window's model tests (no network)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.calendly.models import AvailableTime, EventType
from desktop_app.services.event_types import HostGroup, group_by_host

BASE = "https://api.calendly.com"


def event_type(uuid: str, name: str, host: str, host_name: str, **extra: object) -> EventType:
    """An EventType parsed from a minimal Calendly-shaped dict."""
    data: dict[str, object] = {
        "uri": f"{BASE}/event_types/{uuid}",
        "name": name,
        "active": True,
        "duration": 30,
        "kind": "solo",
        "color": "#8247f5",
        "secret": False,
        "profile": {"type": "User", "name": host_name, "owner": f"{BASE}/users/{host}"},
        "locations": [{"kind": "zoom_conference"}],
        "custom_questions": [],
    }
    data.update(extra)
    return EventType.model_validate(data)


def sample_groups() -> list[HostGroup]:
    """Two hosts, four event types (one inactive, one secret round robin)."""
    return group_by_host(
        [
            event_type("A1", "Intro call", "U1", "Taylor Reed"),
            event_type("A2", "Demo", "U1", "Taylor Reed", duration=60, active=False),
            event_type("B1", "Pricing", "U2", "Sam Ortiz", secret=True, pooling_type="round_robin"),
            event_type("B2", "<b>x</b>", "U2", "Sam Ortiz", locations=None),
        ]
    )


def times(*starts: datetime, step: timedelta | None = None) -> list[AvailableTime]:
    """AvailableTimes starting at the given aware instants."""
    return [
        AvailableTime.model_validate(
            {"status": "available", "invitees_remaining": 1, "start_time": s.isoformat()}
        )
        for s in starts
    ]
