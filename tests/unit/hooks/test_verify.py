"""The verifiers against the shipped definitions, with vectors from the vendors' own documentation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

import pytest

from switchboard.catalog.models import WebhooksDef
from switchboard.catalog.registry import Registry
from switchboard.errors import SignatureRefused
from switchboard.hooks.payloads import challenge_answer, parse, split
from switchboard.hooks.verify import Inbound, Keys, verifier_for
from switchboard.settings import Settings

# api.slack.com/authentication/verifying-requests-from-slack: the worked example.
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_STAMP = "1531420618"
SLACK_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


@cache
def spec(key: str) -> WebhooksDef:
    hooks = Registry.load(Settings().connector_dirs).by_key[key].definition.webhooks
    assert hooks is not None
    return hooks


def request(body: bytes, url: str = "https://sb.example/hooks/k/x", **headers: str) -> Inbound:
    return Inbound("POST", url, {k.lower().replace("_", "-"): v for k, v in headers.items()}, body)


def test_slack_documented_example() -> None:
    verifier = verifier_for(spec("slack").signature)
    signed = request(SLACK_BODY, X_Slack_Signature=SLACK_SIGNATURE, X_Slack_Request_Timestamp=SLACK_STAMP)
    verifier.verify(signed, Keys([SLACK_SECRET]), float(SLACK_STAMP) + 30)
    with pytest.raises(SignatureRefused, match="does not match"):
        verifier.verify(signed, Keys(["another"]), float(SLACK_STAMP) + 30)
    with pytest.raises(SignatureRefused, match="replay window"):
        verifier.verify(signed, Keys([SLACK_SECRET]), float(SLACK_STAMP) + 301)
    with pytest.raises(SignatureRefused, match="missing"):
        verifier.verify(
            request(SLACK_BODY, X_Slack_Request_Timestamp=SLACK_STAMP), Keys([SLACK_SECRET]), float(SLACK_STAMP)
        )


def test_hubspot_signs_the_decoded_url_and_milliseconds() -> None:
    url = "https://sb.example/hooks/k/hubspot?x=a%20b"
    body, stamp = b'[{"eventId":1}]', "1700000000000"
    text = b"POST" + b"https://sb.example/hooks/k/hubspot?x=a b" + body + stamp.encode()
    signature = base64.b64encode(hmac.new(b"cs", text, hashlib.sha256).digest()).decode()
    signed = request(body, url, X_HubSpot_Signature_v3=signature, X_HubSpot_Request_Timestamp=stamp)
    verifier_for(spec("hubspot").signature).verify(signed, Keys(["cs"]), 1_700_000_100.0)
    with pytest.raises(SignatureRefused):
        verifier_for(spec("hubspot").signature).verify(signed, Keys(["cs"]), 1_700_000_400.0)


def test_box_either_key_proves_it_but_each_only_for_its_header() -> None:
    body, stamp = b'{"id":"e"}', "2026-12-04T10:00:00+00:00"
    sign = lambda key: base64.b64encode(hmac.new(key.encode(), body + stamp.encode(), hashlib.sha256).digest()).decode()  # noqa: E731
    verifier, now = verifier_for(spec("box").signature), 1796378400.0 + 60
    keys = Keys(["p"], ["s"])
    verifier.verify(
        request(body, BOX_SIGNATURE_PRIMARY="x", BOX_SIGNATURE_SECONDARY=sign("s"), BOX_DELIVERY_TIMESTAMP=stamp),
        keys,
        now,
    )
    verifier.verify(request(body, BOX_SIGNATURE_PRIMARY=sign("p"), BOX_DELIVERY_TIMESTAMP=stamp), keys, now)
    with pytest.raises(SignatureRefused):  # the secondary key's signature in the primary header
        verifier.verify(request(body, BOX_SIGNATURE_PRIMARY=sign("s"), BOX_DELIVERY_TIMESTAMP=stamp), keys, now)


def test_basic_auth_and_unreadable_credentials() -> None:
    verifier = verifier_for(spec("pipedrive").signature)
    good = "Basic " + base64.b64encode(b"switchboard:tok").decode()
    verifier.verify(request(b"{}", Authorization=good), Keys(["tok"]), 0)
    for value in ("Basic !!!", "Bearer tok", "Basic " + base64.b64encode(b"other:tok").decode()):
        with pytest.raises(SignatureRefused):
            verifier.verify(request(b"{}", Authorization=value), Keys(["tok"]), 0)


def test_batches_split_and_ids_fall_back_to_a_hash() -> None:
    hubspot = split(spec("hubspot"), parse(b'[{"eventId": 1, "subscriptionType": "a"}, {"eventId": 2}]'), b"", {})
    assert [(e.event_id, e.event_type) for e in hubspot] == [("1", "a"), ("2", None)]
    body = b'{"id": 5}'
    salesloft = split(spec("salesloft"), parse(body), body, {"x-salesloft-event": "person_updated"})
    assert salesloft[0].event_type == "person_updated"
    assert salesloft[0].event_id == "sha256:" + hashlib.sha256(body).hexdigest()
    assert challenge_answer(spec("slack"), {"type": "url_verification", "challenge": "c"}) == {"challenge": "c"}
    assert challenge_answer(spec("slack"), {"type": "event_callback"}) is None
