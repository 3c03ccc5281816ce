"""Read operations of the sandbox (GET endpoints of issue 2), shapes per the excerpt.

Access rules (CONTRACT.md gotcha 8): ``organization`` filters need an admin/owner token
("You do not have permission"); a user outside the caller's organization -> 403 "This user is
not in your organization"; on ``/scheduled_events`` a ``user`` other than the caller without
``organization`` -> 403 "Please also specify organization when requesting events for a user
within your organization."; a member may only read scheduled events they host ("You are not
allowed to view this event"). Resources of another organization are 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from desktop_app.sandbox import render
from desktop_app.sandbox.auth import Principal
from desktop_app.sandbox.availability import busy_events, open_slots
from desktop_app.sandbox.common import (
    ApiError,
    fmt_ts,
    forbidden,
    invalid,
    not_found,
    parse_time,
    uuid_from_uri,
)
from desktop_app.sandbox.context import begin
from desktop_app.sandbox.pagination import paginate
from desktop_app.sandbox.store import Store

NOT_IN_ORG = "This user is not in your organization"
NO_PERMISSION = "You do not have permission"
SPECIFY_ORG = (
    "Please also specify organization when requesting events for a user within your organization."
)
NOT_ALLOWED_VIEW = "You are not allowed to view this event"
ET_SORT_FIELDS = {"name", "position", "created_at", "updated_at"}


def _org_user(store: Store, who: Principal, user_uuid: str) -> dict[str, Any]:
    user = store.user(user_uuid)
    if user is None:
        raise not_found("user")
    if user["org_uuid"] != who.org_uuid:
        raise forbidden(NOT_IN_ORG)
    return user


def _check_org_param(who: Principal, org_uuid: str) -> None:
    if org_uuid != who.org_uuid or not who.is_admin:
        raise forbidden(NO_PERMISSION)


def _user_param(request: Request, store: Store, who: Principal) -> dict[str, Any]:
    """The user row named by the required ``user`` URI query parameter (400/404/403)."""
    return _org_user(store, who, uuid_from_uri(request.query_params.get("user"), "users",
                                               "user"))


def _status_filter(request: Request, where: list[str], params: list[Any]) -> None:
    """``status=active|canceled`` (400 otherwise) -> a WHERE clause."""
    status = request.query_params.get("status")
    if status is not None:
        if status not in ("active", "canceled"):
            raise invalid("status", "must be active or canceled")
        where.append("status = ?")
        params.append(status)


def _direction(request: Request, field: str) -> str:
    """``sort={field}:asc|desc`` (default asc, 400 otherwise) -> "ASC" or "DESC"."""
    sort = request.query_params.get("sort", f"{field}:asc")
    if sort not in (f"{field}:asc", f"{field}:desc"):
        raise invalid("sort", f"must be {field}:asc or {field}:desc")
    return "DESC" if sort.endswith("desc") else "ASC"


def _paged(request: Request, store: Store, base: str, sql: str, params: list[Any]
           ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of ``sql`` (a SELECT with its ORDER BY) for the requested page + pagination."""
    return paginate(request, base, lambda off, lim: store.query(f"{sql} LIMIT ? OFFSET ?",
                                                                [*params, lim, off]))


def _bool_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise invalid(name, "must be true or false")
    return raw == "true"


async def users_me(request: Request) -> JSONResponse:
    """GET /users/me -> {resource: User}. Scope users:read."""
    _ctx, who, base = begin(request, "users:read")
    return JSONResponse({"resource": render.user_json(base, who.user)})


async def get_user(request: Request) -> JSONResponse:
    """GET /users/{uuid} -> {resource: User}. Scope users:read; other org -> 403."""
    ctx, who, base = begin(request, "users:read")
    user = _org_user(ctx.store, who, request.path_params["uuid"])
    return JSONResponse({"resource": render.user_json(base, user)})


async def list_memberships(request: Request) -> JSONResponse:
    """GET /organization_memberships (organization or user; email; paging).

    ``organization`` must be the caller's own organization; any member (not only admins and
    owners) may list its memberships, as Calendly allows.
    """
    ctx, who, base = begin(request, "organizations:read")
    org = request.query_params.get("organization")
    user = request.query_params.get("user")
    if org is None and user is None:
        raise invalid("organization", "organization or user is required")
    where: list[str] = ["org_uuid = ?"]
    params: list[Any] = [who.org_uuid]
    if org is not None and uuid_from_uri(org, "organizations", "organization") != who.org_uuid:
        raise forbidden(NO_PERMISSION)
    if user is not None:
        user_uuid = _user_param(request, ctx.store, who)["uuid"]
        where.append("uuid = ?")
        params.append(user_uuid)
    email = request.query_params.get("email")
    if email is not None:
        where.append("lower(email) = lower(?)")
        params.append(email)
    sql = f"SELECT * FROM users WHERE {' AND '.join(where)} ORDER BY created_at, uuid"
    rows, pagination = _paged(request, ctx.store, base, sql, params)
    return JSONResponse({"collection": [render.membership_json(base, u) for u in rows],
                         "pagination": pagination})


def _et_order(request: Request) -> str:
    raw = request.query_params.get("sort", "name:asc")
    parts = []
    for item in raw.split(","):
        field, _, direction = item.strip().partition(":")
        direction = direction or "asc"
        if field not in ET_SORT_FIELDS or direction not in ("asc", "desc"):
            raise invalid("sort", "must be a list of {field}:{asc|desc} with field in "
                          "name, position, created_at, updated_at")
        parts.append(f"{field} {direction.upper()}")
    return ", ".join([*parts, "uuid ASC"])


async def list_event_types(request: Request) -> JSONResponse:
    """GET /event_types -> {collection: EventType[], pagination}. Needs user or organization."""
    ctx, who, base = begin(request, "event_types:read")
    org = request.query_params.get("organization")
    user = request.query_params.get("user")
    if org is None and user is None:
        raise invalid("user", "user or organization is required")
    where: list[str] = ["org_uuid = ?"]
    params: list[Any] = [who.org_uuid]
    if org is not None:
        _check_org_param(who, uuid_from_uri(org, "organizations", "organization"))
    if user is not None:
        user_uuid = _user_param(request, ctx.store, who)["uuid"]
        where.append("uuid IN (SELECT event_type_uuid FROM et_hosts WHERE user_uuid = ?)")
        params.append(user_uuid)
    active = _bool_param(request, "active")
    if active is not None:
        where.append("active = ?")
        params.append(int(active))
    admin_managed = _bool_param(request, "admin_managed")
    if admin_managed is not None:
        where.append("admin_managed = ?")
        params.append(int(admin_managed))
    schedule = request.query_params.get("user_availability_schedule")
    if schedule is not None:
        where.append("schedule_uuid = ?")
        params.append(uuid_from_uri(schedule, "user_availability_schedules",
                                    "user_availability_schedule"))
    sql = f"SELECT * FROM event_types WHERE {' AND '.join(where)} ORDER BY {_et_order(request)}"
    rows, pagination = _paged(request, ctx.store, base, sql, params)
    owners = {u["uuid"]: u for u in ctx.store.users()}
    return JSONResponse({
        "collection": [render.event_type_json(base, et, owners[et["owner_uuid"]]) for et in rows],
        "pagination": pagination,
    })


def _event_type(store: Store, who: Principal, uuid: str, parameter: str | None = None
                ) -> dict[str, Any]:
    et = store.event_type(uuid)
    if et is None or et["org_uuid"] != who.org_uuid:
        raise not_found(parameter)
    return et


async def get_event_type(request: Request) -> JSONResponse:
    """GET /event_types/{uuid} -> {resource: EventType}."""
    ctx, who, base = begin(request, "event_types:read")
    et = _event_type(ctx.store, who, request.path_params["uuid"])
    owner = ctx.store.user(et["owner_uuid"])
    assert owner is not None
    return JSONResponse({"resource": render.event_type_json(base, et, owner)})


def _range(request: Request, store: Store, max_days: int) -> tuple[int, int]:
    start = parse_time(request.query_params.get("start_time"), "start_time")
    end = parse_time(request.query_params.get("end_time"), "end_time")
    assert start is not None and end is not None
    if start < store.now():
        raise invalid("start_time", "must be in the future")
    if end <= start:
        raise invalid("end_time", "must be after start_time")
    if end - start > timedelta(days=max_days):
        raise invalid("end_time", f"date range can be no greater than {max_days} days")
    return int(start.timestamp() + 0.999999), int(end.timestamp())


async def available_times(request: Request) -> JSONResponse:
    """GET /event_type_available_times -> {collection: EventTypeAvailableTime[]} (no paging)."""
    ctx, who, base = begin(request, "availability:read")
    et_uuid = uuid_from_uri(request.query_params.get("event_type"), "event_types", "event_type")
    et = _event_type(ctx.store, who, et_uuid, "event_type")
    start_ts, end_ts = _range(request, ctx.store, ctx.config.available_times_max_days)
    if not et["active"]:
        return JSONResponse({"collection": []})
    owner = ctx.store.user(et["owner_uuid"])
    assert owner is not None
    page = render.event_type_scheduling_url(base, et, owner)
    collection = []
    for slot in open_slots(ctx.store, et, start_ts, end_ts):
        when = fmt_ts(slot.start_ts)
        collection.append({
            "status": "available",
            "invitees_remaining": slot.invitees_remaining,
            "start_time": when,
            "scheduling_url": f"{page}/{when[:19]}Z?month={when[:7]}&date={when[:10]}",
        })
    return JSONResponse({"collection": collection})


async def busy_times(request: Request) -> JSONResponse:
    """GET /user_busy_times -> {collection: UserBusyTime[]} (type calendly; 7-day cap)."""
    ctx, who, base = begin(request, "availability:read")
    user = _user_param(request, ctx.store, who)
    start_ts, end_ts = _range(request, ctx.store, ctx.config.busy_times_max_days)
    collection = []
    for event in busy_events(ctx.store, user["uuid"], start_ts, end_ts):
        collection.append({
            "type": "calendly",
            "start_time": fmt_ts(event["start_ts"]),
            "end_time": fmt_ts(event["end_ts"]),
            "buffered_start_time": fmt_ts(event["start_ts"]),
            "buffered_end_time": fmt_ts(event["end_ts"]),
            "event": {"uri": f"{base}/scheduled_events/{event['uuid']}"},
        })
    return JSONResponse({"collection": collection})


async def list_schedules(request: Request) -> JSONResponse:
    """GET /user_availability_schedules?user= -> {collection: AvailabilitySchedule[]}."""
    ctx, who, base = begin(request, "availability:read")
    user = _user_param(request, ctx.store, who)
    return JSONResponse({"collection": [render.schedule_json(base, s)
                                        for s in ctx.store.schedules_of(user["uuid"])]})


async def get_schedule(request: Request) -> JSONResponse:
    """GET /user_availability_schedules/{uuid} -> {resource: AvailabilitySchedule}."""
    ctx, who, base = begin(request, "availability:read")
    schedule = ctx.store.schedule(request.path_params["uuid"])
    owner = None if schedule is None else ctx.store.user(schedule["user_uuid"])
    if schedule is None or owner is None or owner["org_uuid"] != who.org_uuid:
        raise not_found()
    return JSONResponse({"resource": render.schedule_json(base, schedule)})


def render_events(store: Store, base: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events rows -> API ``Event`` objects (batched invitee counts)."""
    counts = store.invitee_counts([e["uuid"] for e in events])
    hosts: dict[str, dict[str, Any] | None] = {}
    out = []
    for event in events:
        if event["host_uuid"] not in hosts:
            hosts[event["host_uuid"]] = store.user(event["host_uuid"])
        out.append(render.event_json(base, event, hosts[event["host_uuid"]],
                                     counts[event["uuid"]]))
    return out


def _event_filters(request: Request, store: Store, who: Principal) -> tuple[list[str], list[Any]]:
    org = request.query_params.get("organization")
    user = request.query_params.get("user")
    if org is None and user is None:
        raise invalid("user", "user or organization is required")
    where: list[str] = ["org_uuid = ?"]
    params: list[Any] = [who.org_uuid]
    if org is not None:
        _check_org_param(who, uuid_from_uri(org, "organizations", "organization"))
    if user is not None:
        target = _user_param(request, store, who)["uuid"]
        if org is None and target != who.user["uuid"]:
            raise forbidden(SPECIFY_ORG)
        where.append("host_uuid = ?")
        params.append(target)
    _status_filter(request, where, params)
    email = request.query_params.get("invitee_email")
    if email is not None:
        where.append("uuid IN (SELECT event_uuid FROM invitees WHERE lower(email) = lower(?))")
        params.append(email)
    low = parse_time(request.query_params.get("min_start_time"), "min_start_time",
                     required=False)
    if low is not None:
        where.append("start_ts >= ?")
        params.append(low.timestamp())
    high = parse_time(request.query_params.get("max_start_time"), "max_start_time",
                      required=False)
    if high is not None:
        where.append("start_ts < ?")
        params.append(high.timestamp())
    return where, params


async def list_events(request: Request) -> JSONResponse:
    """GET /scheduled_events -> {collection: Event[], pagination}.

    ``min_start_time`` is inclusive, ``max_start_time`` exclusive; sort
    ``start_time:asc|desc`` (default asc).
    """
    ctx, who, base = begin(request, "scheduled_events:read")
    where, params = _event_filters(request, ctx.store, who)
    direction = _direction(request, "start_time")
    sql = (f"SELECT * FROM events WHERE {' AND '.join(where)} "
           f"ORDER BY start_ts {direction}, uuid {direction}")
    rows, pagination = _paged(request, ctx.store, base, sql, params)
    return JSONResponse({"collection": render_events(ctx.store, base, rows),
                         "pagination": pagination})


def visible_event(store: Store, who: Principal, uuid: str, message: str = NOT_ALLOWED_VIEW
                  ) -> dict[str, Any]:
    """The event row if the caller may see it: 404 if absent/other org, 403 ``message``."""
    event = store.event(uuid)
    if event is None or event["org_uuid"] != who.org_uuid:
        raise not_found()
    if not who.is_admin and event["host_uuid"] != who.user["uuid"]:
        raise forbidden(message)
    return event


async def get_event(request: Request) -> JSONResponse:
    """GET /scheduled_events/{uuid} -> {resource: Event}."""
    ctx, who, base = begin(request, "scheduled_events:read")
    event = visible_event(ctx.store, who, request.path_params["uuid"])
    return JSONResponse({"resource": render_events(ctx.store, base, [event])[0]})


async def list_invitees(request: Request) -> JSONResponse:
    """GET /scheduled_events/{uuid}/invitees -> {collection: Invitee[], pagination}."""
    ctx, who, base = begin(request, "scheduled_events:read")
    event = visible_event(ctx.store, who, request.path_params["uuid"])
    where: list[str] = ["event_uuid = ?"]
    params: list[Any] = [event["uuid"]]
    _status_filter(request, where, params)
    email = request.query_params.get("email")
    if email is not None:
        where.append("lower(email) = lower(?)")
        params.append(email)
    direction = _direction(request, "created_at")
    sql = (f"SELECT * FROM invitees WHERE {' AND '.join(where)} "
           f"ORDER BY created_at {direction}, uuid {direction}")
    rows, pagination = _paged(request, ctx.store, base, sql, params)
    return JSONResponse({"collection": [render.invitee_json(base, i) for i in rows],
                         "pagination": pagination})


async def get_invitee(request: Request) -> JSONResponse:
    """GET /scheduled_events/{event_uuid}/invitees/{invitee_uuid} -> {resource: Invitee}."""
    ctx, who, base = begin(request, "scheduled_events:read")
    event = visible_event(ctx.store, who, request.path_params["event_uuid"])
    invitee = ctx.store.invitee(request.path_params["invitee_uuid"])
    if invitee is None or invitee["event_uuid"] != event["uuid"]:
        raise ApiError(404)
    return JSONResponse({"resource": render.invitee_json(base, invitee)})
