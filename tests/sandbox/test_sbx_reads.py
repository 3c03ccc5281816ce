"""Every GET operation answers with excerpt-valid bodies; ids are URIs on the server's base."""

from __future__ import annotations

import httpx
import pytest
from sbx_contract import checked
from sbx_helpers import Api, ApiFor, Demo

from desktop_app.sandbox.auth import ALL_SCOPES
from desktop_app.sandbox.server import FaultConfig, SandboxServer


def test_users_me_and_get_user(admin: Api, member: Api, demo: Demo) -> None:
    me = admin.get("/users/me")["resource"]
    assert me["name"] == "Amelia Hartmann"
    assert me["uri"].startswith(admin.base + "/users/")
    uuid = me["uri"].rsplit("/", 1)[1]
    assert admin.get("/users/{uuid}", f"/users/{uuid}")["resource"] == me
    assert member.get("/users/me")["resource"]["name"] == "Siobhán Ní Bhriain"
    admin.get("/users/{uuid}", "/users/00000000-0000-4000-8000-000000000000", expect=404)


def test_unknown_token_and_missing_token_are_401(sandbox: SandboxServer, api_for: ApiFor
                                                ) -> None:
    for token in (None, "not-a-token"):
        body = api_for(sandbox, token).get("/users/me", expect=401)
        assert body == {"title": "Unauthenticated", "message": "The access token is invalid"}


def test_organization_memberships(admin: Api, demo: Demo) -> None:
    body = admin.get("/organization_memberships", organization=demo.org_uri, count=100)
    roles = {m["user"]["name"]: m["role"] for m in body["collection"]}
    assert roles["Amelia Hartmann"] == "owner"
    assert roles["Siobhán Ní Bhriain"] == "user"
    assert len(roles) == 8
    one = admin.get("/organization_memberships", user=demo.user_uri("Kenji Watanabe"))
    assert [m["user"]["name"] for m in one["collection"]] == ["Kenji Watanabe"]
    by_mail = admin.get("/organization_memberships", organization=demo.org_uri,
                        email=demo.user("Zoë Lefèvre")["email"])
    assert [m["role"] for m in by_mail["collection"]] == ["admin"]
    admin.get("/organization_memberships", expect=400)


def test_event_types_list_and_get(admin: Api, demo: Demo) -> None:
    body = admin.get("/event_types", user=demo.user_uri("Amelia Hartmann"))
    names = [e["name"] for e in body["collection"]]
    assert names == sorted(names)
    assert "Sales Discovery (Round Robin)" in names  # hosts include Amelia
    et = body["collection"][0]
    uuid = et["uri"].rsplit("/", 1)[1]
    assert admin.get("/event_types/{uuid}", f"/event_types/{uuid}")["resource"] == et
    admin.get("/event_types/{uuid}", "/event_types/nope", expect=404)
    inactive = admin.get("/event_types", organization=demo.org_uri, active="false")
    assert [e["name"] for e in inactive["collection"]] == ["Legacy Onboarding (retired)"]
    desc = admin.get("/event_types", organization=demo.org_uri, sort="position:desc")
    positions = [e["position"] for e in desc["collection"]]
    assert positions == sorted(positions, reverse=True)
    admin.get("/event_types", organization=demo.org_uri, sort="color:asc", expect=400)
    admin.get("/event_types", expect=400)


def test_query_params_take_uris_not_uuids(admin: Api, demo: Demo) -> None:
    body = admin.get("/event_types", user=demo.user("Amelia Hartmann")["uuid"], expect=400)
    assert body["details"][0]["parameter"] == "user"


def test_availability_schedules(admin: Api, demo: Demo) -> None:
    body = admin.get("/user_availability_schedules", user=demo.user_uri("Liam O'Connor"))
    schedules = body["collection"]
    assert [s["default"] for s in schedules] == [True, False]
    uuid = schedules[0]["uri"].rsplit("/", 1)[1]
    one = admin.get("/user_availability_schedules/{uuid}",
                    f"/user_availability_schedules/{uuid}")["resource"]
    assert one == schedules[0]
    admin.get("/user_availability_schedules/{uuid}", "/user_availability_schedules/x",
              expect=404)
    admin.get("/user_availability_schedules", expect=400)


def test_scheduled_events_and_invitees(admin: Api, demo: Demo) -> None:
    body = admin.get("/scheduled_events", organization=demo.org_uri, count=100)
    events = body["collection"]
    assert len(events) == 100 and body["pagination"]["next_page_token"]
    starts = [e["start_time"] for e in events]
    assert starts == sorted(starts)
    event = events[0]
    uuid = event["uri"].rsplit("/", 1)[1]
    assert admin.get("/scheduled_events/{uuid}", f"/scheduled_events/{uuid}")["resource"] == event
    invitees = admin.get("/scheduled_events/{uuid}/invitees",
                         f"/scheduled_events/{uuid}/invitees")["collection"]
    assert invitees and invitees[0]["event"] == event["uri"]
    inv_uuid = invitees[0]["uri"].rsplit("/", 1)[1]
    one = admin.get("/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
                    f"/scheduled_events/{uuid}/invitees/{inv_uuid}")["resource"]
    assert one == invitees[0]
    admin.get("/scheduled_events/{uuid}", "/scheduled_events/nope", expect=404)
    admin.get("/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
              f"/scheduled_events/{uuid}/invitees/nope", expect=404)


OPERATIONS = [
    ("get", "/users/me", "/users/me"),
    ("get", "/users/{uuid}", "/users/00000000-0000-4000-8000-000000000000"),
    ("get", "/organization_memberships", "/organization_memberships"),
    ("get", "/event_types", "/event_types"),
    ("get", "/event_types/{uuid}", "/event_types/x"),
    ("get", "/event_type_available_times", "/event_type_available_times"),
    ("get", "/user_busy_times", "/user_busy_times"),
    ("get", "/user_availability_schedules", "/user_availability_schedules"),
    ("get", "/user_availability_schedules/{uuid}", "/user_availability_schedules/x"),
    ("get", "/scheduled_events", "/scheduled_events"),
    ("get", "/scheduled_events/{uuid}", "/scheduled_events/x"),
    ("get", "/scheduled_events/{uuid}/invitees", "/scheduled_events/x/invitees"),
    ("get", "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
     "/scheduled_events/x/invitees/y"),
    ("post", "/invitees", "/invitees"),
    ("post", "/scheduled_events/{uuid}/cancellation", "/scheduled_events/x/cancellation"),
    ("post", "/scheduling_links", "/scheduling_links"),
]


@pytest.mark.parametrize(("method", "template", "path"), OPERATIONS,
                         ids=[o[1] for o in OPERATIONS])
def test_every_operation_requires_a_token(sandbox: SandboxServer, method: str, template: str,
                                          path: str) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        response = client.request(method.upper(), path, json={} if method == "post" else None)
        checked(response, template)
        assert response.status_code == 401


def test_uris_follow_the_host_the_client_used(sandbox: SandboxServer) -> None:
    url = sandbox.base_url.replace("127.0.0.1", "localhost")
    with httpx.Client(base_url=url, headers={
            "Authorization": f"Bearer {sandbox.admin_token}"}) as client:
        me = client.get("/users/me").json()["resource"]
    assert me["uri"].startswith(url + "/users/")
    assert me["current_organization"].startswith(url + "/organizations/")


def test_member_scope_and_org_errors(member: Api, admin: Api, demo: Demo) -> None:
    body = member.get("/organization_memberships", organization=demo.org_uri, expect=403)
    assert body["required_scopes"] == ["organizations:read"]
    outsider = admin.uri("users", str(demo.server.meta("outside_user")))
    busy = admin.get("/user_busy_times", user=outsider, start_time="2099-01-01T00:00:00Z",
                     end_time="2099-01-02T00:00:00Z", expect=403)
    assert busy["message"] == "This user is not in your organization"
    event = demo.server.store.query_one("SELECT uuid FROM events")
    assert event is not None
    bad = admin.get("/scheduled_events/{uuid}/invitees",
                    f"/scheduled_events/{event['uuid']}/invitees", status="maybe", expect=400)
    assert bad["details"][0]["parameter"] == "status"


def test_event_types_by_schedule(admin: Api, demo: Demo) -> None:
    liam = demo.user("Liam O'Connor")
    weekend = next(s for s in demo.server.store.schedules_of(liam["uuid"]) if not s["is_default"])
    body = admin.get("/event_types", user=demo.user_uri("Liam O'Connor"),
                     user_availability_schedule=admin.uri("user_availability_schedules",
                                                          weekend["uuid"]))
    assert [e["name"] for e in body["collection"]] == ["Weekend Drop-in"]


def test_busy_times_reject_past_start(admin: Api, demo: Demo) -> None:
    body = admin.get("/user_busy_times", user=demo.user_uri("Amelia Hartmann"),
                     start_time="2020-01-01T00:00:00Z", end_time="2020-01-02T00:00:00Z",
                     expect=400)
    assert body["details"][0]["parameter"] == "start_time"


SCOPES = {
    "/users/me": "users:read", "/users/{uuid}": "users:read",
    "/organization_memberships": "organizations:read", "/event_types": "event_types:read",
    "/event_types/{uuid}": "event_types:read",
    "/event_type_available_times": "availability:read", "/user_busy_times": "availability:read",
    "/user_availability_schedules": "availability:read",
    "/user_availability_schedules/{uuid}": "availability:read",
    "/scheduled_events": "scheduled_events:read",
    "/scheduled_events/{uuid}": "scheduled_events:read",
    "/scheduled_events/{uuid}/invitees": "scheduled_events:read",
    "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}": "scheduled_events:read",
    "/invitees": "scheduled_events:write",
    "/scheduled_events/{uuid}/cancellation": "scheduled_events:write",
    "/scheduling_links": "scheduling_links:write",
}


def test_every_operation_checks_its_scope_and_answers_500_per_contract(
        sandbox: SandboxServer, demo: Demo) -> None:
    """Each operation: a token without scopes -> 403 naming its scope; a fault -> 500; both
    bodies valid for that operation in the excerpt."""
    no_scope = sandbox.add_token(demo.user("Kenji Watanabe")["uuid"], ())
    headers = {"Authorization": f"Bearer {no_scope}"}
    admin = {"Authorization": f"Bearer {sandbox.admin_token}"}
    with httpx.Client(base_url=sandbox.base_url) as client:
        for method, template, path in OPERATIONS:
            body = {} if method == "post" else None
            response = checked(client.request(method.upper(), path, json=body,
                                              headers=headers), template)
            assert response.status_code == 403, template
            assert response.json()["required_scopes"] == [SCOPES[template]], template
        try:
            sandbox.set_faults(FaultConfig(error_rate=1.0))
            for method, template, path in OPERATIONS:
                body = {} if method == "post" else None
                response = checked(client.request(method.upper(), path, json=body,
                                                  headers=admin), template)
                assert response.status_code == 500, template
        finally:
            sandbox.set_faults(FaultConfig())


def test_unknown_user_is_404_on_every_user_filter(admin: Api, demo: Demo) -> None:
    ghost = admin.uri("users", "00000000-0000-4000-8000-000000000000")
    times = {"start_time": "2099-01-01T00:00:00Z", "end_time": "2099-01-02T00:00:00Z"}
    for path, params in [("/event_types", {}), ("/user_availability_schedules", {}),
                         ("/user_busy_times", times), ("/organization_memberships", {}),
                         ("/scheduled_events", {"organization": demo.org_uri})]:
        body = admin.get(path, user=ghost, expect=404, **params)
        assert body["details"][0]["parameter"] == "user", path


def test_another_organizations_resources_are_404(sandbox: SandboxServer, api_for: ApiFor,
                                                 demo: Demo) -> None:
    """An owner of another organization cannot see (or book) the demo organization's data."""
    outsider: Api = api_for(sandbox, sandbox.add_token(str(sandbox.meta("outside_user")),
                                                       ALL_SCOPES))
    store = sandbox.store
    amelia = demo.user("Amelia Hartmann")
    schedule = store.schedules_of(amelia["uuid"])[0]["uuid"]
    event = store.query_one("SELECT uuid FROM events WHERE host_uuid = ?", (amelia["uuid"],))
    assert event is not None
    invitee = store.invitees_of(event["uuid"])[0]["uuid"]
    et = demo.event_type("Intro Call")["uuid"]
    for template, path in [
        ("/event_types/{uuid}", f"/event_types/{et}"),
        ("/user_availability_schedules/{uuid}", f"/user_availability_schedules/{schedule}"),
        ("/scheduled_events/{uuid}", f"/scheduled_events/{event['uuid']}"),
        ("/scheduled_events/{uuid}/invitees", f"/scheduled_events/{event['uuid']}/invitees"),
        ("/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
         f"/scheduled_events/{event['uuid']}/invitees/{invitee}"),
    ]:
        outsider.get(template, path, expect=404)
    body = outsider.get("/event_type_available_times", event_type=demo.et_uri("Intro Call"),
                        start_time="2099-01-01T00:00:00Z", end_time="2099-01-02T00:00:00Z",
                        expect=404)
    assert body["details"][0]["parameter"] == "event_type"
    outsider.post("/invitees", {"event_type": demo.et_uri("Intro Call")}, expect=404)
    outsider.post("/scheduling_links", {"max_event_count": 1, "owner_type": "EventType",
                                        "owner": demo.et_uri("Intro Call")}, expect=404)
    outsider.post("/scheduled_events/{uuid}/cancellation", {},
                  path=f"/scheduled_events/{event['uuid']}/cancellation", expect=404)


def test_member_cannot_read_an_invitee_of_anothers_event(member: Api, demo: Demo) -> None:
    store = demo.server.store
    event = store.query_one("SELECT uuid FROM events WHERE host_uuid = ?",
                            (demo.user("Kenji Watanabe")["uuid"],))
    assert event is not None
    invitee = store.invitees_of(event["uuid"])[0]["uuid"]
    body = member.get("/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
                      f"/scheduled_events/{event['uuid']}/invitees/{invitee}", expect=403)
    assert body["message"] == "You are not allowed to view this event"
