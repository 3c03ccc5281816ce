"""Fault injection (issue "Faults"): latency+jitter, 500s, 429 bursts, dropped connections,
commit-then-drop on ``POST /invitees``. Decisions come from one ``random.Random`` seeded by
``FaultConfig.random_seed`` so a test sees a reproducible sequence.

A dropped connection is real: the middleware aborts the request's TCP transport before any
byte of a response is written (the uvicorn protocol class registers transports by client
address, see :mod:`desktop_app.sandbox.app`), so the client sees a transport error.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from desktop_app.sandbox.config import FaultConfig


@dataclass(frozen=True)
class Decision:
    """What to do with one request. ``delay_s`` seconds of added latency first."""

    delay_s: float = 0.0
    action: str = "pass"  # "pass" | "error500" | "burst429" | "drop"
    commit_then_drop: bool = False


class FaultInjector:
    """Thread-safe fault decisions for each API request."""

    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self.set(config)

    def set(self, config: FaultConfig) -> None:
        """Replace the fault configuration; resets the request counter and random stream."""
        with self._lock:
            self.config = config
            self._rng = random.Random(config.random_seed)
            self._count = 0
            self._burst_left = 0

    def decide(self, is_booking: bool) -> Decision:
        """The decision for the next request."""
        with self._lock:
            cfg = self.config
            self._count += 1
            delay = 0.0
            if cfg.latency_ms or cfg.jitter_ms:
                jitter = self._rng.uniform(-cfg.jitter_ms, cfg.jitter_ms) if cfg.jitter_ms else 0.0
                delay = max(0.0, cfg.latency_ms + jitter) / 1000.0
            if self._burst_left > 0:
                self._burst_left -= 1
                return Decision(delay, "burst429")
            every = cfg.burst_429_every
            if every > 0 and cfg.burst_429_length > 0 and self._count % every == 0:
                self._burst_left = cfg.burst_429_length - 1
                return Decision(delay, "burst429")
            if cfg.drop_rate and self._rng.random() < cfg.drop_rate:
                return Decision(delay, "drop")
            if cfg.error_rate and self._rng.random() < cfg.error_rate:
                return Decision(delay, "error500")
            commit_drop = bool(
                is_booking
                and cfg.commit_then_drop_rate
                and self._rng.random() < cfg.commit_then_drop_rate
            )
            return Decision(delay, "pass", commit_drop)
