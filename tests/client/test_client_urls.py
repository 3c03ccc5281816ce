"""Base URL validation (HTTPS unless loopback) and URI/UUID helpers."""

from __future__ import annotations

import pytest

from desktop_app.calendly.urls import is_loopback_host, path_segment, to_uri, validate_base_url


@pytest.mark.parametrize(
    "url",
    [
        "https://api.calendly.com",
        "https://api.calendly.com/",
        "http://127.0.0.1:8080",
        "http://127.5.6.7",
        "http://127.0.0.2:8000",
        "http://localhost:1234/",
        "http://[::1]:9000",
    ],
)
def test_accepted_base_urls(url: str) -> None:
    assert not validate_base_url(url).endswith("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.calendly.com",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://localhost.evil.com",
        "http://example.com",
        "http://sandbox.localhost:8000",
        "ftp://127.0.0.1",
        "api.calendly.com",
        "https://user:pw@api.calendly.com",
        "https://api.calendly.com/?x=1",
        "http://[::2]",
    ],
)
def test_rejected_base_urls(url: str) -> None:
    with pytest.raises(ValueError):
        validate_base_url(url)


def test_loopback() -> None:
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1")
    assert is_loopback_host("LOCALHOST")
    assert not is_loopback_host("example.com")


def test_uri_helpers() -> None:
    assert path_segment("https://api.calendly.com/users/ABC") == "ABC"
    assert path_segment("ABC") == "ABC"
    assert path_segment("a/../b") == "b"
    with pytest.raises(ValueError):
        path_segment("https://x/users/..")
    assert to_uri("http://127.0.0.1:1", "users", "ABC") == "http://127.0.0.1:1/users/ABC"
    assert to_uri("http://x", "users", "https://api.calendly.com/users/A") == (
        "https://api.calendly.com/users/A"
    )
