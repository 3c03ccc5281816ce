"""The "Scheduled events" pane: filters, a lazily paged table, details, cancel, reschedule.

Dependencies come through the constructor: an :class:`EventsService`, the display zone and a
URL opener (``QDesktopServices.openUrl`` by default; tests pass a recorder). The window sets
the scope (a host's user URI, or the organization for admins) with :meth:`set_scope`, and
refreshes it on F5 (the pane has a Refresh button but no shortcut of its own, so it never
makes the window's F5 ambiguous).
``eventCanceled(ScheduledEvent)`` tells the window to reopen the slot in the week grid;
``authFailed(Unauthenticated)`` asks it for a new token (a 401 on a page or details load).
A thin busy bar shows while a page loads; a failed page shows the error with Retry, which asks
for that page again (rows already loaded stay).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import Unauthenticated
from desktop_app.calendly.models import ScheduledEvent
from desktop_app.services.events import EventsFilter, EventsScope, EventsService, When
from desktop_app.services.messages import describe_error
from desktop_app.ui.booking.widgets import error_label, open_web_url, plain_label, set_error
from desktop_app.ui.events.cancel_dialog import CancelEventDialog
from desktop_app.ui.events.columns import fit_columns, size_columns
from desktop_app.ui.events.details import EventDetailsView
from desktop_app.ui.events.model import COL_NAME, EventRow, ScheduledEventsModel
from desktop_app.ui.tasks import TaskGroupSlot, TaskSlot

log = logging.getLogger(__name__)
UrlOpener = Callable[[QUrl], bool]
NAME_FETCH_CONCURRENCY = 2


class ScheduledEventsPane(QWidget):
    """Scheduled events of one host (or the organization) with filters and details."""

    eventCanceled = Signal(object)
    authFailed = Signal(object)

    def __init__(
        self,
        service: EventsService,
        display_zone: ZoneInfo,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.zone = display_zone
        self.open_url = open_url
        self.scope: EventsScope | None = None
        self._query: tuple[EventsScope, EventsFilter, datetime] | None = None
        self.cancel_dialog: CancelEventDialog | None = None
        self._page_slot = TaskSlot("events-page", on_error=self._page_failed)
        self._details_slot = TaskSlot("event-details", on_error=self._details_failed)
        self._names = TaskGroupSlot("invitee-names")
        self._name_queue: list[str] = []
        self._name_workers = 0
        self._name_generation = 0

        self.model = ScheduledEventsModel(
            display_zone, self._request_page, self._request_name, parent=self
        )
        self._build_filters()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self._metrics = size_columns(self.table, self.model.use_24h)
        self.table.verticalScrollBar().valueChanged.connect(
            lambda _value: fit_columns(self.table, self._metrics)
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.clicked.connect(lambda _index: self._retry_details())
        self.details = EventDetailsView()
        self.details.cancelRequested.connect(self.open_cancel_dialog)
        self.details.rescheduleRequested.connect(self.reschedule_selected)
        self.details.joinRequested.connect(self.open_join_url)
        self.status = plain_label("")
        self.error = error_label()
        self.retry_button = QPushButton("Retry")
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(6)
        self.progress.setTextVisible(False)
        self.progress.hide()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        self.details.setMinimumWidth(220)
        self.details.setMaximumWidth(420)
        splitter.setSizes([680, 280])
        errors = QHBoxLayout()
        errors.addWidget(self.error, 1)
        errors.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.progress)
        layout.addLayout(errors)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    # ------------------------------------------------------------------ filters
    def _build_filters(self) -> None:
        self.when_combo = QComboBox()
        for label, value in (
            ("Upcoming", "upcoming"), ("Past", "past"), ("Date range", "range"), ("All", "all")
        ):
            self.when_combo.addItem(label, value)
        today = QDate.currentDate()
        self.from_date = QDateEdit(today)
        self.to_date = QDateEdit(today.addDays(30))
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.status_combo = QComboBox()
        for label, status in (("Any status", ""), ("Active", "active"), ("Canceled", "canceled")):
            self.status_combo.addItem(label, status)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("Invitee email")
        self.email_edit.setClearButtonEnabled(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Reload scheduled events (F5)")
        self.when_combo.currentIndexChanged.connect(self._when_changed)
        self.from_date.dateChanged.connect(self.refresh)
        self.to_date.dateChanged.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.email_edit.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for widget in (self.when_combo, self.from_date, self.to_date, self.status_combo):
            bar.addWidget(widget)
        bar.addWidget(self.email_edit, 1)
        bar.addWidget(self.refresh_button)
        self.filter_bar = bar

    def _when_changed(self) -> None:
        ranged = self.when_combo.currentData() == "range"
        self.from_date.setVisible(ranged)
        self.to_date.setVisible(ranged)
        self.refresh()

    def current_filter(self) -> EventsFilter:
        """The filter the controls describe (date range days are whole days in the zone)."""
        when: When = self.when_combo.currentData()
        start = end = None
        if when == "range":
            first: date = self.from_date.date().toPython()  # type: ignore[assignment]
            last: date = self.to_date.date().toPython()  # type: ignore[assignment]
            start = datetime.combine(first, time(), self.zone).astimezone(UTC)
            end = datetime.combine(last + timedelta(days=1), time(), self.zone).astimezone(UTC)
        return EventsFilter(
            when=when,
            range_start=start,
            range_end=end,
            status=self.status_combo.currentData() or None,
            invitee_email=self.email_edit.text().strip() or None,
        )

    # ------------------------------------------------------------------ public API
    def set_service(self, service: EventsService, scope: EventsScope | None) -> None:
        """Use another service (after a reconnect) and reload for ``scope``."""
        self.service = service
        self.scope = scope
        self.refresh()

    def set_scope(self, scope: EventsScope) -> None:
        """Show the events of ``scope`` (reloads when it changed)."""
        if scope != self.scope:
            self.scope = scope
            self.refresh()

    def set_display_zone(self, zone: ZoneInfo) -> None:
        """Show times in ``zone``."""
        self.zone = zone
        self.model.set_display_zone(zone)
        fit_columns(self.table, self._metrics)
        if self.details.details is not None:
            self.details.set_details(self.details.details, zone, self.service.now().timestamp())

    def refresh(self) -> None:
        """Reload from the first page (F5); keeps nothing stale."""
        self._page_slot.cancel()
        self._details_slot.cancel()
        self._names.cancel()
        self._name_queue.clear()
        self._name_workers = 0
        self._name_generation += 1
        set_error(self.error, None)
        self.retry_button.hide()
        self._query = None
        self.model.reset()
        self.progress.hide()
        self.details.show_message("Select an event to see its details.")
        if self.scope is None:
            self.status.setText("No host selected.")
            return
        self.status.setText("Loading…")
        self._query = (self.scope, self.current_filter(), self.service.now())
        self.model.fetchMore()

    def retry(self) -> None:
        """Ask again for the page that failed (from the first page when nothing is loaded)."""
        if self._query is None:
            self.refresh()
            return
        set_error(self.error, None)
        self.retry_button.hide()
        self.status.setText("Loading…")
        self.model.retry_page()

    def cancel_work(self) -> None:
        """Cancel every load of the pane (on quit)."""
        for slot in (self._page_slot, self._details_slot):
            slot.cancel()
        self._names.cancel()

    def selected_event(self) -> EventRow | None:
        """The event of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.event_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ paging
    def _request_page(self, token: str | None) -> None:
        if self._query is None:
            self.model.page_not_requested()
            return
        self.progress.show()
        self._page_slot.start(self._load_page(*self._query, token))

    async def _load_page(
        self, scope: EventsScope, filt: EventsFilter, now: datetime, token: str | None
    ) -> None:
        page = await self.service.page(scope, filt, token, now=now)
        self.progress.hide()
        set_error(self.error, None)
        self.retry_button.hide()
        self.model.append_page(page.items, page.next_page_token)
        fit_columns(self.table, self._metrics)
        rows = self.model.rowCount()
        more = "" if self.model.exhausted else " (scroll for more)"
        self.status.setText(f"{rows:,} scheduled event{'s' if rows != 1 else ''}{more}")

    def _page_failed(self, exc: BaseException) -> None:
        self.model.page_failed()
        self.progress.hide()
        set_error(self.error, f"Could not load scheduled events: {describe_error(exc)}")
        self.retry_button.show()
        self.status.setText("")
        if isinstance(exc, Unauthenticated):
            self.authFailed.emit(exc)

    def load_all(self) -> None:
        """Keep fetching pages until the last one (used by tests and benchmarks)."""
        if self.model.canFetchMore():
            self.model.fetchMore()

    # ------------------------------------------------------------------ invitee names
    def _request_name(self, event_uri: str) -> None:
        self._name_queue.append(event_uri)
        while self._name_workers < NAME_FETCH_CONCURRENCY and self._name_queue:
            self._name_workers += 1
            self._names.start(self._name_worker(self._name_generation))

    async def _name_worker(self, generation: int) -> None:
        try:
            while self._name_queue:
                uri = self._name_queue.pop()  # newest first: what is on screen now
                try:
                    name = await self.service.first_invitee_name(uri)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.debug("invitee name failed: %s", type(exc).__name__)
                    name = "?"
                self.model.set_invitee_name(uri, name)
        finally:
            if generation == self._name_generation:
                self._name_workers -= 1

    # ------------------------------------------------------------------ details
    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        event = self.selected_event()
        if event is None:
            self._details_slot.cancel()
            self.details.show_message("Select an event to see its details.")
            return
        self.details.show_message("Loading details…")
        self._details_slot.start(self._load_details(event.uri))

    def _retry_details(self) -> None:
        """A click on the selected row reloads its details when they failed to load."""
        event = self.selected_event()
        if event is not None and self.details.details is None and not self._details_slot.running:
            self.details.show_message("Loading details…")
            self._details_slot.start(self._load_details(event.uri))

    async def _load_details(self, uri: str) -> None:
        details = await self.service.details(uri)
        self.model.replace_event(details.event)
        self.details.set_details(details, self.zone, self.service.now().timestamp())

    def _details_failed(self, exc: BaseException) -> None:
        self.details.show_message(
            f"Could not load details: {describe_error(exc)}\nClick the event again to retry."
        )
        if isinstance(exc, Unauthenticated):
            self.authFailed.emit(exc)

    # ------------------------------------------------------------------ actions
    def open_cancel_dialog(self) -> CancelEventDialog | None:
        """Ask to cancel the selected event; returns the (non-modal-blocking) dialog."""
        event = self.selected_event()
        if event is None:
            return None
        dialog = CancelEventDialog(
            event, lambda reason: self.service.cancel(event.uri, reason), self.zone, self
        )
        dialog.canceled.connect(self._event_canceled)
        dialog.authFailed.connect(self.authFailed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.cancel_dialog = dialog
        dialog.open()
        return dialog

    def _event_canceled(self, event: ScheduledEvent) -> None:
        self.model.replace_event(event)
        self.status.setText(f"Canceled “{event.name or 'event'}”.")
        selected = self.selected_event()
        if selected is not None and selected.uri == event.uri:
            self._details_slot.start(self._load_details(event.uri))
        self.eventCanceled.emit(event)

    def reschedule_selected(self) -> None:
        """Open the first active invitee's ``reschedule_url`` (no reschedule API exists)."""
        details = self.details.details
        if details is None:
            return
        for invitee in details.invitees:
            if invitee.status == "active" and invitee.reschedule_url:
                open_web_url(self.open_url, invitee.reschedule_url)
                return

    def open_join_url(self) -> None:
        """Open the conference join URL of the shown event."""
        details = self.details.details
        if details and details.event.location:
            open_web_url(self.open_url, details.event.location.join_url)

    def select_row(self, row: int) -> None:
        """Select ``row`` (keyboard/tests)."""
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_NAME))

