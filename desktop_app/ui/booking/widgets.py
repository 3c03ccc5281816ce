"""Small building blocks for the booking dialog and the events pane.

Every label made here uses ``Qt.TextFormat.PlainText``: texts come from the API (invitee names
are untrusted) and must never be interpreted as HTML.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_COLOR = "#b00020"


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
