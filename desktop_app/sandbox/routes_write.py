"""Write operations and the sandbox's minimal HTML pages.

* ``POST /invitees`` (scope ``scheduled_events:write``): see :mod:`desktop_app.sandbox.booking`;
  an organization whose ``plan`` is ``"free"`` gets 403 "The Scheduling API is only available
  on paid Calendly plans..." (no seed uses it; tests set it).
* ``POST /scheduled_events/{uuid}/cancellation``: optional ``{reason}`` (string <= 10,000);
  members may cancel only events they host (403 "You are not allowed to cancel this event");
  canceled -> 403 "Event is already canceled"; started/past -> 403 "Event in the past".
  201 ``{resource: Cancellation}``; the event and its active invitees become ``canceled``.
* ``POST /scheduling_links`` (scope ``scheduling_links:write``): ``max_event_count`` 1 or "1",
  ``owner`` an event type URI, ``owner_type`` "EventType"; 201 ``{resource: SchedulingLink}``
  whose ``booking_url`` is served by this server (``GET /d/{slug}/{event type slug}``).
"""

from __future__ import annotations

import html
import json
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from desktop_app.sandbox import render
from desktop_app.sandbox.booking import validate_and_book
from desktop_app.sandbox.common import ApiError, fmt_dt, forbidden, invalid, uuid_from_uri
from desktop_app.sandbox.context import SandboxState, begin
from desktop_app.sandbox.routes_read import visible_event

NOT_ALLOWED_CANCEL = "You are not allowed to cancel this event"
PAID_ONLY = ("The Scheduling API is only available on paid Calendly plans. Upgrade your plan to "
             "access this feature.")


async def _json_body(request: Request, *, optional: bool = False) -> Any:
    raw = await request.body()
    if not raw.strip():
        if optional:
            return {}
        raise ApiError(400, details=[{"message": "request body must be a JSON object"}])
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, details=[{"message": "request body is not valid JSON"}]) from None


async def create_invitee(request: Request) -> JSONResponse:
    """POST /invitees -> 201 {resource: Invitee}."""
    ctx, who, base = begin(request, "scheduled_events:write")
    org = ctx.store.query_one("SELECT plan FROM organizations WHERE uuid = ?", (who.org_uuid,))
    if org is not None and org["plan"] == "free":
        raise forbidden(PAID_ONLY)
    body = await _json_body(request)
    row = validate_and_book(ctx.store, who.org_uuid, body)
    return JSONResponse({"resource": render.invitee_json(base, row)}, status_code=201)


async def cancel_event(request: Request) -> JSONResponse:
    """POST /scheduled_events/{uuid}/cancellation -> 201 {resource: Cancellation}."""
    ctx, who, _base = begin(request, "scheduled_events:write")
    event = visible_event(ctx.store, who, request.path_params["uuid"], NOT_ALLOWED_CANCEL)
    body = await _json_body(request, optional=True)
    if not isinstance(body, dict):
        raise ApiError(400, details=[{"message": "request body must be a JSON object"}])
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise invalid("reason", "must be a string")
    if reason is not None and len(reason) > 10000:
        raise invalid("reason", "must be at most 10000 characters")
    if event["status"] == "canceled":
        raise forbidden("Event is already canceled")
    if event["start_ts"] <= ctx.store.now().timestamp():
        raise forbidden("Event in the past")
    now = fmt_dt(ctx.store.now())
    cancellation = {"canceled_by": who.user["name"], "reason": reason,
                    "canceler_type": "host", "created_at": now}
    with ctx.store.lock:
        ctx.store.update("events", event["uuid"], {"status": "canceled",
                                                   "cancellation": cancellation,
                                                   "updated_at": now})
        for invitee in ctx.store.invitees_of(event["uuid"]):
            if invitee["status"] == "active":
                ctx.store.update("invitees", invitee["uuid"], {
                    "status": "canceled", "cancellation": cancellation, "updated_at": now})
    return JSONResponse({"resource": cancellation}, status_code=201)


async def create_scheduling_link(request: Request) -> JSONResponse:
    """POST /scheduling_links -> 201 {resource: {booking_url, owner, owner_type}}."""
    ctx, who, base = begin(request, "scheduling_links:write")
    body = await _json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, details=[{"message": "request body must be a JSON object"}])
    details = []
    count = body.get("max_event_count")
    if count is None:
        details.append({"parameter": "max_event_count", "message": "is missing"})
    elif count not in (1, "1") or isinstance(count, bool):
        details.append({"parameter": "max_event_count", "message": "must be 1"})
    owner_type = body.get("owner_type")
    if owner_type is None:
        details.append({"parameter": "owner_type", "message": "is missing"})
    elif owner_type != "EventType":
        details.append({"parameter": "owner_type", "message": "must be EventType"})
    owner = body.get("owner")
    if not isinstance(owner, str):
        details.append({"parameter": "owner", "message": "is missing" if owner is None
                        else "must be an event type URI"})
    if details:
        raise ApiError(400, details=details)
    et = ctx.store.event_type(uuid_from_uri(owner, "event_types", "owner"))
    if et is None or et["org_uuid"] != who.org_uuid:
        raise ApiError(404, details=[{"parameter": "owner", "message": "not found"}])
    slug = secrets.token_hex(5)
    ctx.store.insert("scheduling_links", {"slug": slug, "event_type_uuid": et["uuid"],
                                          "max_event_count": 1, "used": 0,
                                          "created_at": fmt_dt(ctx.store.now())})
    return JSONResponse({"resource": {
        "booking_url": f"{base}/d/{slug}/{et['slug']}",
        "owner": f"{base}/event_types/{et['uuid']}",
        "owner_type": "EventType",
    }}, status_code=201)


def _page(title: str, text: str, status: int = 200) -> HTMLResponse:
    body = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title></head><body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
            "</body></html>")
    return HTMLResponse(body, status_code=status)


async def booking_page(request: Request) -> HTMLResponse:
    """GET /d/{slug}/{rest}: the single-use booking page of a scheduling link."""
    state: SandboxState = request.app.state.sandbox
    link = state.store.query_one("SELECT * FROM scheduling_links WHERE slug = ?",
                                 (request.path_params["slug"],))
    et = None if link is None else state.store.event_type(link["event_type_uuid"])
    if et is None:
        return _page("Link not found", "This scheduling link does not exist.", 404)
    return _page(str(et["name"]), f"Single-use booking page ({et['duration']} minutes). "
                 "Sandbox: book through POST /invitees.")


async def public_page(request: Request) -> HTMLResponse:
    """GET /p/..., /cancellations/..., /reschedulings/...: placeholder pages."""
    return _page("Calendly sandbox", f"Placeholder page for {request.url.path}")
