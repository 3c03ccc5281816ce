"""Searchable IANA time-zone picker: an editable combo box with a "contains" completer."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.core.timezones import all_zones

__all__ = ["ZoneComboBox", "ZonePicker"]


class ZoneComboBox(QComboBox):
    """Editable combo box of the IANA zones (plus ``zone`` when it is not among them) whose
    completer matches any part of a name, case-insensitively."""

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._zones = list(all_zones())
        if zone not in self._zones:
            self._zones.append(zone)
            self._zones.sort()
        self.addItems(self._zones)
        completer = QCompleter(QStringListModel(self._zones, self), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self.setCurrentText(zone)


class ZonePicker(ZoneComboBox):
    """Type any part of a zone name ("york", "paris"); ``zoneChanged(str)`` on a valid pick."""

    zoneChanged = Signal(str)

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(zone, parent)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._valid = set(self._zones)
        completer = self.completer()
        assert completer is not None
        line_edit = self.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText("Search time zones")
        self.setToolTip("Display time zone (type to search)")
        self._zone = zone
        self.textActivated.connect(self._picked)
        completer.activated.connect(self._picked)
        line_edit.editingFinished.connect(self._editing_finished)

    @property
    def zone(self) -> str:
        """The current IANA zone name."""
        return self._zone

    def set_zone(self, zone: str) -> None:
        """Select ``zone`` (emits ``zoneChanged`` if it differs). Unknown names are ignored."""
        if zone not in self._valid:
            self.setCurrentText(self._zone)
            return
        self.setCurrentText(zone)
        if zone != self._zone:
            self._zone = zone
            self.zoneChanged.emit(zone)

    def _picked(self, text: str) -> None:
        self.set_zone(text.strip())

    def _editing_finished(self) -> None:
        text = self.currentText().strip()
        if text in self._valid:
            self.set_zone(text)
        else:
            matches = [z for z in self._zones if text and text.casefold() in z.casefold()]
            self.set_zone(matches[0] if len(matches) == 1 else self._zone)
