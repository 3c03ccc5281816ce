"""Checks for the contact details typed into the booking form (Qt-free).

Email addresses go through ``email-validator`` (syntax only, no DNS: this app often runs
offline) plus a small table of common domain typos for a "did you mean …?" hint. Phone numbers
go through ``phonenumbers`` and come out in E.164 (``+14155550123``); numbers typed without a
country code are read in a default region, by default the country of the invitee's time zone
(from tzdata's ``zone.tab``).
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# Misspelt domain -> intended domain. Small on purpose: the hint only covers frequent slips.
DOMAIN_TYPOS: dict[str, str] = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gnail.com": "gmail.com",
    "gmal.com": "gmail.com",
    "gmaill.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.con": "gmail.com",
    "gmail.cmo": "gmail.com",
    "googlemail.co": "googlemail.com",
    "hotmial.com": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "hotmai.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "homtail.com": "hotmail.com",
    "yaho.com": "yahoo.com",
    "yahooo.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "yhaoo.com": "yahoo.com",
    "outlok.com": "outlook.com",
    "outllok.com": "outlook.com",
    "outlook.co": "outlook.com",
    "outlook.con": "outlook.com",
    "iclod.com": "icloud.com",
    "icloud.co": "icloud.com",
    "icoud.com": "icloud.com",
    "protonmial.com": "protonmail.com",
    "live.con": "live.com",
    "aol.co": "aol.com",
}

DEFAULT_REGION = "US"


@dataclass(frozen=True)
class EmailCheck:
    """Result of :func:`check_email`: ``normalized`` address or an ``error``; ``suggestion``
    is a full corrected address when the domain looks like a known typo (a hint, not an error).
    """

    normalized: str | None
    error: str | None
    suggestion: str | None = None


def check_email(text: str) -> EmailCheck:
    """Validate one email address (syntax only, no DNS lookup).

    Returns an :class:`EmailCheck`; never raises. An empty string is an error ("Enter an email
    address"); callers treat optional fields themselves.
    """
    value = text.strip()
    if not value:
        return EmailCheck(None, "Enter an email address.")
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return EmailCheck(None, f"Not a valid email address: {exc}")
    normalized: str = result.normalized
    return EmailCheck(normalized, None, suggest_email(normalized))


def suggest_email(address: str) -> str | None:
    """Return ``address`` with its domain corrected when the domain is a known typo, else None."""
    local, sep, domain = address.rpartition("@")
    if not sep:
        return None
    fixed = DOMAIN_TYPOS.get(domain.lower())
    return f"{local}@{fixed}" if fixed else None


@functools.cache
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO 3166 country code, from tzdata's zone.tab (empty if unavailable)."""
    mapping: dict[str, str] = {}
    try:
        text = (importlib.resources.files("tzdata.zoneinfo") / "zone.tab").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return mapping
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            mapping[parts[2]] = parts[0]
    return mapping


def region_for_timezone(zone: str | None, fallback: str = DEFAULT_REGION) -> str:
    """Country code (e.g. ``"US"``) for an IANA zone, used as the phone number default region.

    ``fallback`` when the zone is unknown or not tied to one country (``UTC``, ``Etc/*``).
    """
    if not zone:
        return fallback
    return _zone_countries().get(zone, fallback)


@dataclass(frozen=True)
class PhoneCheck:
    """Result of :func:`check_phone`: ``e164`` (e.g. ``"+14155550123"``) or an ``error``."""

    e164: str | None
    error: str | None


def check_phone(text: str, region: str = DEFAULT_REGION) -> PhoneCheck:
    """Parse and validate a phone number; numbers without ``+`` are read in ``region``.

    Returns a :class:`PhoneCheck` (never raises). Empty input is an error.
    """
    value = text.strip()
    if not value:
        return PhoneCheck(None, "Enter a phone number.")
    try:
        number = phonenumbers.parse(value, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return PhoneCheck(None, "Not a phone number. Use international form, e.g. +1 415 555 0123.")
    if not phonenumbers.is_valid_number(number):
        return PhoneCheck(
            None, "This phone number is not valid. Use international form, e.g. +1 415 555 0123."
        )
    return PhoneCheck(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None)
