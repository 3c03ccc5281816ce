"""Qt + asyncio test harness (qasync under pytest-qt, per shared/STACK-NOTES.md).

Tests stay synchronous. The ``aio`` fixture installs a qasync loop marked as running but never
``exec()``'d; ``qtbot.waitUntil``/``waitSignal`` spin Qt, which also runs asyncio callbacks and
socket I/O. ``aio.run(coro)`` runs a coroutine to completion from a sync test.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale

from desktop_app.ui.aio import QtEventLoop, cancel_pending, detach_loop

# The app follows the default locale (the system's unless set). Tests pin one with a Monday
# first day and a 24-hour clock so they pass the same under en_US, C.UTF-8 or de_DE.
QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))

T = TypeVar("T")


class AioRunner:
    """Runs coroutines on the test's qasync loop by spinning Qt until they finish."""

    def __init__(self, loop: QtEventLoop, qtbot: Any) -> None:
        self.loop = loop
        self._qtbot = qtbot

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        """Run ``coro`` to completion (``timeout`` in seconds) and return its result."""
        task = asyncio.ensure_future(coro, loop=self.loop)
        self._qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Schedule ``coro`` and return its task without waiting."""
        return asyncio.ensure_future(coro, loop=self.loop)


@pytest.fixture
def aio(qapp: Any, qtbot: Any) -> Iterator[AioRunner]:
    """A qasync loop for one test; pending tasks are cancelled and awaited at teardown."""
    loop = QtEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield AioRunner(loop, qtbot)
    finally:
        tasks = cancel_pending(loop)
        if tasks:
            qtbot.waitUntil(lambda: all(t.done() for t in tasks), timeout=5000)
        detach_loop(loop, qapp)
        asyncio.set_event_loop(None)


@pytest.fixture
def calendly(aio: AioRunner, sandbox: Any) -> Iterator[Any]:
    """An open ``CalendlyClient`` on the session sandbox, with the admin token."""
    from desktop_app.calendly import CalendlyClient

    client = CalendlyClient(sandbox.admin_token, base_url=sandbox.base_url)
    try:
        yield client
    finally:
        aio.run(client.aclose())
