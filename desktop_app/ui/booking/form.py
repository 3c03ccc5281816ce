"""The booking form: what is booked (event type, host, times in both zones, duration), the
invitee, the location, the custom questions and the "More" part.

It only collects raw values (:meth:`BookingFormWidget.form_values`) and shows errors and
hints by field key (:meth:`show_errors`); checking is done by
:func:`desktop_app.services.booking.validate_booking`.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.models import EventType
from desktop_app.services import booking as svc
from desktop_app.services.booking_text import format_range, host_name, keep_times_together
from desktop_app.ui.booking.location import LocationSection
from desktop_app.ui.booking.more import MoreSection
from desktop_app.ui.booking.questions import QuestionWidget
from desktop_app.ui.booking.widgets import FieldBlock, button_caption, plain_label
from desktop_app.ui.models.week import uses_24h_clock
from desktop_app.ui.views.zone_picker import ZoneComboBox


class ZonePicker(ZoneComboBox):
    """The invitee's time zone: any IANA name, typed (any part matches) or picked. Free text
    is allowed; :func:`~desktop_app.services.booking.validate_booking` checks it."""

    def set_zone(self, zone: str) -> None:
        """Select ``zone`` (added when missing from the list)."""
        if self.findText(zone) < 0:
            self.addItem(zone)
        self.setCurrentText(zone)

    def zone(self) -> str:
        """The typed or chosen zone name (stripped)."""
        return self.currentText().strip()


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class BookingFormWidget(QWidget):
    """All inputs of a booking; ``zoneChanged`` when the invitee's zone changes."""

    zoneChanged = Signal(str)

    def __init__(
        self,
        event_type: EventType,
        start_time: datetime,
        display_zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.event_type = event_type
        self.display_zone = display_zone
        self.start_time = start_time
        self.use_24h = uses_24h_clock()
        layout = QVBoxLayout(self)

        self.title = plain_label(event_type.name or "Event")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        host = host_name(event_type)
        self.host = plain_label(f"Host: {host}" if host else "")
        self.when_display = plain_label()
        self.when_invitee = plain_label()
        self.duration = plain_label(f"Duration: {event_type.duration} min")
        for widget in (self.title, self.host, self.when_display, self.when_invitee, self.duration):
            layout.addWidget(widget)
        layout.addWidget(_separator())

        self.name = QLineEdit()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.split_name = QCheckBox("Separate first and last name")
        self.split_name.toggled.connect(self._split_toggled)
        self.name_block = FieldBlock("Invitee name", self.name, required=True)
        self.first_block = FieldBlock("First name", self.first_name, required=True)
        self.last_block = FieldBlock("Last name", self.last_name)
        names = QHBoxLayout()
        names.addWidget(self.first_block)
        names.addWidget(self.last_block)
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.email_block = FieldBlock("Email", self.email, required=True)
        self.email_hint = QPushButton()
        self.email_hint.setFlat(True)
        self.email_hint.setStyleSheet("text-align: left; color: #1a5fb4;")
        self.email_hint.clicked.connect(self._apply_hint)
        self.email_hint.hide()
        self._suggestion = ""
        self.email.textEdited.connect(lambda _t: self.email_hint.hide())
        self.zone = ZonePicker(display_zone.key)
        self.zone_block = FieldBlock("Invitee's time zone", self.zone, required=True)
        self.zone.currentTextChanged.connect(self._zone_changed)
        layout.addWidget(self.name_block)
        layout.addLayout(names)
        layout.addWidget(self.split_name)
        layout.addWidget(self.email_block)
        layout.addWidget(self.email_hint)
        layout.addWidget(self.zone_block)
        self._split_toggled(False)

        self.location = LocationSection(svc.booking_locations(event_type))
        if self.location.options:
            layout.addWidget(_separator())
            layout.addWidget(self.location)

        self.questions = [QuestionWidget(q) for q in svc.booking_questions(event_type)]
        if self.questions:
            layout.addWidget(_separator())
            for question in self.questions:
                layout.addWidget(question)
        layout.addWidget(_separator())
        self.more_toggle = QCheckBox("More: event guests, SMS reminder, tracking")
        self.more = MoreSection()
        self.more.setVisible(False)
        self.more_toggle.toggled.connect(self.more.setVisible)
        layout.addWidget(self.more_toggle)
        layout.addWidget(self.more)
        layout.addStretch(1)
        self.set_start_time(start_time)

    # ------------------------------------------------------------------ slot & zone
    def set_start_time(self, start_time: datetime) -> None:
        """Show the (new) slot's start/end in the display zone and the invitee's zone."""
        self.start_time = start_time
        minutes = self.event_type.duration
        shown = format_range(start_time, minutes, self.display_zone, use_24h=self.use_24h)
        self.when_display.setText(
            keep_times_together(f"When: {shown} {self.display_zone.key} (your display zone)")
        )
        self._zone_changed(self.zone.zone())

    def _zone_changed(self, name: str) -> None:
        try:
            zone = ZoneInfo(name.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.when_invitee.setText("For the invitee: choose a valid time zone")
            return
        text = format_range(
            self.start_time, self.event_type.duration, zone, use_24h=self.use_24h
        )
        self.when_invitee.setText(keep_times_together(f"For the invitee: {text} {zone.key}"))
        self.zoneChanged.emit(zone.key)

    def _split_toggled(self, split: bool) -> None:
        if split and not self.first_name.text() and self.name.text().strip():
            first, _, last = self.name.text().strip().partition(" ")
            self.first_name.setText(first)
            self.last_name.setText(last)
        self.name_block.setVisible(not split)
        self.first_block.setVisible(split)
        self.last_block.setVisible(split)

    def _apply_hint(self) -> None:
        if self._suggestion:
            self.email.setText(self._suggestion)
        self.email_hint.hide()

    # ------------------------------------------------------------------ values & errors
    def form_values(self) -> svc.BookingForm:
        """Raw values as typed."""
        return svc.BookingForm(
            name=self.name.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            split_name=self.split_name.isChecked(),
            email=self.email.text(),
            timezone=self.zone.zone(),
            location_index=self.location.selected_index(),
            location_input=self.location.input_text(),
            answers={i: w.answer() for i, w in enumerate(self.questions)},
            guests=self.more.guests.toPlainText(),
            text_reminder_number=self.more.reminder.text(),
            tracking=self.more.tracking_values(),
        )

    def _blocks(self) -> dict[str, FieldBlock]:
        return {
            svc.FIELD_NAME: self.name_block,
            svc.FIELD_FIRST_NAME: self.first_block,
            svc.FIELD_LAST_NAME: self.last_block,
            svc.FIELD_EMAIL: self.email_block,
            svc.FIELD_TIMEZONE: self.zone_block,
            svc.FIELD_GUESTS: self.more.guests_block,
            svc.FIELD_REMINDER: self.more.reminder_block,
        }

    def show_errors(
        self, errors: dict[str, str], hints: dict[str, str] | None = None
    ) -> tuple[QWidget, QWidget] | None:
        """Put each error next to its field (others cleared) and focus the first one.

        Returns the first part with an error in form order, as ``(part, input)`` (the part
        holds the caption and the message), for the dialog to scroll to; None without one.
        Unknown keys are ignored (the dialog shows general errors itself)."""
        blocks = self._blocks()
        marked: list[tuple[QWidget, QWidget]] = []
        for key, block in blocks.items():
            block.set_error(errors.get(key))
            if key in errors and key not in (svc.FIELD_GUESTS, svc.FIELD_REMINDER):
                marked.append((block, block.field))
        self.location.set_error(errors.get(svc.FIELD_LOCATION))
        if svc.FIELD_LOCATION in errors:
            marked.append((self.location, self.location.focus_target()))
        for index, widget in enumerate(self.questions):
            message = errors.get(svc.question_field(index))
            widget.set_error(message)
            if message:
                marked.append((widget, widget.focus_target()))
        for key in (svc.FIELD_GUESTS, svc.FIELD_REMINDER):  # below the questions
            if key in errors:
                marked.append((blocks[key], blocks[key].field))
        tracking = {k: v for k, v in errors.items() if k.startswith("tracking.")}
        self.more.set_tracking_error("\n".join(tracking.values()) or None)
        if tracking:
            key = next(iter(tracking)).removeprefix("tracking.")
            edit = self.more.tracking.get(key) or next(iter(self.more.tracking.values()))
            marked.append((self.more.tracking_box, edit))
        if any(k in errors for k in (svc.FIELD_GUESTS, svc.FIELD_REMINDER)) or tracking:
            self.more_toggle.setChecked(True)
        suggestion = (hints or {}).get(svc.FIELD_EMAIL)
        self._suggestion = suggestion or ""
        self.email_hint.setText(button_caption(f"Did you mean {suggestion}?") if suggestion else "")
        self.email_hint.setVisible(bool(suggestion))
        if not marked:
            return None
        marked[0][1].setFocus()
        return marked[0]
