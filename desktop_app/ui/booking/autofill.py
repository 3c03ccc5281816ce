"""``--self-test`` path through the real booking dialog and events service: open the dialog
for a slot, fill placeholder values that satisfy the event type (required questions, location
input), review, book, then cancel the meeting through :class:`EventsService`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.calendly.models import AvailableTime, EventType, Invitee
from desktop_app.ui.dialogs.booking_dialog import BookingDialog

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

PLACEHOLDER_PHONE = "+14155550123"


async def wait_until(check: Callable[[], bool], wait_s: float, what: str) -> None:
    """Poll ``check`` every 20 ms (the Qt loop keeps running); ``TimeoutError`` naming ``what``
    after ``wait_s`` seconds. For the headless flag paths (self-test, screenshots) only."""
    deadline = time.monotonic() + wait_s
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def fill_placeholders(dialog: BookingDialog, email: str = "self-test@example.com") -> None:
    """Fill name, email, the first location (and its input) and every required question."""
    form = dialog.form
    form.name.setText("Self Test")
    form.email.setText(email)
    location = form.location
    if location.options:
        location.select(0)
        edit = location.inputs.get(0)
        if edit is not None:
            kind = location.options[0].kind
            edit.setText(PLACEHOLDER_PHONE if kind == "outbound_call" else "Self-test room")
    for widget in form.questions:
        question = widget.question
        if not question.required:
            continue
        if widget.choices:
            widget.choices[0].setChecked(True)
        elif widget.other_button is not None and widget.other_edit is not None:
            widget.other_button.setChecked(True)
            widget.other_edit.setText("Self-test")
        elif widget.text is not None:
            widget.text.setPlainText("Self-test")
        elif widget.line is not None:
            phone = question.type == "phone_number"
            widget.line.setText(PLACEHOLDER_PHONE if phone else "Self-test")


async def book_and_cancel(
    window: MainWindow, event_type: EventType, slot: AvailableTime, wait_s: float = 30.0
) -> Invitee:
    """Book ``slot`` through the booking dialog, then cancel it through the events service.

    Raises ``RuntimeError`` with the dialog's message when the booking fails.
    """
    dialog = window.open_booking(event_type, slot)
    if not isinstance(dialog, BookingDialog):
        raise RuntimeError("the booking dialog did not open")
    try:
        fill_placeholders(dialog)
        if not dialog.review():
            raise RuntimeError(f"form rejected: {dialog.message.text()}")
        dialog.book()
        await wait_until(
            lambda: dialog.invitee is not None or not dialog._busy, wait_s, "the booking"
        )
        invitee = dialog.invitee
        if invitee is None:
            raise RuntimeError(f"booking failed: {dialog.message.text()}")
    finally:
        dialog.reject()
    service = window.booking.events_service
    if service is None:
        raise RuntimeError("no events service")
    await service.cancel(invitee.event, "desktop-app --self-test")
    return invitee
