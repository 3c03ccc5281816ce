"""The sandbox ASGI application: routes, JSON errors, rate limits and faults.

:func:`create_app` returns the Starlette app wrapped in :class:`SandboxMiddleware`, a pure
ASGI middleware that, for every request: counts it against the per-token rate limits and adds
``X-RateLimit-*`` headers to whatever response goes out (errors included); answers 429 with
``Retry-After`` over a limit; then applies the configured faults (latency, 500, 429 burst,
dropped connection, commit-then-drop on ``POST /invitees``). Faults never touch the HTML
pages.

Dropping a connection needs the TCP transport, which ASGI hides: :func:`protocol_class`
makes a uvicorn h11 protocol subclass that records each connection's transport by client
address in a per-server registry; the middleware aborts it and returns without a response
once uvicorn has seen the disconnect, so uvicorn neither writes a 500 nor logs an error.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from desktop_app.sandbox import routes_read as r
from desktop_app.sandbox import routes_write as w
from desktop_app.sandbox.auth import bearer_token
from desktop_app.sandbox.common import ApiError
from desktop_app.sandbox.context import SandboxState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Registry = dict[tuple[str, int], asyncio.BaseTransport]

HTML_PREFIXES = ("/d/", "/p/", "/cancellations/", "/reschedulings/")


def protocol_class(registry: Registry) -> type[H11Protocol]:
    """A uvicorn h11 protocol class that records transports in ``registry`` by client."""

    class RegisteringH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if self.client:
                registry[(str(self.client[0]), int(self.client[1]))] = transport

        def connection_lost(self, exc: Exception | None) -> None:
            if self.client:
                registry.pop((str(self.client[0]), int(self.client[1])), None)
            super().connection_lost(exc)

    return RegisteringH11Protocol


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(ApiError(exc.status_code).body, status_code=exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(ApiError(500).body, status_code=500)


ROUTES = [
    Route("/users/me", r.users_me),
    Route("/users/{uuid}", r.get_user),
    Route("/organization_memberships", r.list_memberships),
    Route("/event_types", r.list_event_types),
    Route("/event_types/{uuid}", r.get_event_type),
    Route("/event_type_available_times", r.available_times),
    Route("/user_busy_times", r.busy_times),
    Route("/user_availability_schedules", r.list_schedules),
    Route("/user_availability_schedules/{uuid}", r.get_schedule),
    Route("/scheduled_events", r.list_events),
    Route("/scheduled_events/{uuid}", r.get_event),
    Route("/scheduled_events/{uuid}/invitees", r.list_invitees),
    Route("/scheduled_events/{event_uuid}/invitees/{invitee_uuid}", r.get_invitee),
    Route("/invitees", w.create_invitee, methods=["POST"]),
    Route("/scheduled_events/{uuid}/cancellation", w.cancel_event, methods=["POST"]),
    Route("/scheduling_links", w.create_scheduling_link, methods=["POST"]),
    Route("/d/{slug}/{rest:path}", w.booking_page),
    Route("/p/{rest:path}", w.public_page),
    Route("/cancellations/{rest:path}", w.public_page),
    Route("/reschedulings/{rest:path}", w.public_page),
]


class SandboxMiddleware:
    """Rate limits + X-RateLimit headers on every response + fault injection."""

    def __init__(self, app: ASGIApp, state: SandboxState, registry: Registry) -> None:
        self.app = app
        self.state = state
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        client = scope.get("client") or ("local", 0)
        key = bearer_token(headers) or f"anonymous:{client[0]}"
        is_booking = scope["method"] == "POST" and scope["path"] == "/invitees"
        allowed, limit_headers = self.state.limiter.check(key, is_booking)
        extra = [(k.lower().encode(), v.encode()) for k, v in limit_headers.items()
                 if k != "Retry-After"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if not allowed:
            await _send_json(send_with_headers, 429, ApiError(429).body,
                             {"retry-after": limit_headers["Retry-After"]})
            return
        if scope["path"].startswith(HTML_PREFIXES):
            await self.app(scope, receive, send_with_headers)
            return
        decision = self.state.faults.decide(is_booking)
        if decision.delay_s:
            await asyncio.sleep(decision.delay_s)
        if decision.action == "drop":
            await self._drop(scope, receive)
            return
        if decision.action == "error500":
            await _send_json(send_with_headers, 500, ApiError(500).body, {})
            return
        if decision.action == "burst429":
            await _send_json(send_with_headers, 429, ApiError(429).body,
                             {"retry-after": "1"})
            return
        if not decision.commit_then_drop:
            await self.app(scope, receive, send_with_headers)
            return
        swallowed: list[int] = []

        async def send_or_swallow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 201:
                swallowed.append(201)
            if swallowed:
                return
            await send_with_headers(message)

        await self.app(scope, receive, send_or_swallow)
        if swallowed:
            await self._drop(scope, receive)

    async def _drop(self, scope: Scope, receive: Receive) -> None:
        client = scope.get("client")
        transport = None if not client else self.registry.get((str(client[0]), int(client[1])))
        if transport is None:
            raise RuntimeError("cannot drop: transport unknown (not served by SandboxServer)")
        transport.abort()  # type: ignore[attr-defined]
        async with asyncio.timeout(5):
            while (await receive())["type"] != "http.disconnect":
                pass


async def _send_json(send: Send, status: int, body: dict[str, Any],
                     headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"),
           (b"content-length", str(len(payload)).encode()),
           *((k.encode(), v.encode()) for k, v in headers.items())]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def create_app(state: SandboxState, registry: Registry) -> SandboxMiddleware:
    """The ASGI app for ``state``; ``registry`` must be filled by :func:`protocol_class`."""
    app = Starlette(
        routes=ROUTES,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error,
                            Exception: _server_error},
    )
    app.state.sandbox = state
    return SandboxMiddleware(app, state, registry)
