"""Store rows -> API JSON, shapes as in openapi-2026-excerpt.yaml (schemas named below).

``base`` is the base URL the request reached (``http://127.0.0.1:<port>``, no trailing
slash); every URI is built from it. Location mapping (CONTRACT.md gotcha 2): scheduled events
use ``type`` with ``zoom``/``gotomeeting`` where event types and bookings say
``zoom_conference``/``gotomeeting_conference``.
"""

from __future__ import annotations

import html
from typing import Any

from desktop_app.sandbox.common import fmt_ts

KIND_TO_TYPE = {"zoom_conference": "zoom", "gotomeeting_conference": "gotomeeting"}
MEMBERSHIP_USER_KEYS = ("uri", "name", "slug", "email", "scheduling_url", "timezone",
                        "avatar_url", "created_at", "updated_at")


def user_json(base: str, user: dict[str, Any]) -> dict[str, Any]:
    """Schema ``User``."""
    return {
        "uri": f"{base}/users/{user['uuid']}",
        "name": user["name"],
        "slug": user["slug"],
        "email": user["email"],
        "scheduling_url": f"{base}/p/{user['slug']}",
        "timezone": user["timezone"],
        "time_notation": user["time_notation"],
        "avatar_url": user["avatar_url"],
        "created_at": user["created_at"],
        "updated_at": user["updated_at"],
        "current_organization": f"{base}/organizations/{user['org_uuid']}",
        "resource_type": "User",
        "locale": user["locale"],
    }


def membership_json(base: str, user: dict[str, Any]) -> dict[str, Any]:
    """Organization membership (Calendly docs shape; not in the excerpt)."""
    return {
        "uri": f"{base}/organization_memberships/{user['membership_uuid']}",
        "role": user["role"],
        "user": {k: v for k, v in user_json(base, user).items() if k in MEMBERSHIP_USER_KEYS},
        "organization": f"{base}/organizations/{user['org_uuid']}",
        "created_at": user["created_at"],
        "updated_at": user["updated_at"],
    }


def event_type_scheduling_url(base: str, et: dict[str, Any], owner: dict[str, Any]) -> str:
    """Public booking page of an event type (served by the sandbox as a minimal page)."""
    return f"{base}/p/{owner['slug']}/{et['slug']}"


def event_type_json(base: str, et: dict[str, Any], owner: dict[str, Any]) -> dict[str, Any]:
    """Schema ``EventType``. Round robin event types have a ``Team`` profile."""
    is_team = et["pooling_type"] is not None
    description = et["description"]
    return {
        "uri": f"{base}/event_types/{et['uuid']}",
        "name": et["name"],
        "active": bool(et["active"]),
        "slug": et["slug"],
        "scheduling_url": event_type_scheduling_url(base, et, owner),
        "duration": et["duration"],
        "duration_options": None,
        "kind": et["kind"],
        "pooling_type": et["pooling_type"],
        "type": "StandardEventType",
        "color": et["color"],
        "created_at": et["created_at"],
        "updated_at": et["updated_at"],
        "deleted_at": None,
        "internal_note": et["internal_note"],
        "description_plain": description,
        "description_html": (None if description is None
                             else f"<p>{html.escape(description, quote=False)}</p>"),
        "profile": {
            "type": "Team" if is_team else "User",
            "name": "Sandbox Team" if is_team else owner["name"],
            "owner": (
                f"{base}/organizations/{et['org_uuid']}" if is_team
                else f"{base}/users/{owner['uuid']}"
            ),
        },
        "secret": bool(et["secret"]),
        "booking_method": "instant",
        "admin_managed": bool(et["admin_managed"]),
        "is_paid": False,
        "locale": et["locale"],
        "position": et["position"],
        "locations": et["locations"],
        "custom_questions": et["questions"],
    }


def schedule_json(base: str, schedule: dict[str, Any]) -> dict[str, Any]:
    """Schema ``AvailabilitySchedule``."""
    return {
        "uri": f"{base}/user_availability_schedules/{schedule['uuid']}",
        "default": bool(schedule["is_default"]),
        "name": schedule["name"],
        "user": f"{base}/users/{schedule['user_uuid']}",
        "timezone": schedule["timezone"],
        "rules": schedule["rules"],
    }


def event_json(
    base: str,
    event: dict[str, Any],
    host: dict[str, Any] | None,
    counts: tuple[int, int],
) -> dict[str, Any]:
    """Schema ``Event``. ``counts`` = (total invitees, active invitees)."""
    membership: dict[str, Any] = {"user": f"{base}/users/{event['host_uuid']}"}
    if host is not None:
        membership.update(user_email=host["email"], user_name=host["name"])
    membership.update(
        buffered_start_time=fmt_ts(event["start_ts"]), buffered_end_time=fmt_ts(event["end_ts"])
    )
    body: dict[str, Any] = {
        "uri": f"{base}/scheduled_events/{event['uuid']}",
        "name": event["name"],
        "meeting_notes_plain": None,
        "meeting_notes_html": "",
        "status": event["status"],
        "start_time": fmt_ts(event["start_ts"]),
        "end_time": fmt_ts(event["end_ts"]),
        "event_type": f"{base}/event_types/{event['event_type_uuid']}",
        "location": event["location"],
        "invitees_counter": {"total": counts[0], "active": counts[1], "limit": event["seats"]},
        "created_at": event["created_at"],
        "updated_at": event["updated_at"],
        "event_memberships": [membership],
        "event_guests": event["guests"] or [],
        "calendar_event": {"kind": "google", "external_id": event["external_id"]},
    }
    if event["cancellation"] is not None:
        body["cancellation"] = event["cancellation"]
    return body


def invitee_json(base: str, inv: dict[str, Any]) -> dict[str, Any]:
    """Schema ``Invitee`` (no location field: read it from the event)."""
    body: dict[str, Any] = {
        "uri": f"{base}/scheduled_events/{inv['event_uuid']}/invitees/{inv['uuid']}",
        "email": inv["email"],
        "name": inv["name"],
        "first_name": inv["first_name"],
        "last_name": inv["last_name"],
        "status": inv["status"],
        "questions_and_answers": inv["qa"] or [],
        "timezone": inv["timezone"],
        "event": f"{base}/scheduled_events/{inv['event_uuid']}",
        "created_at": inv["created_at"],
        "updated_at": inv["updated_at"],
        "tracking": inv["tracking"] or {
            "utm_campaign": None, "utm_source": None, "utm_medium": None,
            "utm_content": None, "utm_term": None, "salesforce_uuid": None,
        },
        "text_reminder_number": inv["text_reminder_number"],
        "rescheduled": False,
        "old_invitee": None,
        "new_invitee": None,
        "cancel_url": f"{base}/cancellations/{inv['uuid']}",
        "reschedule_url": f"{base}/reschedulings/{inv['uuid']}",
        "routing_form_submission": None,
        "payment": None,
        "no_show": None,
        "reconfirmation": None,
        "scheduling_method": inv["scheduling_method"],
        "invitee_scheduled_by": None,
    }
    if inv["cancellation"] is not None:
        body["cancellation"] = inv["cancellation"]
    return body


def event_location(kind_config: dict[str, Any] | None, booked: dict[str, Any] | None,
                   event_uuid: str) -> dict[str, Any]:
    """Scheduled-event ``location`` (schema ``EventLocation``) for a booking.

    ``kind_config`` is the event type's LocationConfiguration chosen (None when the event type
    has no locations: a ``custom`` location with null text); ``booked`` the request's
    ``location`` object (may be None). Conferences come back ``pushed`` with a join URL.
    """
    if kind_config is None:
        return {"type": "custom", "location": None}
    kind = kind_config["kind"]
    given = (booked or {}).get("location")
    token = event_uuid.replace("-", "")[:10]
    if kind == "physical":
        out: dict[str, Any] = {"type": "physical", "location": given or kind_config.get(
            "location", "")}
        if kind_config.get("additional_info"):
            out["additional_info"] = kind_config["additional_info"]
        return out
    if kind == "outbound_call":
        return {"type": "outbound_call", "location": given}
    if kind == "inbound_call":
        out = {"type": "inbound_call", "location": kind_config.get("phone_number", "")}
        if kind_config.get("additional_info"):
            out["additional_info"] = kind_config["additional_info"]
        return out
    if kind in ("custom", "ask_invitee"):
        return {"type": kind, "location": given or kind_config.get("location")
                or ("" if kind == "ask_invitee" else None)}
    if kind == "google_conference":
        return {"type": "google_conference", "status": "pushed",
                "join_url": f"https://meet.google.com/sbx-{token[:4]}-{token[4:8]}"}
    if kind == "zoom_conference":
        meeting_id = int(token[:9], 16) % 10**10
        return {"type": KIND_TO_TYPE[kind], "status": "pushed",
                "join_url": f"https://zoom.us/j/{meeting_id}",
                "data": {"id": meeting_id, "password": token[:6],
                         "settings": {"global_dial_in_numbers": []}}}
    if kind == "gotomeeting_conference":
        return {"type": KIND_TO_TYPE[kind], "status": "pushed",
                "join_url": f"https://meet.goto.com/{int(token[:8], 16)}",
                "data": {"uniqueMeetingId": int(token[:8], 16),
                         "conferenceCallInfo": "Dial-in numbers on the join page"}}
    if kind == "microsoft_teams_conference":
        return {"type": "microsoft_teams_conference", "status": "pushed",
                "join_url": f"https://teams.microsoft.com/l/meetup-join/sbx-{token}",
                "data": {"id": token, "audioConferencing": None}}
    return {"type": "webex_conference", "status": "pushed",
            "join_url": f"https://sandbox.webex.com/meet/{token}",
            "data": {"id": token, "telephony": {"callInNumbers": []}, "password": token[:6]}}
