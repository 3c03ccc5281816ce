"""Latest-wins task slots: one per UI concern (a week load, a booking, a page fetch).

``slot.start(coro)`` cancels the task the slot held before and schedules ``coro`` on the
running asyncio loop (the Qt loop in the app). The slot keeps a strong reference to the task
(asyncio holds only weak ones), and routes any exception other than cancellation to the
``on_error`` callback — or, without one, to ``sys.excepthook`` — so nothing is lost silently.
Qt-free on purpose; the UI uses it from slots, tests from the ``aio`` fixture.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["TaskGroupSlot", "TaskSlot"]

T = TypeVar("T")
log = logging.getLogger(__name__)
ErrorCallback = Callable[[BaseException], None]


class TaskSlot:
    """Holds at most one running task; starting a new one cancels the previous one.

    ``on_error(exc)`` is called on the loop thread for exceptions of the *current* task only;
    a stale (superseded) task's outcome is dropped. ``name`` shows up in logs and task names.
    """

    def __init__(self, name: str = "task", on_error: ErrorCallback | None = None) -> None:
        self.name = name
        self.on_error = on_error
        self._task: asyncio.Task[Any] | None = None
        self._generation = 0

    @property
    def task(self) -> asyncio.Task[Any] | None:
        """The current task (possibly done), or None."""
        return self._task

    @property
    def running(self) -> bool:
        """True while the current task is not done."""
        return self._task is not None and not self._task.done()

    def start(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Cancel the previous task and schedule ``coro``; returns the new task."""
        self.cancel()
        self._generation += 1
        generation = self._generation
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        task.set_name(f"{self.name}#{generation}")
        self._task = task
        task.add_done_callback(lambda t: self._done(t, generation))
        return task

    def is_current(self, task: asyncio.Task[Any] | None) -> bool:
        """True if ``task`` is the slot's latest task (useful before applying a result)."""
        return task is not None and task is self._task

    def cancel(self) -> None:
        """Cancel the current task, if any (its result and errors are then ignored)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _done(self, task: asyncio.Task[Any], generation: int) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        if generation != self._generation:
            log.debug("%s: stale task failed: %s", self.name, type(exc).__name__)
            return
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:
                sys.excepthook(*sys.exc_info())
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskGroupSlot:
    """Keeps strong references to fire-and-forget tasks (e.g. prefetches); cancel all at once."""

    def __init__(self, name: str = "background", on_error: ErrorCallback | None = None) -> None:
        self.name = name
        self.on_error = on_error
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Schedule ``coro``; it is kept alive until done."""
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        task.set_name(self.name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def cancel(self) -> None:
        """Cancel every pending task."""
        for task in list(self._tasks):
            task.cancel()

    def __len__(self) -> int:
        return len(self._tasks)

    @property
    def tasks(self) -> frozenset[asyncio.Task[Any]]:
        """A snapshot of the tasks whose done callbacks have not run yet."""
        return frozenset(self._tasks)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        assert exc is not None
        if self.on_error is not None:
            self.on_error(exc)
        else:
            log.warning("%s failed: %s", self.name, type(exc).__name__)
