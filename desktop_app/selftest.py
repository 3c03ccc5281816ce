"""``--self-test``: on a fresh embedded sandbox, load the window, book one meeting, cancel it.

Drives the real window (so Qt plugins, the event loop and the services are all exercised):
the booking goes through the booking dialog filled with placeholders
(:mod:`desktop_app.ui.booking.autofill`), the cancellation through the events service; prints
one summary line.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

__all__ = ["run_self_test"]


async def _wait_ready(window: MainWindow, wait_s: float) -> None:
    if window.is_ready:
        return
    ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def done() -> None:
        if not ready.done():
            ready.set_result(None)

    window.ready.connect(done)
    await asyncio.wait_for(ready, wait_s)


async def run_self_test(window: MainWindow, *, wait_s: float = 60.0) -> tuple[bool, str]:
    """Returns ``(ok, one-line summary)``. Never raises."""
    started = time.monotonic()
    try:
        await _wait_ready(window, wait_s)
        session = window.session
        event_type = window.selected_event_type()
        if session is None or event_type is None or window.availability is None:
            return False, "self-test FAILED: no session or no event type after start-up"
        count = window.sidebar.model.event_type_count()
        slots = window.week_pane.model.available_times()
        if not slots:
            week = await window.availability.next_available(event_type.uri, window.week_pane.week)
            if week is None:
                return False, "self-test FAILED: no open time found in 12 weeks"
            slots = (await window.availability.load_week(event_type.uri, week)).times
        slot = slots[0]
        from desktop_app.ui.booking.autofill import book_and_cancel

        # through the booking dialog and the events service (B), not the bare client
        invitee = await book_and_cancel(window, event_type, slot, wait_s)
        event = await session.client.get_scheduled_event(invitee.event)
        window.refresh_availability(event_type.uri)
        if event.status != "canceled":
            return False, f"self-test FAILED: event status is {event.status!r} after cancel"
        took = time.monotonic() - started
        return True, (
            f"self-test ok: {count} event types, {len(slots)} open times this week, booked and "
            f"cancelled {slot.start_time:%Y-%m-%d %H:%M} UTC in {took:.1f} s"
        )
    except Exception as exc:
        return False, f"self-test FAILED: {type(exc).__name__}: {exc}"
