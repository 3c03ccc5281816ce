"""Configuration dataclasses of the sandbox (re-exported by :mod:`desktop_app.sandbox.server`).

See docs/INTERFACES.md "Sandbox in-process helper" for the agreed fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class FaultConfig:
    """Injected faults, all off by default. Rates are shares in 0..1; times in ms."""

    latency_ms: float = 0.0  # added latency per request (ms)
    jitter_ms: float = 0.0  # +/- uniform jitter (ms)
    error_rate: float = 0.0  # share of requests answered 500
    burst_429_every: int = 0  # every Nth request starts a burst of 429s (0 = off)
    burst_429_length: int = 0  # how many consecutive 429s in a burst
    drop_rate: float = 0.0  # share of requests whose connection is dropped, no response
    commit_then_drop_rate: float = 0.0  # POST /invitees: commit the booking, then drop
    random_seed: int | None = None  # deterministic faults for tests


@dataclass
class SandboxConfig:
    """Sandbox settings. ``now`` (aware) freezes the sandbox clock; None = real clock."""

    seed: str = "demo"  # "demo" | "large" | "empty"
    db_path: str | None = None  # None -> in-memory SQLite
    rate_limit_per_minute: int = 60  # per token
    booking_limit_per_minute: int = 10  # POST /invitees per token
    available_times_max_days: int = 7  # cap on end_time - start_time
    busy_times_max_days: int = 7
    now: datetime | None = None
    faults: FaultConfig = field(default_factory=FaultConfig)
