"""Table model of scheduled events with lazy paging (``canFetchMore``/``fetchMore``).

The model is synchronous: ``fetchMore`` only asks for the next page through the
``request_page(token)`` callback; the pane fetches it asynchronously and hands it back with
:meth:`ScheduledEventsModel.append_page`. Invitee first names are not part of a scheduled
event; the model asks for them through ``request_invitee_name(uri)`` the first time a row's
invitees cell is shown (only visible rows are asked for) and receives them with
:meth:`set_invitee_name`. All strings are returned as plain data; no rich text.

Rows are kept as :class:`EventRow` tuples of strings, numbers and datetimes rather than
pydantic models: the garbage collector untracks such tuples, so 10,000 rows do not make its
full collections (which scan every tracked object) stall the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop_app.calendly.models import ScheduledEvent
from desktop_app.services.booking_text import format_time
from desktop_app.services.events import invitee_count, location_text
from desktop_app.ui.models.week import uses_24h_clock

COL_START, COL_END, COL_NAME, COL_INVITEES, COL_LOCATION, COL_STATUS = range(6)
HEADERS = ("Start", "End", "Event", "Invitees", "Location", "Status")
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
CANCELED_COLOR = "#5f6368"  # grey text of canceled rows (6:1 on white, 4.9:1 on #e9e7e3)

AnyIndex = QModelIndex | QPersistentModelIndex


def _when(moment: datetime, zone: ZoneInfo, use_24h: bool = True) -> str:
    """``"Thu 26 Nov 15:00"`` (``"3:00 PM"`` with ``use_24h=False``); the year is added when
    it is not the current one."""
    local = moment.astimezone(zone)
    year = f" {local.year}" if local.year != datetime.now(zone).year else ""
    clock = format_time(local.hour, local.minute, use_24h)
    return f"{local:%a} {local.day} {local:%b}{year} {clock}"


def end_text(start: datetime, end: datetime, zone: ZoneInfo, use_24h: bool = True) -> str:
    """The end for the End column: ``"15:30"`` on the start's day, ``"Mon 00:30"`` on one of
    the next six days (the start column gives the date), else in full like the start."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    clock = format_time(local_end.hour, local_end.minute, use_24h)
    days = (local_end.date() - local_start.date()).days
    if days == 0:
        return clock
    if 0 < days < 7:
        return f"{local_end:%a} {clock}"
    return _when(end, zone, use_24h)


class EventRow(NamedTuple):
    """What the table keeps of a :class:`ScheduledEvent` (atomic values only)."""

    uri: str
    name: str
    status: str
    start_time: datetime
    end_time: datetime
    event_type: str | None
    invitees: int
    location: str
    cancel_reason: str | None


def event_row(event: ScheduledEvent) -> EventRow:
    """Flatten ``event`` into an :class:`EventRow`."""
    return EventRow(
        uri=event.uri,
        name=event.name or "",
        status=event.status,
        start_time=event.start_time,
        end_time=event.end_time,
        event_type=event.event_type,
        invitees=invitee_count(event),
        location=location_text(event.location, with_url=False),
        cancel_reason=event.cancellation.reason if event.cancellation else None,
    )


def status_text(row: EventRow) -> str:
    """``"active"`` or ``"canceled"`` plus the first line of the reason when there is one."""
    if row.status != "canceled":
        return row.status
    reason = (row.cancel_reason or "").strip()
    return f"canceled: {reason.splitlines()[0]}" if reason else "canceled"


class ScheduledEventsModel(QAbstractTableModel):
    """Rows of scheduled events (:class:`EventRow`), in the order the API returned them
    (sorted by start).

    ``EVENT_ROLE`` gives the :class:`EventRow`, ``SORT_ROLE`` the start as a POSIX timestamp.
    Times are shown in ``display_zone``.
    """

    def __init__(
        self,
        display_zone: ZoneInfo,
        request_page: Callable[[str | None], None] | None = None,
        request_invitee_name: Callable[[str], None] | None = None,
        parent: QObject | None = None,
        *,
        use_24h: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._zone = display_zone
        #: 24-hour times (None: the system locale's choice, like the week grid)
        self.use_24h = uses_24h_clock() if use_24h is None else use_24h
        self._request_page = request_page
        self._request_name = request_invitee_name
        self._events: list[EventRow] = []
        self._rows: dict[str, int] = {}
        self._names: dict[str, str] = {}
        self._asked: set[str] = set()
        self._next_token: str | None = None
        self._has_more = True
        self._loading = False
        self._failed = False
        self._canceled_font = QFont()  # only italic is set: the view's font, in italics
        self._canceled_font.setItalic(True)
        self._canceled_color = QColor(CANCELED_COLOR)

    # ------------------------------------------------------------------ paging state
    @property
    def loading(self) -> bool:
        """True while a requested page has not arrived yet."""
        return self._loading

    @property
    def exhausted(self) -> bool:
        """True when the last page has been appended."""
        return not self._has_more

    def reset(self) -> None:
        """Drop all rows; the next ``fetchMore`` asks for the first page again."""
        self.beginResetModel()
        self._events.clear()
        self._rows.clear()
        self._names.clear()
        self._asked.clear()
        self._next_token = None
        self._has_more = True
        self._loading = False
        self._failed = False
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        # not after a failed page: views call fetchMore on every resize and scroll, which
        # would hammer a failing server; :meth:`retry_page` asks again explicitly
        return not parent.isValid() and self._has_more and not self._loading and not self._failed

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._request_page is None:
            return
        self._loading = True
        self._request_page(self._next_token)

    def page_failed(self) -> None:
        """The requested page could not be loaded: no more automatic fetches until
        :meth:`retry_page`."""
        self._loading = False
        self._failed = True

    def page_not_requested(self) -> None:
        """The page was not asked for (nothing to list yet): a later ``fetchMore`` may ask."""
        self._loading = False

    def retry_page(self) -> None:
        """Ask again for the page that failed (the user pressed Retry)."""
        self._failed = False
        self.fetchMore()

    def append_page(self, events: list[ScheduledEvent], next_token: str | None) -> None:
        """Append one page (duplicates of rows already shown are skipped)."""
        self._loading = False
        self._failed = False
        self._next_token = next_token
        self._has_more = next_token is not None
        fresh = [e for e in events if e.uri not in self._rows]
        if fresh:
            first = len(self._events)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, event in enumerate(fresh):
                self._rows[event.uri] = first + offset
                self._events.append(event_row(event))
            self.endInsertRows()

    # ------------------------------------------------------------------ updates
    def set_display_zone(self, zone: ZoneInfo) -> None:
        """Show start/end in ``zone``."""
        self._zone = zone
        if self._events:
            self.dataChanged.emit(
                self.index(0, COL_START), self.index(len(self._events) - 1, COL_END)
            )

    def set_invitee_name(self, event_uri: str, name: str) -> None:
        """Record the first invitee's name of ``event_uri`` (from ``request_invitee_name``)."""
        self._names[event_uri] = name
        row = self._rows.get(event_uri)
        if row is not None:
            cell = self.index(row, COL_INVITEES)
            self.dataChanged.emit(cell, cell)

    def replace_event(self, event: ScheduledEvent) -> None:
        """Replace the row of ``event.uri`` (e.g. after a cancellation)."""
        row = self._rows.get(event.uri)
        if row is None:
            return
        self._events[row] = event_row(event)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def event_at(self, row: int) -> EventRow | None:
        """The event of ``row`` or None."""
        return self._events[row] if 0 <= row < len(self._events) else None

    def row_of(self, event_uri: str) -> int | None:
        """Row of ``event_uri`` or None."""
        return self._rows.get(event_uri)

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == EVENT_ROLE:
            return event
        if role == SORT_ROLE:
            return event.start_time.timestamp()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if event.status == "canceled":  # canceled rows: grey italics
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._canceled_color
            if role == Qt.ItemDataRole.FontRole:
                return self._canceled_font
        # No ToolTipRole on purpose: Qt renders tooltips that look like HTML as rich text, and
        # these strings come from the API. The details view shows them in full, as plain text.
        return None

    def _display(self, event: EventRow, column: int) -> str:
        if column == COL_START:
            return _when(event.start_time, self._zone, self.use_24h)
        if column == COL_END:
            return end_text(event.start_time, event.end_time, self._zone, self.use_24h)
        if column == COL_NAME:
            return event.name
        if column == COL_INVITEES:
            name = self._names.get(event.uri)
            if name is None and event.uri not in self._asked and self._request_name is not None:
                self._asked.add(event.uri)
                self._request_name(event.uri)
            name = "…" if name is None else name
            return f"{event.invitees} · {name}" if name else str(event.invitees)
        if column == COL_LOCATION:
            return event.location
        if column == COL_STATUS:
            return status_text(event)
        return ""
