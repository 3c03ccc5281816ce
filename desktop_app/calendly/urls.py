"""Base-URL validation and URI/UUID helpers (CONTRACT.md "Conventions / Identifiers").

Query parameters take full URIs, path parameters take bare UUIDs (last URI segment).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urlsplit

from .models import uuid_of

__all__ = ["DEFAULT_BASE_URL", "is_loopback_host", "path_segment", "to_uri", "validate_base_url"]

DEFAULT_BASE_URL = "https://api.calendly.com"


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``.

    ``*.localhost`` names are not accepted: without a resolver that pins them to loopback
    (systemd-resolved, browsers) they go to DNS, which could send the token elsewhere over
    plain HTTP.
    """
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(base_url: str) -> str:
    """Return ``base_url`` without a trailing slash.

    Raises ValueError unless the scheme is https, or http with a loopback host; also for
    URLs with credentials, a query or a fragment.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http(s) URL")
    if parts.username or parts.password:
        raise ValueError("base_url must not contain credentials")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not contain a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError("base_url must use https unless the host is loopback")
    return base_url.strip().rstrip("/")


def path_segment(uri_or_uuid: str) -> str:
    """The UUID of ``uri_or_uuid``, percent-encoded for use as one path segment.

    Raises ValueError when empty.
    """
    uuid = uuid_of(uri_or_uuid.strip())
    if not uuid or uuid in (".", ".."):
        raise ValueError("empty identifier")
    return quote(uuid, safe="")


def to_uri(base_url: str, collection: str, uri_or_uuid: str) -> str:
    """A full URI for query parameters: URIs pass through, bare UUIDs become
    ``{base_url}/{collection}/{uuid}``."""
    value = uri_or_uuid.strip()
    if "://" in value:
        return value
    return f"{base_url}/{collection}/{path_segment(value)}"
