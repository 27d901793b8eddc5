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
    batch = b'[{"eventId": 1, "subscriptionType": "a", "portalId": 7, "subscriptionId": 3, "occurredAt": 9},'
    batch += b' {"eventId": 2}]'
    hubspot = split(spec("hubspot"), parse(batch), b"", {})
    # HubSpot's id is four of its fields (its eventId alone is not unique); one missing, and it is the hash.
    assert [(e.event_id[:7], e.event_type) for e in hubspot] == [("7:3:1:9", "a"), ("sha256:", None)]
    body = b'{"id": 5}'
    salesloft = split(spec("salesloft"), parse(body), body, {"x-salesloft-event": "person_updated"})
    assert salesloft[0].event_type == "person_updated"
    assert salesloft[0].event_id.startswith("sha256:") and len(salesloft[0].event_id) == 71
    # An exact replay is the same event; the same body of another type, or at another connection's URL, is not.
    again = split(spec("salesloft"), parse(body), body, {"x-salesloft-event": "person_updated"})
    deleted = split(spec("salesloft"), parse(body), body, {"x-salesloft-event": "person_deleted"})
    elsewhere = split(spec("salesloft"), parse(body), body, {"x-salesloft-event": "person_updated"}, "connection 2")
    assert again[0].event_id == salesloft[0].event_id
    assert len({salesloft[0].event_id, deleted[0].event_id, elsewhere[0].event_id}) == 3
    assert challenge_answer(spec("slack"), {"type": "url_verification", "challenge": "c"}) == {"challenge": "c"}
    assert challenge_answer(spec("slack"), {"type": "event_callback"}) is None


@pytest.mark.parametrize("stamp", ["nan", "NaN", "-nan", "inf", "-Infinity", "1e999"])
def test_a_timestamp_that_is_no_finite_number_is_refused(stamp: str) -> None:
    """NaN compares False with any window, so it once passed as always fresh; each is signed correctly here."""
    slack = hmac.new(SLACK_SECRET.encode(), f"v0:{stamp}:".encode() + SLACK_BODY, hashlib.sha256).hexdigest()
    signed = request(SLACK_BODY, X_Slack_Signature=f"v0={slack}", X_Slack_Request_Timestamp=stamp)
    with pytest.raises(SignatureRefused, match=r"timestamp \(X-Slack-Request-Timestamp\) is not a finite time"):
        verifier_for(spec("slack").signature).verify(signed, Keys([SLACK_SECRET]), float(SLACK_STAMP))
    url, body = "https://sb.example/hooks/k/hubspot", b'[{"eventId":1}]'
    text = b"POST" + url.encode() + body + stamp.encode()
    hubspot = base64.b64encode(hmac.new(b"cs", text, hashlib.sha256).digest()).decode()
    signed = request(body, url, X_HubSpot_Signature_v3=hubspot, X_HubSpot_Request_Timestamp=stamp)
    with pytest.raises(SignatureRefused, match="not a finite time"):
        verifier_for(spec("hubspot").signature).verify(signed, Keys(["cs"]), 1_700_000_000.0)
    box = base64.b64encode(hmac.new(b"p", body + stamp.encode(), hashlib.sha256).digest()).decode()
    with pytest.raises(SignatureRefused):  # RFC 3339 has no NaN: refused as no valid time
        verifier_for(spec("box").signature).verify(
            request(body, BOX_SIGNATURE_PRIMARY=box, BOX_DELIVERY_TIMESTAMP=stamp), Keys(["p"], ["s"]), 0.0
        )


def test_hex_signatures_match_in_either_case_base64_ones_do_not() -> None:
    body = b'{"id": 5}'
    salesloft = hmac.new(b"tok", body, hashlib.sha1).hexdigest()
    verifier = verifier_for(spec("salesloft").signature)
    for given in (salesloft, salesloft.upper(), salesloft[:20] + salesloft[20:].upper()):
        verifier.verify(request(body, x_salesloft_signature=given), Keys(["tok"]), 0)
    with pytest.raises(SignatureRefused, match="does not match"):
        verifier.verify(request(body, x_salesloft_signature=salesloft.upper()), Keys(["other"]), 0)
    slack = verifier_for(spec("slack").signature)
    upper = "v0=" + SLACK_SIGNATURE.removeprefix("v0=").upper()
    slack.verify(
        request(SLACK_BODY, X_Slack_Signature=upper, X_Slack_Request_Timestamp=SLACK_STAMP),
        Keys([SLACK_SECRET]),
        float(SLACK_STAMP),
    )
    xero = base64.b64encode(hmac.new(b"k", body, hashlib.sha256).digest()).decode()
    verifier_for(spec("xero").signature).verify(request(body, x_xero_signature=xero), Keys(["k"]), 0)
    with pytest.raises(SignatureRefused, match="does not match"):  # base64 is case-sensitive: another digest
        verifier_for(spec("xero").signature).verify(request(body, x_xero_signature=xero.swapcase()), Keys(["k"]), 0)
