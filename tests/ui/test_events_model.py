"""ScheduledEventsModel: lazy paging contract, plain-text data, qtmodeltester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from desktop_app.calendly.models import ScheduledEvent
from desktop_app.ui.events.model import (
    COL_END,
    COL_INVITEES,
    COL_LOCATION,
    COL_NAME,
    COL_START,
    COL_STATUS,
    EVENT_ROLE,
    ScheduledEventsModel,
)

EVIL = "<b>x</b><img src=x>"
START = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def scheduled(k: int, **kw: Any) -> ScheduledEvent:
    data: dict[str, Any] = {
        "uri": f"https://api.calendly.com/scheduled_events/E{k}",
        "name": f"Demo {k}",
        "status": "active",
        "start_time": (START + timedelta(hours=k)).isoformat(),
        "end_time": (START + timedelta(hours=k, minutes=30)).isoformat(),
        "event_type": "https://api.calendly.com/event_types/T",
        "location": {"type": "zoom", "status": "pushed", "join_url": "https://zoom.example/j/1"},
        "invitees_counter": {"total": 1, "active": 1, "limit": 1},
    }
    data.update(kw)
    return ScheduledEvent.model_validate(data)


def test_paging_and_plain_data(qtmodeltester: Any) -> None:
    requested: list[str | None] = []
    names: list[str] = []
    model = ScheduledEventsModel(
        ZoneInfo("America/New_York"), requested.append, names.append, use_24h=True
    )
    assert model.canFetchMore()
    model.fetchMore()
    assert requested == [None]
    assert not model.canFetchMore()  # one request at a time
    model.append_page([scheduled(0, name=EVIL), scheduled(1)], "tok2")
    assert model.canFetchMore()
    model.fetchMore()
    assert requested == [None, "tok2"]
    model.append_page([scheduled(1), scheduled(2)], None)  # duplicate row skipped
    assert model.rowCount() == 3
    assert not model.canFetchMore()
    qtmodeltester.check(model)

    def cell(row: int, col: int) -> Any:
        return model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)

    assert cell(0, COL_NAME) == EVIL
    year = "" if datetime.now(UTC).year == 2026 else " 2026"
    assert cell(0, COL_START) == f"Thu 26 Nov{year} 15:00"
    assert cell(0, COL_END) == "15:30"
    twelve = ScheduledEventsModel(ZoneInfo("America/New_York"), use_24h=False)  # en_US & co
    twelve.append_page([scheduled(0)], None)
    assert twelve.index(0, COL_START).data() == f"Thu 26 Nov{year} 3:00 PM"
    assert twelve.index(0, COL_END).data() == "3:30 PM"
    assert cell(0, COL_LOCATION) == "Zoom"
    for column in range(model.columnCount()):  # tooltips would render HTML: none at all
        assert model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole) is None
    assert cell(0, COL_INVITEES) == "1 · …"
    assert "https://api.calendly.com/scheduled_events/E0" in names
    model.set_invitee_name("https://api.calendly.com/scheduled_events/E0", EVIL)
    assert cell(0, COL_INVITEES) == f"1 · {EVIL}"

    canceled = scheduled(
        2, status="canceled",
        cancellation={"canceled_by": "Host", "reason": f"{EVIL}\nmore", "canceler_type": "host"},
    )
    model.replace_event(canceled)
    assert cell(2, COL_STATUS) == f"canceled: {EVIL}"
    row = model.data(model.index(2, 0), EVENT_ROLE)
    assert (row.uri, row.status, row.cancel_reason) == (canceled.uri, "canceled", f"{EVIL}\nmore")
    model.set_display_zone(ZoneInfo("Europe/Berlin"))
    assert cell(0, COL_START) == f"Thu 26 Nov{year} 21:00"
    qtmodeltester.check(model)
    before = len(requested)
    model.reset()
    assert model.rowCount() == 0
    if len(requested) == before:  # the attached tester may already have fetched again
        model.fetchMore()
    assert requested[-1] is None  # a reset starts from the first page


def test_a_failed_page_is_asked_again_only_on_retry() -> None:
    requested: list[str | None] = []
    model = ScheduledEventsModel(ZoneInfo("UTC"), requested.append, use_24h=True)
    model.fetchMore()
    model.append_page([scheduled(0)], "tok2")
    model.fetchMore()
    model.page_failed()
    # views call fetchMore on every resize and scroll: a failing server is not hammered
    assert not model.canFetchMore()
    model.fetchMore()
    assert requested == [None, "tok2"]
    model.retry_page()  # the user pressed Retry: the same page again
    assert requested == [None, "tok2", "tok2"] and model.loading
    model.append_page([scheduled(1)], None)
    assert model.rowCount() == 2 and not model.canFetchMore()


def test_canceled_rows_are_grey_italics_and_ends_on_another_day_are_short(
    qtmodeltester: Any,
) -> None:
    from PySide6.QtGui import QColor, QFont

    model = ScheduledEventsModel(ZoneInfo("America/New_York"), use_24h=True)
    overnight = scheduled(1, end_time=(START + timedelta(hours=10)).isoformat())
    week_long = scheduled(2, end_time=(START + timedelta(days=9)).isoformat())
    model.append_page([scheduled(0), overnight, week_long, scheduled(3, status="canceled")], None)
    qtmodeltester.check(model)
    for column in range(model.columnCount()):
        active, canceled = model.index(0, column), model.index(3, column)
        assert active.data(Qt.ItemDataRole.ForegroundRole) is None
        assert active.data(Qt.ItemDataRole.FontRole) is None
        assert QColor(canceled.data(Qt.ItemDataRole.ForegroundRole)).lightness() > 60
        font = canceled.data(Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.italic()
    # the start column gives the date: an end on one of the next days shows its weekday only
    year = "" if datetime.now(UTC).year == 2026 else " 2026"
    assert model.index(1, COL_START).data() == f"Thu 26 Nov{year} 16:00"
    assert model.index(1, COL_END).data() == "Fri 01:00"
    assert model.index(2, COL_END).data() == f"Sat 5 Dec{year} 15:00"  # a week or more: in full
