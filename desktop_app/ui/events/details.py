"""Details of one scheduled event: time, status, location with join URL, invitees (name, email,
time zone, answers), event guests, cancellation. Everything is plain text."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.booking_text import answer_lines, format_day, format_range
from desktop_app.services.events import EventDetails, location_text
from desktop_app.ui.booking.widgets import plain_label
from desktop_app.ui.models.week import uses_24h_clock

WORD_JOINER = "\u2060"


def zone_text(zone: ZoneInfo) -> str:
    """The zone's IANA name for a word-wrapped label: a (zero-width) word joiner after each
    "/" keeps "America/New_York" from wrapping in the middle."""
    return zone.key.replace("/", "/" + WORD_JOINER)


def details_text(details: EventDetails, zone: ZoneInfo) -> str:
    """The body of the details view as plain text."""
    event = details.event
    lines: list[str] = []
    lines.append("Invitees:" if details.invitees else "Invitees: none")
    for invitee in details.invitees:
        status = "" if invitee.status == "active" else f" ({invitee.status})"
        lines.append(f"• {invitee.name or ''} <{invitee.email}>{status}")
        lines.append(f"    Time zone: {invitee.timezone or 'not given'}")
        if invitee.text_reminder_number:
            lines.append(f"    SMS reminders: {invitee.text_reminder_number}")
        for qa in sorted(invitee.questions_and_answers, key=lambda a: a.position):
            lines.extend(f"    {line}" for line in answer_lines(qa.question, qa.answer))
        if invitee.cancellation and invitee.cancellation.reason:
            lines.append(f"    Cancellation reason: {invitee.cancellation.reason}")
    if event.event_guests:
        lines.append("")
        lines.append("Event guests: " + ", ".join(g.email for g in event.event_guests))
    if event.cancellation:
        c = event.cancellation
        lines.append("")
        when = ""
        if c.created_at:
            when = " on " + format_day(c.created_at, zone)
        lines.append(f"Canceled by {c.canceled_by or 'unknown'} ({c.canceler_type or '?'}){when}")
        lines.append(f"Reason: {c.reason or 'none given'}")
    hosts = [m.user_name or m.user_email or "" for m in event.event_memberships]
    if any(hosts):
        lines.append("")
        lines.append("Hosts: " + ", ".join(h for h in hosts if h))
    return "\n".join(lines)


class EventDetailsView(QWidget):
    """Shows an :class:`EventDetails`; buttons ask the pane to cancel, reschedule, open the
    join URL (signals carry nothing; the pane knows the selected event)."""

    cancelRequested = Signal()
    rescheduleRequested = Signal()
    joinRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.when = plain_label(selectable=True)
        self.location = plain_label(selectable=True)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.cancel_button = QPushButton("Cancel…")
        self.cancel_button.setToolTip("Cancel this event (asks for confirmation and a reason)")
        self.reschedule_button = QPushButton("Reschedule…")
        self.reschedule_button.setToolTip("Open the invitee's reschedule page in the browser")
        self.join_button = QPushButton("Join")
        self.join_button.setToolTip("Open the conference join URL in the browser")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.reschedule_button.clicked.connect(self.rescheduleRequested)
        self.join_button.clicked.connect(self.joinRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.reschedule_button)
        buttons.addWidget(self.join_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.when)
        layout.addWidget(self.location)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.details: EventDetails | None = None
        self.show_message("Select an event to see its details.")

    def show_message(self, text: str) -> None:
        """Show a message instead of an event (nothing selected, loading, error)."""
        self.details = None
        self.title.setText(text)
        for label in (self.when, self.location):
            label.setText("")
        self.body.setPlainText("")
        for button in (self.cancel_button, self.reschedule_button, self.join_button):
            button.setEnabled(False)

    def set_details(self, details: EventDetails, zone: ZoneInfo, now_ts: float) -> None:
        """Show ``details``; times in ``zone``; ``now_ts`` (POSIX) decides if Cancel applies."""
        self.details = details
        event = details.event
        minutes = int((event.end_time - event.start_time).total_seconds() // 60)
        self.title.setText(f"{event.name or 'Event'} — {event.status}")
        self.when.setText(
            f"{format_range(event.start_time, minutes, zone, use_24h=uses_24h_clock())} "
            f"{zone_text(zone)} ({minutes} min)"
        )
        self.location.setText(f"Location: {location_text(event.location) or 'none'}")
        self.body.setPlainText(details_text(details, zone))
        future = event.start_time.timestamp() > now_ts
        self.cancel_button.setEnabled(event.status == "active" and future)
        active = [i for i in details.invitees if i.status == "active" and i.reschedule_url]
        self.reschedule_button.setEnabled(bool(active) and event.status == "active")
        joinable = bool(event.location and event.location.join_url)
        self.join_button.setEnabled(joinable and event.status == "active")
