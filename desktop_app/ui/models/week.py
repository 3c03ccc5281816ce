"""Table model of one week: seven day columns x local start-time rows in a display zone.

Rows are wall-clock times (hour, minute, fold) spaced by the greatest common step of the
week's times, from the earliest to the latest, so gaps (lunch) show as empty rows and every
time of every day lands in exactly one cell. ``fold`` separates the repeated hour of a
fall-back day (shown as e.g. "01:30 (2nd)"); a spring-forward day simply has no times in the
skipped hour. Times are converted with zoneinfo, so 23- and 25-hour days come out right.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.calendly.models import AvailableTime
from desktop_app.core.timezones import format_offset, get_zone
from desktop_app.services.availability import Week, WeekAvailability
from desktop_app.services.booking_text import format_time

DEFAULT_SLOT_COLOR = "#4f6bed"  # slots of an event type without a (valid) colour

__all__ = [
    "DEFAULT_SLOT_COLOR",
    "DayState",
    "WeekModel",
    "WeekRoles",
    "format_time",
    "uses_24h_clock",
]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
RowKey = tuple[int, int, int]  # hour, minute, fold


class WeekRoles(IntEnum):
    """Custom roles of :class:`WeekModel`."""

    AvailableTime = Qt.ItemDataRole.UserRole + 1  # AvailableTime | None (cells)
    LocalStart = Qt.ItemDataRole.UserRole + 2  # aware datetime in the display zone (cells)
    DayState = Qt.ItemDataRole.UserRole + 3  # DayState str (horizontal header and cells)
    SlotColor = Qt.ItemDataRole.UserRole + 4  # QColor of the event type (cells)


class DayState:
    """Per-day load states shown in the column headers."""

    LOADING = "loading"
    LOADED = "loaded"
    PAST = "past"
    ERROR = "error"


def uses_24h_clock(locale: QLocale | None = None) -> bool:
    """True when the locale's short time format has no AM/PM marker."""
    fmt = (locale or QLocale()).timeFormat(QLocale.FormatType.ShortFormat)
    return "a" not in fmt.lower()


class WeekModel(QAbstractTableModel):
    """Seven columns (days of :attr:`week`) x time rows; a cell holds at most one time."""

    def __init__(
        self, week: Week, parent: QObject | None = None, *, use_24h: bool | None = None
    ) -> None:
        super().__init__(parent)
        self.use_24h = uses_24h_clock() if use_24h is None else use_24h
        self.week = week
        self.event_type: str | None = None
        self.color = QColor(DEFAULT_SLOT_COLOR)
        self._rows: list[RowKey] = []
        self._cells: dict[tuple[int, int], tuple[AvailableTime, datetime]] = {}
        self._states = [DayState.LOADING] * 7
        self._counts = [0] * 7

    # -- content ---------------------------------------------------------------------------
    def set_week(self, week: Week, *, event_type: str | None, past_days: frozenset[int]) -> None:
        """Show ``week`` empty, each day loading (or past)."""
        self.beginResetModel()
        self.week = week
        self.event_type = event_type
        self._rows, self._cells = [], {}
        self._counts = [0] * 7
        self._states = [DayState.PAST if i in past_days else DayState.LOADING for i in range(7)]
        self.endResetModel()

    def set_availability(self, availability: WeekAvailability) -> None:
        """Show the times of ``availability`` (its week becomes the model's week)."""
        zone = get_zone(availability.week.zone)
        local = [(t, t.start_time.astimezone(zone)) for t in availability.times]
        self.beginResetModel()
        self.week = availability.week
        self.event_type = availability.event_type
        self._rows = self._build_rows([dt for _, dt in local])
        row_of = {key: i for i, key in enumerate(self._rows)}
        self._cells = {}
        self._counts = [0] * 7
        for t, dt in local:
            day = (dt.date() - self.week.start).days
            if 0 <= day < 7:
                self._cells[(row_of[(dt.hour, dt.minute, dt.fold)], day)] = (t, dt)
                self._counts[day] += 1
        self._states = [
            DayState.PAST if i in availability.past_days else DayState.LOADED for i in range(7)
        ]
        self.endResetModel()

    def set_error(self) -> None:
        """Mark the days that were loading as failed (rows are kept)."""
        self._states = [DayState.ERROR if s == DayState.LOADING else s for s in self._states]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)

    def set_color(self, color: QColor) -> None:
        """Colour of the slots (the event type's colour)."""
        self.color = QColor(color)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 6))

    def set_use_24h(self, use_24h: bool) -> None:
        """Switch between 24-hour and 12-hour labels."""
        self.beginResetModel()
        self.use_24h = use_24h
        self.endResetModel()

    @staticmethod
    def _build_rows(local: list[datetime]) -> list[RowKey]:
        if not local:
            return []
        minutes = sorted({dt.hour * 60 + dt.minute for dt in local})
        step = 0
        for m in minutes:
            step = math.gcd(step, m - minutes[0])
        step = max(step or 60, 5)
        keys = {(m // 60, m % 60, 0) for m in range(minutes[0], minutes[-1] + 1, step)}
        keys.update((dt.hour, dt.minute, dt.fold) for dt in local)
        return sorted(keys)

    # -- queries ---------------------------------------------------------------------------
    def day_states(self) -> list[str]:
        """The seven :class:`DayState` values."""
        return list(self._states)

    def slot_count(self) -> int:
        """How many times are shown."""
        return len(self._cells)

    def available_times(self) -> list[AvailableTime]:
        """The shown times, sorted by start."""
        return sorted((t for t, _ in self._cells.values()), key=lambda t: t.start_time)

    def first_open_row(self) -> int:
        """The first row holding an open time (0 when there is none)."""
        return min((row for row, _col in self._cells), default=0)

    def cell_of(self, start_time: datetime) -> tuple[int, int] | None:
        """(row, column) of the time starting at the aware ``start_time``, or None."""
        for (row, col), (t, _) in self._cells.items():
            if t.start_time == start_time:
                return row, col
        return None

    def local_start(self, index: Index) -> datetime | None:
        """The local start at ``index`` or None for an empty cell."""
        cell = self._cells.get((index.row(), index.column()))
        return cell[1] if cell else None

    # -- Qt API ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 7

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if (index.row(), index.column()) in self._cells:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        if role == WeekRoles.DayState:
            return self._states[index.column()]
        cell = self._cells.get((index.row(), index.column()))
        if cell is None:
            return None
        t, dt = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return format_time(dt.hour, dt.minute, self.use_24h)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Open {dt:%A %d %B} {format_time(dt.hour, dt.minute, self.use_24h)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            off = format_offset(dt.utcoffset() or timedelta(0))
            spots = f", {t.invitees_remaining} spots left" if t.invitees_remaining > 1 else ""
            return (
                f"{dt:%A %d %B %Y} {format_time(dt.hour, dt.minute, self.use_24h)} "
                f"{self.week.zone} ({off}){spots}"
            )
        if role == WeekRoles.AvailableTime:
            return t
        if role == WeekRoles.LocalStart:
            return dt
        if role == WeekRoles.SlotColor:
            return self.color
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < 7:
                return None
            if role == WeekRoles.DayState:
                return self._states[section]
            if role == Qt.ItemDataRole.DisplayRole:
                day = self.week.days[section]
                qdate = QDate(day.year, day.month, day.day)
                label = QLocale().toString(qdate, "ddd d MMM")
                return f"{label}\n{self._state_text(section)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                start, end = self.week.day_range(section)
                hours = round((end - start).total_seconds() / 3600)
                return (
                    f"{self.week.days[section]:%A %d %B %Y}: {hours}-hour day in {self.week.zone}"
                )
            return None
        if not 0 <= section < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            hour, minute, fold = self._rows[section]
            text = format_time(hour, minute, self.use_24h)
            return f"{text} (2nd)" if fold else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _state_text(self, day: int) -> str:
        state = self._states[day]
        if state == DayState.LOADING:
            return "loading…"
        if state == DayState.PAST:
            return "past"
        if state == DayState.ERROR:
            return "not loaded"
        count = self._counts[day]
        return f"{count} open" if count else "none open"
