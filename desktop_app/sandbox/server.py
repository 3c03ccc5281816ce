"""In-process sandbox server (docs/INTERFACES.md "Sandbox in-process helper").

``SandboxServer(config).start()`` seeds the store, starts uvicorn on ``host``/``port`` (port 0
= a free port chosen by the OS; uvicorn binds, so accepted sockets get TCP_NODELAY) in a
background thread and returns once it accepts connections. ``stop()`` asks uvicorn to exit,
joins the thread and closes the store. uvicorn installs no signal handlers off the main
thread, so the helper is safe in tests and in the Qt app.

Extras beyond INTERFACES.md: ``set_now(datetime | None)`` moves/freezes the clock;
``config``; ``store`` (see :mod:`desktop_app.sandbox.store` for its read helpers);
``add_token(user_uuid, scopes)`` makes a token with the given scopes (tests);
``meta(key)`` reads seed facts such as ``"outside_user"`` and ``"dst_zone"``.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime
from types import TracebackType

import uvicorn

from desktop_app.sandbox.app import Registry, create_app, protocol_class
from desktop_app.sandbox.config import FaultConfig, SandboxConfig
from desktop_app.sandbox.context import SandboxState
from desktop_app.sandbox.faults import FaultInjector
from desktop_app.sandbox.ratelimit import RateLimiter
from desktop_app.sandbox.seed import ensure_seeded
from desktop_app.sandbox.store import Store

__all__ = ["FaultConfig", "SandboxConfig", "SandboxServer", "base_url_for"]


def base_url_for(host: str, port: int) -> str:
    """``http://host:port`` with an IPv6 literal host in brackets (``http://[::1]:8000``)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class SandboxServer:
    """A seeded sandbox served by uvicorn in a background thread."""

    def __init__(self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.config = config or SandboxConfig()
        self.host = host
        self.port = port
        self.store = Store(self.config.db_path)
        if self.config.now is not None:
            self.store.set_now(self.config.now)
        try:
            tokens = ensure_seeded(self.store, self.config.seed)
        except BaseException:
            self.store.close()
            raise
        self.admin_token: str = tokens["admin_token"]
        self.member_token: str = tokens["member_token"]
        self.base_url = ""
        self._state = SandboxState(
            config=self.config,
            store=self.store,
            limiter=RateLimiter(self.config.rate_limit_per_minute,
                                self.config.booking_limit_per_minute),
            faults=FaultInjector(self.config.faults),
        )
        self._registry: Registry = {}
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def uvicorn_config(self) -> uvicorn.Config:
        """The uvicorn configuration (h11 with the transport-registering protocol)."""
        return uvicorn.Config(
            create_app(self._state, self._registry), host=self.host, port=self.port,
            http=protocol_class(self._registry), lifespan="off", log_level="warning",
            access_log=False, ws="none", timeout_graceful_shutdown=2,
        )

    def start(self) -> None:
        """Start serving; returns when the socket accepts. RuntimeError if it fails."""
        if self._thread is not None:
            raise RuntimeError("sandbox already started")
        server = uvicorn.Server(self.uvicorn_config())
        self._server = server
        self._thread = threading.Thread(target=server.run, name="sandbox-uvicorn",
                                        daemon=True)
        self._thread.start()
        while not server.started:
            if not self._thread.is_alive():
                self._thread = None
                raise RuntimeError("sandbox server failed to start")
            self._thread.join(0.005)
        sock = server.servers[0].sockets[0]
        self.port = int(sock.getsockname()[1])
        self.base_url = base_url_for(self.host, self.port)

    def stop(self) -> None:
        """Stop uvicorn, join its thread and close the store (idempotent)."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
        self._server = None
        self._thread = None
        self.store.close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def set_faults(self, faults: FaultConfig) -> None:
        """Replace the fault configuration; takes effect with the next request."""
        self.config.faults = faults
        self._state.faults.set(faults)

    def set_rate_limits(self, per_minute: int, booking_per_minute: int) -> None:
        """Change both rate limits and reset all counters."""
        self.config.rate_limit_per_minute = per_minute
        self.config.booking_limit_per_minute = booking_per_minute
        self._state.limiter.configure(per_minute, booking_per_minute)

    def set_now(self, now: datetime | None) -> None:
        """Freeze the sandbox clock at ``now`` (aware) or return to the real clock (None)."""
        self.config.now = now
        self.store.set_now(now)

    def add_token(self, user_uuid: str, scopes: tuple[str, ...]) -> str:
        """Create a bearer token for ``user_uuid`` with exactly ``scopes``; returns it."""
        token = f"sbx_test_{secrets.token_urlsafe(18)}"
        self.store.insert("tokens", {"token": token, "user_uuid": user_uuid,
                                     "scopes": " ".join(scopes), "label": "test"})
        return token

    def revoke_token(self, token: str) -> None:
        """Delete ``token``: its next request gets the 401 of a revoked token."""
        with self.store.lock:
            self.store.db.execute("DELETE FROM tokens WHERE token = ?", (token,))
            self.store.db.commit()

    def meta(self, key: str) -> str | None:
        """A seed fact from the store's meta table (e.g. "outside_user", "dst_zone")."""
        return self.store.get_meta(key)
