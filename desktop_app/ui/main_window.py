"""The main window: event-type sidebar, tabs (availability week first), status bar.

Owns the session's services and wires views to them; the views own their own loading
(:class:`~desktop_app.ui.views.week_pane.WeekPane`). Extension points for the booking dialog
and the scheduled-events pane: :attr:`tabs`, :meth:`open_booking`,
:meth:`refresh_availability`, the :attr:`sessionChanged` signal and :attr:`session`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import date

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.calendly.errors import Unauthenticated
from desktop_app.calendly.models import AvailableTime, EventType
from desktop_app.core.timezones import system_zone_name
from desktop_app.services.availability import AvailabilityService, WeekAvailability
from desktop_app.services.event_types import EventTypeService
from desktop_app.services.messages import describe_error
from desktop_app.services.session import Session, SessionManager
from desktop_app.ui.booking.integration import BookingIntegration
from desktop_app.ui.dialogs.connect_dialog import ConnectDialog
from desktop_app.ui.tasks import TaskSlot
from desktop_app.ui.views.sidebar import EventTypeSidebar
from desktop_app.ui.views.week_pane import WeekPane

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Signals: ``ready()`` once event types are listed and the first week is painted (per
    session); ``sessionChanged(Session)`` after every (re)connect."""

    ready = Signal()
    sessionChanged = Signal(object)
    closing = Signal()

    def __init__(
        self,
        manager: SessionManager,
        *,
        zone: str | None = None,
        today: date | None = None,
        auto_next_available: bool = True,
    ) -> None:
        super().__init__()
        self.auto_next_available = auto_next_available
        self.manager = manager
        self.settings = manager.settings
        self.session: Session | None = None
        self.event_types: EventTypeService | None = None
        self.availability: AvailabilityService | None = None
        self.connect_dialog: ConnectDialog | None = None
        self._ready = False
        self._types_loaded = False
        self.setWindowTitle(APP_NAME)
        zone = zone or self.settings.display_zone or system_zone_name()
        self.sidebar = EventTypeSidebar(self)
        self.week_pane = WeekPane(zone, self, today=today)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.week_pane, "Availability")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self._build_toolbar()
        self._build_status_bar()
        self.types_slot = TaskSlot("event-types", on_error=self._types_failed)
        self.connect_slot = TaskSlot("session", on_error=self._session_failed)
        self.sidebar.eventTypeSelected.connect(self._event_type_selected)
        self.sidebar.hostChanged.connect(self._host_changed)
        self.sidebar.tree.activated.connect(lambda _index: self.week_pane.focus_first_slot())
        self.week_pane.slotActivated.connect(self._slot_activated)
        self.week_pane.weekShown.connect(self._week_shown)
        self.week_pane.loadFailed.connect(lambda _e: self._update_status())
        self.week_pane.authFailed.connect(lambda _e: self.request_reconnect())
        self.week_pane.zoneChanged.connect(self._zone_changed)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(5000)
        self._status_timer.timeout.connect(self._update_status)
        self._status_timer.start()
        self.booking = BookingIntegration(self)  # B: booking dialog, events tab, links
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromHex(self.settings.window_geometry.encode()))
        else:
            self.resize(1280, 800)

    # -- chrome ----------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.connect_action = QAction("Connect Calendly…", self)
        self.connect_action.triggered.connect(lambda: self.request_reconnect(reason=None))
        self.disconnect_action = QAction("Disconnect", self)
        self.disconnect_action.triggered.connect(self.disconnect_account)
        self.refresh_action = QAction("Refresh", self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self.refresh)
        for action in (self.refresh_action, self.connect_action, self.disconnect_action):
            bar.addAction(action)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.account_label = QLabel(bar)
        self.account_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.account_label)
        self.sandbox_badge = QLabel("Sandbox", bar)
        self.sandbox_badge.setToolTip("Connected to the built-in demo sandbox, not to Calendly")
        self.sandbox_badge.setStyleSheet(
            "background:#f9ab00; color:#202124; font-weight:bold; border-radius:8px;"
            " padding:2px 10px; margin-left:8px; margin-right:6px;"
        )
        self.sandbox_badge_action = bar.addWidget(self.sandbox_badge)
        self.sandbox_badge_action.setVisible(False)
        self.addToolBar(bar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.connection_label = QLabel("Connecting…", self)
        self.connection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.rate_label = QLabel(self)
        self.rate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_label = QLabel(self)
        self.refresh_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addWidget(self.connection_label, 1)
        status.addPermanentWidget(self.rate_label)
        status.addPermanentWidget(self.refresh_label)

    # -- session ---------------------------------------------------------------------------
    def start(
        self, *, force_sandbox: bool = False, base_url: str | None = None
    ) -> asyncio.Task[None]:
        """Open the start-up session in the background (sandbox unless an account is stored)."""
        self.connection_label.setText("Starting the sandbox…" if force_sandbox else "Connecting…")
        return self.connect_slot.start(self._start(force_sandbox, base_url))

    async def _start(self, force_sandbox: bool, base_url: str | None) -> None:
        session = await self.manager.start(force_sandbox=force_sandbox, base_url=base_url)
        self.set_session(session)
        if base_url and session.sandbox and not force_sandbox:
            # --base-url without a stored token: the demo runs meanwhile, ask for the token
            self.request_reconnect(reason=f"No token is stored for {base_url}.", base_url=base_url)

    def set_session(self, session: Session) -> None:
        """Use ``session``: rebuild services, keep the selected event type, week and zone."""
        self.session = session
        self.event_types = EventTypeService(session)
        self.availability = AvailabilityService(session.client, clock=session.clock)
        self._ready = False
        self._types_loaded = False
        self.sandbox_badge_action.setVisible(session.sandbox)
        self.disconnect_action.setEnabled(not session.sandbox)
        role = f" ({session.role})" if session.role else ""
        self.account_label.setText(f"{session.display_name}{role}")
        self.week_pane.auto_next = self.auto_next_available
        self.week_pane.set_service(self.availability)
        self._update_status()
        self.sessionChanged.emit(session)
        self.load_event_types()

    def load_event_types(self) -> None:
        """(Re)load hosts and event types for the current session and host."""
        if self.event_types is None:
            return
        self.sidebar.set_status("Loading event types…")
        self.types_slot.start(self._load_event_types(self.event_types))

    async def _load_event_types(self, service: EventTypeService) -> None:
        session = service.session
        host = self.settings.last_host if session.is_admin else None
        hosts = await service.hosts()
        if host and host not in {h.uri for h in hosts}:
            host = None
        groups = await service.load(host)
        self.sidebar.set_hosts(hosts, host, admin=session.is_admin)
        current = self.week_pane.event_type
        self._types_loaded = True
        self.sidebar.set_groups(
            groups, select=current.uri if current else self.settings.last_event_type
        )
        if self.sidebar.model.event_type_count() == 0:
            self.week_pane.set_event_type(None)
            self._mark_ready()
        self._update_status(refreshed=True)

    def _types_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Unauthenticated):
            self.sidebar.set_status("Calendly rejected the token.")
            self.request_reconnect()
            return
        self.sidebar.set_status(f"Event types not loaded. {describe_error(exc)}")
        self.week_pane.message.show_message(
            "error",
            f"Event types could not be loaded. {describe_error(exc)}",
            [("Retry", self.load_event_types)],
        )
        self._update_status()

    def _session_failed(self, exc: BaseException) -> None:
        log.warning("session start failed: %s", type(exc).__name__)
        self.connection_label.setText("Not connected")
        if isinstance(exc, Unauthenticated):
            self.request_reconnect(reason="Calendly rejected the saved token. Enter a new one.")
            return
        self.week_pane.message.show_message(
            "error",
            f"Could not connect. {describe_error(exc)}",
            [
                ("Retry", lambda: self.start()),
                ("Use the sandbox", lambda: self.start(force_sandbox=True)),
            ],
        )

    def request_reconnect(
        self,
        reason: str | None = "Calendly rejected the token (401). Enter a new one.",
        *,
        base_url: str | None = None,
    ) -> ConnectDialog:
        """Show the connect dialog (once); the window keeps its state meanwhile."""
        if self.connect_dialog is not None and self.connect_dialog.isVisible():
            return self.connect_dialog
        if base_url is None:
            base_url = (
                self.session.base_url
                if self.session and not self.session.sandbox
                else self.settings.base_url
            )
        dialog = ConnectDialog(
            self.manager.connect,
            base_url=base_url,
            reason=reason,
            warning=self.manager.warning,
            use_sandbox=lambda: self.start(force_sandbox=True),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._connected(dialog))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.connect_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: ConnectDialog) -> None:
        if self.connect_dialog is dialog:
            self.connect_dialog = None
        dialog.deleteLater()

    def _connected(self, dialog: ConnectDialog) -> None:
        if isinstance(dialog.result_value, Session):
            self.set_session(dialog.result_value)
            if self.manager.warning:
                self.statusBar().showMessage(self.manager.warning, 15000)

    def disconnect_account(self) -> None:
        """Forget the stored account and go back to the sandbox."""
        self.connection_label.setText("Disconnecting…")
        self.connect_slot.start(self._disconnect())

    async def _disconnect(self) -> None:
        self.set_session(await self.manager.disconnect())

    # -- event types and weeks -------------------------------------------------------------
    def _event_type_selected(self, event_type: EventType | None) -> None:
        self.week_pane.set_event_type(event_type)
        if event_type is not None:
            self.settings.last_event_type = event_type.uri

    def _host_changed(self, host: str | None) -> None:
        self.settings.last_host = host
        self.load_event_types()

    def _zone_changed(self, zone: str) -> None:
        self.settings.display_zone = zone

    def _week_shown(self, availability: WeekAvailability) -> None:
        self._update_status(refreshed=True)
        if self._types_loaded:
            self._mark_ready()

    def _mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    @property
    def is_ready(self) -> bool:
        """True once event types are listed and the first week is shown for this session."""
        return self._ready

    def selected_event_type(self) -> EventType | None:
        """The event type whose week is shown."""
        return self.week_pane.event_type

    def _slot_activated(self, available_time: AvailableTime) -> None:
        event_type = self.week_pane.event_type
        if event_type is not None:
            self.open_booking(event_type, available_time)

    def open_booking(self, event_type: EventType, available_time: AvailableTime) -> QDialog | None:
        """The one place the booking dialog opens from; returns the dialog (None without a
        session)."""
        log.info("booking requested for an open time of %s", event_type.uri)
        return self.booking.open_booking(event_type, available_time)

    def refresh_availability(self, event_type_uri: str | None = None) -> None:
        """Drop cached open times (of one event type URI, or all) and reload the visible week.

        Called after a booking or a cancellation.
        """
        if self.availability is None:
            return
        self.availability.invalidate(event_type_uri)
        current = self.week_pane.event_type
        if event_type_uri is None or (current is not None and current.uri == event_type_uri):
            self.week_pane.reload()

    def refresh(self) -> None:
        """F5: reload event types and the visible week from the server."""
        if self.availability is not None:
            self.availability.invalidate()
        self.load_event_types()
        self.week_pane.reload(force=True)

    # -- status ----------------------------------------------------------------------------
    def _update_status(self, *, refreshed: bool = False) -> None:
        session = self.session
        if session is None:
            return
        where = (
            "Sandbox (demo data)" if session.sandbox else session.base_url.removeprefix("https://")
        )
        self.connection_label.setText(f"Connected to {where} as {session.display_name}")
        state = session.client.rate_limit
        if state is not None and state.remaining is not None:
            reset = (
                f", resets in {state.reset_seconds:.0f} s"
                if state.reset_seconds is not None
                else ""
            )
            self.rate_label.setText(f"Requests left: {state.remaining}/{state.limit}{reset}")
        if refreshed:
            self.refresh_label.setText(f"Updated {time.strftime('%H:%M:%S')}")

    # -- shutdown --------------------------------------------------------------------------
    def cancel_work(self) -> None:
        """Cancel every running load (on quit)."""
        self._status_timer.stop()
        for slot in (self.types_slot, self.connect_slot, self.week_pane.slot):
            slot.cancel()
        self.week_pane.prefetches.cancel()
        self.booking.cancel_work()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toHex().data()).decode()
        self.settings.display_zone = self.week_pane.zone
        self.manager.save_settings()
        super().closeEvent(event)
        self.closing.emit()
