"""In-memory pydantic data for the window's model tests (no network)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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


# -- live window helpers (real sandbox over loopback) ------------------------------------------


def fast_retry() -> object:
    """A client retry policy with tiny waits, so error tests stay fast."""
    from desktop_app.calendly.transport import RetryPolicy

    return RetryPolicy(attempts=2, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)


def api_available_times(
    server: object, event_type: str, start: datetime, end: datetime
) -> list[datetime]:
    """Start times straight from ``GET /event_type_available_times`` (httpx, not the client)."""
    import httpx

    def fmt(value: datetime) -> str:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    response = httpx.get(
        f"{server.base_url}/event_type_available_times",  # type: ignore[attr-defined]
        params={"event_type": event_type, "start_time": fmt(start), "end_time": fmt(end)},
        headers={"Authorization": f"Bearer {server.admin_token}"},  # type: ignore[attr-defined]
    )
    response.raise_for_status()
    return sorted(
        datetime.fromisoformat(item["start_time"].replace("Z", "+00:00"))
        for item in response.json()["collection"]
    )


def api_event_types(server: object) -> list[dict[str, object]]:
    """Every event type of the admin's organization, all pages (httpx, count=20)."""
    import httpx

    headers = {"Authorization": f"Bearer {server.admin_token}"}  # type: ignore[attr-defined]
    base = server.base_url  # type: ignore[attr-defined]
    me = httpx.get(f"{base}/users/me", headers=headers).json()["resource"]
    items: list[dict[str, object]] = []
    params: dict[str, object] = {"organization": me["current_organization"], "count": 20}
    while True:
        body = httpx.get(f"{base}/event_types", params=params, headers=headers).json()
        items += body["collection"]
        token = body["pagination"]["next_page_token"]
        if not token:
            return items
        params["page_token"] = token


def owner_token(server: Any) -> str:
    """A new all-scopes token of the seed's owner, so a test can revoke it
    (``server.revoke_token``) without touching the shared admin token."""
    from desktop_app.sandbox.auth import ALL_SCOPES

    owner = server.store.token(server.admin_token)["user_uuid"]
    return str(server.add_token(owner, ALL_SCOPES))
