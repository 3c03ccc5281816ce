"""Single-use scheduling link: ``POST /scheduling_links`` (max_event_count 1) for an event
type, then show ``booking_url`` and copy it to the clipboard.

Opened from the sidebar's context menu or the toolbar ("Create single-use link"); the
service comes through the constructor. Errors (missing scope, plan, network) are shown plainly;
a 401 also emits ``authFailed(Unauthenticated)`` (the window asks for a new token).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import (
    CalendlyError,
    InsufficientScope,
    PermissionDenied,
    Unauthenticated,
)
from desktop_app.calendly.models import EventType, SchedulingLink
from desktop_app.services.booking import BookingService
from desktop_app.ui.booking.widgets import error_label, plain_label, set_error
from desktop_app.ui.tasks import TaskSlot


def link_error_text(exc: BaseException) -> str:
    """Plain sentence for a failed ``POST /scheduling_links``."""
    if isinstance(exc, InsufficientScope):
        scopes = ", ".join(exc.required_scopes) or "scheduling_links:write"
        return f"The access token lacks the scope needed to create links ({scopes})."
    if isinstance(exc, PermissionDenied):
        return f"Calendly refused to create the link: {exc.message or exc.title}"
    if isinstance(exc, CalendlyError):
        return f"Could not create the link: {exc.message or exc.title}"
    return f"Could not create the link: {type(exc).__name__}"


class SchedulingLinkDialog(QDialog):
    """Creates one single-use link on :meth:`create` (called by ``start()``)."""

    authFailed = Signal(object)

    def __init__(
        self, service: BookingService, event_type: EventType, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Single-use scheduling link")
        self.service = service
        self.event_type = event_type
        self.link: SchedulingLink | None = None
        self._slot = TaskSlot("scheduling-link", on_error=self._failed)
        self.intro = plain_label(
            f"A link that books “{event_type.name or 'this event type'}” once, then expires."
        )
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.start)
        self.retry_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.status = plain_label()
        self.error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.copy_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)  # spare height below the content, not around the intro
        layout.addLayout(buttons)
        self.resize(520, 160)

    def start(self) -> None:
        """Create the link (asynchronously)."""
        set_error(self.error, None)
        self.url.setPlaceholderText("Creating…")
        self.retry_button.hide()
        self.progress.show()
        self.status.setText("Creating link…")
        self._slot.start(self._create())

    async def _create(self) -> None:
        self.link = await self.service.create_single_use_link(self.event_type.uri)
        self.progress.hide()
        self.url.setText(self.link.booking_url)
        self.url.setCursorPosition(0)  # show where the URL starts, not its end
        self.copy_button.setEnabled(True)
        self.copy()

    def copy(self) -> None:
        """Copy the booking URL to the clipboard."""
        if self.link is not None:
            QGuiApplication.clipboard().setText(self.link.booking_url)
            self.status.setText("Copied to the clipboard.")

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.status.setText("")
        self.url.setPlaceholderText("No link was created.")
        set_error(self.error, link_error_text(exc))
        self.retry_button.show()
        if isinstance(exc, Unauthenticated):
            self.authFailed.emit(exc)

    def done(self, result: int) -> None:
        """Close (a pending creation is abandoned)."""
        self._slot.cancel()
        super().done(result)
