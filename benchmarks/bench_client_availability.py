"""Benchmark: 4 weeks of available times with the sandbox at 150 ms latency per request.

Prints three figures (median of several runs, cache off):
- one request: a single 7-day ``GET /event_type_available_times``;
- concurrent: ``CalendlyClient.available_times`` over 28 days (4 windows, max_concurrency 4);
- sequential: the same with max_concurrency 1.
Target (issue 3): concurrent <= 1.5 x one request, sequential about 4 x.

Run: ``.venv/bin/python benchmarks/bench_client_availability.py [--latency-ms 150] [--runs 5]``
Exit status 1 when the concurrent figure misses the target.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import time

from desktop_app.calendly import CalendlyClient
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer

WEEK = dt.timedelta(days=7)


async def _measure(
    server: SandboxServer, runs: int
) -> tuple[list[float], list[float], list[float]]:
    single: list[float] = []
    concurrent: list[float] = []
    sequential: list[float] = []
    async with (
        CalendlyClient(
            server.admin_token, base_url=server.base_url, cache_ttl=0, max_concurrency=4
        ) as fast,
        CalendlyClient(
            server.admin_token, base_url=server.base_url, cache_ttl=0, max_concurrency=1
        ) as slow,
    ):
        ets = [e async for e in fast.list_event_types(active=True)]
        et = next(e for e in ets if e.kind == "solo" and e.pooling_type is None)
        start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(hours=1)
        # warm-up: open the pooled connections of both clients
        await fast.available_times(et.uri, start, start + 4 * WEEK)
        await slow.available_times(et.uri, start, start + WEEK)
        slots = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            await fast.available_times(et.uri, start, start + WEEK)
            single.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            slots = len(await fast.available_times(et.uri, start, start + 4 * WEEK))
            concurrent.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await slow.available_times(et.uri, start, start + 4 * WEEK)
            sequential.append(time.perf_counter() - t0)
        print(f"event type {et.name!r}: {slots} available times over 4 weeks")
    return single, concurrent, sequential


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=150.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    config = SandboxConfig(
        seed="demo",
        rate_limit_per_minute=100000,
        booking_limit_per_minute=100000,
        faults=FaultConfig(latency_ms=args.latency_ms),
    )
    with SandboxServer(config) as server:
        single, concurrent, sequential = asyncio.run(_measure(server, args.runs))
    one = statistics.median(single)
    conc = statistics.median(concurrent)
    seq = statistics.median(sequential)
    print(f"sandbox latency {args.latency_ms:.0f} ms, median of {args.runs} runs")
    print(f"one request (7 days):            {one * 1000:7.1f} ms")
    print(f"4 weeks concurrent (4 windows):  {conc * 1000:7.1f} ms  = {conc / one:4.2f} x one")
    print(f"4 weeks sequential (4 windows):  {seq * 1000:7.1f} ms  = {seq / one:4.2f} x one")
    ok = conc <= 1.5 * one
    print("target concurrent <= 1.5 x one request:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
