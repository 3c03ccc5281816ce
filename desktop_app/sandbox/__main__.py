"""CLI: ``python -m desktop_app.sandbox --port 0 --seed demo [--db PATH] [fault flags]``.

Prints one JSON line ``{"base_url", "token", "member_token"}`` on stdout once the server
accepts connections, then serves until SIGINT/SIGTERM (uvicorn's handlers, main thread).
The token is printed on purpose: this is a local test server with throwaway tokens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from datetime import datetime

import uvicorn

from desktop_app.sandbox.config import FaultConfig, SandboxConfig
from desktop_app.sandbox.server import SandboxServer, base_url_for


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse CLI arguments."""
    p = argparse.ArgumentParser(prog="desktop-app-sandbox",
                                description="Local Calendly-API-compatible sandbox server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 = any free port")
    p.add_argument("--seed", default="demo", choices=("demo", "large", "empty"))
    p.add_argument("--db", default=None,
                   help="SQLite file (reused if already seeded with the same --seed)")
    p.add_argument("--now", default=None,
                   help="freeze the sandbox clock, ISO-8601 with offset, e.g. 2027-03-08T12:00Z")
    p.add_argument("--rate-limit", type=int, default=60, help="requests per token per minute")
    p.add_argument("--booking-limit", type=int, default=10, help="POST /invitees per minute")
    p.add_argument("--available-times-max-days", type=int, default=7)
    p.add_argument("--latency-ms", type=float, default=0.0)
    p.add_argument("--jitter-ms", type=float, default=0.0)
    p.add_argument("--error-rate", type=float, default=0.0)
    p.add_argument("--burst-429-every", type=int, default=0)
    p.add_argument("--burst-429-length", type=int, default=0)
    p.add_argument("--drop-rate", type=float, default=0.0)
    p.add_argument("--commit-then-drop-rate", type=float, default=0.0)
    p.add_argument("--fault-seed", type=int, default=None)
    return p.parse_args(argv)


def build_config(args: argparse.Namespace) -> SandboxConfig:
    """SandboxConfig from parsed arguments (ValueError on a naive --now)."""
    now = None
    if args.now:
        now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        if now.tzinfo is None:
            raise ValueError("--now needs a UTC offset or Z")
    faults = FaultConfig(
        latency_ms=args.latency_ms, jitter_ms=args.jitter_ms, error_rate=args.error_rate,
        burst_429_every=args.burst_429_every, burst_429_length=args.burst_429_length,
        drop_rate=args.drop_rate, commit_then_drop_rate=args.commit_then_drop_rate,
        random_seed=args.fault_seed,
    )
    return SandboxConfig(seed=args.seed, db_path=args.db, rate_limit_per_minute=args.rate_limit,
                         booking_limit_per_minute=args.booking_limit,
                         available_times_max_days=args.available_times_max_days, now=now,
                         faults=faults)


async def _serve(sandbox: SandboxServer) -> None:
    server = uvicorn.Server(sandbox.uvicorn_config())
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task
            raise RuntimeError("sandbox server failed to start")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    base_url = base_url_for(sandbox.host, port)
    print(json.dumps({"base_url": base_url, "token": sandbox.admin_token,
                      "member_token": sandbox.member_token}), flush=True)
    await task


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m desktop_app.sandbox`` and ``desktop-app-sandbox``."""
    args = parse_args(argv)
    try:
        sandbox = SandboxServer(build_config(args), host=args.host, port=args.port)
    except ValueError as exc:  # naive --now, or a --db file seeded with another --seed
        raise SystemExit(f"desktop-app-sandbox: error: {exc}") from None
    # uvicorn restores this handler and re-raises a captured SIGTERM after shutting down:
    # turn it into the same clean exit (status 0) as SIGINT.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        asyncio.run(_serve(sandbox))
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
