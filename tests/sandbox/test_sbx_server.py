"""Lifecycle of the in-process helper, the CLI, and the seeds' promised contents."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from desktop_app.sandbox.__main__ import build_config, parse_args
from desktop_app.sandbox.__main__ import main as cli_main
from desktop_app.sandbox.render import KIND_TO_TYPE
from desktop_app.sandbox.seed import dst_zone
from desktop_app.sandbox.server import FaultConfig, SandboxConfig, SandboxServer
from desktop_app.sandbox.store import Store

KINDS = {"ask_invitee", "custom", "google_conference", "gotomeeting_conference",
         "inbound_call", "microsoft_teams_conference", "outbound_call", "physical",
         "webex_conference", "zoom_conference"}


def test_start_stop_leaves_no_thread_or_socket() -> None:
    before = {t.ident for t in threading.enumerate()}
    with SandboxServer(SandboxConfig(seed="empty")) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.port > 0
        with httpx.Client() as client:
            me = client.get(f"{server.base_url}/users/me",
                            headers={"Authorization": f"Bearer {server.admin_token}"})
        assert me.status_code == 200
        port = server.port
    assert {t.ident for t in threading.enumerate()} <= before
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_cli_flags_reach_the_config() -> None:
    config = build_config(parse_args([
        "--seed", "empty", "--db", "x.sqlite", "--now", "2027-03-08T12:00Z",
        "--rate-limit", "7", "--booking-limit", "3", "--available-times-max-days", "31",
        "--latency-ms", "5", "--jitter-ms", "1", "--error-rate", "0.1", "--burst-429-every", "9",
        "--burst-429-length", "2", "--drop-rate", "0.2", "--commit-then-drop-rate", "0.3",
        "--fault-seed", "4"]))
    assert (config.seed, config.db_path, config.rate_limit_per_minute,
            config.booking_limit_per_minute, config.available_times_max_days) == (
        "empty", "x.sqlite", 7, 3, 31)
    assert config.now == datetime(2027, 3, 8, 12, 0, tzinfo=UTC)
    assert config.faults == FaultConfig(latency_ms=5, jitter_ms=1, error_rate=0.1,
                                        burst_429_every=9, burst_429_length=2, drop_rate=0.2,
                                        commit_then_drop_rate=0.3, random_seed=4)
    with pytest.raises(ValueError):
        build_config(parse_args(["--now", "2027-03-08T12:00"]))


def test_ipv6_loopback_base_url_is_usable() -> None:
    with SandboxServer(SandboxConfig(seed="empty"), host="::1") as server:
        assert server.base_url.startswith("http://[::1]:")
        me = httpx.get(f"{server.base_url}/users/me",
                       headers={"Authorization": f"Bearer {server.admin_token}"})
        assert me.status_code == 200
        assert me.json()["resource"]["uri"].startswith(server.base_url + "/users/")


@contextmanager
def _cli(argv: list[str]) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """Run the sandbox CLI, yield it with its parsed JSON line; SIGTERM/kill it on exit."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        yield proc, json.loads(line)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_prints_json_and_stops_on_signal(sig: signal.Signals) -> None:
    with _cli([sys.executable, "-m", "desktop_app.sandbox", "--port", "0",
               "--seed", "demo"]) as (proc, info):
        assert set(info) == {"base_url", "token", "member_token"}
        assert info["base_url"].startswith("http://127.0.0.1:") and info["token"]
        me = httpx.get(f"{info['base_url']}/users/me",
                       headers={"Authorization": f"Bearer {info['token']}"})
        assert me.status_code == 200 and me.json()["resource"]["uri"].startswith(
            info["base_url"])
        assert me.json()["resource"]["name"] == "Amelia Hartmann"  # the demo seed's owner
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == 0


def _org_events(client: httpx.Client) -> list[dict[str, Any]]:
    """Every scheduled event of the caller's organization, walking ``next_page``."""
    org = client.get("/users/me").json()["resource"]["current_organization"]
    response = client.get("/scheduled_events", params={"organization": org, "count": 100})
    events: list[dict[str, Any]] = []
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        events += body["collection"]
        if body["pagination"]["next_page"] is None:
            return events
        response = client.get(body["pagination"]["next_page"])


def test_db_file_persists_across_runs_and_console_script(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.sqlite")
    script = shutil.which("desktop-app-sandbox", path=str(Path(sys.executable).parent))
    assert script is not None, "console script desktop-app-sandbox not installed in the venv"
    runs = [[sys.executable, "-m", "desktop_app.sandbox"], [script]]
    infos: list[dict[str, str]] = []
    counts: list[int] = []
    canceled: list[str] = []
    for argv in runs:
        with _cli([*argv, "--port", "0", "--seed", "demo", "--db", db]) as (proc, info), \
                httpx.Client(base_url=info["base_url"], timeout=10,
                             headers={"Authorization": f"Bearer {info['token']}"}) as client:
            events = _org_events(client)
            if not canceled:  # first run: a write that the second run must see
                now = datetime.now(UTC)
                event = next(e for e in events if e["status"] == "active"
                             and datetime.fromisoformat(e["start_time"]) > now)
                cancel = client.post(f"{event['uri']}/cancellation", json={"reason": "persist"})
                assert cancel.status_code == 201, cancel.text
                canceled.append(event["uri"].replace(info["base_url"], ""))
            else:
                again = client.get(canceled[0])
                assert again.status_code == 200
                assert again.json()["resource"]["status"] == "canceled"
            infos.append(info)
            counts.append(len(events))
            proc.terminate()
            assert proc.wait(timeout=15) == 0
    assert infos[0]["token"] == infos[1]["token"]
    assert infos[0]["member_token"] == infos[1]["member_token"]
    assert counts[0] == counts[1] > 0


def test_reused_db_must_match_seed(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.sqlite")
    first = SandboxServer(SandboxConfig(seed="empty", db_path=db))
    token = first.admin_token
    first.store.close()
    with pytest.raises(ValueError, match="db was seeded with 'empty', not 'demo'"):
        SandboxServer(SandboxConfig(seed="demo", db_path=db))
    with pytest.raises(SystemExit) as exited:
        cli_main(["--seed", "large", "--db", db])
    assert str(exited.value) == ("desktop-app-sandbox: error: "
                                 "db was seeded with 'empty', not 'large'")
    again = SandboxServer(SandboxConfig(seed="empty", db_path=db))
    try:
        assert again.admin_token == token
        assert again.store.count("event_types") == 0 and again.store.get_meta("seed") == "empty"
    finally:
        again.store.close()


def test_demo_seed_contents(sandbox: SandboxServer) -> None:
    store = sandbox.store
    users = store.users(store.user_by_email("amelia.hartmann@aurora.example")["org_uuid"])  # type: ignore[index]
    assert len(users) == 8 and len({u["timezone"] for u in users}) >= 4
    ets = store.query("SELECT * FROM event_types")
    assert len(ets) >= 20
    kinds = {loc["kind"] for et in ets for loc in (et["locations"] or [])}
    assert kinds == KINDS
    questions = [q for et in ets for q in et["questions"]]
    assert {q["type"] for q in questions} == {"string", "text", "phone_number",
                                              "single_select", "multi_select"}
    assert {q["required"] for q in questions} == {True, False}
    assert any(q["include_other"] for q in questions)
    assert any(q["answer_choices"] and not q["include_other"] for q in questions)
    assert {et["kind"] for et in ets} == {"solo", "group"}
    assert all(et["seats"] > 1 for et in ets if et["kind"] == "group")
    assert [et["pooling_type"] for et in ets if et["pooling_type"]] == ["round_robin"]
    assert any(et["secret"] for et in ets) and any(not et["active"] for et in ets)
    assert any(et["locations"] is None for et in ets)
    now = store.now().timestamp()
    past = store.count("events", "start_ts < ?", (now,))
    future = store.count("events", "start_ts >= ? AND start_ts < ?", (now, now + 57 * 86400))
    assert past >= 100 and future >= 200
    assert store.count("events", "status = 'canceled'") >= 10
    assert store.count("invitees", "name GLOB '*[^ -~]*'") >= 20  # non-ASCII names


def test_demo_seed_is_deterministic_and_picks_dst_zone() -> None:
    now = datetime(2027, 2, 20, 15, 0, tzinfo=UTC)
    stores = []
    for _ in range(2):
        server = SandboxServer(SandboxConfig(now=now))
        stores.append(server.store)
    rows = [s.query("SELECT uuid, start_ts, status FROM events ORDER BY uuid") for s in stores]
    assert rows[0] == rows[1] and rows[0]
    zone, change = dst_zone(stores[0])
    assert zone == "Europe/London" and change == "2027-03-28"
    liam = stores[0].query_one("SELECT timezone FROM users WHERE name = ?", ("Liam O'Connor",))
    assert liam == {"timezone": zone}
    for store in stores:
        store.close()
    late_nov = Store()
    late_nov.set_now(datetime(2026, 11, 21, tzinfo=UTC))
    zone, change = dst_zone(late_nov)
    assert change is None  # documented: no mainstream DST change within 8 weeks
    moment = datetime(2026, 11, 21, tzinfo=UTC)
    offsets = {(moment + timedelta(days=d)).astimezone(ZoneInfo(zone)).utcoffset()
               for d in range(56)}
    assert len(offsets) == 1
    late_nov.close()


def test_large_seed() -> None:
    server = SandboxServer(SandboxConfig(seed="large"))
    try:
        assert server.store.count("events") == 10000
        assert server.store.count("event_types") == 200
        host = server.store.user_by_email("bench.host.00@aurora.example")
        assert host is not None
        assert server.store.count("events", "host_uuid = ?", (host["uuid"],)) == 2000
    finally:
        server.store.close()


def test_location_type_mapping_table() -> None:
    assert KIND_TO_TYPE == {"zoom_conference": "zoom", "gotomeeting_conference": "gotomeeting"}
