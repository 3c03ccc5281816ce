"""Bootstrap: arguments, logging, QApplication + qasync loop, excepthook, clean shutdown.

``desktop-app`` (gui-script) and ``python -m desktop_app`` call :func:`main`.

Shutdown order (STACK-NOTES: closing the last window would stop the loop under pending
futures): the app does not quit on last-window-close; closing the window, Ctrl+C or a flag's
completion sets ``done``; the lifecycle coroutine then cancels the window's work, awaits the
remaining tasks, closes the client and stops the embedded sandbox, and only then returns, which
ends ``run_until_complete`` and ``app.exec()``. The loop is closed with the timer fix of
:class:`~desktop_app.ui.aio.QtEventLoop`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from desktop_app import APP_ID, APP_NAME, APP_SLUG, __version__

__all__ = ["main", "parse_args"]

log = logging.getLogger("desktop_app")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command line: ``--sandbox``, ``--base-url URL``, ``--screenshot PATH``, ``--self-test``."""
    parser = argparse.ArgumentParser(prog=APP_SLUG, description=APP_NAME)
    parser.add_argument("--sandbox", action="store_true", help="use the embedded demo sandbox")
    parser.add_argument("--base-url", metavar="URL", help="Calendly API base URL")
    parser.add_argument(
        "--screenshot", metavar="PATH", help="save a picture of the window once loaded, then exit"
    )
    parser.add_argument(
        "--screenshot-dialog",
        metavar="PATH",
        help="save a picture of the booking dialog, then exit",
    )
    parser.add_argument(
        "--screenshot-events",
        metavar="PATH",
        help="save a picture of the scheduled-events tab, then exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="load, book and cancel one meeting on a fresh sandbox; exit 0 on success",
    )
    parser.add_argument(
        "--zone", metavar="IANA", help="display time zone (default: the computer's)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(list(argv) if argv is not None else None)


class ExceptHook:
    """``sys.excepthook``: log with traceback (redacted), then show one error dialog at a time."""

    def __init__(self, log_path: Path | None, *, dialogs: bool = True) -> None:
        self.log_path = log_path
        self.dialogs = dialogs
        self._box: object | None = None
        self.count = 0

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.count += 1
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        if not self.dialogs or self._box is not None:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        where = f"\n\nDetails are in the log file:\n{self.log_path}" if self.log_path else ""
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Something went wrong ({exc_type.__name__}). The app keeps running.{where}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: setattr(self, "_box", None))
        self._box = box
        box.show()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the process exit code."""
    args = parse_args(argv)
    from desktop_app.core.logging import setup_logging

    try:
        log_path: Path | None = setup_logging(console=True)
    except OSError:
        log_path = None
    shots = bool(args.screenshot_dialog or args.screenshot_events)
    headless = bool(args.screenshot or args.self_test or shots)
    hook = ExceptHook(log_path, dialogs=not headless)
    sys.excepthook = hook
    log.info("starting %s %s", APP_NAME, __version__)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.secrets import MemoryTokenStore, TokenStore, open_token_store
    from desktop_app.core.settings import Settings
    from desktop_app.services.session import SessionManager
    from desktop_app.ui.aio import QtEventLoop, pending_tasks
    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_SLUG)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(QIcon(icon))
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(_loop_exception_handler)

    store: TokenStore = MemoryTokenStore()  # the keyring store replaces it in lifecycle()
    if args.self_test:
        settings, save = Settings(), _no_save
    else:
        settings, save = Settings.load(), None
    manager = SessionManager(settings, store, save_settings=save)
    window = MainWindow(manager, zone=args.zone)
    gc.collect()
    gc.freeze()  # start-up objects out of full GC scans (~25 ms pauses; bench_events_paging)
    if headless:
        window.resize(1280, 800)
    window.show()
    done = asyncio.Event()
    result = {"code": 0}

    def finish(code: int) -> None:
        result["code"] = code
        done.set()

    window.closing.connect(lambda: finish(result["code"]))
    app.aboutToQuit.connect(done.set)
    signal.signal(signal.SIGINT, lambda *_: finish(130))
    heartbeat = QTimer()  # lets Python run signal handlers while Qt waits
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)

    if args.screenshot:
        target = Path(args.screenshot)

        def shoot() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            ok = window.grab().save(str(target))
            print(f"screenshot {'saved to' if ok else 'FAILED:'} {target}", flush=True)
            finish(0 if ok else 1)

        window.ready.connect(lambda: QTimer.singleShot(100, shoot))
        QTimer.singleShot(int(args.timeout * 1000), lambda: _timed_out(finish, "screenshot"))

    async def lifecycle() -> None:
        if not args.self_test:
            # choosing the keyring backend imports keyring and may ask D-Bus (~140 ms here, up
            # to D-Bus timeouts elsewhere): in a worker thread while the window paints
            manager.token_store, manager.warning = await asyncio.to_thread(open_token_store)
        if args.self_test:
            from desktop_app.selftest import run_self_test

            window.start(force_sandbox=True)
            ok, summary = await run_self_test(window, wait_s=args.timeout)
            print(summary, flush=True)
            finish(0 if ok else 1)
        else:
            window.start(force_sandbox=args.sandbox, base_url=args.base_url)
            if shots:
                from desktop_app.ui.booking.screenshots import take_screenshots

                ok, summary = await take_screenshots(
                    window,
                    dialog_path=args.screenshot_dialog,
                    events_path=args.screenshot_events,
                    wait_s=args.timeout,
                )
                print(summary, flush=True)
                finish(0 if ok else 1)
        await done.wait()
        window.cancel_work()
        current = asyncio.current_task()
        pending = [t for t in pending_tasks(loop) if t is not current]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
        await manager.aclose()
        window.hide()

    try:
        with loop:
            loop.run_until_complete(lifecycle())
    finally:
        heartbeat.stop()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        asyncio.set_event_loop(None)
    if hook.count and headless and result["code"] == 0:
        result["code"] = 1
    log.info("exit %s", result["code"])
    return result["code"]


def _no_save(_settings: object) -> None:
    """Self-test: never touch the user's settings file."""


def _timed_out(finish: object, what: str) -> None:
    print(f"{what} FAILED: timed out waiting for the window to load", file=sys.stderr, flush=True)
    assert callable(finish)
    finish(1)


def _loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        log.error("asyncio: %s", context.get("message"), exc_info=exc)
    else:
        log.error("asyncio: %s", context.get("message"))


def _app_icon() -> str | None:
    from importlib import resources

    ref = resources.files("desktop_app") / "assets" / "icons" / "app-256.png"
    try:
        with resources.as_file(ref) as path:
            return str(path) if path.exists() else None
    except (FileNotFoundError, OSError):
        return None
