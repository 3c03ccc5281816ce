"""Booking and the events pane inside the main window: a slot opens the dialog, a booking
removes the slot from the grid and shows up in the "Scheduled events" tab, canceling it there
reopens the slot, F5 reloads the pane, the toolbar creates a single-use link."""

from __future__ import annotations

from typing import Any

from fixtures_b import fill_basics
from PySide6.QtGui import QGuiApplication
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.calendly.models import EventType
from desktop_app.ui.booking.integration import EVENTS_TAB_TITLE
from desktop_app.ui.dialogs.booking_dialog import PAGE_DONE
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
