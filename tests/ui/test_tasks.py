"""TaskSlot (latest wins, errors routed, strong refs) and the app's excepthook."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import pytest

from desktop_app.app import ExceptHook
from desktop_app.ui.tasks import TaskGroupSlot, TaskSlot


def test_task_slot_latest_wins_and_routes_errors(aio: Any, qtbot: Any) -> None:
    errors: list[BaseException] = []
    slot = TaskSlot("t", on_error=errors.append)
    done: list[int] = []

    async def work(n: int, delay: float, fail: bool = False) -> int:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(n)
        done.append(n)
        return n

    first = slot.start(work(1, 0.05))
    second = slot.start(work(2, 0.01))
    qtbot.waitUntil(lambda: first.done() and second.done())
    assert first.cancelled() and second.result() == 2 and done == [2]
    assert slot.is_current(second) and not slot.running
    failing = slot.start(work(3, 0, fail=True))
    qtbot.waitUntil(failing.done)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    # a superseded task's failure is dropped, not reported
    stale = slot.start(work(4, 0, fail=True))
    slot.start(work(5, 0.01))
    qtbot.waitUntil(lambda: stale.done() and 5 in done)
    assert len(errors) == 1
    group = TaskGroupSlot("g")
    tasks = [group.start(asyncio.sleep(10)) for _ in range(3)]
    assert len(group) == 3
    group.cancel()
    qtbot.waitUntil(lambda: all(t.done() for t in tasks))
    assert len(group) == 0


def test_excepthook_logs_and_shows_one_plain_dialog(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    hook = ExceptHook(None)
    try:
        raise RuntimeError("<b>boom</b>")
    except RuntimeError:
        with caplog.at_level(logging.ERROR):
            hook(*sys.exc_info())  # type: ignore[arg-type]
            hook(*sys.exc_info())  # type: ignore[arg-type]
    assert hook.count == 2 and "unhandled exception" in caplog.text
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(boxes) == 1  # one dialog at a time
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText and "RuntimeError" in boxes[0].text()
    boxes[0].close()
