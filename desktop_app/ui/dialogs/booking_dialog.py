"""Booking dialog: form -> confirm -> async booking with progress -> success summary.

Dependencies come through the constructor: a :class:`BookingService`, the event type, the
chosen :class:`AvailableTime`, the display zone and a URL opener (``QDesktopServices.openUrl``
by default; tests pass a recorder). Signals: ``booked(Invitee)`` after a booking (the window
refreshes the grid and the events pane), ``slotTaken(str)`` with the event type URI when the
time was taken meanwhile (the window refreshes the grid), ``authFailed(Unauthenticated)`` on a
401 (the window asks for a new token; the dialog keeps every input).

Nothing typed is ever lost: errors are shown next to fields, the dialog goes back to the form
with every value in place. A booking is never retried silently: a 429 (nothing booked) is
waited out visibly, an unknown outcome shows the client's reconcile result.
"""

from __future__ import annotations

import asyncio
import math
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import Unauthenticated
from desktop_app.calendly.models import AvailableTime, EventType, Invitee
from desktop_app.calendly.requests import BookingRequest
from desktop_app.services.booking import (
    BookingService,
    BookingValidation,
    booking_locations,
    location_label,
    validate_booking,
)
from desktop_app.services.booking_text import (
    answer_lines,
    booking_summary,
    confirmation_text,
    describe_booking_error,
    keep_times_together,
)
from desktop_app.ui.booking.form import BookingFormWidget
from desktop_app.ui.booking.result import AlternativesBox, ConfirmPage, SuccessPage, UrlOpener
from desktop_app.ui.booking.widgets import error_label, plain_label, set_error
from desktop_app.ui.tasks import TaskSlot

PAGE_FORM, PAGE_CONFIRM, PAGE_DONE = range(3)


class BookingDialog(QDialog):
    """Books ``event_type`` at ``available_time`` for an invitee typed in the form."""

    booked = Signal(object)
    slotTaken = Signal(str)
    authFailed = Signal(object)

    def __init__(
        self,
        service: BookingService,
        event_type: EventType,
        available_time: AvailableTime,
        display_zone: ZoneInfo,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Book {event_type.name or 'meeting'}")
        self.service = service
        self.event_type = event_type
        self.available_time = available_time
        self.display_zone = display_zone
        self.validation: BookingValidation | None = None
        self.invitee: Invitee | None = None
        self.book_attempts = 0
        self._busy = False
        self._slot = TaskSlot("booking", on_error=self._unexpected)
        self._alternatives_slot = TaskSlot("booking-alternatives", on_error=self._no_alternatives)

        self.form = BookingFormWidget(event_type, available_time.start_time, display_zone)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.form)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no empty Tab stop
        self.alternatives = AlternativesBox()
        self.alternatives.chosen.connect(self.switch_time)
        form_page = QWidget()
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.alternatives)
        form_layout.addWidget(self.scroll_area, 1)
        self.confirm_page = ConfirmPage()
        self.success_page = SuccessPage(open_url)
        self.pages = QStackedWidget()
        for page in (form_page, self.confirm_page, self.success_page):
            self.pages.addWidget(page)

        self._waiting_own = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(400)
        self._wait_timer.timeout.connect(self._poll_rate_limit)
        self.message = error_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = plain_label()
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Review booking…")
        self.book_button = QPushButton("Book")
        self.close_button = QPushButton("Cancel")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.review)
        self.book_button.clicked.connect(self.book)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.back_button, self.next_button, self.book_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(560, 700)
        self._show_page(PAGE_FORM)
        self.form.name.setFocus()  # type the invitee's name right away

    # ------------------------------------------------------------------ navigation
    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page == PAGE_CONFIRM)
        self.next_button.setVisible(page == PAGE_FORM)
        self.book_button.setVisible(page == PAGE_CONFIRM)
        self.close_button.setText("Close" if page == PAGE_DONE else "Cancel")
        self.next_button.setDefault(page == PAGE_FORM)
        self.book_button.setDefault(page == PAGE_CONFIRM)
        self.close_button.setDefault(page == PAGE_DONE)
        if page == PAGE_CONFIRM:
            self.book_button.setFocus()
        elif page == PAGE_DONE:
            self.close_button.setFocus()

    def review(self) -> bool:
        """Validate the form (nothing is sent); go to the confirm step when it is valid."""
        if self._busy:
            return False
        result = validate_booking(
            self.event_type, self.available_time.start_time, self.form.form_values()
        )
        marked = self.form.show_errors(result.errors, result.hints)
        if result.request is None:
            count = len(result.errors)
            set_error(self.message, f"Please correct {count} field{'s' if count != 1 else ''}.")
            self._reveal(marked)
            return False
        self.validation = result
        set_error(self.message, None)
        self.status.setText("")
        summary = booking_summary(
            self.event_type, result.request, self.display_zone, use_24h=self.form.use_24h
        )
        self.confirm_page.summary.setText(keep_times_together(summary))
        self.confirm_page.details.setText(self._details_text(result.request))
        self.book_button.setEnabled(True)
        self._show_page(PAGE_CONFIRM)
        return True

    def back(self) -> None:
        """Back to the form (values kept); ignored while booking."""
        if self._busy:
            return
        set_error(self.message, None)
        self._show_page(PAGE_FORM)

    def _details_text(self, request: BookingRequest) -> str:
        lines = [f"Location: {self._location_text()}"] if request.location else []
        if request.event_guests:
            lines.append(f"Event guests: {', '.join(request.event_guests)}")
        for qa in request.questions_and_answers:
            lines.extend(answer_lines(qa.question, qa.answer))
        return "\n".join(lines)

    def _reveal(self, marked: tuple[QWidget, QWidget] | None) -> None:
        """Scroll the form to the first field with an error (``(part, input)`` from
        :meth:`BookingFormWidget.show_errors`) and focus its input."""
        if marked is None:
            return
        part, field = marked
        # Error labels and the "More" part may just have appeared: size the form now so the
        # scroll range and positions used are the ones about to be painted.
        QCoreApplication.sendEvent(self.scroll_area, QEvent(QEvent.Type.LayoutRequest))
        self.scroll_area.ensureWidgetVisible(part, 0, 8)  # caption, input and message
        self.scroll_area.ensureWidgetVisible(field)  # at least the input (tall parts)
        field.setFocus()

    def _location_text(self) -> str:
        options = booking_locations(self.event_type)
        index = self.form.location.selected_index()
        if index is None and len(options) == 1:
            index = 0
        if index is None or not options:
            return ""
        request = self.validation.request if self.validation else None
        label = location_label(options[index])
        location = request.location if request else None
        if location and location.kind == "outbound_call":
            return f"Host calls the invitee at {location.location}"
        if location and location.kind == "ask_invitee":
            return f"{location.location} (given by the invitee)"
        return label

    # ------------------------------------------------------------------ booking
    def book(self) -> None:
        """Send the booking once (ignored while one is running or without a valid review)."""
        if self._busy or self.validation is None or self.validation.request is None:
            return
        if self.pages.currentIndex() != PAGE_CONFIRM:
            return
        self._set_busy(True, "Booking…")
        self._slot.start(self._book(self.validation.request))

    def _poll_rate_limit(self) -> None:
        """While booking: say so when the client holds the request for the booking limit."""
        if not self._busy or self._waiting_own:
            return
        wait = self.service.booking_wait_seconds()
        if wait > 0.5:
            self.status.setText(
                "Calendly's booking limit is reached: waiting "
                f"{math.ceil(wait)} s before sending. Nothing is booked yet."
            )
        else:
            self.status.setText("Booking…")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if busy:
            self._wait_timer.start()
        else:
            self._wait_timer.stop()
        self.progress.setVisible(busy)
        self.status.setText(text)
        self.book_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        self.form.setEnabled(not busy)

    async def _book(self, request: BookingRequest) -> None:
        while True:
            self.book_attempts += 1
            try:
                invitee = await self.service.book(request)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # every outcome is shown; unknown ones are classified
                fields = self.validation.question_fields if self.validation else []
                failure = describe_booking_error(exc, fields)
                if failure.kind == "rate_limited" and failure.retry_after is not None:
                    await self._wait_rate_limit(failure.message, failure.retry_after)
                    continue
                self._set_busy(False)
                self._show_failure(failure.kind, failure.message, failure.field_errors)
                if isinstance(exc, Unauthenticated):
                    self.authFailed.emit(exc)
                return
            break
        self._set_busy(False)
        self.invitee = invitee
        confirmation = confirmation_text(
            self.event_type,
            request,
            invitee,
            self._location_text(),
            self.display_zone,
            use_24h=self.form.use_24h,
        )
        self.success_page.show_invitee(invitee, confirmation)
        set_error(self.message, None)
        self.status.setText("")
        self._show_page(PAGE_DONE)
        self.booked.emit(invitee)

    async def _wait_rate_limit(self, message: str, seconds: float) -> None:
        """429 means nothing was booked: wait visibly, then send again."""
        remaining = int(seconds + 0.999)
        self.close_button.setEnabled(False)
        while remaining > 0:
            self.status.setText(f"{message} Nothing was booked. Trying again in {remaining} s…")
            await asyncio.sleep(1)
            remaining -= 1
        self.status.setText("Booking…")

    def _show_failure(self, kind: str, message: str, field_errors: dict[str, str]) -> None:
        set_error(self.message, message)
        if kind == "fields":
            marked = self.form.show_errors(field_errors)
            self._show_page(PAGE_FORM)
            self._reveal(marked)
        elif kind == "slot_taken":
            self._show_page(PAGE_FORM)
            set_error(self.message, None)
            self.alternatives.show_loading(message)
            self.slotTaken.emit(self.event_type.uri)
            self._alternatives_slot.start(self._load_alternatives(message))
        elif kind in ("scope", "plan", "unknown_outcome", "auth"):
            self.book_button.setEnabled(False)  # retrying cannot help / must not happen blindly
        # not_created, permission, other: Book stays enabled for an explicit new attempt

    async def _load_alternatives(self, message: str) -> None:
        start = self.available_time.start_time
        times = await self.service.alternatives(self.event_type.uri, start)
        self.alternatives.show_times(
            message, times, self.display_zone, self.event_type.duration, self.form.use_24h
        )

    def _no_alternatives(self, exc: BaseException) -> None:
        self.alternatives.show_times(
            "That time has just been taken; open times could not be loaded "
            f"({type(exc).__name__}).",
            [],
            self.display_zone,
            self.event_type.duration,
            self.form.use_24h,
        )

    def switch_time(self, available: AvailableTime) -> None:
        """Use ``available`` instead of the taken time; keeps every input; re-confirm."""
        if self._busy:
            return
        self.available_time = available
        self.form.set_start_time(available.start_time)
        self.alternatives.hide()
        self.review()

    def _unexpected(self, exc: BaseException) -> None:
        self._set_busy(False)
        set_error(self.message, f"Booking failed unexpectedly: {type(exc).__name__}")

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Close; ignored while the booking request is in flight (its outcome must be seen)."""
        if self._busy:
            return
        self._alternatives_slot.cancel()
        super().reject()


def open_booking_dialog(
    service: BookingService,
    event_type: EventType,
    available_time: AvailableTime,
    display_zone: ZoneInfo,
    parent: QWidget | None = None,
) -> BookingDialog:
    """Create and show (non-blocking, window-modal) a :class:`BookingDialog`."""
    dialog = BookingDialog(service, event_type, available_time, display_zone, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog


__all__ = ["BookingDialog", "open_booking_dialog"]
