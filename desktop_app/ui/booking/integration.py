"""Wires the booking dialog, the single-use link dialog and the "Scheduled events" pane into
the main window, without the window knowing their internals.

Per session it builds a :class:`BookingService` and an :class:`EventsService`; adds the
"Scheduled events" tab (scope: the host picked in the sidebar, the organization for admins who
picked "all hosts", else the user); adds "Create single-use link" to the toolbar and the
sidebar's context menu; refreshes the pane on F5; after a booking refreshes the grid and the
pane; after a cancellation or a taken slot refreshes the grid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from desktop_app.calendly.models import AvailableTime, EventType, Invitee, ScheduledEvent
from desktop_app.core.timezones import get_zone
from desktop_app.services.booking import BookingService
from desktop_app.services.events import EventsScope, EventsService
from desktop_app.services.session import Session
from desktop_app.ui.dialogs.booking_dialog import BookingDialog
from desktop_app.ui.dialogs.scheduling_link_dialog import SchedulingLinkDialog
from desktop_app.ui.events.pane import ScheduledEventsPane

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

EVENTS_TAB_TITLE = "Scheduled events"


class BookingIntegration(QObject):
    """Attach to ``window`` once, right after its toolbar and tabs exist."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.booking_service: BookingService | None = None
        self.events_service: EventsService | None = None
        self.pane: ScheduledEventsPane | None = None
        self.dialog: BookingDialog | None = None
        self.link_dialog: SchedulingLinkDialog | None = None
        self.link_action = QAction("Create single-use link", window)
        self.link_action.setToolTip(
            "Create a scheduling link that books the selected event type once, and copy it"
        )
        self.link_action.setEnabled(False)
        self.link_action.triggered.connect(self.create_link)
        toolbar = window.findChild(QToolBar, "mainToolbar")
        if isinstance(toolbar, QToolBar):
            toolbar.insertAction(window.connect_action, self.link_action)
        tree = window.sidebar.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tree.addAction(self.link_action)
        window.sessionChanged.connect(self._session_changed)
        window.sidebar.hostChanged.connect(lambda _h: self._update_scope())
        window.sidebar.eventTypeSelected.connect(self._event_type_selected)
        window.week_pane.zoneChanged.connect(self._zone_changed)
        window.refresh_action.triggered.connect(self.refresh_events)

    def _event_type_selected(self, event_type: EventType | None) -> None:
        self.link_action.setEnabled(event_type is not None and self.booking_service is not None)

    # ------------------------------------------------------------------ session
    def _session_changed(self, session: Session) -> None:
        self.booking_service = BookingService(session.client, now=session.clock)
        self.events_service = EventsService(session.client, now=session.clock)
        scope = self.scope()
        if self.pane is None:
            self.pane = ScheduledEventsPane(
                self.events_service, get_zone(self.window.week_pane.zone), parent=self.window
            )
            self.pane.eventCanceled.connect(self._event_canceled)
            self.pane.authFailed.connect(lambda _e: self.window.request_reconnect())
            self.window.tabs.addTab(self.pane, EVENTS_TAB_TITLE)
            if scope is not None:
                self.pane.set_scope(scope)
        else:
            self.pane.set_service(self.events_service, scope)
        self.link_action.setEnabled(self.window.selected_event_type() is not None)

    def scope(self) -> EventsScope | None:
        """Whose events the pane shows for the current session and sidebar host."""
        session = self.window.session
        if session is None:
            return None
        if session.is_admin and session.organization:
            host = self.window.sidebar.current_host()
            return EventsScope(user=host, organization=session.organization)
        return EventsScope(user=session.user.uri)

    def _update_scope(self) -> None:
        scope = self.scope()
        if self.pane is not None and scope is not None:
            self.pane.set_scope(scope)

    def _zone_changed(self, zone: str) -> None:
        if self.pane is not None:
            self.pane.set_display_zone(get_zone(zone))

    def refresh_events(self) -> None:
        """F5: reload the scheduled events too."""
        if self.pane is not None and self.pane.scope is not None:
            self.pane.refresh()

    # ------------------------------------------------------------------ booking
    def open_booking(
        self, event_type: EventType, available_time: AvailableTime
    ) -> BookingDialog | None:
        """Open the booking dialog for ``available_time`` of ``event_type`` (window-modal)."""
        if self.booking_service is None:
            return None
        dialog = BookingDialog(
            self.booking_service,
            event_type,
            available_time,
            get_zone(self.window.week_pane.zone),
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.booked.connect(lambda invitee: self._booked(event_type, invitee))
        dialog.slotTaken.connect(self.window.refresh_availability)
        dialog.authFailed.connect(lambda _e: self.window.request_reconnect())
        dialog.destroyed.connect(lambda _o=None: self._dialog_gone(dialog))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _dialog_gone(self, dialog: BookingDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _booked(self, event_type: EventType, _invitee: Invitee) -> None:
        self.window.refresh_availability(event_type.uri)
        self.refresh_events()
        self.window.statusBar().showMessage(f"Booked {event_type.name or 'meeting'}.", 8000)

    def _event_canceled(self, event: ScheduledEvent) -> None:
        self.window.refresh_availability(event.event_type)

    def create_link(self) -> SchedulingLinkDialog | None:
        """Create a single-use scheduling link for the selected event type and copy it."""
        event_type = self.window.selected_event_type()
        selected = self.window.sidebar.selected_event_type()
        event_type = selected or event_type
        if event_type is None or self.booking_service is None:
            return None
        dialog = SchedulingLinkDialog(self.booking_service, event_type, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.authFailed.connect(lambda _e: self.window.request_reconnect())
        self.link_dialog = dialog
        dialog.show()
        dialog.start()
        return dialog

    def cancel_work(self) -> None:
        """Cancel running loads of the pane (on quit); a booking in flight is left alone."""
        if self.pane is not None:
            self.pane.cancel_work()
