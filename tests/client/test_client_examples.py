"""Every file in /work/shared/calendly/examples parses into the right model or error.

The test iterates the folder: a new example file without a parsing rule fails the test.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from desktop_app.calendly import errors as E
from desktop_app.calendly.models import (
    AvailabilitySchedule,
    AvailableTime,
    Cancellation,
    EventType,
    Invitee,
    Pagination,
    ScheduledEvent,
    SchedulingLink,
    User,
)
from desktop_app.calendly.requests import BookingLocation, BookingRequest
from tests.shared_paths import EXAMPLES

# (file name prefix, model, envelope): envelope "resource" | "collection" | "paged" | "body"
RULES: list[tuple[str, type[BaseModel], str]] = [
    ("event_invitee.get.200", Invitee, "resource"),
    ("event_invitees.list.200", Invitee, "paged"),
    ("event_type.get.200", EventType, "resource"),
    ("event_types.list.200", EventType, "paged"),
    ("event_type_available_times.get.200", AvailableTime, "collection"),
    ("post_invitees.201", Invitee, "resource"),
    ("post_invitees.request.location_variants", BookingLocation, "variants"),
    ("post_invitees.request", BookingRequest, "body"),
    ("scheduled_event.get.200", ScheduledEvent, "resource"),
    ("scheduled_event_cancellation.post.201", Cancellation, "resource"),
    ("scheduling_links.post.201", SchedulingLink, "resource"),
    ("user_availability_schedule.get.200", AvailabilitySchedule, "resource"),
    ("user_availability_schedules.list.200", AvailabilitySchedule, "collection"),
    ("users_me.get.200", User, "resource"),
]
REQUEST_BODIES_CHECKED_ELSEWHERE = {
    # Built by CalendlyClient.create_scheduling_link / cancel_event; compared in
    # test_client_units.py: test_scheduling_link_body_matches_example,
    # test_cancellation_body_matches_example.
    "scheduling_links.post.request.json",
    "scheduled_event_cancellation.post.request.json",
}
ERROR_CLASSES: dict[str, type[E.CalendlyError]] = {
    "cancellation.403.variants.json": E.PermissionDenied,
    "event_invitees.list.403.variants.json": E.PermissionDenied,
    "insufficient_scope.403.json": E.InsufficientScope,
    "internal_error.500.json": E.ServerError,
    "invalid_argument.400.json": E.InvalidArgument,
    "not_found.404.json": E.NotFound,
    "permission_denied.403.json": E.PermissionDenied,
    "post_invitees.400.already_filled.json": E.SlotUnavailable,
    "post_invitees.403.paid_plan_required.json": E.PermissionDenied,
    "rate_limited.429.json": E.RateLimited,
    "unauthenticated.401.json": E.Unauthenticated,
    "user_busy_times.424.json": E.ExternalCalendarError,
}


def _all_times_aware(obj: Any) -> None:
    if isinstance(obj, dt.datetime):
        assert obj.tzinfo is not None and obj.utcoffset() == dt.timedelta(0)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            _all_times_aware(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            _all_times_aware(item)


def _parse(model: type[BaseModel], envelope: str, data: Any) -> list[BaseModel]:
    if envelope == "resource":
        return [model.model_validate(data["resource"])]
    if envelope == "collection":
        return [model.model_validate(x) for x in data["collection"]]
    if envelope == "paged":
        Pagination.model_validate(data["pagination"])
        return [model.model_validate(x) for x in data["collection"]]
    if envelope == "variants":
        return [model.model_validate(v) for k, v in data.items() if not k.startswith("_")]
    return [model.model_validate(data)]


def _resource_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*.json") if p.parent.name != "errors")


def test_examples_folder_found() -> None:
    assert len(_resource_files()) >= 20
    assert len(list((EXAMPLES / "errors").glob("*.json"))) == len(ERROR_CLASSES)


@pytest.mark.parametrize("path", _resource_files(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_resource_example_parses(path: Path) -> None:
    if path.name in REQUEST_BODIES_CHECKED_ELSEWHERE:
        return
    rule = next((r for r in RULES if path.name.startswith(r[0])), None)
    assert rule is not None, f"no parsing rule for example {path.name}"
    _, model, envelope = rule
    data = json.loads(path.read_text())
    items = _parse(model, envelope, data)
    if not path.name.endswith("empty.json") and "last_page" not in path.name:
        assert items, path.name
    for item in items:
        assert isinstance(item, model)
        _all_times_aware(item)


@pytest.mark.parametrize("name", sorted(ERROR_CLASSES))
def test_error_example_maps_to_class(name: str) -> None:
    data = json.loads((EXAMPLES / "errors" / name).read_text())
    status = next(int(part) for part in name.split(".") if part.isdigit())
    if name == "rate_limited.429.json":
        bodies: list[Any] = [data["body"]]
        headers = data["headers"]
    elif "variants" in name:
        bodies = [v.get("value", v) for v in data.values()]
        headers = {}
    else:
        bodies = [data]
        headers = {}
    for body in bodies:
        exc = E.error_from_response(status, body, headers)
        assert type(exc) is ERROR_CLASSES[name], (name, type(exc))
        assert exc.status == status
        if body:
            assert exc.message == body["message"]
    if name == "rate_limited.429.json":
        assert isinstance(exc, E.RateLimited) and exc.retry_after == 60.0
    if name == "insufficient_scope.403.json":
        assert isinstance(exc, E.InsufficientScope)
        assert exc.required_scopes == ["scheduled_events:write"]
    if name == "post_invitees.400.already_filled.json":
        assert exc.details[0] == E.ErrorDetail(
            "event.start_time", exc.details[0].message, "already_filled"
        )


def test_both_generations_details() -> None:
    """Spot checks of tolerance rules: nulls, old shapes, new fields, vocabularies."""
    old = EventType.model_validate(
        json.loads((EXAMPLES / "event_type.get.200.json").read_text())["resource"]
    )
    assert old.locations is None and old.pooling_type == "round_robin" and old.is_paid is False
    new = EventType.model_validate(
        json.loads((EXAMPLES / "synthesized" / "event_type.get.200.json").read_text())["resource"]
    )
    assert new.locations is not None and new.locations[0].kind == "zoom_conference"
    assert new.uuid == "4b8e2a6c-0d1f-4e3a-9b5c-6d7e8f9a0b1c"
    zoom = ScheduledEvent.model_validate(
        json.loads((EXAMPLES / "synthesized" / "scheduled_event.get.200.zoom.json").read_text())[
            "resource"
        ]
    )
    assert zoom.location is not None and zoom.location.type == "zoom"
    assert zoom.location.kind == "zoom_conference"
    assert zoom.start_time == dt.datetime(2026, 11, 3, 14, 30, tzinfo=dt.UTC)
    old_inv = Invitee.model_validate(
        json.loads((EXAMPLES / "event_invitee.get.200.active.json").read_text())["resource"]
    )
    assert old_inv.first_name is None and old_inv.scheduling_method is None
    assert old_inv.payment is not None and old_inv.payment.amount == 1234.56
    sched = AvailabilitySchedule.model_validate(
        json.loads((EXAMPLES / "user_availability_schedules.list.200.json").read_text())[
            "collection"
        ][1]
    )
    assert sched.rules[-1].type == "date" and sched.rules[-1].date == dt.date(2028, 12, 31)
    assert sched.rules[0].intervals[0].from_ == "08:30"
    assert sched.rules[-1].intervals
    assert [r.intervals for r in sched.rules if r.wday == "wednesday"] == [[]]


def test_booking_request_round_trip() -> None:
    full = json.loads((EXAMPLES / "synthesized" / "post_invitees.request.full.json").read_text())
    req = BookingRequest.model_validate(full)
    assert req.to_api() == full
    minimal = json.loads(
        (EXAMPLES / "synthesized" / "post_invitees.request.minimal.json").read_text()
    )
    body = BookingRequest.model_validate(minimal).to_api()
    assert body["start_time"] == "2026-11-03T14:30:00.000000Z"
    assert set(body) == {"event_type", "start_time", "invitee"}


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "physical"},  # physical needs the address
        {"kind": "outbound_call"},  # the invitee's phone
    ],
)
def test_booking_location_validation(bad: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        BookingLocation.model_validate(bad)


def test_booking_invitee_needs_a_name() -> None:
    with pytest.raises(ValueError):
        BookingRequest.model_validate(
            {
                "event_type": "https://api.calendly.com/event_types/x",
                "start_time": "2026-11-03T14:30:00Z",
                "invitee": {"email": "a@example.com", "timezone": "UTC"},
            }
        )
