"""core: time zones, settings round trip, token stores, log redaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core import secrets
from desktop_app.core.logging import RedactingFilter, redact, redact_value, setup_logging
from desktop_app.core.settings import Settings
from desktop_app.core.timezones import all_zones, format_offset, offset_label, system_zone_name


def test_zone_list_and_offsets() -> None:
    zones = all_zones()
    assert "America/New_York" in zones and "UTC" in zones and "Europe/Paris" in zones
    assert not any(z.startswith(("posix/", "right/")) for z in zones)
    assert list(zones) == sorted(zones)
    assert format_offset(timedelta(hours=-5)) == "UTC−05:00"
    assert format_offset(timedelta(hours=5, minutes=30)) == "UTC+05:30"
    winter = datetime(2026, 1, 15, tzinfo=UTC)
    summer = datetime(2026, 7, 15, tzinfo=UTC)
    assert offset_label("America/New_York", winter) == "America/New_York (UTC−05:00)"
    assert offset_label("America/New_York", summer) == "America/New_York (UTC−04:00)"
    assert system_zone_name()  # always a valid name (UTC at worst)


def test_system_zone_from_tz_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert system_zone_name() == "Asia/Kolkata"


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s" / "settings.json"
    assert Settings.load(path) == Settings()
    Settings(display_zone="Europe/Paris", last_event_type="https://x/event_types/1").save(path)
    loaded = Settings.load(path)
    assert loaded.display_zone == "Europe/Paris"
    assert loaded.last_event_type == "https://x/event_types/1"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_memory_store_and_insecure_backend_detection() -> None:
    import keyring
    from keyring.backends import fail

    store = secrets.MemoryTokenStore()
    store.set("https://api.calendly.com", "tok-123")
    assert store.get("https://api.calendly.com") == "tok-123"
    assert "tok-123" not in repr(store)
    store.delete("https://api.calendly.com")
    assert store.get("https://api.calendly.com") is None

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        chosen, warning = secrets.open_token_store()
        assert isinstance(chosen, secrets.MemoryTokenStore)
        assert warning is not None and "memory" in warning
        with pytest.raises(secrets.NoSecureBackend):
            secrets.KeyringTokenStore().set("https://api.calendly.com", "tok")
    finally:
        keyring.set_keyring(previous)


def test_redaction(tmp_path: Path) -> None:
    redact_value("secret-token-value")
    redact_value("Ana Díaz")
    text = redact(
        "Bearer abc.def user ana@example.com name=Bob token secret-token-value by Ana Díaz"
    )
    assert "abc.def" not in text and "ana@example.com" not in text
    assert "secret-token-value" not in text and "Ana Díaz" not in text and "Bob" not in text
    path = setup_logging(tmp_path)
    logging.getLogger("test").warning("booked %s for %s", "ana@example.com", "Ana Díaz")
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert "booked [email] for [redacted]" in content
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "mail %s", ("a@b.io",), None)
    assert RedactingFilter().filter(record) and record.getMessage() == "mail [email]"
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "") == str(path):
            logging.getLogger().removeHandler(handler)
            handler.close()
