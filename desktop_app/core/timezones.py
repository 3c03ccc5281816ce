"""Time-zone helpers: the IANA zone list, the computer's zone, offset labels.

Qt-free. Zones come from :mod:`zoneinfo` backed by the ``tzdata`` package, so the list is the
same on every platform (Windows has no system tz database).
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = [
    "all_zones",
    "format_offset",
    "get_zone",
    "offset_label",
    "system_zone_name",
]


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Sorted IANA zone names (e.g. ``"America/New_York"``), without legacy aliases.

    Legacy ``posix/`` / ``right/`` copies and upper-case aliases such as ``EST5EDT`` are left
    out; ``UTC`` is kept.
    """
    names = {
        n
        for n in zoneinfo.available_timezones()
        if "/" in n and not n.startswith(("posix/", "right/", "Etc/", "SystemV/", "US/"))
    }
    names.add("UTC")
    return tuple(sorted(names))


def get_zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the :class:`zoneinfo.ZoneInfo` for an IANA name.

    Raises :class:`zoneinfo.ZoneInfoNotFoundError` (a ``KeyError``) for unknown names.
    """
    return zoneinfo.ZoneInfo(name)


def _zone_from_localtime_link() -> str | None:
    try:
        target = Path("/etc/localtime").resolve()
    except OSError:
        return None
    parts = target.parts
    if "zoneinfo" in parts:
        name = "/".join(parts[parts.index("zoneinfo") + 1 :])
        if name.startswith(("posix/", "right/")):
            name = name.split("/", 1)[1]
        return name or None
    return None


def system_zone_name() -> str:
    """The computer's IANA zone name; ``"UTC"`` when it cannot be determined.

    Order: ``$TZ`` (if a valid IANA name), ``/etc/timezone``, the ``/etc/localtime`` link.
    Windows/macOS fall back to matching the current UTC offset only when nothing else works.
    """
    candidates: list[str | None] = [os.environ.get("TZ", "").lstrip(":") or None]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip() or None)
    candidates.append(_zone_from_localtime_link())
    for name in candidates:
        if name and _valid(name):
            return "UTC" if name in _UTC_ALIASES else name
    return _zone_matching_local_offset()


_UTC_ALIASES = frozenset(
    {"Etc/UTC", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "Universal", "Zulu", "UCT", "Etc/GMT"}
)


def _valid(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _zone_matching_local_offset() -> str:
    offset = -time.timezone if not time.localtime().tm_isdst else -time.altzone
    if offset == 0:
        return "UTC"
    now = datetime.now(UTC)
    for name in all_zones():
        utcoff = now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
        if utcoff is not None and int(utcoff.total_seconds()) == offset:
            return name
    return "UTC"


def format_offset(offset: timedelta) -> str:
    """``timedelta(hours=-5)`` -> ``"UTC−05:00"``; ``timedelta(0)`` -> ``"UTC+00:00"``."""
    total = int(offset.total_seconds()) // 60
    sign = "+" if total >= 0 else "−"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def offset_label(zone: str, at: datetime | None = None) -> str:
    """``"America/New_York (UTC−05:00)"`` for ``zone`` at the aware instant ``at`` (default now)."""
    when = (at or datetime.now(UTC)).astimezone(get_zone(zone))
    off = when.utcoffset() or timedelta(0)
    return f"{zone} ({format_offset(off)})"
