"""``AllowedOrigins`` takes origins only (N9): a scheme, a host, an optional port, nothing else."""

from __future__ import annotations

import pytest

from tests.harness import Partner


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        pytest.param("https://a.example *", "nothing else", id="space-star"),
        pytest.param("*", "nothing else", id="star"),
        pytest.param("https://*.example", "nothing else", id="wildcard-host"),
        pytest.param("https://a.example https://b.example", "nothing else", id="two-in-one"),
        pytest.param("https://a.example;script-src *", "nothing else", id="csp-injection"),
        pytest.param("https://user@a.example", "nothing else", id="userinfo"),
        pytest.param("https://a.example/app", "nothing else", id="path"),
        pytest.param("https://a.example?x=1", "nothing else", id="query"),
        pytest.param("https://a.example#top", "nothing else", id="fragment"),
        pytest.param("javascript://a.example", "use https", id="scheme"),
        pytest.param("http://app.example", "use https", id="plain-http-public"),
        pytest.param("https://a..example", "is not a host name", id="empty-label"),
        pytest.param("https://a.example:70000", "out of range", id="port"),
        pytest.param("https://300.1.1.1", "is not an IPv4 address", id="bad-ipv4"),
    ],
)
def test_anything_but_an_origin_is_400_with_the_reason(partner: Partner, given: str, reason: str) -> None:
    before = partner.http.get("/v1.0/branding").json()
    answer = partner.http.put("/v1.0/branding", json={"Name": "Acme", "AllowedOrigins": ["https://ok.example", given]})
    assert answer.status_code == 400, answer.text
    message = answer.json()["Message"]
    assert repr(given) in message and reason in message, message
    assert partner.http.get("/v1.0/branding").json() == before  # nothing stored


def test_origins_are_stored_in_their_canonical_form(partner: Partner) -> None:
    given = ["https://App.Example.com/", "https://app.example.com:443", "http://localhost:3000", "http://127.0.0.1:8"]
    answer = partner.http.put("/v1.0/branding", json={"Name": "Acme", "AllowedOrigins": given})
    assert answer.status_code == 200, answer.text
    assert answer.json()["AllowedOrigins"] == ["http://127.0.0.1:8", "http://localhost:3000", "https://app.example.com"]
