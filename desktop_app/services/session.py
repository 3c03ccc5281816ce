"""The connected account: client, current user, organization, role, sandbox flag.

Qt-free. :func:`open_session` checks a token with ``GET /users/me`` (CONTRACT.md
"Conventions") and reads the user's organization membership (``GET
/organization_memberships?user=<URI>``) for the role. :class:`EmbeddedSandbox` runs the
Calendly-compatible sandbox in a background thread for the no-account demo mode.
:class:`SessionManager` decides which backend to use at start-up and on connect/disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop_app.calendly.errors import CalendlyError
from desktop_app.core.logging import redact_value
from desktop_app.core.secrets import NoSecureBackend, TokenStore
from desktop_app.core.settings import DEFAULT_BASE_URL, Settings

if TYPE_CHECKING:
    from desktop_app.calendly import CalendlyClient
    from desktop_app.calendly.models import User

__all__ = ["EmbeddedSandbox", "Session", "SessionManager", "open_session", "utc_now"]

log = logging.getLogger(__name__)
ADMIN_ROLES = frozenset({"admin", "owner"})
MEMORY_ONLY = "Token kept for this session only: no secure keyring."


def utc_now() -> datetime:
    """The real clock, aware UTC."""
    return datetime.now(UTC)


@dataclass
class Session:
    """One connected account.

    ``client`` is open and owned by the session (closed by :meth:`aclose`). ``organization``
    is the organization URI (None if the user has none); ``role`` is ``"owner"``,
    ``"admin"``, ``"user"`` or None when it could not be read. ``clock`` returns aware UTC
    "now" for this backend (a frozen sandbox may run in another time).
    """

    client: CalendlyClient
    user: User
    organization: str | None
    role: str | None
    sandbox: bool
    base_url: str
    clock: Callable[[], datetime] = field(default=utc_now)

    @property
    def is_admin(self) -> bool:
        """True for organization owners and admins (they may list the organization's data)."""
        return self.role in ADMIN_ROLES

    @property
    def display_name(self) -> str:
        """The user's name, else the slug, else ``"unknown user"`` (plain text, untrusted)."""
        return self.user.name or self.user.slug or "unknown user"

    async def aclose(self) -> None:
        """Close the client (idempotent)."""
        await self.client.aclose()


async def open_session(
    token: str,
    base_url: str = DEFAULT_BASE_URL,
    *,
    sandbox: bool = False,
    clock: Callable[[], datetime] = utc_now,
    client_kwargs: dict[str, Any] | None = None,
) -> Session:
    """Open a client, check the token with ``GET /users/me`` and read the role.

    Raises the client's errors (``Unauthenticated`` for a bad token, ``TransportError`` when
    the server is unreachable, ``ValueError`` for an ``http://`` non-loopback URL); the client is
    closed on failure. A failed membership read (e.g. 403 missing scope) leaves ``role`` None.
    """
    from desktop_app.calendly import CalendlyClient

    redact_value(token)  # never in a log line, whatever logs it
    kwargs = dict(client_kwargs or {})
    # building the HTTP client (SSL context) takes ~100 ms: keep it off the GUI thread
    client = await asyncio.to_thread(
        lambda: CalendlyClient(token, base_url=base_url, clock=clock, **kwargs)
    )
    try:
        user = await client.get_current_user()
        for value in (user.name, user.email):
            redact_value(value)
        role: str | None = None
        try:
            async for membership in client.list_organization_memberships(user=user.uri):
                role = membership.role
                break
        except CalendlyError as exc:
            log.info("membership not readable (%s); treating as non-admin", exc.status)
    except BaseException:
        await client.aclose()
        raise
    return Session(
        client=client,
        user=user,
        organization=user.current_organization,
        role=role,
        sandbox=sandbox,
        base_url=client.base_url,
        clock=clock,
    )


class EmbeddedSandbox:
    """The demo sandbox on a loopback port, in a background thread.

    ``config`` defaults to the demo seed with paid-plan rate limits (500 requests/min, 100
    bookings/min). :meth:`start` runs the blocking server start in a worker thread so the GUI
    stays responsive.
    """

    def __init__(self, config: Any | None = None) -> None:
        from desktop_app.sandbox.server import SandboxConfig, SandboxServer

        if config is None:
            config = SandboxConfig(
                seed="demo", rate_limit_per_minute=500, booking_limit_per_minute=100
            )
        self.config = config
        self.server = SandboxServer(config)
        self.started = False

    async def start(self) -> None:
        """Start the server (idempotent); returns when it accepts connections."""
        if not self.started:
            await asyncio.to_thread(self.server.start)
            self.started = True

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return str(self.server.base_url)

    @property
    def token(self) -> str:
        """The demo organization owner's token (all scopes)."""
        return str(self.server.admin_token)

    def clock(self) -> datetime:
        """The sandbox's "now": its frozen clock if configured, else the real one."""
        now = getattr(self.config, "now", None)
        return now if isinstance(now, datetime) else utc_now()

    def stop(self) -> None:
        """Stop the server and join its thread (idempotent)."""
        if self.started:
            self.started = False
            self.server.stop()


class SessionManager:
    """Chooses and switches backends: a stored real account, or the embedded sandbox.

    ``settings`` persist the base URL and whether a real account is connected; the token lives
    only in ``token_store``. ``warning`` holds the last "token kept in memory only" message.
    The async methods call the token store and write the settings file in a worker thread:
    a keyring read or write goes over D-Bus on Linux and may wait for an unlock prompt, which
    must not freeze the GUI's event loop.
    """

    def __init__(
        self,
        settings: Settings,
        token_store: TokenStore,
        *,
        save_settings: Callable[[Settings], None] | None = None,
        sandbox_factory: Callable[[], EmbeddedSandbox] = EmbeddedSandbox,
    ) -> None:
        self.settings = settings
        self.token_store = token_store
        self._save = save_settings or (lambda s: s.save())
        self._sandbox_factory = sandbox_factory
        self.sandbox: EmbeddedSandbox | None = None
        self.session: Session | None = None
        self.warning: str | None = None

    def stored_token(self, base_url: str) -> str | None:
        """The token kept for ``base_url``, or None (an unusable keyring counts as none).

        Blocking (keyring I/O): async code uses :meth:`stored_token_async`.
        """
        try:
            return self.token_store.get(base_url)
        except NoSecureBackend:
            return None

    async def stored_token_async(self, base_url: str) -> str | None:
        """:meth:`stored_token` in a worker thread (the keyring may block on D-Bus)."""
        return await asyncio.to_thread(self.stored_token, base_url)

    async def start(self, *, force_sandbox: bool = False, base_url: str | None = None) -> Session:
        """Open the start-up session: the stored account unless ``force_sandbox`` or none stored.

        Raises the client's errors for a stored account (``Unauthenticated`` if revoked: the
        UI then shows the connect dialog).
        """
        url = base_url or self.settings.base_url
        token = None if force_sandbox else await self.stored_token_async(url)
        if token is None:
            return await self.use_sandbox()
        return await self._replace(await open_session(token, url))

    async def use_sandbox(self) -> Session:
        """Start the embedded sandbox if needed and connect to it as the demo owner."""
        if self.sandbox is None:
            # importing and seeding the sandbox takes a few hundred ms: keep it off the GUI thread
            self.sandbox = await asyncio.to_thread(self._sandbox_factory)
        await self.sandbox.start()
        session = await open_session(
            self.sandbox.token, self.sandbox.base_url, sandbox=True, clock=self.sandbox.clock
        )
        return await self._replace(session)

    async def connect(self, token: str, base_url: str) -> Session:
        """Check ``token`` against ``base_url`` and make it the current session; store it.

        Raises the client's errors (the current session stays as it was). When the token store
        cannot keep it securely, ``warning`` says so and the token stays in memory only.
        """
        base_url = base_url.strip().rstrip("/") or DEFAULT_BASE_URL
        session = await open_session(token.strip(), base_url)
        # a memory-only store (no secure keyring at start-up) keeps its warning
        self.warning = None if self.token_store.secure else (self.warning or MEMORY_ONLY)
        try:
            await asyncio.to_thread(self.token_store.set, base_url, token.strip())
        except NoSecureBackend as exc:
            self.warning = f"{MEMORY_ONLY[:-1]} ({exc})."
        self.settings.base_url = base_url
        self.settings.connected = True
        await self._save_in_thread()
        return await self._replace(session)

    async def disconnect(self) -> Session:
        """Forget the stored token of the current account and switch to the sandbox."""
        if self.session is not None and not self.session.sandbox:
            with contextlib.suppress(NoSecureBackend):
                await asyncio.to_thread(self.token_store.delete, self.session.base_url)
        self.settings.connected = False
        await self._save_in_thread()
        return await self.use_sandbox()

    def save_settings(self) -> None:
        """Persist :attr:`settings` (errors writing the file are logged, not raised)."""
        try:
            self._save(self.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", type(exc).__name__)

    async def _save_in_thread(self) -> None:
        with contextlib.suppress(OSError):
            await asyncio.to_thread(self._save, self.settings)

    async def _replace(self, session: Session) -> Session:
        old, self.session = self.session, session
        if old is not None and old is not session:
            await old.aclose()
        if not session.sandbox and self.sandbox is not None:
            await asyncio.to_thread(self.sandbox.stop)
            self.sandbox = None
        return session

    async def aclose(self) -> None:
        """Close the session's client and stop the sandbox (idempotent)."""
        if self.session is not None:
            session, self.session = self.session, None
            await session.aclose()
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            await asyncio.to_thread(sandbox.stop)
