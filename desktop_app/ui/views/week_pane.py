"""The availability tab: week navigation, display zone, inline messages and the week grid.

Loads go through :class:`~desktop_app.services.availability.AvailabilityService` in one
latest-wins :class:`~desktop_app.ui.tasks.TaskSlot`: switching event type, week or zone
cancels the stale load, and a result is applied only if it still matches what is shown. A
cached week is painted synchronously; the next week is prefetched after each paint.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import Unauthenticated
from desktop_app.calendly.models import EventType
from desktop_app.core.timezones import format_offset, get_zone
from desktop_app.services.availability import AvailabilityService, Week, WeekAvailability
from desktop_app.services.messages import describe_error
from desktop_app.ui.models.event_types import event_type_title
from desktop_app.ui.models.week import DEFAULT_SLOT_COLOR, WeekModel, uses_24h_clock
from desktop_app.ui.tasks import TaskGroupSlot, TaskSlot
from desktop_app.ui.views.week_grid import WeekGrid
from desktop_app.ui.views.zone_picker import ZonePicker
from desktop_app.ui.widgets import InlineMessage

__all__ = ["WeekPane"]

log = logging.getLogger(__name__)


def first_weekday() -> int:
    """The locale's first day of the week as a Python weekday (0 = Monday)."""
    return (QLocale().firstDayOfWeek().value - 1) % 7


class WeekPane(QWidget):
    """Week view of one event type's available times.

    Signals: ``slotActivated(AvailableTime)``, ``weekShown(WeekAvailability)`` after the grid
    shows a loaded week, ``loadFailed(BaseException)``, ``authFailed(BaseException)`` on a 401,
    ``zoneChanged(str)``.
    """

    slotActivated = Signal(object)
    weekShown = Signal(object)
    loadFailed = Signal(object)
    authFailed = Signal(object)
    zoneChanged = Signal(str)

    def __init__(
        self, zone: str, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.service: AvailabilityService | None = None
        self.event_type: EventType | None = None
        self._today = today
        self.week = Week.containing(self.today(), zone, first_weekday())
        self.model = WeekModel(self.week, self, use_24h=uses_24h_clock())
        self.slot = TaskSlot("week-load", on_error=self._load_failed)
        self.prefetches = TaskGroupSlot("week-prefetch")
        self._prefetching: tuple[str, Week] | None = None
        #: when True, the next empty week shown jumps once to the next available week
        self.auto_next = False
        self._focus_pending = False
        self._last: WeekAvailability | None = None
        #: (event type URI, week) whose times the grid shows, None while it is empty/loading
        self._shown: tuple[str, Week] | None = None
        #: scroll offset to keep when (event type URI, week) is painted again (a refresh)
        self._kept_scroll: tuple[tuple[str, Week], int] | None = None
        self._build(zone)
        self._show_placeholder("Pick an event type on the left to see its open times.")

    # -- layout ----------------------------------------------------------------------------
    def _build(self, zone: str) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.prev_button = QToolButton(self)
        self.prev_button.setText("◀")
        self.prev_button.setToolTip("Previous week (Ctrl+Left)")
        self.today_button = QPushButton("Today", self)
        self.next_button = QToolButton(self)
        self.next_button.setText("▶")
        self.next_button.setToolTip("Next week (Ctrl+Right)")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setToolTip("Go to the week of a date")
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.zone_picker = ZonePicker(zone, self)
        for w in (self.prev_button, self.today_button, self.next_button, self.date_edit):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)
        bar.addWidget(QLabel("Time zone:", self))
        bar.addWidget(self.zone_picker)
        layout.addLayout(bar)
        info = QHBoxLayout()
        self.event_label = QLabel(self)
        self.event_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_label = QLabel(self)
        self.zone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_label.setStyleSheet("color:#5f6368;")
        info.addWidget(self.event_label, 1)
        info.addWidget(self.zone_label)
        layout.addLayout(info)
        self.message = InlineMessage(self)
        layout.addWidget(self.message)
        self.grid = WeekGrid(self.model, self)
        layout.addWidget(self.grid, 1)
        self.prev_button.clicked.connect(lambda: self.go(self.week.shifted(-1)))
        self.next_button.clicked.connect(lambda: self.go(self.week.shifted(1)))
        self.today_button.clicked.connect(self.go_today)
        self.date_edit.dateChanged.connect(self._date_picked)
        self.zone_picker.zoneChanged.connect(self.set_zone)
        self.grid.slotActivated.connect(self.slotActivated)
        for keys, step in ((QKeySequence("Ctrl+Left"), -1), (QKeySequence("Ctrl+Right"), 1)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=step: self.go(self.week.shifted(s)))
        self._sync_labels()

    # -- public API ------------------------------------------------------------------------
    def today(self) -> date:
        """Today in the display zone (the service clock's, when a service is set)."""
        if self._today is not None:
            return self._today
        now = self.service.clock() if self.service is not None else datetime.now().astimezone()
        zone = self.zone_picker.zone if hasattr(self, "zone_picker") else None
        return now.astimezone(get_zone(zone)).date() if zone else now.date()

    @property
    def zone(self) -> str:
        """The display zone (IANA name)."""
        return self.week.zone

    def set_service(self, service: AvailabilityService | None) -> None:
        """Use ``service`` for loads (a new session); reloads the visible week."""
        self.slot.cancel()
        self._cancel_prefetch()
        self.service = service
        self.reload()

    def set_event_type(self, event_type: EventType | None) -> None:
        """Show ``event_type``'s week (same week and zone as now); a prefetch for the
        previous event type is stale and cancelled."""
        if event_type is None or self._prefetching is None or (
            self._prefetching[0] != event_type.uri
        ):
            self._cancel_prefetch()
        self.event_type = event_type
        color = (event_type.color if event_type is not None else None) or ""
        if not QColor.isValidColorName(color):
            color = DEFAULT_SLOT_COLOR  # never the previous event type's colour
        self.model.set_color(QColor(color))
        self.reload()

    def go(self, week: Week) -> None:
        """Show ``week`` (its zone is replaced by the display zone)."""
        self.week = week.in_zone(self.zone)
        self.reload()

    def go_today(self) -> None:
        """Show the week holding today."""
        self.go(Week.containing(self.today(), self.zone, first_weekday()))

    def set_zone(self, zone: str) -> None:
        """Change the display zone; the same calendar week is reloaded in the new zone."""
        if zone == self.zone:
            return
        self.zone_picker.set_zone(zone)
        self._cancel_prefetch()  # weeks are cached per zone: a prefetch in the old one is stale
        self.week = self.week.in_zone(zone)
        self.zoneChanged.emit(zone)
        self.reload()

    def reload(self, *, force: bool = False) -> None:
        """Show the current (event type, week, zone); from cache when possible."""
        self._sync_labels()
        et, service = self.event_type, self.service
        if et is None or service is None:
            self.slot.cancel()
            self._shown = self._kept_scroll = None
            past = service.past_days(self.week) if service else frozenset()
            self.model.set_week(self.week, event_type=None, past_days=past)
            text = "Connecting…" if service is None else "Pick an event type on the left."
            self._show_placeholder(text)
            return
        key = (et.uri, self.week)
        if self._shown == key:  # a refresh of what is shown: keep the user's scroll position
            self._kept_scroll = (key, self.grid.scroll_position())
        elif self._kept_scroll is not None and self._kept_scroll[0] != key:
            self._kept_scroll = None
        if force:
            service.invalidate(et.uri)
        cached = service.cached(et.uri, self.week)
        if cached is not None:
            self.slot.cancel()
            self._apply(cached)
            return
        self._shown = None
        self.model.set_week(self.week, event_type=et.uri, past_days=service.past_days(self.week))
        self.message.show_message("loading", f"Loading open times for {event_type_title(et)}…")
        self.slot.start(self._load(et.uri, self.week))

    def focus_first_slot(self) -> None:
        """Move keyboard focus to the earliest open time of the week (Enter then books it)."""
        self._focus_pending = self.slot.running  # still loading: do it when the week arrives
        self._select_first_slot()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_first_slot(self) -> None:
        times = self.model.available_times()
        cell = self.model.cell_of(times[0].start_time) if times else None
        if cell is not None:
            self.grid.setCurrentIndex(self.model.index(*cell))

    # -- loading ---------------------------------------------------------------------------
    async def _load(self, uri: str, week: Week) -> WeekAvailability | None:
        assert self.service is not None
        result = await self.service.load_week(uri, week)
        if self._is_current(uri, week):
            self._apply(result)
        return result

    def _is_current(self, uri: str, week: Week) -> bool:
        return self.event_type is not None and self.event_type.uri == uri and self.week == week

    def _apply(self, availability: WeekAvailability) -> None:
        key = (availability.event_type, availability.week)
        kept = self._kept_scroll
        self._kept_scroll = None
        self.model.set_availability(availability)
        self._shown = key
        self._last = availability
        # a new event type, week or zone starts at its first open time; a refresh stays put
        if kept is not None and kept[0] == key:
            self.grid.set_scroll_position(kept[1])
        else:
            self.grid.scroll_to_row(self.model.first_open_row())
        if not availability.times and self.auto_next:
            self.auto_next = False
            self.find_next()
            return
        self.auto_next = False
        if availability.times:
            self.message.clear()
        elif len(availability.past_days) == 7:
            self.message.show_message(
                "info",
                "This week is over.",
                [("Today", self.go_today), ("Next available", self.find_next)],
            )
        else:
            self.message.show_message(
                "info", "No open times this week.", [("Next available", self.find_next)]
            )
        if self._focus_pending and availability.times:
            self._focus_pending = False
            self._select_first_slot()
        self.weekShown.emit(availability)
        self._prefetch(availability.event_type, availability.week.shifted(1))

    def _prefetch(self, uri: str, week: Week) -> None:
        """Load ``week`` ahead (latest wins: a prefetch of another week is cancelled)."""
        service = self.service
        if service is None or service.cached(uri, week) is not None:
            return
        if self._prefetching == (uri, week) and len(self.prefetches):
            return
        self._cancel_prefetch()
        self._prefetching = (uri, week)
        self.prefetches.start(service.load_week(uri, week))

    def _cancel_prefetch(self) -> None:
        self.prefetches.cancel()
        self._prefetching = None

    def find_next(self) -> None:
        """Look ahead for the first week with an open time and go there."""
        et, service = self.event_type, self.service
        if et is None or service is None:
            return
        self.message.show_message("loading", "Looking for the next open time…")
        self.slot.start(self._find_next(et.uri, self.week))

    async def _find_next(self, uri: str, after: Week) -> None:
        assert self.service is not None
        week = await self.service.next_available(uri, after)
        if not self._is_current(uri, after):
            return
        if week is None:
            self.message.show_message("info", "No open times in the next 12 weeks.")
            if self._last is not None:
                self.weekShown.emit(self._last)
        else:
            self.go(week)

    def _load_failed(self, exc: BaseException) -> None:
        log.warning("week load failed: %s", type(exc).__name__)
        self.model.set_error()
        if isinstance(exc, Unauthenticated):
            self.message.show_message(
                "error", "Calendly rejected the token (401). Reconnect to continue."
            )
            self.authFailed.emit(exc)
            return
        self.message.show_message(
            "error",
            f"Could not load the open times of this week. {describe_error(exc)}",
            [("Retry", lambda: self.reload(force=True))],
        )
        self.loadFailed.emit(exc)

    # -- helpers ---------------------------------------------------------------------------
    def _show_placeholder(self, text: str) -> None:
        self.message.show_message("info", text)

    def _date_picked(self, qdate: QDate) -> None:
        day = date(qdate.year(), qdate.month(), qdate.day())
        if not 0 <= (day - self.week.start).days < 7:
            self.go(Week.containing(day, self.zone, first_weekday()))

    def _sync_labels(self) -> None:
        week = self.week
        first, last = week.days[0], week.days[6]
        if first.year != last.year:
            title = f"{first:%-d %b %Y} – {last:%-d %b %Y}"
        elif first.month != last.month:
            title = f"{first:%-d %b} – {last:%-d %b %Y}"
        else:
            title = f"{first:%-d} – {last:%-d %b %Y}"
        self.title.setText(title)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(first.year, first.month, first.day))
        self.date_edit.blockSignals(False)
        start, end = week.utc_range()
        zone = get_zone(week.zone)
        off_start = start.astimezone(zone).utcoffset() or timedelta(0)
        off_end = (end - timedelta(seconds=1)).astimezone(zone).utcoffset() or timedelta(0)
        offset = format_offset(off_start)
        if off_end != off_start:
            change = next(
                d
                for d in range(7)
                if (week.day_range(d)[1] - week.day_range(d)[0]) != timedelta(days=1)
            )
            offset += f" → {format_offset(off_end)} from {week.days[change]:%a %-d %b}"
        text = f"Times in {week.zone} ({offset})"
        self.zone_label.setText(text)
        et = self.event_type
        self.event_label.setText(
            f"{event_type_title(et)} · {et.duration} min" if et is not None else ""
        )
