"""Location section of the booking dialog: one control per location option of the event type.

Options come from :func:`desktop_app.services.booking.booking_locations` (empty for round-robin
types and types without locations: the section is then hidden and nothing is sent). With
several options the invitee picks one with a radio button; each option shows what it means:
the host's address and additional info (physical), the host's number (inbound_call), a free
text (ask_invitee) or phone field (outbound_call) to fill, the conference provider, or the
configured custom text.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.models import LocationConfiguration
from desktop_app.services.booking import CONFERENCE_KINDS
from desktop_app.ui.booking.widgets import error_label, plain_label, set_error

_TITLES = {
    "physical": "In person",
    "inbound_call": "Phone call — the invitee calls",
    "outbound_call": "Phone call — the host calls",
    "ask_invitee": "Invitee chooses the place",
    "custom": "Custom location",
}


def _title(config: LocationConfiguration) -> str:
    kind = config.kind
    if kind in CONFERENCE_KINDS:
        return f"{CONFERENCE_KINDS[kind]} (web conference)"
    return _TITLES.get(kind, kind)


def _description(config: LocationConfiguration) -> str:
    kind = config.kind
    extra = f"\n{config.additional_info}" if config.additional_info else ""
    if kind == "physical":
        return f"At {config.location or '(no address set)'}{extra}"
    if kind == "inbound_call":
        return f"The invitee calls the host at {config.phone_number or '?'}{extra}"
    if kind == "outbound_call":
        return "enter the invitee's number below"
    if kind == "ask_invitee":
        hint = f" ({config.location})" if config.location else ""
        return f"type where the meeting takes place{hint}"
    if kind in CONFERENCE_KINDS:
        return "Nothing to enter: Calendly sends the meeting link"
    if kind == "custom":
        return f"{config.location or ''}{extra}"
    return kind


class LocationSection(QWidget):
    """Radio choice between location options (none shown when there is only one)."""

    def __init__(self, options: list[LocationConfiguration], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.group = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        self.inputs: dict[int, QLineEdit] = {}
        self.descriptions: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(plain_label("Location *" if options else ""))
        for index, config in enumerate(options):
            radio = QRadioButton(_title(config))
            self.group.addButton(radio, index)
            self.radios.append(radio)
            text = _description(config)
            single = len(options) == 1
            text = f"{_title(config)}: {text}" if single else text[:1].upper() + text[1:]
            description = plain_label(text)
            description.setIndent(22 if len(options) > 1 else 0)
            self.descriptions.append(description)
            if len(options) > 1:
                layout.addWidget(radio)
            layout.addWidget(description)
            if config.kind in ("ask_invitee", "outbound_call"):
                edit = QLineEdit()
                edit.setObjectName(f"location_input_{index}")
                if config.kind == "outbound_call":
                    edit.setPlaceholderText("Invitee's phone, e.g. +1 415 555 0123")
                else:
                    edit.setPlaceholderText("Where should the meeting take place?")
                edit.textEdited.connect(lambda _t, i=index: self.select(i))
                self.inputs[index] = edit
                layout.addWidget(edit)
        if len(options) == 1:
            self.radios[0].setChecked(True)
        self.error = error_label()
        layout.addWidget(self.error)
        self.setVisible(bool(options))

    def select(self, index: int) -> None:
        """Choose option ``index``."""
        if 0 <= index < len(self.radios):
            self.radios[index].setChecked(True)

    def selected_index(self) -> int | None:
        """Index of the chosen option (None when nothing is chosen)."""
        index = self.group.checkedId()
        return index if index >= 0 else None

    def input_text(self) -> str:
        """Text typed for the chosen option ("" when it takes none)."""
        index = self.selected_index()
        edit = self.inputs.get(index) if index is not None else None
        return edit.text() if edit is not None else ""

    def set_error(self, message: str | None) -> None:
        """Show the location error (None clears it)."""
        set_error(self.error, message)

    def focus_target(self) -> QWidget:
        """Widget to focus for the error."""
        index = self.selected_index()
        if index is not None and index in self.inputs:
            return self.inputs[index]
        return self.radios[0] if self.radios else self
