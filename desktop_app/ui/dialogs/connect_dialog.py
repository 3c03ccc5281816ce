"""The "Connect Calendly…" dialog: personal access token + base URL, checked live.

The token field never shows the token (password echo) and the dialog never logs it. The check
is ``GET /users/me`` through the injected ``connect`` coroutine function (in the app:
:meth:`desktop_app.services.session.SessionManager.connect`, which also stores the token).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.calendly.errors import CalendlyError, TransportError, Unauthenticated
from desktop_app.core.settings import DEFAULT_BASE_URL
from desktop_app.ui.booking.widgets import ERROR_COLOR
from desktop_app.ui.tasks import TaskSlot

__all__ = ["ConnectDialog"]

log = logging.getLogger(__name__)
Connect = Callable[[str, str], Awaitable[Any]]


def connect_error_text(exc: BaseException) -> str:
    """Plain-text reason a connection attempt failed."""
    if isinstance(exc, Unauthenticated):
        return "Calendly rejected this token (401). Check that it was copied completely."
    if isinstance(exc, TransportError):
        return "Could not reach the server. Check the base URL and your connection."
    if isinstance(exc, CalendlyError):
        return f"Connection failed: {exc.title}" + (f": {exc.message}" if exc.message else "")
    if isinstance(exc, ValueError):
        return "The base URL must use HTTPS (plain HTTP is only allowed for this computer)."
    return f"Connection failed ({type(exc).__name__})."


class ConnectDialog(QDialog):
    """Asks for a token and base URL, runs ``connect(token, base_url)``; ``result_value`` holds
    what it returned once the dialog is accepted.

    ``reason``: a plain-text line shown at the top (e.g. "Calendly rejected the saved token").
    ``warning``: shown when tokens cannot be stored securely. ``use_sandbox``: optional
    callback behind a "Use the sandbox" button.
    """

    def __init__(
        self,
        connect: Connect,
        *,
        base_url: str = DEFAULT_BASE_URL,
        reason: str | None = None,
        warning: str | None = None,
        use_sandbox: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect Calendly")
        self.setMinimumWidth(460)
        self._connect = connect
        self.result_value: Any = None
        self.slot = TaskSlot("connect", on_error=self._failed)
        layout = QVBoxLayout(self)
        self.reason_label = QLabel(reason or "", self)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.reason_label.setVisible(bool(reason))
        layout.addWidget(self.reason_label)
        intro = QLabel(
            "Paste a personal access token from Calendly (Integrations → API & Webhooks). "
            "It is checked with Calendly and kept in the system keyring.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("Personal access token")
        self.base_url_edit = QLineEdit(base_url, self)
        form.addRow("Token", self.token_edit)
        form.addRow("Base URL", self.base_url_edit)
        layout.addLayout(form)
        self.warning_label = QLabel(warning or "", self)
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color:#8a5300;")
        self.warning_label.setVisible(bool(warning))
        layout.addWidget(self.warning_label)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = QPushButton("Connect", self)
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if use_sandbox is not None:
            sandbox_button = QPushButton("Use the sandbox", self)
            self.buttons.addButton(sandbox_button, QDialogButtonBox.ButtonRole.ResetRole)

            def choose_sandbox() -> None:
                self.reject()
                use_sandbox()

            sandbox_button.clicked.connect(choose_sandbox)
        layout.addWidget(self.buttons)
        self.connect_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.token_edit.textChanged.connect(self._update_enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.connect_button.setEnabled(
            bool(self.token_edit.text().strip()) and not self.slot.running
        )

    def _set_status(self, text: str, *, error: bool = False) -> None:
        """Progress in the normal colour; a failure in the app's error colour."""
        self.status_label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
        self.status_label.setText(text)

    def submit(self) -> None:
        """Check the token (async); accept the dialog on success."""
        token = self.token_edit.text().strip()
        if not token or self.slot.running:
            return
        base_url = self.base_url_edit.text().strip() or DEFAULT_BASE_URL
        self._set_status("Checking the token with Calendly…")
        self.token_edit.setEnabled(False)
        self.base_url_edit.setEnabled(False)
        self.slot.start(self._run(token, base_url))
        self._update_enabled()

    async def _run(self, token: str, base_url: str) -> None:
        self.result_value = await self._connect(token, base_url)
        self._set_status("Connected.")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        log.info("connect failed: %s", type(exc).__name__)
        self._set_status(connect_error_text(exc), error=True)
        self.token_edit.setEnabled(True)
        self.base_url_edit.setEnabled(True)
        self.token_edit.setFocus()
        self.token_edit.selectAll()
        self._update_enabled()

    def reject(self) -> None:
        self.slot.cancel()
        super().reject()
