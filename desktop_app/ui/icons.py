"""Icons for location kinds, loaded from package data (``desktop_app/assets/locations``).

Files are SVGs read through :mod:`importlib.resources` and rendered by Qt's SVG icon engine;
a kind with no file of its own maps to the nearest generic icon.
"""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

__all__ = [
    "LOCATION_LABELS",
    "location_icon",
    "location_icon_name",
    "location_label",
    "tinted_location_pixmap",
]

_ICON_FOR_KIND = {
    "zoom_conference": "video",
    "google_conference": "video",
    "microsoft_teams_conference": "video",
    "webex_conference": "video",
    "gotomeeting_conference": "video",
    "inbound_call": "phone",
    "outbound_call": "phone",
    "physical": "pin",
    "custom": "custom",
    "ask_invitee": "ask",
}

LOCATION_LABELS = {
    "zoom_conference": "Zoom",
    "google_conference": "Google Meet",
    "microsoft_teams_conference": "Microsoft Teams",
    "webex_conference": "Webex",
    "gotomeeting_conference": "GoTo Meeting",
    "inbound_call": "Phone call (invitee calls)",
    "outbound_call": "Phone call (host calls)",
    "physical": "In person",
    "custom": "Custom location",
    "ask_invitee": "Invitee chooses",
}


def location_label(kind: str) -> str:
    """Human label for a ``locations[].kind`` value (unknown kinds are returned as they are)."""
    return LOCATION_LABELS.get(kind, kind)


@functools.cache
def _icon_file(name: str) -> str:
    ref = resources.files("desktop_app") / "assets" / "locations" / f"{name}.svg"
    with resources.as_file(ref) as path:
        return str(path)


@functools.cache
def location_icon(kind: str) -> QIcon:
    """QIcon for a location kind (``custom`` icon for unknown kinds)."""
    return QIcon(_icon_file(location_icon_name(kind)))


def location_icon_name(kind: str) -> str:
    """The icon a location kind is drawn with (``video`` for every conference kind...);
    kinds sharing an icon are shown once."""
    return _ICON_FOR_KIND.get(kind, "custom")


@functools.lru_cache(maxsize=64)
def _tinted(name: str, size: int, rgba: int, ratio: float) -> QPixmap:
    pixmap = QIcon(_icon_file(name)).pixmap(QSize(size, size), ratio)
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor.fromRgba(rgba))
    painter.end()
    return pixmap


def tinted_location_pixmap(kind: str, size: int, color: QColor, ratio: float = 1.0) -> QPixmap:
    """The location icon of ``kind`` as a ``size`` x ``size`` (logical pixels) pixmap painted in
    ``color``, e.g. the palette's highlighted-text colour on a selected row."""
    return _tinted(location_icon_name(kind), size, color.rgba(), ratio)
