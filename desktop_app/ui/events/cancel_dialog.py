"""Confirmation dialog for canceling a scheduled event, with an optional reason.

The cancellation itself runs asynchronously through the injected ``cancel(reason)`` coroutine
function; the dialog stays open with a progress state, shows Calendly's documented 403s
("Event in the past", "Event is already canceled", "You are not allowed to cancel this event")
plainly, and emits ``canceled(ScheduledEvent)`` then closes on success; ``authFailed`` on a
401 (the window asks for a new token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import Unauthenticated
from desktop_app.calendly.models import ScheduledEvent
from desktop_app.services.booking_text import format_range
from desktop_app.services.events import MAX_REASON_CHARS, cancel_error_text
from desktop_app.ui.booking.widgets import error_label, plain_label
from desktop_app.ui.events.details import zone_text
from desktop_app.ui.events.model import EventRow
from desktop_app.ui.models.week import uses_24h_clock
from desktop_app.ui.tasks import TaskSlot

CancelFn = Callable[[str | None], Awaitable[ScheduledEvent]]


class CancelEventDialog(QDialog):
    """Asks "Cancel <event> on <time>?" with a reason box (<= 10,000 characters)."""

    canceled = Signal(object)
    authFailed = Signal(object)

    def __init__(
        self,
        event: EventRow,
        cancel: CancelFn,
        display_zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cancel scheduled event")
        self.scheduled_event = event
        self._cancel = cancel
        self._slot = TaskSlot("cancel-event", on_error=self._failed)
        minutes = int((event.end_time - event.start_time).total_seconds() // 60)
        when = format_range(event.start_time, minutes, display_zone, use_24h=uses_24h_clock())
        self.question = plain_label(
            f"Cancel “{event.name or 'event'}” on {when} {zone_text(display_zone)}?\n"
            "Invitees are notified by Calendly. This cannot be undone."
        )
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Reason (optional, sent to the invitees)")
        self.reason.textChanged.connect(self._update_count)
        self.count = plain_label("")
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton("Cancel event")
        self.keep_button = QPushButton("Keep event")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self.submit)
        self.keep_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.reason)
        layout.addWidget(self.count, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 300)
        self._update_count()
        self.keep_button.setDefault(True)  # Enter never cancels a meeting by accident

    def _update_count(self) -> None:
        used = len(self.reason.toPlainText())
        self.count.setText(f"{used:,} / {MAX_REASON_CHARS:,}")
        too_long = used > MAX_REASON_CHARS
        self.count.setStyleSheet("color: #b00020;" if too_long else "")
        self.confirm_button.setEnabled(not too_long and not self._slot.running)

    def submit(self) -> None:
        """Start the cancellation (ignored while one is running)."""
        if self._slot.running or len(self.reason.toPlainText()) > MAX_REASON_CHARS:
            return
        self.confirm_button.setEnabled(False)
        self.confirm_button.setText("Canceling…")
        self.reason.setReadOnly(True)
        self.keep_button.setEnabled(False)
        self.error.hide()
        self._slot.start(self._run(self.reason.toPlainText().strip() or None))

    async def _run(self, reason: str | None) -> None:
        updated = await self._cancel(reason)
        self.canceled.emit(updated)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(cancel_error_text(exc))
        self.error.show()
        self.reason.setReadOnly(False)
        self.keep_button.setEnabled(True)
        self.confirm_button.setText("Cancel event")
        self._update_count()
        if isinstance(exc, Unauthenticated):
            self.authFailed.emit(exc)

    def reject(self) -> None:
        """Close without canceling; ignored while the request is in flight (its outcome
        must be shown)."""
        if self._slot.running:
            return
        super().reject()
