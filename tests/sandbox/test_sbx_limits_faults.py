"""Rate limits (headers on every response, 429 + Retry-After, booking bucket) and faults
(500s, 429 bursts, latency, real dropped connections, commit-then-drop)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sbx_contract import checked
from sbx_helpers import Api, ApiFor, Demo

from desktop_app.sandbox.__main__ import build_config, parse_args
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer

Make = Callable[[SandboxConfig], SandboxServer]


def test_rate_limit_headers_and_429(make_sandbox: Make, api_for: ApiFor) -> None:
    server = make_sandbox(SandboxConfig(seed="empty", rate_limit_per_minute=5,
                                        booking_limit_per_minute=2))
    api: Api = api_for(server, server.admin_token)
    remaining = []
    for _ in range(5):
        response = api.client.get("/users/me")
        checked(response, "/users/me")
        assert response.headers["X-RateLimit-Limit"] == "5"
        assert 0 < int(response.headers["X-RateLimit-Reset"]) <= 60
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    over = api.client.get("/users/me")
    checked(over, "/users/me")
    assert over.status_code == 429 and 1 <= int(over.headers["Retry-After"]) <= 60
    other: Api = api_for(server, server.member_token)  # per token
    assert other.client.get("/users/me").status_code == 200
    server.set_rate_limits(100, 2)
    assert api.client.get("/users/me").status_code == 200


def test_headers_on_errors_and_booking_bucket(make_sandbox: Make, api_for: ApiFor) -> None:
    server = make_sandbox(SandboxConfig(seed="empty", rate_limit_per_minute=100,
                                        booking_limit_per_minute=2))
    anon: Api = api_for(server, None)
    unauth = anon.client.get("/users/me")
    assert unauth.status_code == 401 and "X-RateLimit-Remaining" in unauth.headers
    api: Api = api_for(server, server.admin_token)
    missing = api.client.get("/no/such/route")
    assert missing.status_code == 404 and "X-RateLimit-Limit" in missing.headers
    assert missing.json()["title"] == "Resource Not Found"
    statuses = []
    for _ in range(3):
        response = api.client.post("/invitees", json={})
        checked(response, "/invitees")
        statuses.append((response.status_code, response.headers["X-RateLimit-Limit"]))
    assert statuses == [(400, "2"), (400, "2"), (429, "2")]
    assert 1 <= int(response.headers["Retry-After"]) <= 60  # the booking-limit 429
    assert api.client.get("/users/me").status_code == 200  # general bucket still open


def test_error_rate_and_bursts(sandbox: SandboxServer, admin: Api) -> None:
    try:
        sandbox.set_faults(FaultConfig(error_rate=1.0, random_seed=1))
        response = admin.client.get("/users/me")
        checked(response, "/users/me")
        assert response.status_code == 500
        assert response.json()["title"] == "Internal Server Error"
        sandbox.set_faults(FaultConfig(burst_429_every=3, burst_429_length=2))
        responses = [checked(admin.client.get("/users/me"), "/users/me") for _ in range(7)]
        assert [r.status_code for r in responses] == [200, 200, 429, 429, 200, 429, 429]
        for burst in (r for r in responses if r.status_code == 429):
            assert int(burst.headers["Retry-After"]) >= 1
            assert burst.json()["title"] == "Too Many Requests"
    finally:
        sandbox.set_faults(FaultConfig())
    assert admin.client.get("/users/me").status_code == 200


def test_partial_error_rate_mixes_500s_and_200s(sandbox: SandboxServer, admin: Api) -> None:
    try:
        sandbox.set_faults(FaultConfig(error_rate=0.5, random_seed=1))
        responses = [checked(admin.client.get("/users/me"), "/users/me") for _ in range(20)]
    finally:
        sandbox.set_faults(FaultConfig())
    codes = [r.status_code for r in responses]
    assert set(codes) == {200, 500} and 3 <= codes.count(500) <= 17


def test_partial_drop_rate_drops_some_connections(sandbox: SandboxServer, admin: Api) -> None:
    outcomes: list[int | str] = []
    try:
        sandbox.set_faults(FaultConfig(drop_rate=0.5, random_seed=1))
        for _ in range(20):
            try:
                outcomes.append(admin.client.get("/users/me").status_code)
            except httpx.TransportError:
                outcomes.append("dropped")
    finally:
        sandbox.set_faults(FaultConfig())
    assert set(outcomes) == {200, "dropped"} and 3 <= outcomes.count("dropped") <= 17


def test_jitter_varies_latency(sandbox: SandboxServer, admin: Api) -> None:
    durations = []
    try:
        # seed 1 draws delays of 0 ms (x6) up to 42 ms over 10 requests (~0.13 s in all)
        sandbox.set_faults(FaultConfig(latency_ms=0, jitter_ms=60, random_seed=1))
        for _ in range(10):
            began = time.perf_counter()
            assert admin.client.get("/users/me").status_code == 200
            durations.append(time.perf_counter() - began)
    finally:
        sandbox.set_faults(FaultConfig())
    assert max(durations) - min(durations) >= 0.025


def test_rate_limit_defaults(make_sandbox: Make, api_for: ApiFor) -> None:
    config = SandboxConfig()
    assert (config.rate_limit_per_minute, config.booking_limit_per_minute) == (60, 10)
    cli = build_config(parse_args([]))
    assert (cli.rate_limit_per_minute, cli.booking_limit_per_minute) == (60, 10)
    assert cli.faults == FaultConfig() and cli.seed == "demo" and cli.db_path is None
    server = make_sandbox(SandboxConfig(seed="empty"))
    api: Api = api_for(server, server.admin_token)
    assert api.client.get("/users/me").headers["X-RateLimit-Limit"] == "60"
    assert api.client.post("/invitees", json={}).headers["X-RateLimit-Limit"] == "10"


def test_latency(sandbox: SandboxServer, admin: Api) -> None:
    try:
        sandbox.set_faults(FaultConfig(latency_ms=150, jitter_ms=20, random_seed=3))
        began = time.perf_counter()
        admin.client.get("/users/me")
        assert time.perf_counter() - began >= 0.13
    finally:
        sandbox.set_faults(FaultConfig())


def test_dropped_connection_is_a_transport_error(sandbox: SandboxServer, admin: Api) -> None:
    try:
        sandbox.set_faults(FaultConfig(drop_rate=1.0, random_seed=2))
        with pytest.raises(httpx.TransportError):
            admin.client.get("/users/me")
    finally:
        sandbox.set_faults(FaultConfig())
    assert admin.client.get("/users/me").status_code == 200


def test_commit_then_drop_books_but_loses_response(fresh_sandbox: SandboxServer,
                                                   api_for: ApiFor) -> None:
    api: Api = api_for(fresh_sandbox, fresh_sandbox.admin_token)
    demo = Demo(fresh_sandbox)
    et = demo.et_uri("Portfolio Review")
    now = fresh_sandbox.store.now()
    start = now.replace(microsecond=0) + timedelta(days=2)
    times = api.get("/event_type_available_times", event_type=et,
                    start_time=start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    end_time=(start + timedelta(days=5)).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"))["collection"]
    body = {"event_type": et, "start_time": times[0]["start_time"],
            "location": {"kind": "google_conference"},
            "invitee": {"name": "Drop Test", "email": "drop@example.com", "timezone": "UTC"}}
    fresh_sandbox.set_faults(FaultConfig(commit_then_drop_rate=1.0, random_seed=5))
    with pytest.raises(httpx.TransportError):
        api.client.post("/invitees", json=body)
    assert api.client.get("/users/me").status_code == 200  # GETs are not affected
    fresh_sandbox.set_faults(FaultConfig())
    assert fresh_sandbox.store.count("invitees", "email = ?", ("drop@example.com",)) == 1
    again = api.post("/invitees", body, expect=400)
    assert again["details"][0]["code"] == "already_filled"


def test_free_plan_cannot_book(make_sandbox: Make, api_for: ApiFor) -> None:
    server = make_sandbox(SandboxConfig(seed="empty"))
    server.store.db.execute("UPDATE organizations SET plan = 'free'")
    api: Api = api_for(server, server.admin_token)
    body = api.post("/invitees", {}, expect=403)
    assert body["message"].startswith("The Scheduling API is only available on paid")
