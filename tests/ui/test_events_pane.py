"""ScheduledEventsPane against a real sandbox: filters, details, cancel (with reason, slot
reopens), documented 403 shown plainly, reschedule URL, untrusted names, large-seed paging."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from fixtures_b import EVIL, ZONE, Env, UrlRecorder, env_fixture  # noqa: F401
from fixtures_w import fast_retry
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout
from PySide6.QtWidgets import QLabel, QStyle

from desktop_app.calendly.client import CalendlyClient
from desktop_app.calendly.models import EventType, Invitee, ScheduledEvent
from desktop_app.calendly.requests import BookingInvitee, BookingLocation, BookingRequest
from desktop_app.sandbox.server import FaultConfig, SandboxConfig
from desktop_app.services.events import EventDetails, EventsScope, EventsService
from desktop_app.ui.events.details import EventDetailsView, details_text
from desktop_app.ui.events.model import COL_END, COL_INVITEES, COL_NAME, COL_START, COL_STATUS
from desktop_app.ui.events.pane import ScheduledEventsPane
from tests.shared_paths import EXAMPLES


def book(env: Env, et: EventType, slot: int, email: str, name: str = "Ana Díaz") -> Invitee:
    start = env.open_times(et)[slot].start_time
    request = BookingRequest(
        event_type=et.uri,
        start_time=start,
        invitee=BookingInvitee(email=email, timezone="Europe/Paris", name=name),
        location=BookingLocation(kind="custom", location="Boardroom 4B (badge required)"),
    )
    return env.aio.run(env.client.book(request))


def make_pane(qtbot: Any, env: Env, email: str | None = None) -> ScheduledEventsPane:
    pane = ScheduledEventsPane(EventsService(env.client), ZONE, open_url=UrlRecorder())
    qtbot.addWidget(pane)
    if email:
        pane.email_edit.setText(email)
    pane.set_scope(EventsScope(organization=env.organization))
    qtbot.waitUntil(lambda: not pane.model.loading, timeout=10000)
    return pane


def select_first(qtbot: Any, pane: ScheduledEventsPane) -> None:
    assert pane.model.rowCount() >= 1
    pane.select_row(0)
    qtbot.waitUntil(lambda: pane.details.details is not None, timeout=10000)


def test_cancel_from_pane_sets_canceled_with_reason_and_reopens_slot(
    qtbot: Any, env: Env, qtmodeltester: Any
) -> None:
    et = env.event_type("Confidential Review")
    invitee = book(env, et, 0, "cancel.me@example.com")
    start = env.aio.run(env.client.get_scheduled_event(invitee.event)).start_time
    assert start not in [t.start_time for t in env.open_times(et)]
    pane = make_pane(qtbot, env, "cancel.me@example.com")
    assert pane.model.rowCount() == 1
    qtmodeltester.check(pane.model)
    select_first(qtbot, pane)
    assert "cancel.me@example.com" in pane.details.body.toPlainText()
    assert pane.details.cancel_button.isEnabled()
    pane.details.cancel_button.click()
    dialog = pane.cancel_dialog
    assert dialog is not None
    dialog.reason.setPlainText("Customer asked to move it")
    with qtbot.waitSignal(pane.eventCanceled, timeout=10000):
        dialog.confirm_button.click()
    row = env.sandbox.store.event(invitee.event.rsplit("/", 1)[1])
    assert row is not None and row["status"] == "canceled"
    assert row["cancellation"]["reason"] == "Customer asked to move it"
    status = pane.model.data(pane.model.index(0, COL_STATUS))
    assert status == "canceled: Customer asked to move it"
    assert start in [t.start_time for t in env.open_times(et)]  # slot open again


def test_documented_403_is_shown_plainly(qtbot: Any, env: Env) -> None:
    et = env.event_type("Confidential Review")
    invitee = book(env, et, 1, "twice@example.com")
    pane = make_pane(qtbot, env, "twice@example.com")
    select_first(qtbot, pane)
    env.aio.run(env.client.cancel_event(invitee.event, None))  # canceled elsewhere meanwhile
    dialog = pane.open_cancel_dialog()
    assert dialog is not None
    assert dialog.keep_button.isDefault() and not dialog.confirm_button.isDefault()
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10000)
    assert "Event is already canceled" in dialog.error.text()
    assert dialog.confirm_button.isEnabled() and dialog.keep_button.isEnabled()


def test_reason_longer_than_limit_cannot_be_sent(qtbot: Any, env: Env) -> None:
    et = env.event_type("Confidential Review")
    book(env, et, 2, "long@example.com")
    pane = make_pane(qtbot, env, "long@example.com")
    select_first(qtbot, pane)
    dialog = pane.open_cancel_dialog()
    assert dialog is not None
    dialog.reason.setPlainText("x" * 10_001)
    assert not dialog.confirm_button.isEnabled()
    dialog.submit()
    assert (
        env.sandbox.store.count(
            "events", "status = 'canceled' AND name = ?", ("Confidential Review",)
        )
        == 0
    )
    dialog.reason.setPlainText("x" * 10_000)
    assert dialog.confirm_button.isEnabled()


def test_untrusted_name_literal_everywhere_and_reschedule(qtbot: Any, env: Env) -> None:
    et = env.event_type("Confidential Review")
    invitee = book(env, et, 3, "evil@example.com", name=EVIL)
    pane = make_pane(qtbot, env, "evil@example.com")
    index = pane.model.index(0, COL_INVITEES)
    pane.model.data(index)  # asks for the first invitee's name
    qtbot.waitUntil(lambda: EVIL in pane.model.data(index), timeout=10000)
    assert pane.model.data(index) == f"1 · {EVIL}"
    assert pane.model.data(pane.model.index(0, COL_NAME)) == "Confidential Review"
    select_first(qtbot, pane)
    assert f"• {EVIL} <evil@example.com>" in pane.details.body.toPlainText()
    labels = [lbl for lbl in pane.findChildren(QLabel) if lbl.text()]
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels)
    pane.details.reschedule_button.click()
    recorder = pane.open_url
    assert isinstance(recorder, UrlRecorder)
    assert recorder.urls == [invitee.reschedule_url]


@pytest.mark.parametrize(
    ("when", "status"), [("upcoming", ""), ("past", ""), ("all", "canceled"), ("range", "active")]
)
def test_filters_match_sandbox(qtbot: Any, env: Env, when: str, status: str) -> None:
    pane = make_pane(qtbot, env)
    pane.status_combo.setCurrentIndex(pane.status_combo.findData(status))
    pane.when_combo.setCurrentIndex(pane.when_combo.findData(when))
    qtbot.waitUntil(lambda: not pane.model.loading, timeout=10000)
    for _ in range(100):
        assert not pane.error.isVisibleTo(pane), pane.error.text()
        if not pane.model.canFetchMore():
            break
        pane.model.fetchMore()
        qtbot.waitUntil(lambda: not pane.model.loading, timeout=10000)
    events = [pane.model.event_at(r) for r in range(pane.model.rowCount())]
    assert events and all(e is not None for e in events)
    starts = [e.start_time for e in events if e]
    now = datetime.now(UTC)
    assert starts == sorted(starts, reverse=(when == "past"))
    if when == "upcoming":
        assert all(s >= now - timedelta(minutes=1) for s in starts)
    if when == "past":
        assert all(s <= now + timedelta(minutes=1) for s in starts)
    if status:
        assert {e.status for e in events if e} == {status}
    store = env.sandbox.store
    where = "1=1" if not status else f"status = '{status}'"
    if when == "upcoming":
        where += f" AND start_ts >= {int(now.timestamp())}"
    elif when == "past":
        where += f" AND start_ts < {int(now.timestamp())}"
    elif when == "range":
        filt = pane.current_filter()
        assert filt.range_start is not None and filt.range_end is not None
        lo, hi = int(filt.range_start.timestamp()), int(filt.range_end.timestamp())
        assert all(lo <= s.timestamp() < hi for s in starts)
        where += f" AND start_ts >= {lo} AND start_ts < {hi}"
    assert len(events) == store.count("events", where)


def test_large_seed_pages_through_all_rows(qtbot: Any, aio: Any, make_sandbox: Any) -> None:
    server = make_sandbox(
        SandboxConfig(seed="large", rate_limit_per_minute=100000, booking_limit_per_minute=100000)
    )
    client = CalendlyClient(server.admin_token, base_url=server.base_url)
    try:
        me = aio.run(client.get_current_user())
        pane = ScheduledEventsPane(EventsService(client), ZONE, open_url=UrlRecorder())
        qtbot.addWidget(pane)
        pane.when_combo.setCurrentIndex(pane.when_combo.findData("all"))
        pane.set_scope(EventsScope(organization=me.current_organization))
        pages = 0
        for _ in range(500):  # bounded: a failing page must not loop forever
            qtbot.waitUntil(lambda: not pane.model.loading, timeout=15000)
            assert not pane.error.isVisibleTo(pane), pane.error.text()
            pages += 1
            if not pane.model.canFetchMore():
                break
            pane.model.fetchMore()
        total = server.store.count("events")
        assert total >= 10_000
        assert pane.model.rowCount() == total
        assert pages == -(-total // 100)
        events = [pane.model.event_at(r) for r in range(pane.model.rowCount())]
        assert len({e.uri for e in events if e}) == total
    finally:
        aio.run(client.aclose())


def test_loading_bar_errors_retry_and_401(qtbot: Any, env: Env) -> None:
    sandbox = env.sandbox
    pane = make_pane(qtbot, env)
    rows = pane.model.rowCount()
    assert rows > 0 and not pane.progress.isVisibleTo(pane)
    client = CalendlyClient(sandbox.admin_token, base_url=sandbox.base_url, retry=fast_retry())
    try:
        sandbox.set_faults(FaultConfig(error_rate=1.0))
        try:
            pane.set_service(EventsService(client), pane.scope)
            assert pane.progress.isVisibleTo(pane) and pane.status.text() == "Loading…"
            qtbot.waitUntil(lambda: pane.retry_button.isVisibleTo(pane), timeout=10000)
        finally:
            sandbox.set_faults(FaultConfig())
        assert "Could not load scheduled events" in pane.error.text()
        assert not pane.progress.isVisibleTo(pane) and pane.model.rowCount() == 0
        pane.retry_button.click()
        assert pane.progress.isVisibleTo(pane) and not pane.error.isVisibleTo(pane)
        qtbot.waitUntil(lambda: pane.model.rowCount() == rows, timeout=10000)
        assert not pane.progress.isVisibleTo(pane) and not pane.retry_button.isVisibleTo(pane)
    finally:
        env.aio.run(client.aclose())
    revoked = CalendlyClient("revoked-token", base_url=sandbox.base_url, retry=fast_retry())
    try:
        with qtbot.waitSignal(pane.authFailed, timeout=10000):  # the window asks for a token
            pane.set_service(EventsService(revoked), pane.scope)
    finally:
        env.aio.run(revoked.aclose())


# -- layout: column widths, canceled rows, zone names -------------------------------------------


def synthetic_event(k: int, start: datetime, minutes: int, **kw: Any) -> ScheduledEvent:
    data: dict[str, Any] = {
        "uri": f"https://api.calendly.com/scheduled_events/L{k}",
        "name": "Enterprise Onboarding Workshop with a long name",
        "status": "active",
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(minutes=minutes)).isoformat(),
        "event_type": "https://api.calendly.com/event_types/T",
        "location": {"type": "zoom", "status": "pushed", "join_url": "https://zoom.us/j/1"},
        "invitees_counter": {"total": 1, "active": 1, "limit": 1},
    }
    data.update(kw)
    return ScheduledEvent.model_validate(data)


class FakeEventsService:
    """Serves one page of the given events; no network."""

    def __init__(self, events: list[ScheduledEvent]) -> None:
        self.events = events

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def page(self, *_args: Any, **_kwargs: Any) -> Any:
        return SimpleNamespace(items=self.events, next_page_token=None)

    async def first_invitee_name(self, _event: str) -> str:
        return "Łukasz Wiśniewski-Kowalczyk"

    async def details(self, event: str) -> EventDetails:
        return EventDetails(next(e for e in self.events if e.uri == event))


def test_start_end_and_status_columns_fit_at_a_1280_px_window(qtbot: Any, aio: Any) -> None:
    this_year = datetime.now(UTC).year
    events = [
        synthetic_event(0, datetime(this_year, 12, 2, 15, 30, tzinfo=UTC), 45),
        synthetic_event(1, datetime(this_year, 12, 7, 4, 0, tzinfo=UTC), 90),  # ends next day
        synthetic_event(2, datetime(this_year + 1, 11, 25, 17, 30, tzinfo=UTC), 30),  # a year
        synthetic_event(
            3, datetime(this_year, 12, 3, 15, 0, tzinfo=UTC), 30, status="canceled",
            cancellation={"canceled_by": "Host", "reason": "Conflict", "canceler_type": "host"},
        ),
    ]
    service: Any = FakeEventsService(events)
    pane = ScheduledEventsPane(service, ZONE, open_url=UrlRecorder())
    qtbot.addWidget(pane)
    pane.resize(975, 700)  # the pane's size in a 1280 x 800 window
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_scope(EventsScope(organization="https://api.calendly.com/organizations/O"))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4 and not pane.model.loading)
    table, header = pane.table, pane.table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # no column is cut off at the right
    font = table.font()
    font.setItalic(True)  # canceled rows are italic: the wider case
    metrics = QFontMetrics(font)
    margins = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for column in (COL_START, COL_END):
        for row in range(4):
            text = pane.model.index(row, column).data()
            assert metrics.horizontalAdvance(text) + margins <= header.sectionSize(column), text
    assert pane.model.index(1, COL_END).data() not in ("", None)
    assert metrics.horizontalAdvance("canceled") + margins <= header.sectionSize(COL_STATUS)
    assert table.fontMetrics().horizontalAdvance("Status") < header.sectionSize(COL_STATUS)
    canceled = pane.model.index(3, COL_NAME)
    assert canceled.data(Qt.ItemDataRole.FontRole).italic()
    assert canceled.data(Qt.ItemDataRole.ForegroundRole) is not None


def line_texts(text: str, font: QFont, width: int) -> list[str]:
    """The lines a word-wrapped label of ``width`` pixels shows ``text`` in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def assert_zone_not_broken(label: QLabel) -> None:
    text = label.text()
    cut = text.index("New_York")  # a width at which Qt would break right after the "/"
    width = QFontMetrics(label.font()).horizontalAdvance(text[:cut]) + 2
    lines = line_texts(text, label.font(), width)
    assert any("America" in line and "New_York" in line for line in lines), lines


def test_join_is_disabled_for_a_canceled_event_and_zone_names_do_not_wrap(
    qtbot: Any, aio: Any
) -> None:
    start = datetime.now(UTC) + timedelta(days=2)
    view = EventDetailsView()
    qtbot.addWidget(view)
    now = datetime.now(UTC).timestamp()
    view.set_details(EventDetails(synthetic_event(0, start, 30)), ZONE, now)
    assert view.join_button.isEnabled()
    canceled = synthetic_event(0, start, 30, status="canceled")
    view.set_details(EventDetails(canceled), ZONE, now)
    assert not view.join_button.isEnabled()
    assert_zone_not_broken(view.when)
    service: Any = FakeEventsService([synthetic_event(0, start, 30)])
    pane = ScheduledEventsPane(service, ZONE, open_url=UrlRecorder())
    qtbot.addWidget(pane)
    pane.set_scope(EventsScope(organization="https://api.calendly.com/organizations/O"))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    pane.select_row(0)
    qtbot.waitUntil(lambda: pane.details.details is not None)
    dialog = pane.open_cancel_dialog()
    assert dialog is not None
    assert_zone_not_broken(dialog.question)
    dialog.reject()


def test_details_put_multi_line_answers_under_their_question() -> None:
    example = json.loads((EXAMPLES / "event_invitee.get.200.active.json").read_text())
    data = {**example["resource"], "questions_and_answers": [
        {"question": "What do you need?", "answer": "A plan.\nA date.", "position": 0},
        {"question": "Team size", "answer": "11-50", "position": 1},
    ]}
    start = datetime.now(UTC) + timedelta(days=2)
    details = EventDetails(synthetic_event(0, start, 30), [Invitee.model_validate(data)])
    lines = details_text(details, ZONE).splitlines()
    at = lines.index("    What do you need?")
    assert lines[at + 1 : at + 4] == ["        A plan.", "        A date.", "    Team size: 11-50"]


def test_start_column_fits_the_rows_scrolled_into_view(qtbot: Any, aio: Any) -> None:
    this_year = datetime.now(UTC).year
    start = datetime(this_year, 12, 2, 9, 0, tzinfo=UTC)
    events = [synthetic_event(k, start + timedelta(minutes=k), 30) for k in range(150)]
    events.append(synthetic_event(150, datetime(this_year + 1, 11, 25, 17, 30, tzinfo=UTC), 30))
    pane = ScheduledEventsPane(FakeEventsService(events), ZONE, open_url=UrlRecorder())  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane.resize(975, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_scope(EventsScope(organization="https://api.calendly.com/organizations/O"))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 151 and not pane.model.loading)
    table, header = pane.table, pane.table.horizontalHeader()
    last = pane.model.index(150, COL_START)
    wide = table.fontMetrics().horizontalAdvance(last.data())
    assert table.rowAt(table.viewport().height() - 1) < 150  # the year row is out of view
    assert header.sectionSize(COL_START) < wide  # so it was not measured
    table.scrollToBottom()
    qtbot.waitUntil(lambda: header.sectionSize(COL_START) > wide)
