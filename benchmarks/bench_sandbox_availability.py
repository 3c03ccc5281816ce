"""Benchmark: 7-day available-times query for a host with 2,000 bookings (issue 2 target:
p95 <= 20 ms). Starts the sandbox with the ``large`` seed in-process, then times real HTTP
requests over loopback (keep-alive httpx client) for 7-day windows spread over the next
20 weeks, plus the engine alone. Prints p50/p95/max in milliseconds.

Run: ``.venv/bin/python benchmarks/bench_sandbox_availability.py [--requests 300]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

import httpx

from desktop_app.sandbox.availability import open_slots
from desktop_app.sandbox.server import SandboxConfig, SandboxServer


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    began = time.perf_counter()
    server = SandboxServer(SandboxConfig(seed="large", rate_limit_per_minute=10**9,
                                         booking_limit_per_minute=10**9))
    server.start()
    seeded = time.perf_counter() - began
    try:
        store = server.store
        host = store.user_by_email("bench.host.00@aurora.example")
        assert host is not None
        bookings = store.count("events", "host_uuid = ?", (host["uuid"],))
        et = store.query_one("SELECT * FROM event_types WHERE name = ?",
                             ("Benchmark Meeting 00-0",))
        assert et is not None
        et_uri = f"{server.base_url}/event_types/{et['uuid']}"
        now = store.now().replace(microsecond=0) + timedelta(minutes=5)
        windows = [now + timedelta(hours=7 * k) for k in range(20 * 24)]
        http_ms: list[float] = []
        counts: list[int] = []
        with httpx.Client(base_url=server.base_url, headers={
                "Authorization": f"Bearer {server.admin_token}"}) as client:
            for i in range(args.requests + 20):
                start = windows[i % len(windows)]
                params = {"event_type": et_uri,
                          "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "end_time": (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                t0 = time.perf_counter()
                response = client.get("/event_type_available_times", params=params)
                elapsed = (time.perf_counter() - t0) * 1000
                assert response.status_code == 200, response.text
                if i >= 20:  # warm-up excluded
                    http_ms.append(elapsed)
                    counts.append(len(response.json()["collection"]))
        engine_ms = []
        for i in range(args.requests):
            start = windows[i % len(windows)]
            t0 = time.perf_counter()
            open_slots(store, et, int(start.timestamp()),
                       int((start + timedelta(days=7)).timestamp()))
            engine_ms.append((time.perf_counter() - t0) * 1000)
        busy = store.count("events", "host_uuid = ? AND start_ts >= ? AND start_ts < ?",
                           (host["uuid"], now.timestamp(), (now + timedelta(days=7)).timestamp()))
    finally:
        server.stop()
    print(f"large seed start-up: {seeded:.2f} s; host bookings: {bookings} "
          f"({busy} in the first 7-day window); slots per answer: "
          f"median {statistics.median(counts):.0f}")
    print(f"HTTP 7-day available times, {len(http_ms)} requests: "
          f"p50 {pct(http_ms, 0.5):.2f} ms, p95 {pct(http_ms, 0.95):.2f} ms, "
          f"max {max(http_ms):.2f} ms")
    print(f"engine only (open_slots): p50 {pct(engine_ms, 0.5):.2f} ms, "
          f"p95 {pct(engine_ms, 0.95):.2f} ms")
    print("target p95 <= 20 ms:", "MET" if pct(http_ms, 0.95) <= 20 else "MISSED")


if __name__ == "__main__":
    main()
