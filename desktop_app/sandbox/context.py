"""Per-app sandbox state and the common start of every API endpoint."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from desktop_app.sandbox.auth import Principal, authenticate, bearer_token
from desktop_app.sandbox.config import SandboxConfig
from desktop_app.sandbox.faults import FaultInjector
from desktop_app.sandbox.ratelimit import RateLimiter
from desktop_app.sandbox.store import Store


@dataclass
class SandboxState:
    """Everything the endpoints share: config, store, rate limiter, fault injector."""

    config: SandboxConfig
    store: Store
    limiter: RateLimiter
    faults: FaultInjector


def base_url(request: Request) -> str:
    """The base URL the request reached (scheme://host[:port]), no trailing slash."""
    return f"{request.url.scheme}://{request.url.netloc}"


def begin(request: Request, scope: str) -> tuple[SandboxState, Principal, str]:
    """Authenticate (401), check ``scope`` (403 Insufficient scope); return (state, who, base)."""
    state: SandboxState = request.app.state.sandbox
    who = authenticate(state.store, bearer_token(dict(request.headers)))
    who.require(scope)
    return state, who, base_url(request)
