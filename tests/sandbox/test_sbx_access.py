"""Auth scopes, organization scoping and pagination."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from sbx_helpers import Api, ApiFor, Demo

from desktop_app.sandbox.server import SandboxServer

SE = "/scheduled_events"
SPECIFY = ("Please also specify organization when requesting events for a user within your "
           "organization.")


def test_missing_scope_is_insufficient_scope(sandbox: SandboxServer, api_for: ApiFor,
                                             demo: Demo) -> None:
    member: Api = api_for(sandbox, sandbox.member_token)
    body = member.post("/invitees", {"event_type": demo.et_uri("Intro Call")}, expect=403)
    assert body == {"title": "Insufficient scope", "message": "This operation requires the "
                    "scopes listed in the 'required_scopes' array.",
                    "required_scopes": ["scheduled_events:write"]}
    links = member.post("/scheduling_links", {"max_event_count": 1}, expect=403)
    assert links["required_scopes"] == ["scheduling_links:write"]
    nothing: Api = api_for(sandbox, sandbox.add_token(demo.user("Kenji Watanabe")["uuid"], ()))
    assert nothing.get("/users/me", expect=403)["required_scopes"] == ["users:read"]
    for path, params in [("/event_types", {"user": demo.user_uri("Kenji Watanabe")}),
                         (SE, {"user": demo.user_uri("Kenji Watanabe")}),
                         ("/user_availability_schedules",
                          {"user": demo.user_uri("Kenji Watanabe")})]:
        assert nothing.get(path, expect=403, **params)["title"] == "Insufficient scope"


def test_write_scope_implies_read(sandbox: SandboxServer, api_for: ApiFor, demo: Demo) -> None:
    kenji = demo.user("Kenji Watanabe")
    writer: Api = api_for(sandbox, sandbox.add_token(kenji["uuid"], ("scheduled_events:write",)))
    body = writer.get(SE, user=demo.user_uri("Kenji Watanabe"))
    assert body["collection"]
    assert writer.get("/users/me", expect=403)["required_scopes"] == ["users:read"]


def test_member_cannot_read_other_users_events(member: Api, admin: Api, demo: Demo) -> None:
    body = member.get(SE, user=demo.user_uri("Amelia Hartmann"), expect=403)
    assert body["message"] == SPECIFY
    own = member.get(SE, user=demo.user_uri("Siobhán Ní Bhriain"), count=100)["collection"]
    mine = demo.user_uri("Siobhán Ní Bhriain")
    assert own and all(e["event_memberships"][0]["user"] == mine for e in own)
    assert member.get(SE, organization=demo.org_uri, expect=403)["title"] == "Permission Denied"
    both = member.get(SE, organization=demo.org_uri, user=mine, expect=403)
    assert both["message"] == "You do not have permission"
    assert member.get("/event_types", organization=demo.org_uri, expect=403)["message"]
    # admins must also add organization for another user's events
    assert admin.get(SE, user=demo.user_uri("Kenji Watanabe"), expect=403)["message"] == SPECIFY
    kenji = admin.get(SE, organization=demo.org_uri, user=demo.user_uri("Kenji Watanabe"),
                      count=100)["collection"]
    assert kenji and all(e["event_memberships"][0]["user_name"] == "Kenji Watanabe"
                         for e in kenji)


def test_member_cannot_view_others_event(member: Api, demo: Demo) -> None:
    other = demo.server.store.query_one(
        "SELECT uuid FROM events WHERE host_uuid = ?", (demo.user("Amelia Hartmann")["uuid"],))
    assert other is not None
    body = member.get("/scheduled_events/{uuid}", f"{SE}/{other['uuid']}", expect=403)
    assert body["message"] == "You are not allowed to view this event"
    member.get("/scheduled_events/{uuid}/invitees", f"{SE}/{other['uuid']}/invitees",
               expect=403)


def test_user_outside_organization(admin: Api, demo: Demo) -> None:
    outsider = demo.server.meta("outside_user")
    assert outsider
    uri = admin.uri("users", outsider)
    assert admin.get("/users/{uuid}", f"/users/{outsider}", expect=403)["message"] == (
        "This user is not in your organization")
    for path in ("/event_types", "/user_availability_schedules", SE):
        assert admin.get(path, user=uri, expect=403)["message"] == (
            "This user is not in your organization")


def test_filters(admin: Api, demo: Demo) -> None:
    org = demo.org_uri
    canceled = admin.get(SE, organization=org, status="canceled", count=100)["collection"]
    assert canceled and all(e["status"] == "canceled" and e["cancellation"] for e in canceled)
    admin.get(SE, organization=org, status="gone", expect=400)
    admin.get(SE, organization=org, sort="name:asc", expect=400)
    desc = admin.get(SE, organization=org, sort="start_time:desc")["collection"]
    assert [e["start_time"] for e in desc] == sorted((e["start_time"] for e in desc),
                                                     reverse=True)
    window = admin.get(SE, organization=org, min_start_time=desc[5]["start_time"],
                       max_start_time=desc[0]["start_time"], count=100)["collection"]
    assert len(window) == 5
    invitee = demo.server.store.query_one("SELECT email, event_uuid FROM invitees")
    assert invitee is not None
    found = admin.get(SE, organization=org, invitee_email=invitee["email"])["collection"]
    assert invitee["event_uuid"] in [e["uri"].rsplit("/", 1)[1] for e in found]
    admin.get(SE, organization=org, min_start_time="yesterday", expect=400)


def test_pagination_walk_and_errors(admin: Api, demo: Demo) -> None:
    total = demo.server.store.count("events", "org_uuid = ?", (demo.user("Amelia Hartmann")[
        "org_uuid"],))
    seen: list[str] = []
    body = admin.get(SE, organization=demo.org_uri, count=37)
    assert body["pagination"]["previous_page"] is None
    first_page = [e["uri"] for e in body["collection"]]
    pages = 1
    while True:
        seen += [e["uri"] for e in body["collection"]]
        page = body["pagination"]
        assert set(page) == {"count", "next_page", "previous_page", "next_page_token",
                             "previous_page_token"}
        if page["next_page_token"] is None:
            assert page["next_page"] is None
            break
        url = urlparse(page["next_page"])
        assert f"{url.scheme}://{url.netloc}" == admin.base and url.path == SE
        assert parse_qs(url.query)["page_token"] == [page["next_page_token"]]
        body = admin.get(SE, page["next_page"].replace(admin.base, ""))
        assert body["pagination"]["previous_page_token"]
        pages += 1
        if pages == 2:  # previous_page (a full URL) leads back to exactly page 1
            previous = urlparse(body["pagination"]["previous_page"])
            assert f"{previous.scheme}://{previous.netloc}" == admin.base
            back = admin.get(SE, body["pagination"]["previous_page"])  # the full URL as given
            assert [e["uri"] for e in back["collection"]] == first_page
            assert back["pagination"]["next_page"] == page["next_page"]
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 37)
    assert admin.get(SE, organization=demo.org_uri)["pagination"]["count"] == 20
    for count in ("0", "101", "ten"):
        bad = admin.get(SE, organization=demo.org_uri, count=count, expect=400)
        assert bad["details"][0]["parameter"] == "count"
    bad = admin.get(SE, organization=demo.org_uri, page_token="garbage", expect=400)
    assert bad["details"][0]["parameter"] == "page_token"
    token = admin.get(SE, organization=demo.org_uri)["pagination"]["next_page_token"]
    other = admin.get(SE, organization=demo.org_uri, status="active", page_token=token,
                      expect=400)
    assert other["details"][0]["parameter"] == "page_token"
    et_page = admin.get("/event_types", organization=demo.org_uri, count=5)
    nxt = admin.get("/event_types", organization=demo.org_uri, count=5,
                    page_token=et_page["pagination"]["next_page_token"])
    assert not {e["uri"] for e in et_page["collection"]} & {e["uri"] for e in nxt["collection"]}
