"""Booking and the events pane inside the main window: a slot opens the dialog, a booking
removes the slot from the grid and shows up in the "Scheduled events" tab, canceling it there
reopens the slot, F5 reloads the pane, the toolbar creates a single-use link."""

from __future__ import annotations

from typing import Any

from fixtures_b import fill_basics
from fixtures_w import owner_token
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.calendly.models import EventType
from desktop_app.ui.booking.integration import EVENTS_TAB_TITLE
from desktop_app.ui.dialogs.booking_dialog import PAGE_CONFIRM, PAGE_DONE, PAGE_FORM
from desktop_app.ui.main_window import MainWindow


def select_next_week(window: MainWindow, qtbot: Any, name: str) -> EventType:
    pane = window.week_pane
    for group in window.sidebar.model.groups():
        for et in group.event_types:
            if et.name == name:
                current = window.selected_event_type()
                if current is None or current.uri != et.uri:
                    with qtbot.waitSignal(pane.weekShown, timeout=10000):
                        assert window.sidebar.select(et.uri)
                with qtbot.waitSignal(pane.weekShown, timeout=10000):
                    pane.go(pane.week.shifted(1))
                return et
    raise AssertionError(name)


def test_book_from_grid_then_cancel_from_events_tab(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(fresh_sandbox, zone="America/New_York")
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Availability", EVENTS_TAB_TITLE]
    events = window.booking.pane
    assert events is not None
    et = select_next_week(window, qtbot, "Confidential Review")
    slot = window.week_pane.model.available_times()[0]

    window.week_pane.slotActivated.emit(slot)  # what a click or Enter on a slot does
    dialog = window.booking.dialog
    assert dialog is not None and dialog.event_type.uri == et.uri
    fill_basics(dialog, email="window@example.com")
    dialog.next_button.click()
    with qtbot.waitSignal(window.week_pane.weekShown, timeout=10000):
        dialog.book_button.click()
    assert dialog.pages.currentIndex() == PAGE_DONE
    assert slot.start_time not in [t.start_time for t in window.week_pane.model.available_times()]
    assert dialog.invitee is not None
    event_uri = dialog.invitee.event
    qtbot.waitUntil(lambda: not events.model.loading, timeout=10000)
    for _ in range(20):  # the new event is upcoming: page until it shows
        if events.model.row_of(event_uri) is not None or not events.model.canFetchMore():
            break
        events.model.fetchMore()
        qtbot.waitUntil(lambda: not events.model.loading, timeout=10000)
    row = events.model.row_of(event_uri)
    assert row is not None

    window.tabs.setCurrentWidget(events)
    events.select_row(row)
    qtbot.waitUntil(lambda: events.details.details is not None, timeout=10000)
    cancel = events.open_cancel_dialog()
    assert cancel is not None
    cancel.reason.setPlainText("Moved to next month")
    with qtbot.waitSignal(window.week_pane.weekShown, timeout=10000):
        cancel.confirm_button.click()
    assert slot.start_time in [t.start_time for t in window.week_pane.model.available_times()]
    stored = fresh_sandbox.store.event(event_uri.rsplit("/", 1)[1])
    assert stored["status"] == "canceled"
    assert stored["cancellation"]["reason"] == "Moved to next month"

    window.refresh_action.trigger()  # F5 reloads the pane from the first page
    assert events.model.rowCount() == 0 or events.model.loading
    qtbot.waitUntil(lambda: not events.model.loading and events.model.rowCount() > 0,
                    timeout=10000)


def test_toolbar_creates_single_use_link(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(fresh_sandbox)
    assert window.booking.link_action.isEnabled()
    assert window.booking.link_action in window.sidebar.tree.actions()  # context menu
    before = fresh_sandbox.store.count("scheduling_links")
    window.booking.link_action.trigger()
    dialog = window.booking.link_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.link is not None, timeout=10000)
    assert fresh_sandbox.store.count("scheduling_links") == before + 1
    assert QGuiApplication.clipboard().text() == dialog.url.text() != ""


def test_slot_taken_meanwhile_reloads_the_grid_and_offers_alternatives(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any, aio: Any
) -> None:
    from desktop_app.calendly.client import CalendlyClient
    from desktop_app.calendly.requests import BookingInvitee, BookingLocation, BookingRequest

    window = window_factory(fresh_sandbox)
    pane = window.week_pane
    et = select_next_week(window, qtbot, "Confidential Review")
    slot = pane.model.available_times()[1]
    row, col = pane.model.cell_of(slot.start_time) or (-1, -1)
    index = pane.model.index(row, col)
    pane.grid.scrollTo(index)
    QTest.mouseClick(pane.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=pane.grid.visualRect(index).center())
    dialog = window.booking.dialog
    assert dialog is not None and dialog.available_time.start_time == slot.start_time
    fill_basics(dialog, email="late@example.com")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM, dialog.message.text()
    typed = dialog.form.form_values()
    other = CalendlyClient(fresh_sandbox.admin_token, base_url=fresh_sandbox.base_url)
    try:  # another client takes the same time behind the window's back
        aio.run(other.book(BookingRequest(
            event_type=et.uri, start_time=slot.start_time,
            invitee=BookingInvitee(email="first@example.com", name="First", timezone="UTC"),
            location=BookingLocation(kind="custom", location="Boardroom 4B (badge required)"))))
    finally:
        aio.run(other.aclose())
    assert slot.start_time in [t.start_time for t in pane.model.available_times()]  # stale
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        dialog.book_button.click()
    assert slot.start_time not in [t.start_time for t in pane.model.available_times()]
    qtbot.waitUntil(lambda: len(dialog.alternatives.buttons) > 0, timeout=10000)
    assert dialog.pages.currentIndex() == PAGE_FORM
    assert dialog.alternatives.isVisibleTo(dialog)
    assert "taken" in dialog.alternatives.message.text()
    assert dialog.form.form_values() == typed
    assert fresh_sandbox.store.count("invitees", "email = 'late@example.com'") == 0
    dialog.close()


def test_401_from_events_pane_brings_up_the_connect_dialog(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    server = fresh_sandbox
    token = owner_token(server)
    window = window_factory(server, token=token)
    events = window.booking.pane
    assert events is not None
    qtbot.waitUntil(lambda: not events.model.loading and events.model.rowCount() > 0,
                    timeout=10000)
    qtbot.waitUntil(lambda: len(window.week_pane.prefetches) == 0, timeout=10000)
    assert window.connect_dialog is None
    server.revoke_token(token)  # behind the app's back
    events.refresh()  # only the events pane asks the server
    qtbot.waitUntil(lambda: window.connect_dialog is not None
                    and window.connect_dialog.isVisible(), timeout=10000)
    assert "401" in window.connect_dialog.reason_label.text()
    assert "Unauthenticated" in events.error.text()
    assert not window.week_pane.slot.running
