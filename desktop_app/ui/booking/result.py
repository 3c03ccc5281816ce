"""Pages of the booking dialog other than the form: the confirm step, the success page, and
the "nearest open times" box shown when the chosen time was taken meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.models import AvailableTime, Invitee
from desktop_app.services.booking_text import format_range, keep_times_together
from desktop_app.ui.booking.widgets import open_web_url, plain_label

UrlOpener = Callable[[QUrl], bool]


class ConfirmPage(QWidget):
    """ "Book … for …?" summary; the dialog's Book button confirms."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = plain_label()
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.details = plain_label()
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Please confirm:"))
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addStretch(1)


class SuccessPage(QWidget):
    """Booked: summary, cancel/reschedule URLs (copy, open), "Copy confirmation"."""

    def __init__(self, open_url: UrlOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_url = open_url
        self.confirmation = ""
        self.headline = plain_label("Booked.")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.headline.setFont(font)
        self.summary = plain_label(selectable=True)
        grid = QGridLayout()
        self.cancel_url = QLineEdit()
        self.reschedule_url = QLineEdit()
        self.url_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        for row, (label, edit) in enumerate(
            (("Cancel link", self.cancel_url), ("Reschedule link", self.reschedule_url))
        ):
            edit.setReadOnly(True)
            copy = QPushButton("Copy")
            opener = QPushButton("Open")
            copy.clicked.connect(lambda _c=False, e=edit: self.copy(e.text()))
            opener.clicked.connect(lambda _c=False, e=edit: self._open(e.text()))
            self.url_buttons[label] = (copy, opener)
            grid.addWidget(plain_label(label, wrap=False), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(copy, row, 2)
            grid.addWidget(opener, row, 3)
        self.copy_confirmation = QPushButton("Copy confirmation")
        self.copy_confirmation.clicked.connect(lambda: self.copy(self.confirmation))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_confirmation)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_invitee(self, invitee: Invitee, confirmation: str) -> None:
        """Fill the page from the created invitee and the plain-text confirmation."""
        self.confirmation = confirmation  # copied as is: plain spaces
        self.summary.setText(keep_times_together(confirmation))
        for edit, url in ((self.cancel_url, invitee.cancel_url),
                          (self.reschedule_url, invitee.reschedule_url)):
            edit.setText(url or "")
            edit.setCursorPosition(0)  # show where the URL starts, not its end
        for (copy, opener), url in zip(
            self.url_buttons.values(), (invitee.cancel_url, invitee.reschedule_url), strict=True
        ):
            copy.setEnabled(bool(url))
            opener.setEnabled(bool(url))

    @staticmethod
    def copy(text: str) -> None:
        """Put ``text`` on the clipboard as plain text."""
        QGuiApplication.clipboard().setText(text)

    def _open(self, url: str) -> None:
        open_web_url(self._open_url, url)


class AlternativesBox(QWidget):
    """Up to three "nearest open time" buttons; ``chosen(AvailableTime)`` on click."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = plain_label()
        self.message.setStyleSheet("color: #b00020;")
        self.row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addLayout(self.row)
        self.hide()

    def show_loading(self, message: str) -> None:
        """Show ``message`` while alternatives load."""
        self._clear()
        self.message.setText(message + "\nLooking for the nearest open times…")
        self.show()

    def show_times(
        self,
        message: str,
        times: list[AvailableTime],
        zone: ZoneInfo,
        minutes: int,
        use_24h: bool = True,
    ) -> None:
        """Offer ``times`` (one button each) in ``zone``."""
        self._clear()
        if times:
            self.message.setText(message + "\nNearest open times (one click to switch):")
        else:
            self.message.setText(message + "\nNo open times nearby; pick one in the week grid.")
        for available in times:
            # day above the times: three buttons fit the dialog's width even with AM/PM
            text = format_range(available.start_time, minutes, zone, use_24h=use_24h)
            button = QPushButton(text.replace(", ", "\n", 1))
            button.setToolTip(f"{text} {zone.key}")
            button.setMinimumWidth(1)  # may shrink (the tooltip has it all): no wider dialog
            button.clicked.connect(lambda _c=False, t=available: self.chosen.emit(t))
            self.buttons.append(button)
            self.row.addWidget(button)
        self.row.addStretch(1)
        self.show()

    def _clear(self) -> None:
        for button in self.buttons:
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        while self.row.count():
            self.row.takeAt(0)
