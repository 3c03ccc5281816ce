"""Every GET operation answers with excerpt-valid bodies; ids are URIs on the server's base."""

from __future__ import annotations

from sbx_helpers import Api, ApiFor, Demo


def test_users_me_and_get_user(admin: Api, member: Api, demo: Demo) -> None:
    me = admin.get("/users/me")["resource"]
    assert me["name"] == "Amelia Hartmann"
    assert me["uri"].startswith(admin.base + "/users/")
    uuid = me["uri"].rsplit("/", 1)[1]
    assert admin.get("/users/{uuid}", f"/users/{uuid}")["resource"] == me
    assert member.get("/users/me")["resource"]["name"] == "Siobhán Ní Bhriain"
    admin.get("/users/{uuid}", "/users/00000000-0000-4000-8000-000000000000", expect=404)


def test_unknown_token_and_missing_token_are_401(sandbox, api_for: ApiFor) -> None:
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
