"""Bearer-token authentication and scopes (CONTRACT.md "Conventions", issue "Auth").

Scopes are ``resource:action``; ``resource:write`` implies ``resource:read``. A missing or
unknown token -> 401 "Unauthenticated"; a missing scope -> 403 "Insufficient scope" with
``required_scopes``. Admin = organization role ``owner`` or ``admin``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.sandbox.common import ApiError, insufficient_scope
from desktop_app.sandbox.store import Store

ALL_SCOPES = (
    "users:read",
    "organizations:read",
    "event_types:read",
    "availability:read",
    "locations:read",
    "scheduled_events:write",
    "scheduling_links:write",
)
MEMBER_SCOPES = ("users:read", "event_types:read", "availability:read", "scheduled_events:read")


@dataclass(frozen=True)
class Principal:
    """The caller: token user row, granted scopes, admin flag."""

    user: dict[str, Any]
    scopes: frozenset[str]

    @property
    def is_admin(self) -> bool:
        """True for organization owners and admins."""
        return self.user["role"] in ("owner", "admin")

    @property
    def org_uuid(self) -> str:
        """UUID of the caller's current organization."""
        return str(self.user["org_uuid"])

    def require(self, scope: str) -> None:
        """Raise 403 Insufficient scope unless ``scope`` (or its ``:write``) is granted."""
        if scope in self.scopes:
            return
        resource, _, action = scope.partition(":")
        if action == "read" and f"{resource}:write" in self.scopes:
            return
        raise insufficient_scope(scope)


def bearer_token(headers: dict[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(store: Store, token: str | None) -> Principal:
    """Resolve a token to a Principal; unknown or missing -> ApiError 401."""
    if token is None:
        raise ApiError(401)
    row = store.token(token)
    if row is None:
        raise ApiError(401)
    user = store.user(row["user_uuid"])
    if user is None:
        raise ApiError(401)
    return Principal(user=user, scopes=frozenset(str(row["scopes"]).split()))
