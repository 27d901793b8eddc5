"""The Constant Contact emulator, driven over real HTTP as a connector would drive it."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer, create_emulator
from switchboard_emulators.constant_contact import ConstantContactEmulator

pytestmark = pytest.mark.asyncio(loop_scope="session")

REDIRECT = "https://switchboard.example/oauth/callback"
AUTHORIZE = "/oauth2/default/v1/authorize"
TOKEN = "/oauth2/default/v1/token"


class FakeClock:
    """A settable clock for token expiry, code expiry, rate windows and the daily reset."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Harness:
    def __init__(self, emu: ConstantContactEmulator, server: EmulatorServer, http: httpx.AsyncClient) -> None:
        self.emu = emu
        self.server = server
        self.http = http
        self.token = emu.issue_token_set()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token['access_token']}"}

    async def get(self, url: str, **params: Any) -> httpx.Response:
        return await self.http.get(url, params=params or None, headers=self.auth)

    async def post(self, url: str, body: Any) -> httpx.Response:
        return await self.http.post(url, json=body, headers=self.auth)

    async def put(self, url: str, body: Any) -> httpx.Response:
        return await self.http.put(url, json=body, headers=self.auth)

    async def delete(self, url: str) -> httpx.Response:
        return await self.http.delete(url, headers=self.auth)


async def _start(emu: ConstantContactEmulator) -> AsyncIterator[Harness]:
    async with EmulatorServer(emu) as server, httpx.AsyncClient(base_url=server.url) as http:
        yield Harness(emu, server, http)


@pytest.fixture
async def cc() -> AsyncIterator[Harness]:
    emu = ConstantContactEmulator()
    # Most tests fire requests faster than 4/s; the throttling tests set the real limit.
    emu.per_second_limit = 100_000
    async for harness in _start(emu):
        yield harness


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def authorize(h: Harness, scope: str = "contact_data offline_access", **extra: str) -> dict[str, list[str]]:
    params = {
        "response_type": "code",
        "client_id": h.emu.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "xyz",
        **extra,
    }
    response = await h.http.get(AUTHORIZE, params=params)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


async def token_request(h: Harness, form: dict[str, str], secret: str | None = None) -> httpx.Response:
    headers = basic(h.emu.client_id, secret or h.emu.client_secret)
    return await h.http.post(TOKEN, data=form, headers=headers)


# -- gateway: authentication and limits ---------------------------------------------------


async def test_emulator_is_registered_by_name() -> None:
    emu = create_emulator("constant_contact")
    assert isinstance(emu, ConstantContactEmulator)
    assert emu.name == "constant_contact"
    assert emu.credentials() == {"client_id": emu.client_id, "client_secret": emu.client_secret}


async def test_v3_requires_a_live_bearer_token(cc: Harness) -> None:
    unauthorized = {"error_key": "unauthorized", "error_message": "Unauthorized"}
    missing = await cc.http.get("/v3/contacts")
    assert missing.status_code == 401
    assert missing.json() == unauthorized
    wrong = await cc.http.get("/v3/contacts", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert (await cc.get("/v3/contacts")).status_code == 200
    cc.emu.expire_access_tokens()
    expired = await cc.get("/v3/contacts")
    assert expired.status_code == 401
    assert expired.json() == unauthorized
    assert cc.emu.requests.all()[-1].path == "/v3/contacts"


async def test_scopes_are_enforced(cc: Harness) -> None:
    cc.token = cc.emu.issue_token_set(scope="contact_data")
    assert (await cc.get("/v3/contacts")).status_code == 200
    forbidden = await cc.get("/v3/emails")
    assert forbidden.status_code == 403
    assert forbidden.json()["error_key"] == "forbidden"


async def test_four_requests_per_second_per_app() -> None:
    ticks = FakeClock(100.0)
    emu = ConstantContactEmulator(monotonic=ticks)
    assert emu.per_second_limit == 4
    async for h in _start(emu):
        for _ in range(4):
            assert (await h.get("/v3/contact_lists")).status_code == 200
        throttled = await h.get("/v3/contact_lists")
        assert throttled.status_code == 429
        assert throttled.json() == {"error_key": "throttled", "error_message": "Too Many Requests"}
        assert emu.throttled_count == 1
        # Another app has its own window.
        emu.register_client("other-app", "other-secret")
        other = emu.issue_token_set("other-app")
        response = await h.http.get("/v3/contact_lists", headers={"Authorization": f"Bearer {other['access_token']}"})
        assert response.status_code == 200
        ticks.now = 100.999
        assert (await h.get("/v3/contact_lists")).status_code == 429
        ticks.now = 101.0  # the first four requests have left the 1.0 s window
        assert (await h.get("/v3/contact_lists")).status_code == 200
        assert emu.throttled_count == 2


async def test_daily_quota_resets_at_midnight_utc() -> None:
    wall = FakeClock(1_718_409_599.0)  # 2024-06-14T23:59:59Z
    emu = ConstantContactEmulator(clock=wall)
    emu.per_second_limit = 1000
    emu.daily_limit = 3
    async for h in _start(emu):
        for _ in range(3):
            assert (await h.get("/v3/contacts")).status_code == 200
        exceeded = await h.get("/v3/contacts")
        assert exceeded.status_code == 429
        assert exceeded.json() == {"error_key": "quota_exceeded", "error_message": "Limit Exceeded"}
        assert emu.throttled_count == 1
        wall.now += 1  # 2024-06-15T00:00:00Z
        assert (await h.get("/v3/contacts")).status_code == 200


# -- contacts -----------------------------------------------------------------------------


async def test_contact_crud(cc: Harness) -> None:
    lst = (await cc.post("/v3/contact_lists", {"name": "Customers"})).json()
    created = await cc.post(
        "/v3/contacts",
        {
            "email_address": {"address": "ada@example.com", "permission_to_send": "explicit"},
            "first_name": "Ada",
            "create_source": "Account",
            "list_memberships": [lst["list_id"]],
            "phone_numbers": [{"phone_number": "+1-555-555-0100", "kind": "home"}],
        },
    )
    assert created.status_code == 201
    contact = created.json()
    contact_id = contact["contact_id"]
    assert contact["email_address"]["address"] == "ada@example.com"
    assert contact["email_address"]["permission_to_send"] == "explicit"
    assert contact["list_memberships"] == [lst["list_id"]]
    assert contact["phone_numbers"][0]["phone_number_id"]
    assert contact["created_at"].endswith("Z")

    plain = (await cc.get(f"/v3/contacts/{contact_id}")).json()
    assert "list_memberships" not in plain
    assert plain["first_name"] == "Ada"
    included = (await cc.get(f"/v3/contacts/{contact_id}", include="list_memberships,phone_numbers")).json()
    assert included["list_memberships"] == [lst["list_id"]]
    assert "taggings" not in included

    no_source = await cc.put(f"/v3/contacts/{contact_id}", {"first_name": "Ada"})
    assert no_source.status_code == 400
    updated = await cc.put(
        f"/v3/contacts/{contact_id}",
        {"email_address": {"address": "ada@example.com"}, "last_name": "Lovelace", "update_source": "Account"},
    )
    assert updated.status_code == 200
    body = updated.json()
    assert body["last_name"] == "Lovelace"
    assert "first_name" not in body  # PUT overwrites what it leaves out...
    assert body["list_memberships"] == [lst["list_id"]]  # ...except sub-resources
    assert body["updated_at"] >= contact["updated_at"]

    assert (await cc.delete(f"/v3/contacts/{contact_id}")).status_code == 204
    gone = (await cc.get("/v3/contacts")).json()["contacts"]
    assert all(c["contact_id"] != contact_id for c in gone)
    deleted = (await cc.get("/v3/contacts", status="deleted")).json()["contacts"]
    assert [c["contact_id"] for c in deleted] == [contact_id]
    assert deleted[0]["deleted_at"]
    again = await cc.delete(f"/v3/contacts/{contact_id}")
    assert again.status_code == 404
    assert again.json()[0]["error_key"] == "contacts.api.not_found"
    missing = await cc.get("/v3/contacts/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert isinstance(missing.json(), list)

    # PUT revives a deleted contact.
    revived = await cc.put(
        f"/v3/contacts/{contact_id}", {"email_address": {"address": "ada@example.com"}, "update_source": "Account"}
    )
    assert revived.status_code == 200
    assert "deleted_at" not in revived.json()
    assert [r["contact_id"] for r in cc.emu.records("contacts")] == [contact_id]


async def test_duplicate_email_is_a_conflict(cc: Harness) -> None:
    body = {"email_address": {"address": "dup@example.com"}, "create_source": "Contact"}
    first = await cc.post("/v3/contacts", body)
    assert first.status_code == 201
    again = await cc.post("/v3/contacts", {**body, "email_address": {"address": "DUP@example.com"}})
    assert again.status_code == 409
    assert again.json() == [
        {
            "error_key": "contacts.api.conflict",
            "error_message": f"Validation failed: Email already exists for contact {first.json()['contact_id']}",
        }
    ]
    # A deleted contact still holds its address.
    await cc.delete(f"/v3/contacts/{first.json()['contact_id']}")
    assert (await cc.post("/v3/contacts", body)).status_code == 409


async def test_validation_errors(cc: Harness) -> None:
    response = await cc.post("/v3/contacts", {"first_name": "x" * 51, "email_address": {"address": "not-an-email"}})
    assert response.status_code == 400
    errors = response.json()
    assert isinstance(errors, list) and len(errors) == 3
    assert {e["error_key"] for e in errors} == {"contacts.api.validation.error"}
    assert any("create_source" in e["error_message"] for e in errors)
    nothing = await cc.post("/v3/contacts", {"create_source": "Account"})
    assert nothing.status_code == 400
    malformed = await cc.http.post(
        "/v3/contacts", content=b"{", headers={**cc.auth, "Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()[0]["error_key"]
    text = await cc.http.post("/v3/contacts", content=b"{}", headers={**cc.auth, "Content-Type": "text/plain"})
    assert text.status_code == 415
    unknown_list = await cc.post(
        "/v3/contacts", {"first_name": "A", "create_source": "Account", "list_memberships": ["nope"]}
    )
    assert unknown_list.status_code == 400
    bad_limit = await cc.get("/v3/contacts", limit="501")
    assert bad_limit.status_code == 400
    assert bad_limit.json()[0]["error_key"] == "contacts.api.validation.error"
    assert (await cc.get("/v3/contacts", status="bogus")).status_code == 400
    assert (await cc.get("/v3/contacts", updated_after="yesterday")).status_code == 400


async def test_sign_up_form_creates_then_updates(cc: Harness) -> None:
    first_list, second_list = cc.emu.seed("contact_lists", 2)
    field = cc.emu.seed("contact_custom_fields", 1)[0]
    created = await cc.post(
        "/v3/contacts/sign_up_form",
        {"email_address": "grace@example.com", "first_name": "Grace", "list_memberships": [first_list["list_id"]]},
    )
    assert created.status_code == 201
    assert created.json()["action"] == "created"
    contact_id = created.json()["contact_id"]
    updated = await cc.post(
        "/v3/contacts/sign_up_form",
        {
            "email_address": "Grace@Example.com",
            "last_name": "Hopper",
            "list_memberships": [second_list["list_id"]],
            "custom_fields": [{"custom_field_id": field["custom_field_id"], "value": "Navy"}],
        },
    )
    assert updated.status_code == 200
    assert updated.json() == {"contact_id": contact_id, "action": "updated"}
    contact = (await cc.get(f"/v3/contacts/{contact_id}", include="list_memberships,custom_fields")).json()
    assert contact["first_name"] == "Grace" and contact["last_name"] == "Hopper"
    assert contact["list_memberships"] == [first_list["list_id"], second_list["list_id"]]
    assert contact["custom_fields"] == [{"custom_field_id": field["custom_field_id"], "value": "Navy"}]
    assert contact["email_address"]["permission_to_send"] == "explicit"
    no_lists = await cc.post("/v3/contacts/sign_up_form", {"email_address": "x@example.com"})
    assert no_lists.status_code == 400


async def test_contact_filters(cc: Harness) -> None:
    vip = cc.emu.seed("contact_lists", 1, name="VIP")[0]
    tag = cc.emu.seed("contact_tags", 1)[0]
    members = cc.emu.seed("contacts", 3, list_memberships=[vip["list_id"]])
    tagged = cc.emu.seed("contacts", 2, taggings=[tag["tag_id"]])
    gone = cc.emu.seed("contacts", 1, email_address={"permission_to_send": "unsubscribed"})
    cc.emu.seed("contacts", 4)

    async def ids(**params: Any) -> list[str]:
        response = await cc.get("/v3/contacts", **params)
        assert response.status_code == 200, response.text
        return [c["contact_id"] for c in response.json()["contacts"]]

    assert await ids(lists=vip["list_id"]) == [c["contact_id"] for c in members]
    assert await ids(tags=tag["tag_id"]) == [c["contact_id"] for c in tagged]
    assert await ids(status="unsubscribed") == [gone[0]["contact_id"]]
    assert len(await ids(status="active")) == 9
    address = members[1]["email_address"]["address"]
    assert await ids(email=address.upper()) == [members[1]["contact_id"]]
    assert await ids(created_before=members[1]["created_at"]) == [members[0]["contact_id"]]
    assert len(await ids(created_after=members[1]["created_at"])) == 8

    counted = (await cc.get("/v3/contacts", limit="2", include_count="true")).json()
    assert counted["contacts_count"] == 10
    assert len(counted["contacts"]) == 2

    # An API change is updated_after every seeded record.
    since = cc.emu.records("contacts")[-1]["updated_at"]
    await cc.put(
        f"/v3/contacts/{members[0]['contact_id']}",
        {"email_address": {"address": members[0]["email_address"]["address"]}, "update_source": "Account"},
    )
    assert await ids(updated_after=since) == [members[0]["contact_id"]]

    counts = (await cc.get("/v3/contacts/counts")).json()
    assert counts == {"total": 10, "explicit": 0, "implicit": 9, "pending": 0, "unsubscribed": 1}


async def test_cursor_pagination_to_the_end(cc: Harness) -> None:
    seeded = cc.emu.seed("contacts", 120)
    seen: list[str] = []
    url: str | None = "/v3/contacts?limit=50&include=list_memberships"
    pages = 0
    while url is not None:
        assert url.startswith("/v3/contacts?")  # host-relative
        response = await cc.http.get(url, headers=cc.auth)
        assert response.status_code == 200
        body = response.json()
        pages += 1
        seen.extend(c["contact_id"] for c in body["contacts"])
        assert all("list_memberships" in c for c in body["contacts"])  # the cursor keeps the query
        url = body.get("_links", {}).get("next", {}).get("href")
        if url is None:
            assert "next" not in body.get("_links", {})
    assert pages == 3
    assert seen == [c["contact_id"] for c in seeded]
    assert (await cc.get("/v3/contacts", cursor="not a cursor")).status_code == 400


# -- lists, tags, custom fields, emails, account ------------------------------------------


async def test_contact_lists_crud(cc: Harness) -> None:
    created = await cc.post("/v3/contact_lists", {"name": "Newsletter", "favorite": True})
    assert created.status_code == 201
    list_id = created.json()["list_id"]
    assert (await cc.post("/v3/contact_lists", {"name": "newsletter"})).status_code == 409
    assert (await cc.post("/v3/contact_lists", {})).status_code == 400
    renamed = await cc.put(f"/v3/contact_lists/{list_id}", {"name": "Weekly"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Weekly" and renamed.json()["favorite"] is False
    cc.emu.seed("contacts", 2, list_memberships=[list_id])
    one = (await cc.get(f"/v3/contact_lists/{list_id}", include_membership_count="all")).json()
    assert one["membership_count"] == 2
    listed = (await cc.get("/v3/contact_lists", include_count="true")).json()
    assert listed["lists_count"] == 1 and listed["lists"][0]["list_id"] == list_id
    deleted = await cc.delete(f"/v3/contact_lists/{list_id}")
    assert deleted.status_code == 202
    activity = (await cc.http.get(deleted.headers["Location"], headers=cc.auth)).json()
    assert activity["state"] == "completed"
    assert (await cc.get(f"/v3/contact_lists/{list_id}")).status_code == 404
    assert (await cc.get("/v3/contact_lists")).json()["lists"] == []
    assert len((await cc.get("/v3/contact_lists", status="deleted")).json()["lists"]) == 1
    assert all(c["list_memberships"] == [] for c in cc.emu.records("contacts"))


async def test_tags_and_custom_fields_crud(cc: Harness) -> None:
    tag = await cc.post("/v3/contact_tags", {"name": "Gold", "tag_source": "ESTY"})
    assert tag.status_code == 201
    tag_id = tag.json()["tag_id"]
    assert (await cc.post("/v3/contact_tags", {"name": "gold"})).status_code == 409
    cc.emu.seed("contacts", 3, taggings=[tag_id])
    counted = (await cc.get("/v3/contact_tags", include_count="true")).json()
    assert counted["tags"][0]["contacts_count"] == 3
    assert (await cc.put(f"/v3/contact_tags/{tag_id}", {"name": "Platinum"})).json()["name"] == "Platinum"
    removed = await cc.delete(f"/v3/contact_tags/{tag_id}")
    assert removed.status_code == 202
    assert removed.json()["_links"]["self"]["href"].startswith("/v3/activities/")
    assert (await cc.get(f"/v3/contact_tags/{tag_id}")).status_code == 404
    assert all(c["taggings"] == [] for c in cc.emu.records("contacts"))

    field = await cc.post("/v3/contact_custom_fields", {"label": "Favorite Fruit", "type": "string"})
    assert field.status_code == 201
    assert field.json()["name"] == "Favorite_Fruit"
    field_id = field.json()["custom_field_id"]
    assert (
        await cc.post("/v3/contact_custom_fields", {"label": "Favorite Fruit", "type": "string"})
    ).status_code == 409
    assert (await cc.post("/v3/contact_custom_fields", {"label": "X", "type": "blob"})).status_code == 400
    assert (await cc.put(f"/v3/contact_custom_fields/{field_id}", {"label": "Fruit"})).json()["label"] == "Fruit"
    assert (await cc.get("/v3/contact_custom_fields")).json()["custom_fields"][0]["custom_field_id"] == field_id
    assert (await cc.delete(f"/v3/contact_custom_fields/{field_id}")).status_code == 204
    assert (await cc.get(f"/v3/contact_custom_fields/{field_id}")).status_code == 404


async def test_emails_and_account_summary(cc: Harness) -> None:
    campaigns = cc.emu.seed("emails", 3)
    listed = (await cc.get("/v3/emails", limit="2")).json()
    assert [c["campaign_id"] for c in listed["campaigns"]] == [c["campaign_id"] for c in campaigns[:2]]
    assert "campaign_activities" not in listed["campaigns"][0]
    assert listed["_links"]["next"]["href"].startswith("/v3/emails?cursor=")
    one = (await cc.get(f"/v3/emails/{campaigns[0]['campaign_id']}")).json()
    assert one["campaign_activities"][0]["role"] == "primary_email"
    assert (await cc.get("/v3/emails/nope")).status_code == 404
    summary = (await cc.get("/v3/account/summary")).json()
    assert summary["encoded_account_id"] and "physical_address" not in summary
    with_address = (await cc.get("/v3/account/summary", extra_fields="physical_address")).json()
    assert with_address["physical_address"]["country_code"] == "US"


# -- bulk activities ----------------------------------------------------------------------


async def test_json_import_activity_completes(cc: Harness) -> None:
    target = cc.emu.seed("contact_lists", 1)[0]
    field = cc.emu.seed("contact_custom_fields", 1, label="Shirt size")[0]
    existing = cc.emu.seed("contacts", 1)[0]
    queued = await cc.post(
        "/v3/activities/contacts_json_import",
        {
            "import_data": [
                {"email": "new@example.com", "first_name": "New", "cf:shirt_size": "L", "home_phone": "555-0101"},
                {"email": existing["email_address"]["address"], "job_title": "CTO"},
                {"email": "broken-address"},
            ],
            "list_ids": [target["list_id"]],
        },
    )
    assert queued.status_code == 201
    body = queued.json()
    assert body["state"] == "initialized"
    status = await cc.http.get(body["_links"]["self"]["href"], headers=cc.auth)
    activity = status.json()
    assert activity["state"] == "completed" and activity["percent_done"] == 100
    assert activity["status"]["items_total_count"] == 3
    assert activity["status"]["person_count"] == 2
    assert activity["status"]["correctable_count"] == 1
    records = {r["email_address"]["address"]: r for r in cc.emu.records("contacts")}
    new = records["new@example.com"]
    assert new["list_memberships"] == [target["list_id"]]
    assert new["custom_fields"] == [{"custom_field_id": field["custom_field_id"], "value": "L"}]
    assert new["email_address"]["permission_to_send"] == "implicit"
    assert new["phone_numbers"][0]["kind"] == "home"
    assert records[existing["email_address"]["address"]]["job_title"] == "CTO"
    history = (await cc.get("/v3/activities", state="completed")).json()["activities"]
    assert [a["activity_id"] for a in history] == [body["activity_id"]]
    assert (await cc.get("/v3/activities/unknown")).status_code == 404
    assert (await cc.post("/v3/activities/contacts_json_import", {"import_data": []})).status_code == 400


async def test_list_membership_and_delete_activities(cc: Harness) -> None:
    source, target = cc.emu.seed("contact_lists", 2)
    members = cc.emu.seed("contacts", 3, list_memberships=[source["list_id"]])
    cc.emu.seed("contacts", 2)
    added = await cc.post(
        "/v3/activities/add_list_memberships",
        {
            "source": {"list_ids": [source["list_id"]]},
            "list_ids": [target["list_id"]],
            "exclude": {"contact_ids": [members[0]["contact_id"]]},
        },
    )
    assert added.status_code == 201
    done = (await cc.http.get(added.json()["_links"]["self"]["href"], headers=cc.auth)).json()
    assert done["state"] == "completed"
    assert done["status"] == {"items_total_count": 2, "items_completed_count": 2, "list_count": 1}
    in_target = (await cc.get("/v3/contacts", lists=target["list_id"])).json()["contacts"]
    assert [c["contact_id"] for c in in_target] == [m["contact_id"] for m in members[1:]]

    removed = await cc.post(
        "/v3/activities/remove_list_memberships",
        {"source": {"contact_ids": [members[1]["contact_id"]]}, "list_ids": [target["list_id"]]},
    )
    assert removed.status_code == 201
    assert len((await cc.get("/v3/contacts", lists=target["list_id"])).json()["contacts"]) == 1
    both = await cc.post(
        "/v3/activities/add_list_memberships",
        {"source": {"contact_ids": ["a"], "all_active_contacts": True}, "list_ids": [target["list_id"]]},
    )
    assert both.status_code == 400

    deleted = await cc.post("/v3/activities/contact_delete", {"list_ids": [source["list_id"]]})
    assert deleted.status_code == 201
    status = (await cc.http.get(deleted.json()["_links"]["self"]["href"], headers=cc.auth)).json()
    assert status["status"]["items_completed_count"] == 3
    assert (await cc.get("/v3/contacts", include_count="true")).json()["contacts_count"] == 2


# -- OAuth2 -------------------------------------------------------------------------------


async def test_code_exchange_and_refresh_rotation(cc: Harness) -> None:
    query = await authorize(cc)
    assert query["state"] == ["xyz"]
    code = query["code"][0]
    wrong_secret = await token_request(cc, {"grant_type": "authorization_code", "code": code}, secret="bad")
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"] == "invalid_client"

    query = await authorize(cc)
    code = query["code"][0]
    exchanged = await token_request(cc, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert exchanged.status_code == 200
    first = exchanged.json()
    assert first["token_type"] == "Bearer" and first["expires_in"] == 86400
    assert first["scope"] == "contact_data offline_access"
    assert first["refresh_token"]
    reused = await token_request(cc, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

    cc.token = first
    assert (await cc.get("/v3/contacts")).status_code == 200
    refreshed = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]

    again = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant", "error_description": "unknown, invalid, or expired refresh token"}
    assert (await cc.get("/v3/contacts")).status_code == 401  # the old access token went with its set
    cc.token = second
    assert (await cc.get("/v3/contacts")).status_code == 200
    assert cc.emu.token_requests == 5

    cc.emu.revoke_refresh_tokens()
    revoked = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"


async def test_code_rules(cc: Harness) -> None:
    online = await authorize(cc, scope="contact_data")
    response = await token_request(
        cc, {"grant_type": "authorization_code", "code": online["code"][0], "redirect_uri": REDIRECT}
    )
    assert response.status_code == 200
    assert "refresh_token" not in response.json()  # no offline_access, no refresh token

    other_redirect = await authorize(cc)
    mismatch = await token_request(
        cc,
        {"grant_type": "authorization_code", "code": other_redirect["code"][0], "redirect_uri": REDIRECT + "/x"},
    )
    assert mismatch.status_code == 400 and mismatch.json()["error"] == "invalid_grant"

    verifier = "a" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    pkce = await authorize(cc, code_challenge=challenge, code_challenge_method="S256")
    form = {"grant_type": "authorization_code", "code": pkce["code"][0], "redirect_uri": REDIRECT}
    assert (await token_request(cc, {**form, "code_verifier": verifier})).status_code == 200

    bad_scope = await authorize(cc, scope="contact_data everything")
    assert bad_scope["error"] == ["invalid_scope"]
    unsupported = await token_request(cc, {"grant_type": "password"})
    assert unsupported.json()["error"] == "unsupported_grant_type"


async def test_codes_expire_after_five_minutes() -> None:
    wall = FakeClock(1_718_000_000.0)
    async for h in _start(ConstantContactEmulator(clock=wall)):
        code = (await authorize(h))["code"][0]
        wall.now += 301
        late = await token_request(h, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
        assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
        # Access tokens expire after access_token_ttl seconds.
        h.token = h.emu.issue_token_set()
        assert (await h.get("/v3/contacts")).status_code == 200
        wall.now += 86400
        assert (await h.get("/v3/contacts")).status_code == 401


async def test_deny_consent_and_unknown_client(cc: Harness) -> None:
    cc.emu.deny_consent = True
    query = await authorize(cc)
    assert query["error"] == ["access_denied"]
    assert query["error_description"]
    assert query["state"] == ["xyz"]
    assert "code" not in query
    unknown = await cc.http.get(
        AUTHORIZE,
        params={"response_type": "code", "client_id": "nobody", "redirect_uri": REDIRECT, "scope": "contact_data"},
    )
    assert unknown.status_code == 400
    assert "text/html" in unknown.headers["Content-Type"]


# -- direct API -----------------------------------------------------------------------------


async def test_seeding_is_deterministic_fast_and_copied() -> None:
    first, second = ConstantContactEmulator(), ConstantContactEmulator()
    started = time.perf_counter()
    made = first.seed("contacts", 10_000)
    # About 0.2 s here; the bound catches a quadratic seeding, not a busy CI machine.
    assert time.perf_counter() - started < 5.0
    assert second.seed("contacts", 10_000) == made
    assert len({c["email_address"]["address"] for c in made}) == 10_000
    records = first.records("contacts")
    records[0]["first_name"] = "changed"
    assert first.records("contacts")[0]["first_name"] != "changed"
    with pytest.raises(KeyError):
        first.seed("segments", 1)
    with pytest.raises(KeyError):
        first.issue_token_set("unregistered")


async def test_runs_in_a_background_thread() -> None:
    def drive() -> None:
        emu = ConstantContactEmulator()
        emu.seed("contacts", 5)
        with EmulatorServer(emu) as server:
            token = emu.issue_token_set()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            response = httpx.get(f"{server.url}/v3/contacts", headers=headers)
            assert response.status_code == 200
            assert len(response.json()["contacts"]) == 5
            emu.seed("contacts", 1)  # seeding while the server thread runs is safe
            assert len(emu.records("contacts")) == 6

    # The synchronous server API, off the event loop the other tests share.
    await asyncio.to_thread(drive)
