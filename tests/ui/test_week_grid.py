"""The week grid: where it scrolls to when a week is painted, and readable slot colours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fixtures_w import api_event_types, times
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage
from window_fixtures import WindowFactory, window_factory_fixture  # noqa: F401

from desktop_app.services.availability import Week, WeekAvailability
from desktop_app.ui.delegates.slot_colors import (
    TEXT_CONTRAST,
    contrast_ratio,
    parse_hex,
    readable_on,
    slot_colors,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.week import WeekModel
from desktop_app.ui.views.week_grid import WeekGrid

LIGHT_COLORS = ["#1de9b6", "#17e885", "#ffa600", "#00a2c7", "#ffff00", "#ffffff"]


def show_type(window: MainWindow, qtbot: Any, name: str) -> str:
    """Select the event type ``name`` and wait for its week; returns its URI."""
    et = next(
        et for g in window.sidebar.model.groups() for et in g.event_types if et.name == name
    )
    pane = window.week_pane
    if pane.event_type is None or pane.event_type.uri != et.uri:
        with qtbot.waitSignal(pane.weekShown, timeout=10000):
            assert window.sidebar.select(et.uri)
    qtbot.waitUntil(lambda: not pane.slot.running)
    return et.uri


def top_row(window: MainWindow) -> int:
    grid = window.week_pane.grid
    return grid.rowAt(0)


def test_new_week_starts_at_its_first_open_time_a_refresh_keeps_the_scroll(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    # Tokyo display zone, New York hosts: open times run round the clock, more rows than fit
    window = window_factory(sandbox, zone="Asia/Tokyo")
    pane, grid = window.week_pane, window.week_pane.grid
    bar = grid.verticalScrollBar()
    uri = show_type(window, qtbot, "Intro Call")
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(pane.week.shifted(1))
    assert pane.model.slot_count()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # more rows than fit
    assert top_row(window) == pane.model.first_open_row()
    bar.setValue(bar.maximum() // 2)  # the user scrolls down (not to the end: the height of
    scrolled = bar.value()  # the viewport changes with the inline message, and so the end)
    assert top_row(window) > pane.model.first_open_row()
    # refreshes of the same event type, week and zone leave the grid where the user put it
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.reload(force=True)  # from the server (F5)
    assert bar.value() == scrolled
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        window.refresh_availability(uri)  # after a booking or a cancellation
    assert bar.value() == scrolled
    window.refresh()  # F5 also reloads the event types, which re-selects the same type
    qtbot.waitUntil(lambda: not pane.slot.running and not window.types_slot.running)
    assert bar.value() == scrolled
    # another week, zone or event type starts at its first open time again
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.go(pane.week.shifted(1))
    assert bar.value() == grid.verticalHeader().sectionPosition(pane.model.first_open_row())
    assert top_row(window) == pane.model.first_open_row()
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(pane.weekShown, timeout=10000):
        pane.set_zone("Pacific/Auckland")
    assert top_row(window) == pane.model.first_open_row()
    bar.setValue(bar.maximum())
    show_type(window, qtbot, "Evening Consultation")
    assert top_row(window) == pane.model.first_open_row()


def test_first_open_row_is_the_earliest_row_with_a_time() -> None:
    week = Week(date(2026, 11, 23), "UTC")
    model = WeekModel(week, use_24h=True)
    assert model.first_open_row() == 0  # empty
    day = datetime(2026, 11, 24, tzinfo=UTC)
    slots = times(day + timedelta(hours=15), day + timedelta(days=1, hours=9))
    model.set_availability(WeekAvailability("et", week, slots))
    assert model.headerData(model.first_open_row(), Qt.Orientation.Vertical) == "09:00"


# -- slot colours ------------------------------------------------------------------------------


def test_slot_colours_of_every_seeded_event_type_are_readable(sandbox: Any) -> None:
    colors = {str(et["color"]) for et in api_event_types(sandbox)} | set(LIGHT_COLORS)
    assert len(colors) >= 8
    for color in sorted(colors):
        c = slot_colors(parse_hex(color))
        assert contrast_ratio(c.text, c.fill) >= TEXT_CONTRAST, color
        assert contrast_ratio(c.active_text, c.active_fill) >= TEXT_CONTRAST, color
        assert contrast_ratio(c.border, c.fill) >= 3.0, color
    # the hue is kept: a colour that is already readable is not changed
    assert readable_on((0, 0, 160), (255, 255, 255)) == (0, 0, 160)
    # on a dark background the colour is lightened instead
    dark = (32, 33, 36)
    shade = readable_on(parse_hex("#0069ff"), dark)
    assert contrast_ratio(shade, dark) >= TEXT_CONTRAST


def _slot_pixels(grid: WeekGrid, row: int, col: int) -> tuple[QColor, QColor]:
    """(fill, text) colours painted in a slot: the fill beside the text, and the text pixel
    that contrasts most with it (the big font makes glyph stems fully covered pixels)."""
    image: QImage = grid.viewport().grab().toImage()
    rect = grid.visualRect(grid.model().index(row, col))
    fill = image.pixelColor(rect.left() + 9, rect.center().y())
    inner = rect.adjusted(12, 8, -12, -8)
    fill_rgb = (fill.red(), fill.green(), fill.blue())
    best, best_ratio = fill, 1.0
    for x in range(inner.left(), inner.right()):
        for y in range(inner.top(), inner.bottom()):
            px = image.pixelColor(x, y)
            ratio = contrast_ratio((px.red(), px.green(), px.blue()), fill_rgb)
            if ratio > best_ratio:
                best, best_ratio = px, ratio
    return fill, best


@pytest.mark.parametrize("color", ["#0069ff", "#17e885", "#ff4f00", "#ffa600", "#00a2c7"])
def test_painted_slot_text_contrasts_4_5_to_1(qtbot: Any, color: str) -> None:
    week = Week(date(2026, 11, 23), "UTC")
    model = WeekModel(week, use_24h=True)
    day = datetime(2026, 11, 24, 9, tzinfo=UTC)
    model.set_availability(WeekAvailability("et", week, times(day, day + timedelta(days=1))))
    model.set_color(QColor(color))
    grid = WeekGrid(model)
    qtbot.addWidget(grid)
    font = QFont(grid.font())
    font.setPixelSize(30)
    font.setBold(True)
    grid.setFont(font)
    grid.verticalHeader().setDefaultSectionSize(60)
    grid.resize(1400, 300)
    grid.show()
    qtbot.waitExposed(grid)
    for col, selected in ((1, False), (2, True)):
        if selected:
            grid.setCurrentIndex(model.index(0, col))
        fill, text = _slot_pixels(grid, 0, col)
        rgb = (text.red(), text.green(), text.blue()), (fill.red(), fill.green(), fill.blue())
        ratio = contrast_ratio(*rgb)
        assert ratio >= TEXT_CONTRAST, (color, selected, fill.name(), text.name(), ratio)


def test_selected_sidebar_row_draws_location_icons_in_the_highlight_text_colour(
    sandbox: Any, window_factory: WindowFactory, qtbot: Any
) -> None:
    from PySide6.QtGui import QPalette

    window = window_factory(sandbox)
    tree = window.sidebar.tree
    index = tree.currentIndex()
    assert index.isValid() and tree.selectionModel().isSelected(index)
    image: QImage = tree.viewport().grab().toImage()
    rect = tree.visualRect(index)
    palette = tree.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    ink = palette.color(QPalette.ColorRole.HighlightedText)
    # the icons sit at the right end of the row's second line
    box = rect.adjusted(rect.width() - 80, rect.height() // 2, -2, -2)

    def near(px: QColor, colour: QColor) -> bool:
        return max(abs(px.red() - colour.red()), abs(px.green() - colour.green()),
                   abs(px.blue() - colour.blue())) < 40

    pixels = [image.pixelColor(x, y) for x in range(box.left(), box.right())
              for y in range(box.top(), box.bottom())]
    assert sum(near(px, highlight) for px in pixels) > len(pixels) // 2  # the highlight
    assert sum(near(px, ink) for px in pixels) >= 10  # icons in the highlighted-text colour
