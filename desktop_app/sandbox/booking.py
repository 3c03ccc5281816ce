"""``POST /invitees`` (Scheduling API): validation and creation, CONTRACT.md "POST /invitees".

Validation collects every failure of the body into one 400 "Invalid Argument" whose
``details[].parameter`` names the field (``invitee.email``, ``location.kind``,
``questions_and_answers[0].question``, ``tracking.utm_source``, ``event_guests[2]``...).
Then: unknown event type -> 404; inactive -> 400 ``event_type``; past start -> 400
``start_time``; a start that is not an open slot -> 400 ``event.start_time`` with
``code: already_filled`` ("That start time has been filled").

Success creates the scheduled event (or joins the group event at that start), whose
``location.type`` is mapped from the booked kind (zoom_conference -> zoom,
gotomeeting_conference -> gotomeeting), and the invitee (``scheduling_method: "api"``).
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.sandbox import render
from desktop_app.sandbox.availability import open_slots
from desktop_app.sandbox.common import (
    ApiError,
    fmt_dt,
    invalid,
    new_uuid,
    parse_time,
    uuid_from_uri,
)
from desktop_app.sandbox.store import Store

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_RE = re.compile(r"^\+[1-9][0-9 ()\-]{6,24}$")
NEEDS_TEXT = ("physical", "outbound_call", "ask_invitee", "custom")
TRACKING_KEYS = ("utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term",
                 "salesforce_uuid")
Details = list[dict[str, str]]


def _err(details: Details, parameter: str, message: str) -> None:
    details.append({"parameter": parameter, "message": message})


def is_email(value: Any) -> bool:
    """True for a plausible e-mail address string."""
    return isinstance(value, str) and bool(EMAIL_RE.match(value))


def is_phone(value: Any) -> bool:
    """True for an international phone number (``+`` then 7+ digits, spaces/dashes allowed)."""
    return isinstance(value, str) and bool(PHONE_RE.match(value)) and sum(
        c.isdigit() for c in value) >= 7


def _check_invitee(invitee: Any, details: Details) -> None:
    if not isinstance(invitee, dict):
        _err(details, "invitee", "is missing" if invitee is None else "must be an object")
        return
    if invitee.get("email") is None:
        _err(details, "invitee.email", "is missing")
    elif not is_email(invitee["email"]):
        _err(details, "invitee.email", "is invalid")
    tz = invitee.get("timezone")
    if tz is None:
        _err(details, "invitee.timezone", "is missing")
    elif not _valid_zone(tz):
        _err(details, "invitee.timezone", "must be a valid IANA time zone")
    name, first = invitee.get("name"), invitee.get("first_name")
    if not (isinstance(name, str) and name.strip()) and not (
        isinstance(first, str) and first.strip()
    ):
        _err(details, "invitee.name", "is missing (name or first_name is required)")
    last = invitee.get("last_name")
    if last is not None and not isinstance(last, str):
        _err(details, "invitee.last_name", "must be a string")
    number = invitee.get("text_reminder_number")
    if number is not None and not is_phone(number):
        _err(details, "invitee.text_reminder_number", "must be a valid phone number")


def _valid_zone(value: Any) -> bool:
    if not isinstance(value, str) or not value or value.startswith("/"):
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_location(et: dict[str, Any], loc: Any, details: Details) -> dict[str, Any] | None:
    """Validate ``location``; return the event type's matching LocationConfiguration."""
    offered: list[dict[str, Any]] = et["locations"] or []
    if et["pooling_type"] == "round_robin":
        if loc is not None:
            _err(details, "location", "must not be provided for a round robin event type")
        return offered[0] if offered else None
    if loc is None:
        if offered:
            _err(details, "location", "is missing (the event type offers locations)")
        return None
    if not isinstance(loc, dict):
        _err(details, "location", "must be an object")
        return None
    kind = loc.get("kind")
    if kind is None:
        _err(details, "location.kind", "is missing")
        return None
    match = next((c for c in offered if c["kind"] == kind), None)
    if match is None:
        _err(details, "location.kind", "does not match a location of the event type")
        return None
    text = loc.get("location")
    if kind in NEEDS_TEXT:
        if not isinstance(text, str) or not text.strip():
            _err(details, "location.location", "is missing")
        elif kind == "outbound_call" and not is_phone(text):
            _err(details, "location.location", "must be a valid phone number")
    return match


def _check_answers(et: dict[str, Any], qa: Any, details: Details) -> None:
    questions = {q["name"]: q for q in et["questions"] or [] if q["enabled"]}
    answered: set[str] = set()
    if qa is not None and not isinstance(qa, list):
        _err(details, "questions_and_answers", "must be an array")
        qa = None
    for i, item in enumerate(qa or []):
        where = f"questions_and_answers[{i}]"
        if not isinstance(item, dict):
            _err(details, where, "must be an object")
            continue
        missing = [k for k in ("question", "answer", "position") if item.get(k) is None]
        for key in missing:
            _err(details, f"{where}.{key}", "is missing")
        if missing:
            continue
        if not isinstance(item["position"], int) or isinstance(item["position"], bool):
            _err(details, f"{where}.position", "must be an integer")
        question = questions.get(item["question"])
        if question is None:
            _err(details, f"{where}.question", "does not match an enabled question of the "
                 "event type (case-sensitive)")
            continue
        answer = item["answer"]
        if not isinstance(answer, str):
            _err(details, f"{where}.answer", "must be a string")
            continue
        if answer.strip():
            answered.add(question["name"])
        _check_answer_value(question, answer, f"{where}.answer", details)
    for name, question in questions.items():
        if question["required"] and name not in answered:
            _err(details, "questions_and_answers", f"required question is missing: {name}")


def _check_answer_value(question: dict[str, Any], answer: str, where: str,
                        details: Details) -> None:
    kind = question["type"]
    if kind == "phone_number" and answer.strip() and not is_phone(answer):
        _err(details, where, "must be a valid phone number")
    if kind in ("single_select", "multi_select") and answer.strip():
        choices = question["answer_choices"]
        picks = [answer]
        if kind == "multi_select":
            picks = [p.strip() for p in answer.split("\n") if p.strip()]
        wrong_count = kind == "single_select" and len(picks) != 1
        unknown = not question["include_other"] and any(p not in choices for p in picks)
        if wrong_count or unknown:
            _err(details, where, "must be one of the answer choices")


def _check_tracking(tracking: Any, details: Details) -> None:
    if tracking is None:
        return
    if not isinstance(tracking, dict):
        _err(details, "tracking", "must be an object")
        return
    for key in TRACKING_KEYS:
        if key not in tracking:
            _err(details, f"tracking.{key}", "is missing")
        elif tracking[key] is not None and not isinstance(tracking[key], str):
            _err(details, f"tracking.{key}", "must be a string or null")


def _check_guests(guests: Any, details: Details) -> None:
    if guests is None:
        return
    if not isinstance(guests, list):
        _err(details, "event_guests", "must be an array of e-mail addresses")
        return
    if len(guests) > 10:
        _err(details, "event_guests", "must contain at most 10 guests")
    for i, guest in enumerate(guests):
        if not is_email(guest):
            _err(details, f"event_guests[{i}]", "is not a valid e-mail address")


def validate_and_book(store: Store, org_uuid: str, body: Any) -> dict[str, Any]:
    """Validate a POST /invitees body and create the booking; returns the invitee row.

    Raises ApiError 400/404 as described in the module docstring. Runs without awaiting, so
    the slot check and the insert cannot interleave with another request.
    """
    if not isinstance(body, dict):
        raise ApiError(400, details=[{"message": "request body must be a JSON object"}])
    raw_et = body.get("event_type")
    et_uuid = uuid_from_uri(raw_et if isinstance(raw_et, str) else None if raw_et is None
                            else "?", "event_types", "event_type")
    et = store.event_type(et_uuid)
    if et is None or et["org_uuid"] != org_uuid:
        raise ApiError(404, details=[{"parameter": "event_type", "message": "not found"}])
    raw_start = body.get("start_time")
    start = parse_time(raw_start if isinstance(raw_start, str) else None if raw_start is None
                       else "?", "start_time")
    assert start is not None
    details: Details = []
    _check_invitee(body.get("invitee"), details)
    config = _check_location(et, body.get("location"), details)
    _check_answers(et, body.get("questions_and_answers"), details)
    _check_tracking(body.get("tracking"), details)
    _check_guests(body.get("event_guests"), details)
    if details:
        raise ApiError(400, details=details)
    if not et["active"]:
        raise invalid("event_type", "event type is not active")
    if start < store.now():
        raise invalid("start_time", "must be in the future")
    start_ts = int(start.timestamp())
    slots = [] if start.timestamp() != start_ts else open_slots(store, et, start_ts,
                                                                start_ts + 1)
    if not slots:
        raise invalid("event.start_time", "That start time has been filled", "already_filled")
    return _create(store, et, slots[0].host_uuid, slots[0].event_uuid, start_ts, body, config)


def _create(store: Store, et: dict[str, Any], host_uuid: str, join: str | None, start_ts: int,
            body: dict[str, Any], config: dict[str, Any] | None) -> dict[str, Any]:
    now = fmt_dt(store.now())
    guests = [{"email": g, "created_at": now, "updated_at": now}
              for g in body.get("event_guests") or []]
    with store.lock:
        if join is None:
            event_uuid = new_uuid()
            store.insert("events", {
                "uuid": event_uuid, "event_type_uuid": et["uuid"], "host_uuid": host_uuid,
                "org_uuid": et["org_uuid"], "name": et["name"], "status": "active",
                "start_ts": start_ts, "end_ts": start_ts + int(et["duration"]) * 60,
                "location": render.event_location(config, body.get("location"), event_uuid),
                "seats": int(et["seats"] or 1) if et["kind"] == "group" else 1,
                "guests": guests, "cancellation": None,
                "external_id": event_uuid.replace("-", "")[:26],
                "created_at": now, "updated_at": now,
            })
        else:
            event_uuid = join
            event = store.event(join)
            assert event is not None
            store.update("events", join, {"guests": (event["guests"] or []) + guests,
                                          "updated_at": now})
        invitee = body["invitee"]
        first, last = invitee.get("first_name"), invitee.get("last_name")
        name = invitee.get("name") or " ".join(p for p in (first, last) if p)
        row = {
            "uuid": new_uuid(), "event_uuid": event_uuid, "email": invitee["email"],
            "name": name, "first_name": first, "last_name": last, "status": "active",
            "timezone": invitee["timezone"], "qa": body.get("questions_and_answers") or [],
            "tracking": body.get("tracking"),
            "text_reminder_number": invitee.get("text_reminder_number"),
            "scheduling_method": "api", "cancellation": None,
            "created_at": now, "updated_at": now,
        }
        store.insert("invitees", row)
    return row
