"""The week table: seven day columns, time rows, open times as clickable slots."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.ui.delegates import SlotDelegate
from desktop_app.ui.models.week import WeekModel, WeekRoles

__all__ = ["WeekGrid"]


class WeekGrid(QTableView):
    """Emits ``slotActivated(AvailableTime)`` on click, double-click or Enter on a slot."""

    slotActivated = Signal(object)

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(SlotDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setMouseTracking(True)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        header.setMinimumHeight(44)
        vheader = self.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(QFontMetrics(self.font()).height() + 14)
        vheader.setHighlightSections(False)
        self.clicked.connect(self._activate)

    def scroll_to_row(self, row: int) -> None:
        """Put ``row`` at the top of the viewport (as far as the scroll range allows)."""
        self.updateGeometries()  # rows just reset: the scroll range is otherwise laid out later
        self.verticalScrollBar().setValue(self.verticalHeader().sectionPosition(row))

    def scroll_position(self) -> int:
        """The vertical scroll offset in pixels (for :meth:`set_scroll_position`)."""
        return self.verticalScrollBar().value()

    def set_scroll_position(self, value: int) -> None:
        """Scroll back to a :meth:`scroll_position` (clamped to the new rows)."""
        self.updateGeometries()
        self.verticalScrollBar().setValue(value)

    def _activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        available_time = index.data(WeekRoles.AvailableTime)
        if available_time is not None:
            self.slotActivated.emit(available_time)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            index = self.currentIndex()
            if index.isValid() and index.data(WeekRoles.AvailableTime) is not None:
                self._activate(index)
                event.accept()
                return
        super().keyPressEvent(event)
