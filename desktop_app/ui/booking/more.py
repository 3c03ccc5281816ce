"""The "More" part of the booking form: event guests, SMS reminder number, UTM tracking
(collapsed until opened; the service sends all six tracking keys or none)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.booking import TRACKING_KEYS
from desktop_app.ui.booking.widgets import FieldBlock, error_label, plain_label, set_error


class MoreSection(QWidget):
    """Guests (<= 10 emails), SMS reminder number and the collapsible tracking fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guests = QPlainTextEdit()
        self.guests.setPlaceholderText("Up to 10 emails, separated by commas or new lines")
        self.guests.setFixedHeight(56)
        self.guests.setTabChangesFocus(True)
        self.reminder = QLineEdit()
        self.reminder.setPlaceholderText("+1 415 555 0123 (optional)")
        self.guests_block = FieldBlock("Event guests", self.guests)
        self.reminder_block = FieldBlock("SMS reminder number", self.reminder)
        self.toggle = QToolButton()
        self.toggle.setText("UTM tracking")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self.set_tracking_visible)
        self.tracking_box = QWidget()
        form = QFormLayout(self.tracking_box)
        form.setContentsMargins(16, 0, 0, 0)
        self.tracking: dict[str, QLineEdit] = {}
        for key in TRACKING_KEYS:
            edit = QLineEdit()
            edit.setObjectName(f"tracking_{key}")
            self.tracking[key] = edit
            form.addRow(plain_label(key, wrap=False), edit)
        self.tracking_error = error_label()
        form.addRow(self.tracking_error)
        self.tracking_box.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.guests_block)
        layout.addWidget(self.reminder_block)
        layout.addWidget(self.toggle)
        layout.addWidget(self.tracking_box)

    def set_tracking_visible(self, visible: bool) -> None:
        """Expand or collapse the tracking fields."""
        self.tracking_box.setVisible(visible)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if visible else Qt.ArrowType.RightArrow)
        if self.toggle.isChecked() != visible:
            self.toggle.setChecked(visible)

    def tracking_values(self) -> dict[str, str]:
        """Tracking inputs by key."""
        return {key: edit.text() for key, edit in self.tracking.items()}

    def set_tracking_error(self, message: str | None) -> None:
        """Show a tracking error (and expand the fields so it is seen)."""
        set_error(self.tracking_error, message)
        if message:
            self.set_tracking_visible(True)
