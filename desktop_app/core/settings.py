"""User settings (no secrets): base URL, display zone, last event type, window geometry.

Stored as JSON in ``platformdirs.user_config_dir(APP_SLUG)/settings.json`` (Qt-free, so the
services and tests can use it without a QApplication). Unknown keys are ignored; a corrupt
file is treated as empty and overwritten on the next save.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from desktop_app import APP_SLUG

__all__ = ["DEFAULT_BASE_URL", "Settings", "default_settings_path"]

DEFAULT_BASE_URL = "https://api.calendly.com"
log = logging.getLogger(__name__)


def default_settings_path() -> Path:
    """``<user config dir>/settings.json`` (e.g. ``~/.config/calendly-assistant/settings.json``)."""
    return Path(platformdirs.user_config_dir(APP_SLUG, appauthor=False)) / "settings.json"


@dataclass
class Settings:
    """Persisted preferences. ``display_zone`` None means "the computer's zone"."""

    base_url: str = DEFAULT_BASE_URL
    connected: bool = False  # True once a real account was connected (token in keyring)
    display_zone: str | None = None
    last_event_type: str | None = None  # event type URI
    last_host: str | None = None  # user URI picked in the host picker (admins)
    window_geometry: str | None = None  # hex of QWidget.saveGeometry()

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings from ``path`` (default :func:`default_settings_path`)."""
        path = path or default_settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings unreadable (%s); using defaults", type(exc).__name__)
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        """Write settings atomically (temp file + rename)."""
        path = path or default_settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(tmp, path)
