"""The window against a real sandbox: sidebar, week grid, zones (DST), latest-wins, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fixtures_w import api_available_times, api_event_types, owner_token
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.calendly.models import EventType
from desktop_app.sandbox.server import FaultConfig, SandboxConfig
from desktop_app.services.availability import Week
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.event_types import EventTypeRoles
from desktop_app.ui.models.week import DayState, WeekRoles, format_time, uses_24h_clock

# The offscreen platform warns once per top-level layout; it says nothing about our code.


def shown_cells(window: MainWindow) -> dict[datetime, tuple[int, str]]:
    """start_time -> (column, row label) for every slot in the grid."""
    model = window.week_pane.model
    cells = {}
    for row in range(model.rowCount()):
        label = model.headerData(row, Qt.Orientation.Vertical)
        for col in range(7):
            slot = model.index(row, col).data(WeekRoles.AvailableTime)
            if slot is not None:
                cells[slot.start_time] = (col, label)
    return cells


def expected_cells(
    times: list[datetime], week: Week, use_24h: bool = uses_24h_clock()
) -> dict[datetime, tuple[int, str]]:
    """Where each time belongs, computed with zoneinfo independently of the model (row labels
    in the system locale's 12/24-hour clock, as the grid shows them)."""
    zone = ZoneInfo(week.zone)
    out = {}
    for t in times:
        local = t.astimezone(zone)
        label = format_time(local.hour, local.minute, use_24h) + (" (2nd)" if local.fold else "")
        out[t] = ((local.date() - week.start).days, label)
    return out


def select(window: MainWindow, qtbot: Any, name: str) -> EventType:
    model = window.sidebar.model
    for group in model.groups():
        for et in group.event_types:
            if et.name == name:
                current = window.week_pane.event_type
                if (
                    current is not None
                    and current.uri == et.uri
                    and not window.week_pane.slot.running
                ):
                    return et
                with qtbot.waitSignal(window.week_pane.weekShown, timeout=10000):
                    assert window.sidebar.select(et.uri)
                return et
    raise AssertionError(f"no event type named {name!r}")


def test_sidebar_lists_every_event_type_grouped_by_host(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any, qtmodeltester: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop_app.calendly import client as client_module

    # pages of 5 (the app asks for 100): the 22 demo event types need several pages
    monkeypatch.setattr(client_module, "PAGE_SIZE", 5)
    sizes: list[int] = []
    real_page = client_module.CalendlyClient._page

    async def counting_page(self: Any, path: str, *args: Any, **kwargs: Any) -> Any:
        page = await real_page(self, path, *args, **kwargs)
        if path == "/event_types":
            sizes.append(len(page.items))
        return page

    monkeypatch.setattr(client_module.CalendlyClient, "_page", counting_page)
    window = window_factory(sandbox)
    expected = api_event_types(sandbox)
    assert len(expected) > 20  # more than one page of count=20
    assert len(sizes) >= 5 and max(sizes) <= 5 and sum(sizes) == len(expected), sizes
    model = window.sidebar.model
    shown: dict[str, str] = {}
    for row in range(model.rowCount()):
        host = model.index(row, 0)
        for child in range(model.rowCount(host)):
            et = model.index(child, 0, host).data(EventTypeRoles.EventType)
            assert et.profile.owner == host.data(EventTypeRoles.Uri)
            shown[et.uri] = et.profile.owner
    assert shown == {e["uri"]: e["profile"]["owner"] for e in expected}  # type: ignore[index]
    qtmodeltester.check(window.sidebar.proxy)
    qtmodeltester.check(window.week_pane.model)
    assert window.sandbox_badge_action.isVisible() is False  # session opened directly, no badge
    # admins get a host picker; picking one host shows only that host's event types
    picker = window.sidebar.host_picker
    assert picker.isVisible() and picker.count() > 2
    picker.setCurrentIndex(2)
    host_uri = picker.currentData()
    with qtbot.waitSignal(window.sidebar.model.modelReset, timeout=10000):
        picker.activated.emit(2)
    groups = window.sidebar.model.groups()
    assert [g.host.uri for g in groups] == [host_uri]
    # search narrows the tree (type-to-search from the tree goes to the search field)
    window.sidebar.tree.setFocus()
    QTest.keyClicks(window.sidebar.tree, "zzzz-no-match")
    assert window.sidebar.search.text() == "zzzz-no-match"
    assert window.sidebar.proxy.rowCount() == 0


def test_grid_shows_exactly_the_sandbox_times_of_the_week(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(sandbox, zone="America/New_York")
    et = select(window, qtbot, "Intro Call")
    pane = window.week_pane
    next_week = pane.week.shifted(1)
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(next_week)
    start, end = next_week.utc_range()
    expected = api_available_times(sandbox, et.uri, start, end)
    assert expected, "the demo seed has open times next week"
    assert shown_cells(window) == expected_cells(expected, next_week)
    assert all(s == DayState.LOADED for s in pane.model.day_states())
    # a click (and Enter) on a slot activates exactly that open time
    model = pane.model
    row, col = model.cell_of(expected[0]) or (-1, -1)
    index = model.index(row, col)
    pane.grid.scrollTo(index)
    with qtbot.waitSignal(pane.slotActivated, timeout=2000) as blocker:
        QTest.mouseClick(
            pane.grid.viewport(),
            Qt.MouseButton.LeftButton,
            pos=pane.grid.visualRect(index).center(),
        )
    assert blocker.args[0].start_time == expected[0]
    pane.grid.setCurrentIndex(index)
    with qtbot.waitSignal(pane.slotActivated, timeout=2000):
        QTest.keyClick(pane.grid, Qt.Key.Key_Return)
    # revisiting a cached week paints synchronously, with no request
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(next_week.shifted(-1))
    pane.go(next_week)
    assert not pane.slot.running and shown_cells(window) == expected_cells(expected, next_week)


def test_zone_switch_moves_slots_in_a_dst_week(
    make_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    # Israel starts summer time on Friday 26 March 2027 (02:00 -> 03:00): a weekday DST change
    now = datetime(2027, 3, 21, 12, 0, tzinfo=UTC)
    server = make_sandbox(SandboxConfig(now=now, rate_limit_per_minute=100000))
    window = window_factory(server, zone="UTC", today=date(2027, 3, 22), clock=lambda: now)
    et = select(window, qtbot, "Evening Consultation")
    pane = window.week_pane
    assert pane.week.start == date(2027, 3, 22)
    utc_week = pane.week
    utc_times = api_available_times(server, et.uri, *utc_week.utc_range())
    assert shown_cells(window) == expected_cells(utc_times, utc_week)
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.zone_picker.set_zone("Asia/Jerusalem")
    week = pane.week
    assert week.zone == "Asia/Jerusalem" and week.start == date(2027, 3, 22)
    hours = [(e - s) / timedelta(hours=1) for s, e in (week.day_range(i) for i in range(7))]
    assert hours[4] == 23 and sum(hours) == 167  # Friday is a 23-hour day
    times = api_available_times(server, et.uri, *week.utc_range())
    cells = shown_cells(window)
    assert cells == expected_cells(times, week)
    # the same UTC time of day sits one hour later on the wall clock from Friday on
    offsets = {
        col: (datetime.strptime(label, "%H:%M").hour - t.hour) % 24
        for t, (col, label) in cells.items()
    }
    assert offsets.get(0) == 2 and offsets.get(4) == 3, offsets
    assert "UTC+02:00 → UTC+03:00" in pane.zone_label.text()


def test_rapid_switching_leaves_only_the_last_event_types_slots(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(sandbox)
    pane = window.week_pane
    week = pane.week.shifted(2)
    pane.go(week)
    names = ["Intro Call", "Office Hours", "Quick Sync", "Team Retro", "Strategy Session"]
    by_name = {et.name: et for g in window.sidebar.model.groups() for et in g.event_types}
    shown: list[str] = []
    pane.weekShown.connect(lambda wa: shown.append(wa.event_type))
    sandbox.set_faults(FaultConfig(latency_ms=60))
    try:
        for name in names:
            assert window.sidebar.select(by_name[name].uri)
        last = by_name[names[-1]]
        qtbot.waitUntil(lambda: last.uri in shown, timeout=10000)
        qtbot.waitUntil(lambda: not pane.slot.running and len(pane.prefetches) == 0, timeout=10000)
    finally:
        sandbox.set_faults(FaultConfig())
    assert set(shown) == {last.uri}  # no stale week was ever painted
    assert pane.model.event_type == last.uri
    expected = api_available_times(sandbox, last.uri, *week.utc_range())
    assert sorted(shown_cells(window)) == expected


def test_switching_event_type_cancels_the_stale_prefetch(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(sandbox)
    pane = window.week_pane
    first = select(window, qtbot, "Office Hours")  # painted; its next week is being prefetched
    stale = pane.prefetches.tasks
    assert stale and pane.service is not None
    assert pane.service.cached(first.uri, pane.week.shifted(1)) is None
    last = select(window, qtbot, "Quick Sync")
    assert all(t.cancelled() or t.cancelling() for t in stale)  # latest wins
    qtbot.waitUntil(lambda: len(pane.prefetches) == 0, timeout=10000)
    assert pane.service.cached(last.uri, pane.week.shifted(1)) is not None


def test_server_errors_show_inline_error_with_retry(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(sandbox)
    pane = window.week_pane
    et = pane.event_type
    assert et is not None
    week = pane.week.shifted(3)
    sandbox.set_faults(FaultConfig(error_rate=1.0))
    try:
        with qtbot.waitSignal(pane.loadFailed, timeout=10000):
            pane.go(week)
        assert pane.message.isVisible() and pane.message.kind == "error"
        assert "500" in pane.message.label.text()
        assert pane.message.label.text().startswith("Could not load the open times")
        assert DayState.ERROR in pane.model.day_states()
        retry = pane.message.button("Retry")
        assert retry is not None
    finally:
        sandbox.set_faults(FaultConfig())
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        retry.click()
    expected = api_available_times(sandbox, et.uri, *week.utc_range())
    assert sorted(shown_cells(window)) == expected
    assert pane.model.day_states().count(DayState.ERROR) == 0


def test_401_mid_session_brings_back_the_connect_dialog(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    server = fresh_sandbox
    token = owner_token(server)
    window = window_factory(server, token=token)
    pane = window.week_pane
    selected, week = pane.event_type, pane.week
    count = window.sidebar.model.event_type_count()
    server.revoke_token(token)  # behind the app's back
    window.refresh()
    qtbot.waitUntil(lambda: window.connect_dialog is not None and window.connect_dialog.isVisible())
    dialog = window.connect_dialog
    assert dialog is not None
    assert "401" in dialog.reason_label.text()
    # the window kept its state behind the dialog
    assert pane.event_type == selected and pane.week == week
    assert window.sidebar.model.event_type_count() == count
    assert dialog.base_url_edit.text() == server.base_url
    dialog.token_edit.setText("not-a-valid-token")
    dialog.submit()
    qtbot.waitUntil(lambda: "rejected" in dialog.status_label.text(), timeout=10000)
    assert dialog.isVisible()
    dialog.token_edit.setText(server.admin_token)
    with qtbot.waitSignal(window.ready, timeout=10000):
        dialog.submit()
    assert window.connect_dialog is None  # closed (and deleted)
    assert pane.event_type is not None and selected is not None
    assert pane.event_type.uri == selected.uri and pane.week == week
    assert window.sidebar.model.event_type_count() == count


def test_401_while_booking_asks_for_a_token_and_keeps_the_form(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    from desktop_app.ui.dialogs.booking_dialog import PAGE_CONFIRM, BookingDialog

    server = fresh_sandbox
    token = owner_token(server)
    window = window_factory(server, token=token)
    et = select(window, qtbot, "Confidential Review")
    pane = window.week_pane
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(pane.week.shifted(1))
    dialog = window.open_booking(et, pane.model.available_times()[0])
    assert isinstance(dialog, BookingDialog)
    dialog.form.name.setText("Kept Name")
    dialog.form.email.setText("kept@example.com")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == PAGE_CONFIRM
    server.revoke_token(token)  # behind the app's back
    dialog.book_button.click()
    qtbot.waitUntil(lambda: window.connect_dialog is not None, timeout=10000)
    assert "no longer valid" in dialog.message.text()
    assert dialog.form.name.text() == "Kept Name"
    dialog.close()


def test_refresh_availability_drops_a_booked_time(
    fresh_sandbox: Any, window_factory: WindowFactory, qtbot: Any, aio: Any
) -> None:
    from desktop_app.calendly.models import QuestionAndAnswer
    from desktop_app.calendly.requests import BookingInvitee, BookingLocation, BookingRequest

    window = window_factory(fresh_sandbox)
    pane = window.week_pane
    et = select(window, qtbot, "Intro Call")
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(pane.week.shifted(1))
    before = pane.model.available_times()
    assert window.session is not None and before
    request = BookingRequest(  # booked by "another client", behind the window's back
        event_type=et.uri,
        start_time=before[0].start_time,
        invitee=BookingInvitee(email="other@example.com", name="Other", timezone=pane.zone),
        location=BookingLocation(kind="zoom_conference"),
        questions_and_answers=[QuestionAndAnswer(question="Company name", answer="Acme")],
    )
    aio.run(window.session.client.book(request))
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        window.refresh_availability(et.uri)
    after = [t.start_time for t in pane.model.available_times()]
    assert before[0].start_time not in after and len(after) == len(before) - 1


def test_start_with_a_revoked_stored_token_asks_for_a_new_one(
    sandbox: Any, aio: Any, qtbot: Any
) -> None:
    from desktop_app.core.secrets import MemoryTokenStore
    from desktop_app.core.settings import Settings
    from desktop_app.services.session import SessionManager

    store = MemoryTokenStore()
    store.set(sandbox.base_url, "revoked-token")
    manager = SessionManager(
        Settings(base_url=sandbox.base_url), store, save_settings=lambda _s: None
    )
    window = MainWindow(manager, zone="UTC", auto_next_available=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    # the slot's error callback runs just after the task is done: wait for its effect
    qtbot.waitUntil(lambda: window.connect_dialog is not None, timeout=10000)
    dialog = window.connect_dialog
    assert dialog is not None and dialog.isVisible()
    assert "saved token" in dialog.reason_label.text()
    assert dialog.base_url_edit.text() == sandbox.base_url
    dialog.token_edit.setText(sandbox.admin_token)
    with qtbot.waitSignal(window.ready, timeout=10000):
        dialog.submit()
    assert store.get(sandbox.base_url) == sandbox.admin_token  # the new token replaced it
    assert window.session is not None and not window.session.sandbox
    assert window.sidebar.model.event_type_count() > 20
    window.cancel_work()
    aio.run(manager.aclose())


def test_demo_sandbox_badge_connect_and_disconnect(aio: Any, qtbot: Any) -> None:
    from desktop_app.core.secrets import MemoryTokenStore
    from desktop_app.core.settings import Settings
    from desktop_app.services.session import SessionManager

    store = MemoryTokenStore()
    manager = SessionManager(Settings(), store, save_settings=lambda _s: None)
    window = MainWindow(manager, zone="UTC")
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.ready, timeout=20000):
            window.start()  # no account stored -> embedded demo sandbox
        assert window.session is not None and window.session.sandbox
        assert window.sandbox_badge_action.isVisible()
        assert not window.disconnect_action.isEnabled()
        assert window.week_pane.model.slot_count() > 0  # an empty week jumps to the next one
        assert manager.sandbox is not None
        demo_url, demo_token = manager.sandbox.base_url, manager.sandbox.token
        dialog = window.request_reconnect(reason=None)
        dialog.base_url_edit.setText(demo_url)
        dialog.token_edit.setText(demo_token)
        with qtbot.waitSignal(window.sessionChanged, timeout=10000):
            dialog.submit()
        assert not window.session.sandbox if window.session else False
        assert not window.sandbox_badge_action.isVisible() and window.disconnect_action.isEnabled()
        assert store.get(demo_url) == demo_token
        with qtbot.waitSignal(window.ready, timeout=20000):
            window.disconnect_action.trigger()
        assert window.session is not None and window.session.sandbox
        assert window.sandbox_badge_action.isVisible() and store.get(demo_url) is None
    finally:
        window.cancel_work()
        aio.run(manager.aclose())


def test_a_plain_member_sees_own_event_types_without_host_picker(
    sandbox: Any, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox, token=sandbox.member_token)
    session = window.session
    assert session is not None and not session.is_admin
    assert not window.sidebar.host_picker.isVisible()
    groups = window.sidebar.model.groups()
    assert groups and any(g.host.uri == session.user.uri for g in groups)
    for group in groups:
        for et in group.event_types:
            assert et.profile is not None
            assert et.profile.owner == session.user.uri or et.profile.type == "Team"
