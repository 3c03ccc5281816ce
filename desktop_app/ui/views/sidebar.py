"""The event-type sidebar: host picker (admins), search field and the event-type tree.

Keyboard: arrows move through event types, typing a letter in the tree starts a search,
Ctrl+F focuses the search field, Escape there clears it and returns to the tree.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.models import EventType
from desktop_app.services.event_types import Host, HostGroup
from desktop_app.ui.delegates import EventTypeDelegate
from desktop_app.ui.models.event_types import (
    EventTypeFilterProxy,
    EventTypeRoles,
    EventTypeTreeModel,
    count_label,
)

__all__ = ["EventTypeSidebar", "EventTypeTree"]

ALL_HOSTS = "All hosts in the organization"


class EventTypeTree(QTreeView):
    """Tree view that forwards printable keys to a search field (type-to-search); arrow keys
    step over host rows (only event types can be picked)."""

    typed = Signal(str)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        if not (index.isValid() and index.data(EventTypeRoles.IsHost)):
            return index
        Action = QAbstractItemView.CursorAction
        up = action in (Action.MoveUp, Action.MovePrevious, Action.MovePageUp, Action.MoveEnd)
        step = self.indexAbove(index) if up else self.indexBelow(index)
        if step.isValid() and not step.data(EventTypeRoles.IsHost):
            return step
        return self.currentIndex()  # nothing to pick beyond this host row: stay

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if text and text.isprintable() and not text.isspace() and not modifiers:
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


class EventTypeSidebar(QWidget):
    """Signals: ``eventTypeSelected(EventType | None)``, ``hostChanged(str | None)`` (user URI,
    None = the whole organization)."""

    eventTypeSelected = Signal(object)
    hostChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventTypeTreeModel(self)
        self.proxy = EventTypeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        self.host_label = QLabel("Host", self)
        self.host_picker = QComboBox(self)
        self.host_picker.setToolTip("Whose event types to show (organization admins)")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search event types (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.tree = EventTypeTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(EventTypeDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setItemsExpandable(False)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color:#5f6368;")
        self.status.setWordWrap(True)
        for w in (self.host_label, self.host_picker, self.search, self.tree, self.status):
            layout.addWidget(w)
        layout.setStretchFactor(self.tree, 1)
        self.host_label.hide()
        self.host_picker.hide()
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._focus_first)
        self.tree.typed.connect(self._start_search)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.host_picker.activated.connect(self._host_picked)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        find.activated.connect(self.focus_search)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._clear_search)

    # -- content ---------------------------------------------------------------------------
    def set_hosts(self, hosts: list[Host], current: str | None, *, admin: bool) -> None:
        """Fill the host picker; shown only for admins. ``current`` None = all hosts."""
        self.host_picker.blockSignals(True)
        self.host_picker.clear()
        if admin:
            self.host_picker.addItem(ALL_HOSTS, None)
        for host in hosts:
            self.host_picker.addItem(host.name, host.uri)
        index = self.host_picker.findData(current) if current else 0
        self.host_picker.setCurrentIndex(max(index, 0))
        self.host_picker.blockSignals(False)
        self.host_label.setVisible(admin)
        self.host_picker.setVisible(admin)

    def current_host(self) -> str | None:
        """The picked host's user URI, or None for the whole organization."""
        data = self.host_picker.currentData()
        return str(data) if data else None

    def set_groups(self, groups: list[HostGroup], select: str | None = None) -> None:
        """Show ``groups`` and select the event type ``select`` (URI) or the first one."""
        self.model.set_groups(groups)
        self.tree.expandAll()
        types = count_label(self.model.event_type_count(), "event type")
        self.status.setText(f"{types} from {count_label(len(groups), 'host')}")
        source = self.model.index_of(select) if select else QModelIndex()
        if not source.isValid() or self.model.event_type(source) is None:
            source = self.model.first_event_type_index()
        if source.isValid():
            self.tree.setCurrentIndex(self.proxy.mapFromSource(source))
        else:
            self.eventTypeSelected.emit(None)

    def set_status(self, text: str) -> None:
        """Plain-text status under the tree (loading, errors)."""
        self.status.setText(text)

    def selected_event_type(self) -> EventType | None:
        """The selected event type or None."""
        index = self.tree.currentIndex()
        value = index.data(EventTypeRoles.EventType) if index.isValid() else None
        return value if isinstance(value, EventType) else None

    def select(self, uri: str) -> bool:
        """Select the event type with ``uri``; False if it is not shown."""
        source = self.model.index_of(uri)
        proxy_index = self.proxy.mapFromSource(source)
        if not proxy_index.isValid():
            return False
        self.tree.setCurrentIndex(proxy_index)
        return True

    # -- slots -----------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Focus the search field and select its text (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _start_search(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.setText(self.search.text() + text)

    def _clear_search(self) -> None:
        self.search.clear()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.tree.expandAll()
        current = self.tree.currentIndex()
        if not current.isValid() or current.data(EventTypeRoles.IsHost):
            self._focus_first(focus=False)

    def _focus_first(self, focus: bool = True) -> None:
        for row in range(self.proxy.rowCount()):
            host = self.proxy.index(row, 0)
            if self.proxy.rowCount(host):
                self.tree.setCurrentIndex(self.proxy.index(0, 0, host))
                if focus:
                    self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        value = indexes[0].data(EventTypeRoles.EventType)
        if isinstance(value, EventType):
            self.eventTypeSelected.emit(value)

    def _host_picked(self, _row: int) -> None:
        self.hostChanged.emit(self.current_host())
