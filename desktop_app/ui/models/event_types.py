"""Tree model of event types grouped by host, and its search proxy.

Level 0: hosts (:class:`~desktop_app.services.event_types.Host`); level 1: their event types
(:class:`~desktop_app.calendly.models.EventType`). One column. Internal ids: 0 for host rows,
``host_row + 1`` for event type rows. All text is untrusted API text, returned as plain
strings (the delegate draws it with ``drawText``, never as rich text).
"""

from __future__ import annotations

import html
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.calendly.models import EventType
from desktop_app.services.event_types import HostGroup, kind_label

__all__ = ["EventTypeFilterProxy", "EventTypeRoles", "EventTypeTreeModel"]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class EventTypeRoles(IntEnum):
    """Custom roles; all are None on host rows unless stated."""

    EventType = Qt.ItemDataRole.UserRole + 1  # EventType
    IsHost = Qt.ItemDataRole.UserRole + 2  # bool, on every row
    Duration = Qt.ItemDataRole.UserRole + 3  # int minutes
    KindLabel = Qt.ItemDataRole.UserRole + 4  # "One-on-one", "Group", "Round robin"...
    LocationKinds = Qt.ItemDataRole.UserRole + 5  # list[str] of locations[].kind
    Active = Qt.ItemDataRole.UserRole + 6  # bool
    Secret = Qt.ItemDataRole.UserRole + 7  # bool
    Search = Qt.ItemDataRole.UserRole + 8  # str: name, host, kind, duration (for filtering)
    Uri = Qt.ItemDataRole.UserRole + 9  # str: host URI or event type URI, on every row
    Count = Qt.ItemDataRole.UserRole + 10  # int: number of event types, host rows only


def plain_tooltip(text: str) -> str:
    """Tooltips are rendered as rich text when they look like HTML: escape untrusted text and
    mark it as rich text explicitly, so ``<b>x</b>`` shows literally."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def count_label(count: int, noun: str) -> str:
    """``1, "host"`` -> ``"1 host"``, ``9, "host"`` -> ``"9 hosts"`` (regular English plural)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def event_type_title(et: EventType) -> str:
    """The event type's name, or a placeholder for unnamed (ad hoc) ones."""
    return et.name or "(untitled event type)"


def duration_label(minutes: int) -> str:
    """``30`` -> ``"30 min"``, ``90`` -> ``"1 h 30 min"``, ``120`` -> ``"2 h"``."""
    hours, mins = divmod(int(minutes), 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


class EventTypeTreeModel(QAbstractItemModel):
    """Hosts -> event types. Replace the content with :meth:`set_groups`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[HostGroup] = []

    # -- content ---------------------------------------------------------------------------
    def set_groups(self, groups: list[HostGroup]) -> None:
        """Replace everything (a model reset)."""
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def groups(self) -> list[HostGroup]:
        """The current groups (do not mutate)."""
        return self._groups

    def event_type_count(self) -> int:
        """Number of event types in the model."""
        return sum(len(g.event_types) for g in self._groups)

    def index_of(self, uri: str) -> QModelIndex:
        """Index of the event type (or host) with ``uri``; invalid if absent."""
        for row, group in enumerate(self._groups):
            if group.host.uri == uri:
                return self.index(row, 0)
            for child, et in enumerate(group.event_types):
                if et.uri == uri:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    def first_event_type_index(self) -> QModelIndex:
        """Index of the first event type, preferring active public ones; invalid if none."""
        candidates: list[tuple[int, QModelIndex]] = []
        for row, group in enumerate(self._groups):
            for child, et in enumerate(group.event_types):
                rank = 0 if et.active and not et.secret else 1 if et.active else 2
                candidates.append((rank, self.index(child, 0, self.index(row, 0))))
                if rank == 0:
                    return candidates[-1][1]
        return min(candidates, key=lambda c: c[0])[1] if candidates else QModelIndex()

    # -- structure -------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._groups):
                return QModelIndex()
            return self.createIndex(row, 0, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group_row = parent.row()
        if group_row >= len(self._groups) or row >= len(self._groups[group_row].event_types):
            return QModelIndex()
        return self.createIndex(row, 0, group_row + 1)

    def parent(self, child: Index | None = None) -> Any:
        if child is None:
            return QObject.parent(self)
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()].event_types)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 1

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            section == 0
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return "Event types"
        return None

    # -- data ------------------------------------------------------------------------------
    def event_type(self, index: Index) -> EventType | None:
        """The event type at ``index`` (None for hosts and invalid indexes)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[int(index.internalId()) - 1].event_types[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._host_data(self._groups[index.row()], role)
        return self._event_type_data(self.event_type(index), role)

    def _host_data(self, group: HostGroup, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, EventTypeRoles.Search):
            return group.host.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                f"{group.host.name}: {count_label(len(group.event_types), 'event type')}"
            )
        if role == EventTypeRoles.IsHost:
            return True
        if role == EventTypeRoles.Uri:
            return group.host.uri
        if role == EventTypeRoles.Count:
            return len(group.event_types)
        return None

    def _event_type_data(self, et: EventType | None, role: int) -> Any:
        if et is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return event_type_title(et)
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(et.color) if et.color and QColor.isValidColorName(et.color) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [event_type_title(et), duration_label(et.duration), kind_label(et)]
            if not et.active:
                parts.append("inactive")
            if et.secret:
                parts.append("secret (hidden from the booking page)")
            kinds = [loc.kind for loc in et.locations or []]
            if kinds:
                parts.append("locations: " + ", ".join(kinds))
            return plain_tooltip(" · ".join(parts))
        if role == EventTypeRoles.EventType:
            return et
        if role == EventTypeRoles.IsHost:
            return False
        if role == EventTypeRoles.Duration:
            return int(et.duration)
        if role == EventTypeRoles.KindLabel:
            return kind_label(et)
        if role == EventTypeRoles.LocationKinds:
            return [loc.kind for loc in et.locations or []]
        if role == EventTypeRoles.Active:
            return bool(et.active)
        if role == EventTypeRoles.Secret:
            return bool(et.secret)
        if role == EventTypeRoles.Uri:
            return et.uri
        if role == EventTypeRoles.Search:
            host = et.profile.name if et.profile and et.profile.name else ""
            return " ".join(
                [event_type_title(et), host, kind_label(et), duration_label(et.duration)]
            )
        return None


class EventTypeFilterProxy(QSortFilterProxyModel):
    """Case-insensitive substring search over name, host, kind and duration.

    A host row stays when any of its event types match; a matching host shows all its types.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(EventTypeRoles.Search)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_search(self, text: str) -> None:
        """Filter by ``text`` (plain substring, not a pattern)."""
        self.setFilterFixedString(text.strip())
