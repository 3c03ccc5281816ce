"""Event types the user may book, grouped by host; hosts for the admin host picker.

Qt-free. Follows ``GET /event_types`` (needs ``user`` or ``organization``; ``organization``
only for admins/owners, CONTRACT.md Gotcha 8) and ``GET /organization_memberships``; every
page is read (the client follows ``next_page_token``). Inactive and secret event types are
included: the UI marks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.calendly.models import EventType

    from .session import Session

__all__ = ["EventTypeService", "Host", "HostGroup", "group_by_host", "kind_label"]


@dataclass(frozen=True)
class Host:
    """A host: ``uri`` is the user (or team) URI, ``name`` plain untrusted text."""

    uri: str
    name: str


@dataclass
class HostGroup:
    """One host and their event types (sorted: active first, then by name)."""

    host: Host
    event_types: list[EventType] = field(default_factory=list)


def kind_label(event_type: EventType) -> str:
    """Scheduling kind label: One-on-one, Group, Round robin, Collective or Multi-pool."""
    pooling = event_type.pooling_type
    if pooling == "round_robin":
        return "Round robin"
    if pooling == "collective":
        return "Collective"
    if pooling == "multi_pool":
        return "Multi-pool"
    return "Group" if event_type.kind == "group" else "One-on-one"


def group_by_host(event_types: list[EventType]) -> list[HostGroup]:
    """Group by ``profile.owner`` (teams group under the team), hosts sorted by name."""
    groups: dict[str, HostGroup] = {}
    for et in event_types:
        profile = et.profile
        owner = (profile.owner if profile else None) or "unknown"
        name = (profile.name if profile else None) or "Unknown host"
        group = groups.get(owner)
        if group is None:
            group = groups[owner] = HostGroup(Host(owner, name))
        group.event_types.append(et)
    for group in groups.values():
        group.event_types.sort(key=lambda e: (not e.active, (e.name or "").casefold(), e.uri))
    return sorted(groups.values(), key=lambda g: (g.host.name.casefold(), g.host.uri))


class EventTypeService:
    """Loads event types for the session's user, a chosen host, or the whole organization."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def hosts(self) -> list[Host]:
        """Hosts the user may pick: the organization's members for admins, else just the user.

        Raises the client's errors (``PermissionDenied`` if memberships are not readable).
        """
        session = self.session
        me = Host(session.user.uri, session.display_name)
        if not (session.is_admin and session.organization):
            return [me]
        hosts: dict[str, Host] = {}
        async for membership in session.client.list_organization_memberships(
            organization=session.organization
        ):
            user = membership.user
            hosts[user.uri] = Host(user.uri, user.name or user.email or user.uri)
        hosts.setdefault(me.uri, me)
        return sorted(hosts.values(), key=lambda h: (h.name.casefold(), h.uri))

    async def load(self, host: str | None = None) -> list[HostGroup]:
        """All event types (every page) grouped by host.

        ``host`` None: the organization's for admins, the user's own otherwise; a user URI:
        that user's. Raises the client's errors (``Unauthenticated``, ``PermissionDenied``...).
        """
        session = self.session
        client = session.client
        if host is None and session.is_admin and session.organization:
            it = client.list_event_types(organization=session.organization)
        else:
            it = client.list_event_types(user=host or session.user.uri)
        return group_by_host([et async for et in it])
