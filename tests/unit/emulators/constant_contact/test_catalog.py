"""Lists, tags, custom fields, emails and the account summary."""

from __future__ import annotations

import pytest

from tests.unit.emulators.constant_contact.support import Harness

pytestmark = pytest.mark.asyncio(loop_scope="session")


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
