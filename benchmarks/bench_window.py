"""Benchmark of the desktop window (prints figures; exit 1 when a target is missed).

1. Event-type click -> its week painted, with the sandbox at 150 ms latency per request,
   compared with one ``GET /event_type_available_times`` request at the same latency
   (target: <= 1.3 x one request).
2. Cached week revisit (next/previous week, already loaded) -> painted (target: <= 16 ms).
3. Cold start to a painted window (``python -m desktop_app --sandbox --screenshot``, time until
   the grab is saved) vs a bare PySide6 window started the same way in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.calendly import CalendlyClient
from desktop_app.core.secrets import MemoryTokenStore
from desktop_app.core.settings import Settings
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer
from desktop_app.services.session import SessionManager, open_session
from desktop_app.ui.aio import QtEventLoop
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.event_types import EventTypeRoles

LATENCY_MS = 150.0


class PaintProbe(QObject):
    """Records when the grid's viewport finishes a paint event after :meth:`arm`."""

    def __init__(self, target: QObject) -> None:
        super().__init__()
        self.painted_at: float | None = None
        self.armed = False
        target.installEventFilter(self)

    def arm(self) -> None:
        self.painted_at = None
        self.armed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()  # paint starts now; it is drawn synchronously
        return False


async def wait_for(predicate: Callable[[], bool], limit_s: float = 20.0) -> None:
    deadline = time.monotonic() + limit_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)


async def measure_window(server: SandboxServer, runs: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"one_request": [], "click": [], "revisit": []}
    session = await open_session(server.admin_token, server.base_url)
    manager = SessionManager(Settings(), MemoryTokenStore(), save_settings=lambda _s: None)
    manager.session = session
    window = MainWindow(manager, zone="UTC", auto_next_available=False)
    window.resize(1280, 800)
    window.show()
    ready = asyncio.get_running_loop().create_future()
    window.ready.connect(lambda: ready.done() or ready.set_result(None))
    window.set_session(session)
    await asyncio.wait_for(ready, 20)
    pane, tree = window.week_pane, window.sidebar.tree
    probe = PaintProbe(pane.grid.viewport())
    shown: list[Any] = []

    def week_shown(availability: Any) -> None:
        shown.append(availability)
        probe.arm()  # the next paint is the one that draws these slots

    pane.weekShown.connect(week_shown)
    proxy = window.sidebar.proxy
    rows = [
        proxy.index(c, 0, proxy.index(h, 0))
        for h in range(proxy.rowCount())
        for c in range(proxy.rowCount(proxy.index(h, 0)))
    ]
    current = pane.event_type.uri if pane.event_type else None
    rows = [
        i for i in rows if i.data(EventTypeRoles.Active) and i.data(EventTypeRoles.Uri) != current
    ]
    week = pane.week.shifted(1)
    pane.go(week)
    await wait_for(lambda: not pane.slot.running and len(pane.prefetches) == 0)
    server.set_faults(FaultConfig(latency_ms=LATENCY_MS))
    async with CalendlyClient(server.admin_token, base_url=server.base_url, cache_ttl=0) as raw:
        uri = rows[0].data(EventTypeRoles.Uri)
        start, end = week.utc_range()
        await raw.available_times(uri, start, end)  # open the connection
        for _ in range(runs):
            t0 = time.perf_counter()
            await raw.available_times(uri, start, end)
            figures["one_request"].append(time.perf_counter() - t0)
    for index in rows[:runs]:
        rect = tree.visualRect(index)
        tree.scrollTo(index)
        rect = tree.visualRect(index)
        shown.clear()
        probe.arm()
        t0 = time.perf_counter()
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await wait_for(lambda: bool(shown) and probe.painted_at is not None)
        figures["click"].append((probe.painted_at or 0.0) - t0)
        await wait_for(lambda: len(pane.prefetches) == 0)  # next week prefetched
        # cached revisit: the prefetched next week, then back (both cached)
        for step in (1, -1):
            probe.arm()
            t0 = time.perf_counter()
            pane.go(pane.week.shifted(step))  # what Ctrl+Right / Ctrl+Left do
            if pane.slot.running:
                await wait_for(lambda: not pane.slot.running)
            await wait_for(lambda: probe.painted_at is not None)
            figures["revisit"].append((probe.painted_at or 0.0) - t0)
            await wait_for(lambda: len(pane.prefetches) == 0)
    server.set_faults(FaultConfig())
    window.cancel_work()
    window.close()
    await manager.aclose()
    return figures


def cold_start(runs: int) -> tuple[list[float], list[float]]:
    """Seconds from process launch to a painted window: the app vs a bare PySide6 window."""
    bare = textwrap.dedent(
        """
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
        class Probe(QObject):
            def eventFilter(self, o, e):
                if e.type() == QEvent.Type.Paint:
                    print("painted", flush=True); app.quit()
                return False
        app = QApplication([])
        w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800)
        p = Probe(); w.installEventFilter(p); w.show(); app.exec()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    app_times: list[float] = []
    bare_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = env["XDG_STATE_HOME"] = tmp
        for i in range(runs):
            for argv, out, marker in (
                ([sys.executable, "-c", bare], bare_times, "painted"),
                (
                    [
                        sys.executable,
                        "-m",
                        "desktop_app",
                        "--sandbox",
                        "--screenshot",
                        f"{tmp}/{i}.png",
                    ],
                    app_times,
                    "screenshot saved",
                ),
            ):
                t0 = time.perf_counter()
                proc = subprocess.Popen(
                    argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
                )
                assert proc.stdout is not None
                for line in proc.stdout:
                    if marker in line:
                        out.append(time.perf_counter() - t0)
                        break
                proc.wait(timeout=60)
    return app_times, bare_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    server = SandboxServer(
        SandboxConfig(rate_limit_per_minute=100000, booking_limit_per_minute=100000)
    )
    server.start()
    try:
        with loop:
            figures = loop.run_until_complete(measure_window(server, args.runs))
    finally:
        server.stop()
    app_cold, bare_cold = cold_start(args.cold_runs)
    med = {k: statistics.median(v) * 1000 for k, v in figures.items()}
    ratio = med["click"] / med["one_request"]
    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"platform: {platform}, sandbox latency {LATENCY_MS:.0f} ms, runs {args.runs}")
    print(f"one available-times request:        median {med['one_request']:7.1f} ms")
    print(
        f"event-type click -> week painted:   median {med['click']:7.1f} ms "
        f"(max {max(figures['click']) * 1000:.1f}) = {ratio:.2f} x one request (target <= 1.3)"
    )
    print(
        f"cached week revisit -> painted:     median {med['revisit']:7.1f} ms "
        f"(max {max(figures['revisit']) * 1000:.1f}) (target <= 16)"
    )
    a, b = statistics.median(app_cold) * 1000, statistics.median(bare_cold) * 1000
    print(
        f"cold start to painted window:       app {a:7.1f} ms "
        f"vs bare PySide6 {b:.1f} ms (+{a - b:.0f} ms)"
    )
    ok = ratio <= 1.3 and med["revisit"] <= 16
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
