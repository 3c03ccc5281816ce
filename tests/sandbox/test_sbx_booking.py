"""POST /invitees: every validation rule (each case fails if its rule is removed), success
shape, location kind -> event location type mapping, round-robin rule, already_filled."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sbx_contract import validate_schema
from sbx_helpers import Api, Demo, frozen_demo

NOW = datetime(2027, 5, 3, 12, 0, tzinfo=UTC)  # a Monday
AT = "/event_type_available_times"
TRACKING = {"utm_campaign": "spring", "utm_source": "desktop", "utm_medium": None,
            "utm_content": None, "utm_term": None, "salesforce_uuid": None}


def z(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.fixture(scope="module")
def env() -> Iterator[tuple[Api, Demo]]:
    with frozen_demo(NOW) as pair:
        yield pair


def open_starts(api: Api, et_uri: str, days: int = 7, offset: int = 2) -> list[str]:
    start = NOW + timedelta(days=offset)
    body = api.get(AT, event_type=et_uri, start_time=z(start),
                   end_time=z(start + timedelta(days=days)))
    return [s["start_time"] for s in body["collection"]]


class Slots:
    """Hands out distinct open start times per event type."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.cache: dict[str, list[str]] = {}

    def take(self, et_uri: str) -> str:
        if not self.cache.get(et_uri):
            self.cache[et_uri] = open_starts(self.api, et_uri)[::-1]
        return self.cache[et_uri].pop()


@pytest.fixture(scope="module")
def take(env: tuple[Api, Demo]) -> Callable[[str], str]:
    return Slots(env[0]).take


def intro_body(demo: Demo, start: str) -> dict[str, Any]:
    """A valid booking of "Intro Call" (zoom/google; required "Company name")."""
    return {
        "event_type": demo.et_uri("Intro Call"),
        "start_time": start,
        "invitee": {"name": "Łukasz Wiśniewski", "email": "lukasz@example.com",
                    "timezone": "Europe/Warsaw", "text_reminder_number": "+48 601 234 567"},
        "location": {"kind": "zoom_conference"},
        "questions_and_answers": [{"question": "Company name", "answer": "Żabka",
                                   "position": 0}],
        "tracking": dict(TRACKING),
        "event_guests": ["guest@example.com"],
    }


def test_valid_booking_creates_event_and_invitee(env: tuple[Api, Demo],
                                                 take: Callable[[str], str]) -> None:
    api, demo = env
    body = intro_body(demo, take(demo.et_uri("Intro Call")))
    validate_schema(body, "CreateInviteeRequest")
    invitee = api.post("/invitees", body)["resource"]
    assert invitee["name"] == "Łukasz Wiśniewski" and invitee["status"] == "active"
    assert invitee["cancel_url"].startswith(api.base) and invitee["reschedule_url"]
    assert invitee["tracking"] == TRACKING
    assert invitee["questions_and_answers"] == body["questions_and_answers"]
    event_uuid = invitee["event"].rsplit("/", 1)[1]
    event = api.get("/scheduled_events/{uuid}", f"/scheduled_events/{event_uuid}")["resource"]
    assert event["start_time"] == body["start_time"] and event["status"] == "active"
    assert event["location"]["type"] == "zoom" and event["location"]["join_url"]
    assert [g["email"] for g in event["event_guests"]] == ["guest@example.com"]
    assert body["start_time"] not in open_starts(api, demo.et_uri("Intro Call"))
    again = api.post("/invitees", body, expect=400)
    assert again["details"] == [{"parameter": "event.start_time",
                                 "message": "That start time has been filled",
                                 "code": "already_filled"}]


@pytest.mark.parametrize(("et_name", "location", "expected"), [
    ("Product Demo (日本語)", {"kind": "gotomeeting_conference"}, {"type": "gotomeeting"}),
    ("Intro Call", {"kind": "google_conference"}, {"type": "google_conference"}),
    ("Strategy Session", {"kind": "microsoft_teams_conference"},
     {"type": "microsoft_teams_conference"}),
    ("Architecture Deep Dive", {"kind": "webex_conference"}, {"type": "webex_conference"}),
    ("Quick Sync", {"kind": "inbound_call"}, {"type": "inbound_call",
                                              "location": "+81 3-5555-0123"}),
    ("Mentorship Hour", {"kind": "outbound_call", "location": "+234 803 555 0101"},
     {"type": "outbound_call", "location": "+234 803 555 0101"}),
    ("Design Critique", {"kind": "ask_invitee", "location": "Our studio, Lyon"},
     {"type": "ask_invitee", "location": "Our studio, Lyon"}),
    ("Café Chat", {"kind": "custom", "location": "Café de Flore"},
     {"type": "custom", "location": "Café de Flore"}),
    ("Visita ao Escritório", {"kind": "physical", "location": "Av. Paulista 1578, São Paulo"},
     {"type": "physical", "location": "Av. Paulista 1578, São Paulo"}),
])
def test_location_kinds_map_to_event_location_types(
        env: tuple[Api, Demo], take: Callable[[str], str], et_name: str,
        location: dict[str, str], expected: dict[str, str]) -> None:
    api, demo = env
    et = demo.event_type(et_name)
    answers = []
    for q in et["questions"]:
        if q["required"]:
            answer = q["answer_choices"][0] if q["answer_choices"] else "Answer"
            answers.append({"question": q["name"], "answer": answer, "position": q["position"]})
    body = {"event_type": demo.et_uri(et_name), "start_time": take(demo.et_uri(et_name)),
            "invitee": {"first_name": "Ana", "last_name": "Lúcia", "email": "ana@example.com",
                        "timezone": "America/Sao_Paulo"},
            "location": location, "questions_and_answers": answers}
    validate_schema(body, "CreateInviteeRequest")
    invitee = api.post("/invitees", body)["resource"]
    assert invitee["name"] == "Ana Lúcia" and invitee["first_name"] == "Ana"
    event = api.get("/scheduled_events/{uuid}", invitee["event"].replace(api.base, ""))
    got = event["resource"]["location"]
    assert {k: got[k] for k in expected} == expected


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    target = body
    for key in keys[:-1]:
        target = target[key]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value


CASES: list[tuple[str, Any, str]] = [
    ("invitee", KeyError, "invitee"),
    ("invitee.email", KeyError, "invitee.email"),
    ("invitee.email", "not-an-email", "invitee.email"),
    ("invitee.timezone", KeyError, "invitee.timezone"),
    ("invitee.timezone", "Mars/Olympus_Mons", "invitee.timezone"),
    ("invitee.name", KeyError, "invitee.name"),
    ("invitee.text_reminder_number", "call me maybe", "invitee.text_reminder_number"),
    ("location", KeyError, "location"),
    ("location", {"location": "somewhere"}, "location.kind"),
    ("location", {"kind": "physical", "location": "Main St 1"}, "location.kind"),
    ("questions_and_answers", [{"question": "company name", "answer": "x", "position": 0}],
     "questions_and_answers[0].question"),
    ("questions_and_answers", [{"question": "Company name", "answer": "x"}],
     "questions_and_answers[0].position"),
    ("questions_and_answers", [{"answer": "x", "position": 0}],
     "questions_and_answers[0].question"),
    ("questions_and_answers", [{"question": "Internal referral code", "answer": "x",
                                "position": 5}], "questions_and_answers[0].question"),
    ("questions_and_answers", [], "questions_and_answers"),
    ("questions_and_answers", [{"question": "Company name", "answer": "  ", "position": 0}],
     "questions_and_answers"),
    ("tracking", {"utm_campaign": "x"}, "tracking.utm_source"),
    ("event_guests", [f"g{i}@example.com" for i in range(11)], "event_guests"),
    ("event_guests", ["ok@example.com", "nope"], "event_guests[1]"),
    ("tracking", dict(TRACKING, utm_source=5), "tracking.utm_source"),
    ("invitee.last_name", 7, "invitee.last_name"),
    ("questions_and_answers", [{"question": "Company name", "answer": "x", "position": "0"}],
     "questions_and_answers[0].position"),
]


@pytest.mark.parametrize(("path", "value", "parameter"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_invalid_bodies_name_the_field(env: tuple[Api, Demo], path: str, value: Any,
                                       parameter: str) -> None:
    api, demo = env
    body = intro_body(demo, "2027-05-05T14:00:00.000000Z")
    _set(body, path, copy.deepcopy(value))
    result = api.post("/invitees", body, expect=400)
    assert result["title"] == "Invalid Argument"
    assert parameter in [d.get("parameter") for d in result["details"]]


@pytest.mark.parametrize(("et_name", "location", "parameter"), [
    ("Strategy Session", {"kind": "physical"}, "location.location"),
    ("Mentorship Hour", {"kind": "outbound_call"}, "location.location"),
    ("Mentorship Hour", {"kind": "outbound_call", "location": "not a phone"},
     "location.location"),
    ("Design Critique", {"kind": "ask_invitee", "location": ""}, "location.location"),
    ("Café Chat", {"kind": "custom"}, "location.location"),
    ("Sales Discovery (Round Robin)", {"kind": "zoom_conference"}, "location"),
])
def test_location_rules(env: tuple[Api, Demo], et_name: str, location: dict[str, str],
                        parameter: str) -> None:
    api, demo = env
    body = {"event_type": demo.et_uri(et_name), "start_time": "2027-05-05T14:00:00.000000Z",
            "invitee": {"name": "X", "email": "x@example.com", "timezone": "UTC"},
            "location": location}
    result = api.post("/invitees", body, expect=400)
    assert parameter in [d.get("parameter") for d in result["details"]]


def test_round_robin_books_without_location(env: tuple[Api, Demo],
                                            take: Callable[[str], str]) -> None:
    api, demo = env
    et = demo.et_uri("Sales Discovery (Round Robin)")
    invitee = api.post("/invitees", {"event_type": et, "start_time": take(et), "invitee": {
        "name": "Kwame Mensah", "email": "kwame@example.com", "timezone": "Africa/Accra"}})
    event = api.get("/scheduled_events/{uuid}",
                    invitee["resource"]["event"].replace(api.base, ""))["resource"]
    hosts = {demo.user_uri(n) for n in ("Mateus Conceição", "Amelia Hartmann",
                                         "Siobhán Ní Bhriain", "Liam O'Connor")}
    assert event["event_memberships"][0]["user"] in hosts


@pytest.mark.parametrize(("answer", "ok"), [
    ("Career growth\nLeadership", True), ("Career growth\nBasket weaving", False),
])
def test_multi_select_without_other(env: tuple[Api, Demo], take: Callable[[str], str],
                                    answer: str, ok: bool) -> None:
    api, demo = env
    et = demo.et_uri("Mentorship Hour")
    body = {"event_type": et, "start_time": take(et) if ok else "2027-05-05T14:00:00.000000Z",
            "invitee": {"name": "N", "email": "n@example.com", "timezone": "UTC"},
            "location": {"kind": "outbound_call", "location": "+44 20 7946 0958"},
            "questions_and_answers": [{"question": "Goals for this session", "answer": answer,
                                       "position": 0}]}
    result = api.post("/invitees", body, expect=201 if ok else 400)
    if not ok:
        assert result["details"][0]["parameter"] == "questions_and_answers[0].answer"


@pytest.mark.parametrize(("answer", "ok"), [("+81 90-1234-5678", True), ("call me", False)])
def test_phone_number_answer(env: tuple[Api, Demo], answer: str, ok: bool) -> None:
    api, demo = env
    et = demo.et_uri("Product Demo (日本語)")
    start = open_starts(api, et)[-1] if ok else "2027-05-05T14:00:00.000000Z"
    body = {"event_type": et, "start_time": start,
            "invitee": {"name": "P", "email": "p@example.com", "timezone": "Asia/Tokyo"},
            "location": {"kind": "zoom_conference"},
            "questions_and_answers": [{"question": "Best number to reach you",
                                       "answer": answer, "position": 2}]}
    result = api.post("/invitees", body, expect=201 if ok else 400)
    if not ok:
        assert result["details"][0]["parameter"] == "questions_and_answers[0].answer"


@pytest.mark.parametrize(("question", "answer", "ok"), [
    ("Team size", "11-50", True), ("Team size", "a dozen", False),
    ("Topics of interest", "Scheduling\nSomething else entirely", True),
])
def test_select_answers(env: tuple[Api, Demo], take: Callable[[str], str], question: str,
                        answer: str, ok: bool) -> None:
    api, demo = env
    et = demo.et_uri("Strategy Session")
    qa = [{"question": "Team size", "answer": "1-10", "position": 0}]
    if question == "Team size":
        qa = [{"question": question, "answer": answer, "position": 0}]
    else:
        qa.append({"question": question, "answer": answer, "position": 1})
    body = {"event_type": et, "start_time": take(et) if ok else "2027-05-05T14:00:00.000000Z",
            "invitee": {"name": "S", "email": "s@example.com", "timezone": "UTC"},
            "location": {"kind": "microsoft_teams_conference"}, "questions_and_answers": qa}
    result = api.post("/invitees", body, expect=201 if ok else 400)
    if not ok:
        assert result["details"][0]["parameter"] == "questions_and_answers[0].answer"


def test_event_type_and_time_errors(env: tuple[Api, Demo]) -> None:
    api, demo = env
    body = intro_body(demo, "2027-05-05T14:00:00.000000Z")
    missing = {k: v for k, v in body.items() if k != "event_type"}
    assert api.post("/invitees", missing, expect=400)["details"][0]["parameter"] == "event_type"
    bare = dict(body, event_type=demo.event_type("Intro Call")["uuid"])
    assert api.post("/invitees", bare, expect=400)["details"][0]["parameter"] == "event_type"
    unknown = dict(body, event_type=api.uri("event_types", "00000000-0000-4000-8000-00000000"))
    api.post("/invitees", unknown, expect=404)
    no_start = {k: v for k, v in body.items() if k != "start_time"}
    assert api.post("/invitees", no_start, expect=400)["details"][0]["parameter"] == "start_time"
    past = dict(body, start_time=z(NOW - timedelta(days=1)))
    assert api.post("/invitees", past, expect=400)["details"][0]["parameter"] == "start_time"
    off_grid = dict(body, start_time="2027-05-05T14:07:00.000000Z")
    assert api.post("/invitees", off_grid, expect=400)["details"][0]["code"] == "already_filled"
    night = dict(body, start_time="2027-05-05T04:00:00.000000Z")
    assert api.post("/invitees", night, expect=400)["details"][0]["code"] == "already_filled"
    inactive = dict(body, event_type=demo.et_uri("Legacy Onboarding (retired)"),
                    location={"kind": "google_conference"}, questions_and_answers=[])
    assert api.post("/invitees", inactive, expect=400)["details"][0]["parameter"] == "event_type"
    api.post("/invitees", [1, 2], expect=400)
