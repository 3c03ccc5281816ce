"""asyncio on the Qt event loop (qasync), with the two teardown traps of qasync 0.28 handled.

See ``shared/STACK-NOTES.md``: closing a qasync loop leaves Qt timers of cancelled
``call_later`` handles registered (a SIGSEGV when one fires later), and ``loop.stop()`` outside
``exec()`` sets Qt's quit flag. :class:`QtEventLoop` kills those timers on close;
:func:`detach_loop` marks an ``already_running`` loop as stopped without calling ``stop()``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import qasync
from PySide6.QtCore import QCoreApplication


class QtEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """A :class:`qasync.QEventLoop` whose ``close()`` also kills pending Qt timers.

    Mirrors the fix in qasync PR #158 (unreleased as of 0.28.0).
    """

    def close(self) -> None:
        timer = self._timer
        callbacks: dict[int, object] = getattr(timer, "_SimpleTimer__callbacks", {})
        for timer_id in list(callbacks):
            timer.killTimer(timer_id)
        callbacks.clear()
        super().close()


def pending_tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[object]]:
    """Return the loop's tasks that are not done yet."""
    return [task for task in asyncio.all_tasks(loop) if not task.done()]


def cancel_pending(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[object]]:
    """Cancel every pending task of ``loop`` and return them (caller waits for them)."""
    tasks = pending_tasks(loop)
    for task in tasks:
        task.cancel()
    return tasks


def detach_loop(loop: QtEventLoop, app: QCoreApplication) -> None:
    """Mark an ``already_running`` loop as not running, without ``stop()``, then close it.

    Call only after pending tasks have finished (see :func:`cancel_pending`).
    """
    loop._QEventLoop__is_running = False
    asyncio.events._set_running_loop(None)
    after: Callable[[], None] = loop._after_run_forever
    with contextlib.suppress(RuntimeError, TypeError):
        app.aboutToQuit.disconnect(after)
    loop.close()
