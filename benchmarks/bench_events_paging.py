"""Benchmark: page the "Scheduled events" pane through the ``large`` seed (10,000 events).

The sandbox runs in a separate process (so its work does not share this process's GIL), the
pane is shown (offscreen) and scrolled to the bottom after every page, so painting and the
lazy invitee-name lookups of visible rows are part of the measurement. A 5 ms Qt timer
records event-loop lag: the longest gap beyond its interval is the longest stall.

Prints: pages, rows, wall time, longest stall (target <= 50 ms), 99th-percentile lag, the
longest main-thread CPU time between two ticks (tells this process's own blocking work from
time the OS gave to other processes on a busy machine), RSS before and after. Exit 1 when
the stall target is missed or rows are missing.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_events_paging.py``
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.calendly import CalendlyClient
from desktop_app.services.events import EventsFilter, EventsScope, EventsService
from desktop_app.ui.aio import QtEventLoop
from desktop_app.ui.events.pane import ScheduledEventsPane

TICK_MS = 5
STALL_TARGET_MS = 50.0


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class LagProbe:
    """Records how late each 5 ms timer tick fires."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.busy: list[float] = []  # main-thread CPU ms spent between two ticks
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.lags.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self.busy.append((cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu


def start_sandbox() -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.sandbox", "--port", "0", "--seed", "large",
         "--rate-limit", "100000", "--booking-limit", "100000"],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    info = json.loads(proc.stdout.readline())
    return proc, info


async def run(info: dict[str, str], freeze: bool) -> int:
    client = CalendlyClient(info["token"], base_url=info["base_url"])
    try:
        me = await client.get_current_user()
        pane = ScheduledEventsPane(EventsService(client), ZoneInfo("America/New_York"))
        pane.resize(1100, 700)
        pane.show()
        pane.when_combo.setCurrentIndex(pane.when_combo.findData("all"))
        probe = LagProbe()
        if freeze:
            gc.collect()
            gc.freeze()  # start-up objects leave the collector's scans (see README)
        rss_before = rss_mb()
        started = time.perf_counter()
        probe.start()
        pane.set_scope(EventsScope(organization=me.current_organization))
        pages = 0
        while True:
            while pane.model.loading:  # noqa: ASYNC110 (polling a Qt model is the point)
                await asyncio.sleep(0.001)
            pages = -(-pane.model.rowCount() // 100)
            pane.table.scrollToBottom()
            await asyncio.sleep(0)  # let the view paint and ask for visible names
            if pane.model.exhausted:
                break
            pane.model.fetchMore()  # no-op when the view already asked for the next page
        elapsed = time.perf_counter() - started
        await asyncio.sleep(0.5)  # visible invitee names settle
        probe.timer.stop()
        rows = pane.model.rowCount()
        rss_after = rss_mb()
        lags = sorted(probe.lags)
        worst = lags[-1] if lags else 0.0
        p99 = lags[int(len(lags) * 0.99)] if lags else 0.0
        print(f"filter: {EventsFilter(when='all')}; gc.freeze() after start-up: {freeze}")
        print(f"pages: {pages}  rows: {rows:,}  wall: {elapsed:.2f} s "
              f"({elapsed / max(pages, 1) * 1000:.1f} ms/page)")
        print(f"event-loop lag: longest stall {worst:.1f} ms (target <= {STALL_TARGET_MS:.0f}), "
              f"p99 {p99:.1f} ms, median {statistics.median(lags):.2f} ms over {len(lags)} ticks")
        print(f"main-thread CPU between two ticks: longest {max(probe.busy):.1f} ms (a stall "
              "with little CPU is the OS running other processes, not this one's work)")
        print(f"RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after "
              f"(+{rss_after - rss_before:.0f} MB for {rows:,} rows)")
        ok = worst <= STALL_TARGET_MS and rows >= 10_000
        print("OK" if ok else "TARGET MISSED")
        pane.cancel_work()
        return 0 if ok else 1
    finally:
        await client.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-freeze", action="store_true",
                        help="do not gc.freeze() start-up objects (shows the default GC pauses)")
    args = parser.parse_args()
    proc, info = start_sandbox()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return loop.run_until_complete(run(info, not args.no_freeze))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
