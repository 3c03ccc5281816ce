"""Keyboard and pickers: Ctrl+F, Ctrl+Left/Right, arrows, F5, the zone search, the date
picker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.ui.models.event_types import EventTypeRoles
from desktop_app.ui.models.week import WeekRoles


def test_keyboard_navigation_and_pickers(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    window = window_factory(sandbox)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pane = window.week_pane
    start = pane.week
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert pane.week == start.shifted(1)
    QTest.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert pane.week == start  # cached: shown at once
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.search.hasFocus()
    # the date picker jumps to the week holding the picked date
    target = start.days[2] + timedelta(weeks=3)
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.date_edit.setDate(QDate(target.year, target.month, target.day))
    assert pane.week == start.shifted(3)
    # Enter in the search goes to the first match; Enter in the list to the week's first slot
    QTest.keyClick(window.sidebar.search, Qt.Key.Key_Return)
    assert window.sidebar.tree.hasFocus()
    QTest.keyClick(window.sidebar.tree, Qt.Key.Key_Return)
    assert pane.grid.hasFocus()  # the first slot gets the focus once the week is loaded
    qtbot.waitUntil(lambda: pane.grid.currentIndex().data(WeekRoles.AvailableTime) is not None)
    # arrows in the tree pick the next event type; F5 reloads its week from the server
    before = pane.event_type
    window.sidebar.tree.setFocus()
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        QTest.keyClick(window.sidebar.tree, Qt.Key.Key_Down)
    assert pane.event_type is not None and before is not None
    assert pane.event_type.uri != before.uri
    assert window.sidebar.selected_event_type() == pane.event_type
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        QTest.keyClick(window, Qt.Key.Key_F5)
        assert pane.slot.running  # not served from the cache
    # arrows step over host rows: every press lands on an event type, across hosts too
    tree = window.sidebar.tree
    for key in [Qt.Key.Key_Down] * 8 + [Qt.Key.Key_Up] * 8 + [Qt.Key.Key_Home]:
        QTest.keyClick(tree, key)
        assert not tree.currentIndex().data(EventTypeRoles.IsHost)
    proxy = window.sidebar.proxy
    assert tree.currentIndex() == proxy.index(0, 0, proxy.index(0, 0))  # Home: first type
    # the zone picker finds zones by any part of the name
    picker = pane.zone_picker
    picker.lineEdit().setText("kolkata")
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        picker.lineEdit().editingFinished.emit()
    assert pane.zone == "Asia/Kolkata" and "UTC+05:30" in pane.zone_label.text()
    picker.lineEdit().setText("no such zone")
    picker.lineEdit().editingFinished.emit()
    assert pane.zone == "Asia/Kolkata" and picker.currentText() == "Asia/Kolkata"
