"""Where the personal access token lives: keyring when secure, else memory for this session.

The token never goes to a file, a log line or an exception message. When the keyring has no
secure backend (headless Linux without Secret Service: ``keyring.backends.fail.Keyring``, or a
plaintext backend such as ``keyrings.alt``'s file store), :func:`open_token_store` returns a
:class:`MemoryTokenStore` and a human-readable reason, never a plaintext file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from desktop_app import APP_SLUG

__all__ = [
    "KeyringTokenStore",
    "MemoryTokenStore",
    "NoSecureBackend",
    "TokenStore",
    "open_token_store",
]

_ACCOUNT = "personal-access-token"
_NO_SYSTEM_KEYRING = (
    "no system keyring (Secret Service, KWallet, Keychain or Credential Locker) found"
)


class NoSecureBackend(Exception):
    """The keyring has no secure backend; the message says which one was found."""


@runtime_checkable
class TokenStore(Protocol):
    """Stores one token per base URL. ``secure`` is False for memory-only stores."""

    secure: bool

    def get(self, base_url: str) -> str | None:
        """Return the stored token for ``base_url`` or None."""
        ...

    def set(self, base_url: str, token: str) -> None:
        """Store ``token`` for ``base_url``. Raises :class:`NoSecureBackend` if it cannot."""
        ...

    def delete(self, base_url: str) -> None:
        """Forget the token for ``base_url`` (no error if none)."""
        ...


@dataclass
class MemoryTokenStore:
    """Keeps tokens in this process only (tests, or no secure keyring)."""

    secure: bool = False

    def __post_init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def get(self, base_url: str) -> str | None:
        return self._tokens.get(base_url)

    def set(self, base_url: str, token: str) -> None:
        self._tokens[base_url] = token

    def delete(self, base_url: str) -> None:
        self._tokens.pop(base_url, None)

    def __repr__(self) -> str:  # never show tokens
        return f"MemoryTokenStore({len(self._tokens)} token(s))"


class KeyringTokenStore:
    """Token in the OS keyring, service name ``APP_SLUG``, one entry per base URL."""

    secure = True

    def __init__(self, service: str = APP_SLUG) -> None:
        self._service = service

    def _user(self, base_url: str) -> str:
        return f"{_ACCOUNT}@{base_url.rstrip('/')}"

    def get(self, base_url: str) -> str | None:
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(self._service, self._user(base_url))
        except keyring.errors.KeyringError as exc:
            raise NoSecureBackend(type(exc).__name__) from None

    def set(self, base_url: str, token: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.set_password(self._service, self._user(base_url), token)
        except keyring.errors.KeyringError as exc:
            raise NoSecureBackend(type(exc).__name__) from None

    def delete(self, base_url: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(self._service, self._user(base_url))
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise NoSecureBackend(type(exc).__name__) from None


def insecure_backend_reason() -> str | None:
    """Why the current keyring backend is not usable securely, or None if it is.

    Fail backends and backends with priority < 1 or a plaintext storage (``keyrings.alt``)
    count as insecure.
    """
    try:
        import keyring
    except ImportError:  # pragma: no cover - dependency is declared
        return "the keyring package is not installed"
    backend = keyring.get_keyring()
    cls = type(backend)
    module = cls.__module__
    name = f"{module}.{cls.__name__}"
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return _NO_SYSTEM_KEYRING
    if module.startswith("keyrings.alt"):
        return f"the only keyring backend is {name}, which stores tokens unencrypted"
    if module.startswith("keyring.backends.chainer"):
        backends = getattr(backend, "backends", [])
        if not backends:
            return _NO_SYSTEM_KEYRING
        if all(type(b).__module__.startswith("keyrings.alt") for b in backends):
            return "the only keyring backends store tokens unencrypted"
    return None


def open_token_store() -> tuple[TokenStore, str | None]:
    """Return ``(store, warning)``: keyring when secure, else memory plus the reason to show."""
    reason = insecure_backend_reason()
    if reason is None:
        return KeyringTokenStore(), None
    return MemoryTokenStore(), (
        f"Tokens cannot be stored securely: {reason}. The token is kept in memory for this "
        "session only; you will be asked again next time."
    )
