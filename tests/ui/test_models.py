"""Window models on in-memory data: structure (qtmodeltester), roles, search, DST rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fixtures_w import sample_groups, times
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.services.availability import Week, WeekAvailability
from desktop_app.ui.models import (
    EventTypeFilterProxy,
    EventTypeRoles,
    EventTypeTreeModel,
    WeekModel,
    WeekRoles,
)
from desktop_app.ui.models.week import DayState


def test_event_type_tree(qtmodeltester: Any) -> None:
    model = EventTypeTreeModel()
    qtmodeltester.check(model)
    model.set_groups(sample_groups())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    hosts = [model.index(r, 0).data() for r in range(2)]
    assert hosts == ["Sam Ortiz", "Taylor Reed"]
    taylor = model.index(1, 0)
    names = [model.index(r, 0, taylor).data() for r in range(model.rowCount(taylor))]
    assert names == ["Intro call", "Demo"]  # active first
    demo = model.index(1, 0, taylor)
    assert demo.data(EventTypeRoles.Active) is False
    assert demo.data(EventTypeRoles.Duration) == 60
    assert model.parent(demo) == taylor
    sam = model.index(0, 0)
    pricing = model.index(1, 0, sam)
    assert pricing.data(EventTypeRoles.KindLabel) == "Round robin"
    assert pricing.data(EventTypeRoles.Secret) is True
    assert model.index(0, 0, sam).data() == "<b>x</b>"  # plain text, untouched
    assert "&lt;b&gt;x&lt;/b&gt;" in model.index(0, 0, sam).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0, sam).data(EventTypeRoles.LocationKinds) == []
    assert model.first_event_type_index().data() == "<b>x</b>"
    assert model.index_of(pricing.data(EventTypeRoles.Uri)) == pricing
    assert not (model.flags(sam) & Qt.ItemFlag.ItemIsSelectable)


def test_event_type_search_proxy(qtmodeltester: Any) -> None:
    model = EventTypeTreeModel()
    model.set_groups(sample_groups())
    proxy = EventTypeFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("demo")
    assert proxy.rowCount() == 1
    host = proxy.index(0, 0)
    assert host.data() == "Taylor Reed" and proxy.rowCount(host) == 1
    proxy.set_search("sam")  # host name matches: all of the host's types stay
    assert proxy.rowCount(proxy.index(0, 0)) == 2
    proxy.set_search("round ROBIN")
    assert proxy.rowCount() == 1
    proxy.set_search("nothing like this")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_week_model_grid(qtmodeltester: Any) -> None:
    week = Week(date(2026, 11, 23), "Europe/Paris")
    model = WeekModel(week, use_24h=True)
    model.set_week(week, event_type="et", past_days=frozenset({0}))
    qtmodeltester.check(model)
    assert model.day_states()[:2] == [DayState.PAST, DayState.LOADING]
    slots = times(_utc(2026, 11, 24, 8), _utc(2026, 11, 24, 9), _utc(2026, 11, 25, 11, 30))
    model.set_availability(WeekAvailability("et", week, slots, frozenset({0})))
    qtmodeltester.check(model)
    # rows: 09:00 .. 12:30 local every 30 min
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert labels[0] == "09:00" and labels[-1] == "12:30" and len(labels) == 8
    assert model.index(0, 1).data() == "09:00"
    assert model.index(0, 1).data(WeekRoles.AvailableTime) == slots[0]
    assert model.index(7, 2).data() == "12:30"
    assert model.index(0, 2).data() is None
    assert model.slot_count() == 3
    assert "2 open" in model.headerData(1, Qt.Orientation.Horizontal)
    assert "none open" in model.headerData(3, Qt.Orientation.Horizontal)
    model.set_use_24h(False)
    assert model.index(7, 2).data() == "12:30 PM"
    assert model.headerData(0, Qt.Orientation.Vertical) == "9:00 AM"
    model.set_error()
    assert model.index(0, 1).flags() & Qt.ItemFlag.ItemIsSelectable
    assert not model.index(0, 0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert model.rowCount(model.index(0, 0)) == 0 and model.rowCount(QModelIndex()) == 8


def test_week_model_fall_back_day_repeats_an_hour(qtmodeltester: Any) -> None:
    week = Week.containing(date(2026, 11, 1), "America/New_York")
    # 05:30 and 06:30 UTC on 1 Nov are both 01:30 local (EDT, then EST)
    slots = times(_utc(2026, 11, 1, 5, 30), _utc(2026, 11, 1, 6, 30), _utc(2026, 11, 1, 14))
    model = WeekModel(week, use_24h=True)
    model.set_availability(WeekAvailability("et", week, slots))
    qtmodeltester.check(model)
    assert model.slot_count() == 3
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert "01:30" in labels and "01:30 (2nd)" in labels and labels[-1] == "09:00"
    assert model.cell_of(slots[2].start_time) == (labels.index("09:00"), 6)


def test_slot_colour_follows_the_event_type_or_the_default(qtbot: Any) -> None:
    from fixtures_w import event_type
    from PySide6.QtGui import QColor

    from desktop_app.ui.models.week import DEFAULT_SLOT_COLOR
    from desktop_app.ui.views.week_pane import WeekPane

    pane = WeekPane("UTC")
    qtbot.addWidget(pane)
    pane.set_event_type(event_type("C1", "Red", "U1", "Host", color="#ff0000"))
    assert pane.model.color == QColor("#ff0000")
    pane.set_event_type(event_type("C2", "Plain", "U1", "Host", color=None))
    assert pane.model.color == QColor(DEFAULT_SLOT_COLOR)  # not the previous type's red


def test_sidebar_counts_are_singular_or_plural(qtbot: Any) -> None:
    from fixtures_w import event_type

    from desktop_app.services.event_types import group_by_host
    from desktop_app.ui.views.sidebar import EventTypeSidebar

    sidebar = EventTypeSidebar()
    qtbot.addWidget(sidebar)
    sidebar.set_groups(sample_groups())
    assert sidebar.status.text() == "4 event types from 2 hosts"
    taylor = sidebar.model.index(1, 0)
    assert "Taylor Reed: 2 event types" in taylor.data(Qt.ItemDataRole.ToolTipRole)
    sidebar.set_groups(group_by_host([event_type("A1", "Intro call", "U1", "Taylor Reed")]))
    assert sidebar.status.text() == "1 event type from 1 host"
    assert "Taylor Reed: 1 event type<" in sidebar.model.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
