"""An inline message bar (info, loading, empty, error) with action buttons such as Retry.

The text is always plain text (API error messages are untrusted).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

__all__ = ["InlineMessage"]

_STYLES = {
    "info": "background:#eef3fd; border:1px solid #c6d4f7; border-radius:6px;",
    "loading": "background:#f4f5f7; border:1px solid #dcdfe4; border-radius:6px;",
    "error": "background:#fdeeee; border:1px solid #f2b8b5; border-radius:6px;",
    "warning": "background:#fff6e0; border:1px solid #f3d48a; border-radius:6px;",
}


class InlineMessage(QFrame):
    """Hidden until :meth:`show_message`; buttons are rebuilt for each message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineMessage")
        self.kind = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("border:none; background:transparent;")
        layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self._layout = layout
        self.hide()

    def show_message(
        self, kind: str, text: str, actions: list[tuple[str, Callable[[], object]]] | None = None
    ) -> None:
        """Show ``text`` styled as ``kind`` ("info", "loading", "error", "warning")."""
        self.kind = kind
        self.setStyleSheet(f"QFrame#inlineMessage {{{_STYLES.get(kind, _STYLES['info'])}}}")
        self.label.setText(text)
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        for label, callback in actions or []:
            button = QPushButton(label, self)
            button.clicked.connect(callback)
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.show()

    def button(self, label: str) -> QPushButton | None:
        """The action button with ``label`` (for tests and keyboard focus)."""
        return next((b for b in self._buttons if b.text() == label), None)

    def clear(self) -> None:
        """Hide the message."""
        self.kind = ""
        self.hide()
