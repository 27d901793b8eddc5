"""What a support engineer and an operator see: the call log, /metrics and request ids, over HTTP."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, logged


@pytest.fixture
def connected(partner: Partner, salesloft_api_key: str) -> tuple[Account, int]:
    account = partner.new_account()
    return account, account.install("salesloft", AuthValue=salesloft_api_key)


def samples(server: SwitchboardServer, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """``name``'s samples on /metrics, parsed with prometheus-client's own parser, by label set."""
    text = httpx.get(f"{server.url}/metrics").text
    return {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name
    }


def test_a_request_id_switchboard_gives_is_ordered_by_time(partner: Partner) -> None:
    """32 hex digits, the first 12 the milliseconds it was made at: the call log's index grows at its end."""
    before = time.time_ns() // 1_000_000
    ids = [partner.http.get("/health").headers["X-Request-Id"] for _ in range(3)]
    after = time.time_ns() // 1_000_000
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids), ids
    stamps = [int(i[:12], 16) for i in ids]  # within one millisecond the random tails are in no order
    assert stamps == sorted(stamps) and len(set(ids)) == 3
    assert all(before <= stamp <= after for stamp in stamps)


def test_a_failed_call_can_be_diagnosed_from_the_call_log(
    connected: tuple[Account, int], salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account, installed = connected
    get_person = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    response = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{get_person}/body",
        json={"Mergefields": {"person_id": "987654321"}},
        headers={"X-Request-Id": "support-case-42"},
    )
    assert response.status_code == 404 and response.headers["X-Request-Id"] == "support-case-42"
    # Another partner's caller may send the same id: it neither collides with this call nor sees it.
    other = account.partner.server.new_partner("Same id")
    assert other.http.get("/health", headers={"X-Request-Id": "support-case-42"}).is_success
    call = logged(account.partner.http, "support-case-42")
    assert call["Ok"] is False and call["Status"] == 404 and call["UpstreamStatus"] == 404
    assert call["ErrorType"] == "UpstreamError" and call["Kind"] == "body"
    assert call["AccountId"] == account.api_id and call["AccountConnectorId"] == installed
    assert call["MethodUniqueIdentifier"] == get_person and call["MethodName"] == "Get person"
    assert call["Requests"] == 1 and call["DurationMs"] > 0
    assert call["StartedAt"].endswith("Z")  # UTC, with its offset (SQLite stores it without one)
    (exchange,) = call["Exchanges"]
    assert exchange["Request"]["Method"] == "GET"
    assert exchange["Request"]["Url"].endswith("/v2/people/987654321")
    assert exchange["Request"]["Headers"]["Authorization"] == "[redacted]"
    assert exchange["Response"]["Status"] == 404
    assert salesloft_api_key not in str(call)


def test_a_refused_call_is_logged_against_its_account_connector(partner: Partner, salesloft_api_key: str) -> None:
    """A 409 (not authenticated) and a 400 (bad input) end before anything is sent: still logged as theirs."""
    account = partner.new_account()
    account.install("salesloft", AuthValue=salesloft_api_key)  # another one first: the ids differ from 0 and 1
    waiting = account.install("salesloft")  # OAuth, never connected
    get_person = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    base = f"/v1.0/account/connectors/{waiting}"
    refused = account.post(f"{base}/methods/{get_person}/body", json={"Mergefields": {"person_id": "1"}})
    bad = account.post(f"{base}/methods/{get_person}/body", json={"Mergefields": {}})  # person_id is required
    assert (refused.status_code, bad.status_code) == (409, 400), (refused.text, bad.text)
    for answer in (refused, bad):
        call = logged(account.partner.http, answer.headers["X-Request-Id"])
        assert call["AccountConnectorId"] == waiting and call["Status"] == answer.status_code
    listed = account.get(f"{base}/calls").json()["Calls"]  # and listed under it
    assert {c["RequestId"] for c in listed} == {refused.headers["X-Request-Id"], bad.headers["X-Request-Id"]}


def test_a_single_page_call_counts_one_page_and_its_records(
    connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    assert isinstance(salesloft.emulator, SalesloftEmulator)
    salesloft.emulator.seed("accounts", 3)
    methods = account.methods("salesloft")
    base = f"/v1.0/account/connectors/{installed}/methods"
    one_page = account.post(
        f"{base}/{methods['List accounts']['MethodUniqueIdentifier']}/body",
        json={"Mergefields": {"page": 2, "per_page": 2}},
    )
    assert one_page.status_code == 200, one_page.text
    shown = len(one_page.json()["data"])
    assert 1 <= shown <= 2
    account_id = one_page.json()["data"][0]["id"]
    get_account = methods["Get account"]["MethodUniqueIdentifier"]
    one_object = account.post(f"{base}/{get_account}/body", json={"Mergefields": {"account_id": account_id}})
    assert one_object.status_code == 200, one_object.text
    listed = logged(account.partner.http, one_page.headers["X-Request-Id"])
    assert (listed["Pages"], listed["Records"]) == (1, shown)
    got = logged(account.partner.http, one_object.headers["X-Request-Id"])
    assert (got["Pages"], got["Records"]) == (1, 0)  # one answer that is not a list: a page, no records


def test_calls_are_listed_filtered_and_paged(connected: tuple[Account, int], salesloft: EmulatorServer) -> None:
    account, installed = connected
    assert isinstance(salesloft.emulator, SalesloftEmulator)
    salesloft.emulator.seed("accounts", 3)
    methods = account.methods("salesloft")
    list_accounts = methods["List accounts"]["MethodUniqueIdentifier"]
    get_account = methods["Get account"]["MethodUniqueIdentifier"]
    base = f"/v1.0/account/connectors/{installed}"
    ok = [account.post(f"{base}/methods/{list_accounts}", json={}) for _ in range(3)]
    bad = account.get(f"{base}/methods/{get_account}", params={"account_id": "987654321"})
    assert [r.status_code for r in ok] == [200, 200, 200] and bad.status_code == 404
    ids = [r.headers["X-Request-Id"] for r in [*ok, bad]]
    logged(account.partner.http, ids[-1])
    listing = account.get(f"{base}/calls").json()
    assert [c["RequestId"] for c in listing["Calls"]] == ids[::-1]  # newest first
    assert listing["NextCursor"] is None
    first = listing["Calls"][-1]
    assert first["Ok"] and first["Kind"] == "rest" and first["Pages"] >= 1 and first["Records"] >= 3
    assert "Exchanges" not in first  # only on the single call
    failed = account.get(f"{base}/calls", params={"status": "failed"}).json()["Calls"]
    assert [c["RequestId"] for c in failed] == [ids[-1]] and failed[0]["Kind"] == "legacy"
    assert [c["RequestId"] for c in account.get(f"{base}/calls", params={"status": "404"}).json()["Calls"]] == [ids[-1]]
    by_method = account.get(f"{base}/calls", params={"method": list_accounts}).json()["Calls"]
    assert [c["RequestId"] for c in by_method] == ids[2::-1]
    by_id = account.get(f"{base}/calls", params={"method": str(methods["List accounts"]["Id"])}).json()["Calls"]
    assert [c["RequestId"] for c in by_id] == ids[2::-1]  # a method's numeric Id names it too
    assert account.get(f"{base}/calls", params={"method": "999999999"}).json()["Calls"] == []
    future = account.get(f"{base}/calls", params={"since": "2999-01-01T00:00:00Z"}).json()["Calls"]
    assert future == []
    seen, cursor = [], None
    while True:  # cursor paging, two at a time
        page = account.get(f"{base}/calls", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [c["RequestId"] for c in page["Calls"]]
        cursor = page["NextCursor"]
        if cursor is None:
            break
    assert seen == ids[::-1]
    partner_wide = account.partner.http.get("/v1.0/calls", params={"limit": 200}).json()["Calls"]
    assert set(ids) <= {c["RequestId"] for c in partner_wide}
    for params in ({"cursor": "not-a-cursor"}, {"status": "maybe"}, {"limit": 0}, {"since": "yesterday"}):
        answer = account.get(f"{base}/calls", params=params)
        assert answer.status_code == 400 and answer.json()["Message"], (params, answer.text)


def test_another_partner_sees_none_of_it(switchboard: SwitchboardServer, connected: tuple[Account, int]) -> None:
    account, installed = connected
    list_accounts = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    answer = account.post(f"/v1.0/account/connectors/{installed}/methods/{list_accounts}", json={})
    request_id = answer.headers["X-Request-Id"]
    logged(account.partner.http, request_id)
    other = switchboard.new_partner("Nosy")
    assert other.http.get(f"/v1.0/calls/{request_id}").status_code == 404
    assert other.http.get("/v1.0/calls").json()["Calls"] == []
    theirs = other.new_account()
    foreign = theirs.get(f"/v1.0/account/connectors/{installed}/calls")
    assert foreign.status_code == 404, foreign.text
    missing = account.get("/v1.0/account/connectors/2147483000/calls")
    assert missing.status_code == 404


def test_metrics_move_with_calls_and_carry_no_account(
    switchboard: SwitchboardServer, connected: tuple[Account, int], salesloft: EmulatorServer
) -> None:
    account, installed = connected
    list_accounts = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    key = (("connector", "salesloft"), ("method", list_accounts), ("outcome", "ok"))
    before = samples(switchboard, "switchboard_calls_total").get(key, 0.0)
    requests_before = samples(switchboard, "switchboard_upstream_requests_total").get(
        (("connector", "salesloft"),), 0.0
    )
    for _ in range(2):
        assert account.post(f"/v1.0/account/connectors/{installed}/methods/{list_accounts}", json={}).is_success
    assert samples(switchboard, "switchboard_calls_total")[key] == before + 2
    after = samples(switchboard, "switchboard_upstream_requests_total")[(("connector", "salesloft"),)]
    assert after >= requests_before + 2
    latency = samples(switchboard, "switchboard_upstream_request_seconds_count")
    assert latency[(("connector", "salesloft"),)] >= 2
    text = httpx.get(f"{switchboard.url}/metrics").text
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    assert account.api_id not in text and emulator.api_key not in text and account.partner.token not in text


def test_metrics_need_their_token_when_one_is_set(tmp_path: Any, salesloft: EmulatorServer) -> None:
    from tests.harness import server_env

    env = server_env(tmp_path, {"salesloft": salesloft.url}, SWITCHBOARD_METRICS_TOKEN="scrape-me-please")
    server = SwitchboardServer(tmp_path, env).start()
    try:
        assert httpx.get(f"{server.url}/metrics").status_code == 401
        wrong = httpx.get(f"{server.url}/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and "scrape-me-please" not in wrong.text
        good = httpx.get(f"{server.url}/metrics", headers={"Authorization": "Bearer scrape-me-please"})
        assert good.status_code == 200 and "switchboard_calls" in good.text
    finally:
        server.stop()


def test_every_answer_has_a_request_id(switchboard: SwitchboardServer) -> None:
    health = httpx.get(f"{switchboard.url}/health")
    assert len(health.headers["X-Request-Id"]) == 32
    unauthenticated = httpx.get(f"{switchboard.url}/v1.0/calls", headers={"X-Request-Id": "bad id with spaces"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["X-Request-Id"] != "bad id with spaces"  # not echoed: a fresh one


def test_the_server_starts_without_warnings(switchboard: SwitchboardServer) -> None:
    """A fresh install from the lock prints no deprecation (or other) warnings when it starts."""
    log = switchboard.log_path.read_text()
    assert "Application startup complete" in log
    assert "Warning" not in log, [line for line in log.splitlines() if "Warning" in line]
