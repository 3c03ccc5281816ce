"""Keyset-free, opaque pagination (CONTRACT.md "Conventions": ``count`` 1..100, default 20,
``page_token``; all five pagination keys; ``next_page``/``previous_page`` are full URLs).

A page token is base64url JSON ``{"o": offset, "q": fingerprint}``; the fingerprint binds it
to the path and filter parameters, so a token replayed with other filters, or any garbage,
is a 400 naming ``page_token``. A ``count`` outside 1..100 or not an integer is a 400 naming
``count``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from desktop_app.sandbox.common import invalid

IGNORED = ("page_token", "count")


def _fingerprint(request: Request) -> str:
    items = sorted((k, v) for k, v in request.query_params.multi_items() if k not in IGNORED)
    raw = json.dumps([request.url.path, items], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def _encode(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "q": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_window(request: Request) -> tuple[int, int]:
    """(count, offset) from ``count`` and ``page_token``; 400 on bad values."""
    raw_count = request.query_params.get("count")
    count = 20
    if raw_count is not None:
        try:
            count = int(raw_count)
        except ValueError:
            raise invalid("count", "must be an integer between 1 and 100") from None
        if not 1 <= count <= 100:
            raise invalid("count", "must be an integer between 1 and 100")
    token = request.query_params.get("page_token")
    if token is None:
        return count, 0
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = int(data["o"])
        if data["q"] != _fingerprint(request) or offset < 0:
            raise ValueError("token does not match this query")
    except (ValueError, KeyError, TypeError):
        raise invalid("page_token", "is invalid") from None
    return count, offset


def paginate(
    request: Request,
    base: str,
    fetch: Callable[[int, int], list[Any]],
) -> tuple[list[Any], dict[str, Any]]:
    """Fetch one page with ``fetch(offset, limit)`` and build the ``pagination`` object."""
    count, offset = page_window(request)
    rows = fetch(offset, count + 1)
    has_next = len(rows) > count
    rows = rows[:count]
    fingerprint = _fingerprint(request)
    next_token = _encode(offset + count, fingerprint) if has_next else None
    prev_token = _encode(max(0, offset - count), fingerprint) if offset > 0 else None
    return rows, {
        "count": len(rows),
        "next_page": _url(request, base, next_token),
        "previous_page": _url(request, base, prev_token),
        "next_page_token": next_token,
        "previous_page_token": prev_token,
    }


def _url(request: Request, base: str, token: str | None) -> str | None:
    if token is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page_token"]
    params.append(("page_token", token))
    return f"{base}{request.url.path}?{urlencode(params)}"
