"""Cancellation rules and scheduling links (and the booking page they point to)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sbx_helpers import Api, ApiFor, Demo, frozen_demo

NOW = datetime(2027, 5, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def env() -> Iterator[tuple[Api, Demo]]:
    with frozen_demo(NOW) as pair:
        yield pair


def _event(demo: Demo, host: str, future: bool) -> str:
    op = ">" if future else "<"
    row = demo.server.store.query_one(
        f"SELECT uuid FROM events WHERE host_uuid = ? AND status = 'active' AND start_ts {op} ? "
        "ORDER BY start_ts", (demo.user(host)["uuid"], NOW.timestamp()))
    assert row is not None
    return str(row["uuid"])


def path(uuid: str) -> str:
    return f"/scheduled_events/{uuid}/cancellation"


TEMPLATE = "/scheduled_events/{uuid}/cancellation"


def test_cancel_future_event(env: tuple[Api, Demo]) -> None:
    api, demo = env
    uuid = _event(demo, "Kenji Watanabe", future=True)
    body = api.post(TEMPLATE, {"reason": "Reprogramación 🙏"}, path=path(uuid))["resource"]
    assert body["canceled_by"] == "Amelia Hartmann" and body["canceler_type"] == "host"
    assert body["reason"] == "Reprogramación 🙏"
    event = api.get("/scheduled_events/{uuid}", f"/scheduled_events/{uuid}")["resource"]
    assert event["status"] == "canceled" and event["cancellation"] == body
    invitees = api.get("/scheduled_events/{uuid}/invitees",
                       f"/scheduled_events/{uuid}/invitees")["collection"]
    assert invitees and all(i["status"] == "canceled" and i["cancellation"] == body
                            for i in invitees)
    again = api.post(TEMPLATE, None, path=path(uuid), expect=403)
    assert again["message"] == "Event is already canceled"


def test_cancel_without_body_and_past_event(env: tuple[Api, Demo]) -> None:
    api, demo = env
    uuid = _event(demo, "Zoë Lefèvre", future=True)
    assert api.post(TEMPLATE, None, path=path(uuid))["resource"]["reason"] is None
    past = _event(demo, "Zoë Lefèvre", future=False)
    assert api.post(TEMPLATE, {}, path=path(past), expect=403)["message"] == "Event in the past"
    api.post(TEMPLATE, {}, path=path("00000000-0000-4000-8000-000000000000"), expect=404)


def test_reason_length(env: tuple[Api, Demo]) -> None:
    api, demo = env
    uuid = _event(demo, "Priya Raghunathan", future=True)
    body = api.post(TEMPLATE, {"reason": "x" * 10001}, path=path(uuid), expect=400)
    assert body["details"][0]["parameter"] == "reason"
    typed = api.post(TEMPLATE, {"reason": 5}, path=path(uuid), expect=400)
    assert typed["details"][0]["parameter"] == "reason"
    api.post(TEMPLATE, {"reason": "x" * 10000}, path=path(uuid))


def test_member_may_cancel_only_own_events(env: tuple[Api, Demo], api_for: ApiFor) -> None:
    _api, demo = env
    siobhan = demo.user("Siobhán Ní Bhriain")
    writer: Api = api_for(demo.server, demo.server.add_token(
        siobhan["uuid"], ("scheduled_events:write",)))
    other = _event(demo, "Oluwaseun Adébáyọ̀", future=True)
    body = writer.post(TEMPLATE, {}, path=path(other), expect=403)
    assert body["message"] == "You are not allowed to cancel this event"
    own = _event(demo, "Siobhán Ní Bhriain", future=True)
    writer.post(TEMPLATE, {}, path=path(own))


@pytest.mark.parametrize("count", [1, "1"])
def test_scheduling_link(env: tuple[Api, Demo], count: object) -> None:
    api, demo = env
    owner = demo.et_uri("Café Chat")
    body = api.post("/scheduling_links", {"max_event_count": count, "owner": owner,
                                          "owner_type": "EventType"})["resource"]
    assert body["owner"] == owner and body["owner_type"] == "EventType"
    assert body["booking_url"].startswith(api.base + "/d/")
    page = api.client.get(body["booking_url"])
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Café Chat" in page.text


@pytest.mark.parametrize(("change", "parameter", "status"), [
    ({"max_event_count": 2}, "max_event_count", 400),
    ({"max_event_count": True}, "max_event_count", 400),
    ({"max_event_count": None}, "max_event_count", 400),
    ({"owner_type": "User"}, "owner_type", 400),
    ({"owner": None}, "owner", 400),
    ({"owner": "https://x/event_types/00000000-0000-4000-8000-000000000000"}, "owner", 404),
])
def test_scheduling_link_errors(env: tuple[Api, Demo], change: dict[str, object],
                                parameter: str, status: int) -> None:
    api, demo = env
    body = {"max_event_count": 1, "owner": demo.et_uri("Café Chat"), "owner_type": "EventType"}
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    result = api.post("/scheduling_links", body, expect=status)
    assert result["details"][0]["parameter"] == parameter
    assert api.client.get(api.base + "/d/nope/x").status_code == 404
