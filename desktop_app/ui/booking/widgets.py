"""Small building blocks for the booking dialog and the events pane.

Every label made here uses ``Qt.TextFormat.PlainText``: texts come from the API (invitee names
are untrusted) and must never be interpreted as HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_COLOR = "#b00020"
WEB_SCHEMES = frozenset({"https", "http"})
log = logging.getLogger(__name__)


def open_web_url(open_url: Callable[[QUrl], bool], url: str | None) -> bool:
    """Open ``url`` (from the API: cancel, reschedule, join URLs) with ``open_url`` (e.g.
    ``QDesktopServices.openUrl``) only when it is an http(s) URL; ``file:`` or custom schemes
    would hand untrusted text to a local handler. Returns True when it was opened."""
    if not url:
        return False
    qurl = QUrl(url.strip())
    if not qurl.isValid() or qurl.scheme().lower() not in WEB_SCHEMES or not qurl.host():
        log.warning("not opening a URL with scheme %r", qurl.scheme()[:20])
        return False
    return bool(open_url(qurl))


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A ``QLabel`` that always shows ``text`` literally."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def button_caption(text: str) -> str:
    """``text`` for a button, check box or radio button caption, shown literally.

    Button captions are never rich text, but ``&`` marks a mnemonic ("R&D" would show as "RD"
    with an Alt+D shortcut); API text (answer choices) has it doubled.
    """
    return text.replace("&", "&&")


def error_label() -> QLabel:
    """A hidden, red, plain-text label for a field's error message."""
    label = plain_label()
    label.setObjectName("fieldError")
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


def set_error(label: QLabel, message: str | None) -> None:
    """Show ``message`` in an :func:`error_label` (hide it when empty)."""
    label.setText(message or "")
    label.setVisible(bool(message))


class FieldBlock(QWidget):
    """A field with its caption above and its error message below.

    ``required`` adds a " *" to the caption. ``error`` is the error label.
    """

    def __init__(
        self, caption: str, field: QWidget, *, required: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.caption = plain_label(f"{caption} *" if required else caption)
        self.caption.setBuddy(field)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        """Show (or clear, with None/"") the field's error."""
        set_error(self.error, message)
