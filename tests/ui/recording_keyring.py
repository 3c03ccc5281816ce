"""A keyring backend for the app-process tests (``PYTHON_KEYRING_BACKEND``): stores nothing and
appends "<call> <thread name>" to the file named by ``$RECORD_KEYRING_FILE``, so a test can
check that no keyring work ran on the GUI (main) thread."""

from __future__ import annotations

import os
import threading

from keyring.backend import KeyringBackend


def _record(call: str) -> None:
    with open(os.environ["RECORD_KEYRING_FILE"], "a", encoding="utf-8") as out:
        out.write(f"{call} {threading.current_thread().name}\n")


class RecordingKeyring(KeyringBackend):
    """Secure-looking, empty keyring that records the thread of every call."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        _record("init")

    def get_password(self, service: str, username: str) -> str | None:
        _record("get")
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        _record("set")

    def delete_password(self, service: str, username: str) -> None:
        _record("delete")
