"""``--screenshot-dialog PATH`` and ``--screenshot-events PATH``: pictures of the booking dialog
(filled in, with a field error and the "did you mean" hint visible) and of the "Scheduled
events" tab (first page, first event's details), taken offscreen with ``QWidget.grab()``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.calendly.models import EventType
from desktop_app.ui.booking.autofill import wait_until

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

PREFERRED_TYPE = "Strategy Session"  # demo seed: address + Teams, single and multi select


def _save(widget: QWidget, path: str) -> bool:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(target))


def _preferred(window: MainWindow) -> EventType | None:
    for group in window.sidebar.model.groups():
        for et in group.event_types:
            if et.name == PREFERRED_TYPE:
                return et
    return window.selected_event_type()


async def shoot_dialog(window: MainWindow, path: str, wait_s: float) -> bool:
    """Open the booking dialog on the first open time, fill it partly, review, grab."""
    pane = window.week_pane
    et = _preferred(window)
    if et is None or window.availability is None:
        raise RuntimeError("no event type to book")
    current = window.selected_event_type()
    if current is None or current.uri != et.uri:
        shown: list[object] = []
        pane.weekShown.connect(shown.append)
        window.sidebar.select(et.uri)
        await wait_until(lambda: bool(shown), wait_s, "the week")
        pane.weekShown.disconnect(shown.append)
    times = pane.model.available_times()
    if not times:
        week = await window.availability.next_available(et.uri, pane.week)
        if week is None:
            raise RuntimeError("no open time in 12 weeks")
        times = list((await window.availability.load_week(et.uri, week)).times)
    dialog = window.open_booking(et, times[0])
    if dialog is None:
        raise RuntimeError("no booking dialog")
    from desktop_app.ui.dialogs.booking_dialog import BookingDialog

    assert isinstance(dialog, BookingDialog)
    form = dialog.form
    form.name.setText("Ana Díaz")
    form.email.setText("ana@gmial.com")
    form.zone.set_zone("Europe/Madrid")
    form.location.select(0)
    for question in form.questions:
        if question.question.type == "multi_select" and question.choices:
            question.choices[0].setChecked(True)
    dialog.review()  # the required single-select is left empty: its error shows
    await asyncio.sleep(0.2)
    ok = _save(dialog, path)
    dialog.reject()
    return ok


async def shoot_events(window: MainWindow, path: str, wait_s: float) -> bool:
    """Show the "Scheduled events" tab with its first page and the first event's details."""
    events = window.booking.pane
    if events is None:
        raise RuntimeError("no events pane")
    window.tabs.setCurrentWidget(events)
    await wait_until(lambda: events.model.rowCount() > 0 and not events.model.loading, wait_s,
                 "scheduled events")
    events.select_row(0)
    await wait_until(lambda: events.details.details is not None, wait_s, "event details")
    window.grab()  # paints the table once, which asks for the visible rows' invitee names
    rows = min(events.model.rowCount(), 20)
    await wait_until(
        lambda: all("…" not in str(events.model.data(events.model.index(r, 3)))
                    for r in range(rows)),
        min(wait_s, 5.0), "invitee names",
    )
    await asyncio.sleep(0.2)
    return _save(window, path)


async def take_screenshots(
    window: MainWindow, *, dialog_path: str | None, events_path: str | None, wait_s: float
) -> tuple[bool, str]:
    """Wait for the window to be ready, then take the requested pictures.

    Returns ``(ok, one-line summary)``; never raises.
    """
    try:
        await wait_until(lambda: window.is_ready, wait_s, "the window")
        done = []
        if dialog_path:
            if not await shoot_dialog(window, dialog_path, wait_s):
                return False, f"screenshot FAILED: could not save {dialog_path}"
            done.append(dialog_path)
        if events_path:
            if not await shoot_events(window, events_path, wait_s):
                return False, f"screenshot FAILED: could not save {events_path}"
            done.append(events_path)
        return True, "screenshot saved to " + ", ".join(done)
    except Exception as exc:
        return False, f"screenshot FAILED: {type(exc).__name__}: {exc}"
