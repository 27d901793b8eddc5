"""Provider webhooks at the partner's URL (HubSpot, Slack, Intercom, Xero), over real HTTP.

Each event is signed the vendor's way, verified by Switchboard, routed by a value in it to the
connection whose property matches, and must arrive at the partner's receiver as ``provider.event``,
verified there with ``standardwebhooks``.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import Partner, SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.webhook_receiver import Received, Receiver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("provider-hooks")
    s = SwitchboardServer(data_dir, server_env(data_dir, {}, **h.FAST)).start()
    yield s
    s.stop()


OCCURRED = 1_796_367_600_000  # ms, as HubSpot's occurredAt


def hubspot_event(hub: str, event_id: int, kind: str) -> dict[str, object]:
    """One event of a HubSpot batch, with the fields HubSpot always sends."""
    return {"eventId": event_id, "subscriptionId": 5, "portalId": int(hub), "appId": 9, "occurredAt": OCCURRED,
            "subscriptionType": kind, "attemptNumber": 0, "objectId": 1}  # fmt: skip


def provider_event(connection: int, provider_id: str) -> object:
    def match(e: Received) -> bool:
        return (
            e.type == "provider.event"
            and e.data["AccountConnectorId"] == connection
            and e.data["ProviderEventId"] == provider_id
        )

    return match


def of_connection(connection: int) -> object:
    def match(e: Received) -> bool:
        return e.type == "provider.event" and e.data["AccountConnectorId"] == connection

    return match


def partner_with_app(server: SwitchboardServer, receiver: Receiver, name: str, key: str, **extra: str) -> Partner:
    partner = server.new_partner(name)
    h.settings(partner, key, ClientId=f"{name}-client", ClientSecret=f"{name}-client-secret", **extra)
    h.subscribe(partner, receiver, name)
    return partner


def test_hubspot_batch_is_verified_routed_and_split(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = partner_with_app(server, receiver, "hs", "hubspot")
    shown = h.settings(partner, "hubspot", ClientId="hs-client")  # ClientSecret omitted: kept
    url = shown["HookUrl"]
    assert url.startswith(server.url + "/hooks/") and url.endswith("/hubspot")
    account = partner.new_account()
    hub = str(uuid.uuid4().int % 10**8)
    connection = h.install(account, partner, "hubspot", AuthValue="pat-x", Properties={"hub_id": hub})
    events = [hubspot_event(hub, 101, "contact.creation"), hubspot_event(hub, 102, "contact.propertyChange")]
    body = h.encode(events)
    started = time.perf_counter()
    answer = h.post(server, h.path_of(server, url), body, h.hubspot_v3("hs-client-secret", url, body))
    assert answer.status_code == 200, answer.text
    assert time.perf_counter() - started < 1.0  # acknowledged before anything is forwarded
    first = receiver.wait_for("hs", provider_event(connection, f"{hub}:5:101:{OCCURRED}"))
    second = receiver.wait_for("hs", provider_event(connection, f"{hub}:5:102:{OCCURRED}"))
    assert first.verified and second.verified
    assert first.data["Payload"] == events[0] and second.data["Payload"] == events[1]
    assert first.data["EventType"] == "contact.creation" and first.data["AccountId"] == account.api_id
    assert first.data["ConnectorKey"] == "hubspot"

    # A replay of the same events is acknowledged but forwarded no more, nor is HubSpot's retry (attemptNumber 1).
    again = h.post(server, h.path_of(server, url), body, h.hubspot_v3("hs-client-secret", url, body))
    assert again.status_code == 200 and again.json()["Duplicates"] == 2
    retry = h.encode([{**events[0], "attemptNumber": 1}])
    retried = h.post(server, h.path_of(server, url), retry, h.hubspot_v3("hs-client-secret", url, retry))
    assert retried.status_code == 200 and retried.json()["Duplicates"] == 1
    # HubSpot's eventId alone "is not guaranteed to be unique": the same one from another portal is another event.
    other_hub = str(int(hub) + 1)
    other = h.install(partner.new_account(), partner, "hubspot", AuthValue="pat-y", Properties={"hub_id": other_hub})
    theirs = h.encode([hubspot_event(other_hub, 101, "contact.creation")])
    assert h.post(server, h.path_of(server, url), theirs, h.hubspot_v3("hs-client-secret", url, theirs)).json() == {
        "Received": 1,
        "Duplicates": 0,
    }
    receiver.wait_for("hs", provider_event(other, f"{other_hub}:5:101:{OCCURRED}"))
    # Tampered, wrongly keyed and stale requests are refused and never forwarded.
    signed = h.hubspot_v3("hs-client-secret", url, body)
    tampered = body.replace(b"101", b"109")
    refused = [
        h.post(server, h.path_of(server, url), tampered, signed),
        h.post(server, h.path_of(server, url), tampered, h.hubspot_v3("not-the-secret", url, tampered)),
        h.post(server, h.path_of(server, url), tampered, h.hubspot_v3("hs-client-secret", url, tampered, 1)),
        h.post(server, h.path_of(server, url), tampered, {}),
    ]
    assert [r.status_code for r in refused] == [401, 401, 401, 401]
    assert "replay window" in refused[2].json()["Message"] and "missing" in refused[3].json()["Message"]
    assert "hs-client-secret" not in " ".join(r.text for r in refused)
    time.sleep(1.0)
    ids = [e.data["ProviderEventId"] for e in receiver.events("hs") if e.type == "provider.event"]
    expected = [f"{hub}:5:101:{OCCURRED}", f"{hub}:5:102:{OCCURRED}", f"{other_hub}:5:101:{OCCURRED}"]
    assert sorted(ids) == sorted(expected)


def test_slack_challenge_and_event(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = partner_with_app(server, receiver, "slack", "slack", WebhookSigningSecret="slack-signing")
    shown = h.settings(partner, "slack", WebhookSigningSecret="slack-signing")
    assert shown["WebhookSigningSecretSet"] is True and "slack-signing" not in str(shown)
    assert shown["ClientId"] == "slack-client"  # a body of signing secrets only leaves the app alone
    url = shown["HookUrl"]
    account = partner.new_account()
    connection = h.install(account, partner, "slack", Properties={"team_id": "T0001"})
    challenge = h.encode({"token": "x", "challenge": "abc123", "type": "url_verification"})
    answer = h.post(server, h.path_of(server, url), challenge, h.slack("slack-signing", challenge))
    assert answer.status_code == 200 and answer.json() == {"challenge": "abc123"}
    unsigned = h.post(server, h.path_of(server, url), challenge, h.slack("wrong", challenge))
    assert unsigned.status_code == 401
    event = {"type": "event_callback", "team_id": "T0001", "event_id": "Ev01", "event": {"type": "message"}}
    body = h.encode(event)
    assert h.post(server, h.path_of(server, url), body, h.slack("slack-signing", body)).status_code == 200
    got = receiver.wait_for("slack", provider_event(connection, "Ev01"))
    assert got.verified and got.data["EventType"] == "message" and got.data["Payload"] == event
    stale = h.post(server, h.path_of(server, url), body, h.slack("slack-signing", body, int(time.time()) - 600))
    assert stale.status_code == 401


def test_a_timestamp_that_is_no_finite_number_is_refused(server: SwitchboardServer, receiver: Receiver) -> None:
    """A NaN timestamp compared False with the replay window, so a request signed with one was fresh forever."""
    partner = partner_with_app(server, receiver, "nan", "slack", WebhookSigningSecret="nan-signing")
    slack_url = h.path_of(server, h.settings(partner, "slack", WebhookSigningSecret="nan-signing")["HookUrl"])
    hub = str(uuid.uuid4().int % 10**8)
    h.install(partner.new_account(), partner, "slack", Properties={"team_id": "TNAN"})
    h.install(partner.new_account(), partner, "hubspot", AuthValue="pat-x", Properties={"hub_id": hub})
    hubspot_url = h.settings(partner, "hubspot", ClientId="nan-client", ClientSecret="nan-client-secret")["HookUrl"]
    event = h.encode({"type": "event_callback", "team_id": "TNAN", "event_id": "EvNaN", "event": {"type": "message"}})
    batch = h.encode([hubspot_event(hub, 909, "contact.creation")])
    for stamp in ("nan", "NaN"):
        signed = h.hmac_of(hashlib.sha256, "nan-signing", f"v0:{stamp}:".encode() + event).hex()
        slack = {"X-Slack-Signature": f"v0={signed}", "X-Slack-Request-Timestamp": stamp}
        text = b"POST" + hubspot_url.encode() + batch + stamp.encode()
        hubspot = {
            "X-HubSpot-Signature-v3": base64.b64encode(h.hmac_of(hashlib.sha256, "nan-client-secret", text)).decode(),
            "X-HubSpot-Request-Timestamp": stamp,
        }
        for answer in (
            h.post(server, slack_url, event, slack),
            h.post(server, h.path_of(server, hubspot_url), batch, hubspot),
        ):
            assert answer.status_code == 401, answer.text
            assert "is not a finite time" in answer.json()["Message"]
    time.sleep(1.0)
    assert not [e for e in receiver.events("nan") if e.type.startswith("provider.")]


def test_salesloft_signature_in_upper_case_hex(server: SwitchboardServer, receiver: Receiver) -> None:
    """Hex has no case: an upper-case digest is the same signature (a wrong one is still refused)."""
    partner = server.new_partner("sl-hex")
    h.subscribe(partner, receiver, "sl-hex")
    account = partner.new_account()
    connection = h.install(account, partner, "salesloft", AuthValue="key")
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    body = h.encode({"id": 77, "first_name": "Upper", "updated_at": "2026-12-04T10:00:00Z"})
    signed = h.salesloft(token, body, "person_updated")
    wrong = h.salesloft("other-token", body, "person_updated")
    wrong["x-salesloft-signature"] = wrong["x-salesloft-signature"].upper()
    assert h.post(server, url, body, wrong).status_code == 401
    signed["x-salesloft-signature"] = signed["x-salesloft-signature"].upper()
    answer = h.post(server, url, body, signed)
    assert answer.status_code == 200, answer.text
    got = receiver.wait_for("sl-hex", of_connection(connection))
    assert got.verified and got.data["Payload"]["first_name"] == "Upper"
    assert got.data["ProviderEventId"].startswith("sha256:")  # Salesloft gives no id: the event's own hash


def test_intercom_sha1_signature(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = partner_with_app(server, receiver, "ic", "intercom")
    url = h.settings(partner, "intercom", ClientId="ic-client")["HookUrl"]
    account = partner.new_account()
    connection = h.install(account, partner, "intercom", AuthValue="tok", Properties={"app_id": "abc1"})
    body = h.encode({"type": "notification_event", "app_id": "abc1", "id": "notif_1", "topic": "contact.created"})
    assert h.post(server, h.path_of(server, url), body, h.intercom("wrong", body)).status_code == 401
    assert h.post(server, h.path_of(server, url), body, h.intercom("ic-client-secret", body)).status_code == 200
    got = receiver.wait_for("ic", provider_event(connection, "notif_1"))
    assert got.verified and got.data["EventType"] == "contact.created"


def test_xero_intent_to_receive_and_events(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = partner_with_app(server, receiver, "xero", "xero", WebhookSigningSecret="xero-webhook-key")
    url = h.settings(partner, "xero", WebhookSigningSecret="xero-webhook-key")["HookUrl"]
    itr = h.encode({"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "S0M3"})
    assert h.post(server, h.path_of(server, url), itr, h.xero("xero-webhook-key", itr)).status_code == 200
    assert h.post(server, h.path_of(server, url), itr, h.xero("not-the-key", itr)).status_code == 401
    account = partner.new_account()
    tenant = str(uuid.uuid4())
    connection = h.install(account, partner, "xero", Properties={"tenant_id": tenant})
    item = {"resourceId": "r1", "tenantId": tenant, "eventCategory": "INVOICE", "eventType": "UPDATE"}
    body = h.encode({"events": [item], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "X"})
    assert h.post(server, h.path_of(server, url), body, h.xero("xero-webhook-key", body)).status_code == 200
    got = receiver.wait_for("xero", lambda e: e.type == "provider.event" and e.data["AccountConnectorId"] == connection)
    assert got.verified and got.data["Payload"] == item and got.data["EventType"] == "UPDATE"


def test_another_partners_connection_never_gets_the_event(server: SwitchboardServer, receiver: Receiver) -> None:
    mine = partner_with_app(server, receiver, "mine", "hubspot")
    theirs = partner_with_app(server, receiver, "theirs", "hubspot")
    hub = "4242"
    h.install(mine.new_account(), mine, "hubspot", AuthValue="a", Properties={"hub_id": hub})
    their_connection = h.install(theirs.new_account(), theirs, "hubspot", AuthValue="b", Properties={"hub_id": hub})
    url = h.settings(mine, "hubspot", ClientId="mine-client")["HookUrl"]
    body = h.encode([hubspot_event(hub, 7, "contact.creation")])
    assert (
        h.post(server, h.path_of(server, url), body, h.hubspot_v3("mine-client-secret", url, body)).status_code == 200
    )
    mine_id = f"{hub}:5:7:{OCCURRED}"
    receiver.wait_for("mine", lambda e: e.type == "provider.event" and e.data["ProviderEventId"] == mine_id)
    # Their secret at my URL is refused; an unknown portal is kept and forwarded once, unrouted.
    assert (
        h.post(server, h.path_of(server, url), body, h.hubspot_v3("theirs-client-secret", url, body)).status_code == 401
    )
    lost = h.encode([hubspot_event("999", 8, "contact.creation")])
    assert (
        h.post(server, h.path_of(server, url), lost, h.hubspot_v3("mine-client-secret", url, lost)).status_code == 200
    )
    unrouted = receiver.wait_for("mine", lambda e: e.type == "provider.unrouted")
    assert (
        unrouted.verified and unrouted.data["Payload"]["portalId"] == 999 and unrouted.data["ConnectorKey"] == "hubspot"
    )
    time.sleep(1.0)
    assert not receiver.events("theirs")
    assert all(e.data.get("AccountConnectorId") != their_connection for e in receiver.events("mine"))


def test_bounds_and_unknown_urls(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = partner_with_app(server, receiver, "bounds", "hubspot")
    url = h.settings(partner, "hubspot", ClientId="bounds-client")["HookUrl"]
    big = b"[" + b" " * 70_000 + b"]"
    assert (
        h.post(server, h.path_of(server, url), big, h.hubspot_v3("bounds-client-secret", url, big)).status_code == 413
    )
    unknown = h.post(server, server.url + "/hooks/nobody/hubspot", b"[]", {})
    assert unknown.status_code == 404
    per_connection_only = h.post(server, h.path_of(server, url).replace("/hubspot", "/salesloft"), b"{}", {})
    assert per_connection_only.status_code == 404 and "own hook URL" in per_connection_only.json()["Message"]
    # 60 a minute: the 61st within one minute is refused (two windows at most, if a minute turns meanwhile).
    sent = 0
    while sent < 125:
        answer = h.post(server, h.path_of(server, url), b"[]", {})
        sent += 1
        if answer.status_code == 429:
            break
        assert answer.status_code == 401
    assert answer.status_code == 429 and 60 < sent <= 121 and "Retry-After" in answer.headers
