"""Long lists: pages fetched ahead when the first page says how many there are, and NDJSON answers.

Salesloft's definition asks for ``include_paging_counts``, so its first page carries
``metadata.paging.total_pages`` and the later pages go 4 at a time. ``ahead_app`` is the same
definition against an emulator of its own; ``tight_app`` against one whose limit is 8 requests
a minute, as is the definition's; ``cursor_app`` reads the next page as an opaque cursor (one
page at a time).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import yaml

from switchboard_emulators import EmulatorServer, RecordedRequest
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import MAX_PAGE, Account, Partner, SwitchboardServer, logged, server_env

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 1_050  # eleven pages of 100, the last one short
TIGHT = 8  # requests a minute, for the emulator and the definition alike
NDJSON = "application/x-ndjson"


def _emulator(records: int, per_minute: int | None = None) -> EmulatorServer:
    emulator = SalesloftEmulator()
    if per_minute is not None:
        emulator.rate_limit_per_minute = per_minute
    emulator.seed("accounts", records)
    return EmulatorServer(emulator).start()


@pytest.fixture(scope="module")
def ahead() -> Iterator[EmulatorServer]:
    server = _emulator(RECORDS, 10**6)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tight() -> Iterator[EmulatorServer]:
    server = _emulator(RECORDS, TIGHT)
    yield server
    server.stop()


def _definitions(folder: Path) -> Path:
    salesloft = yaml.safe_load((ROOT / "src/switchboard/connectors/salesloft/connector.yaml").read_text())
    roomy = [{"name": "team", "limit": 10**6, "per": "60s", "scope": "account_connector"}]
    cursor = {"type": "cursor", "cursor_param": "page", "size_param": "per_page", "size": 100, "records": "data",
              "next": "metadata.paging.next_page"}  # fmt: skip
    variants = {
        "ahead_app": {"rate_limits": roomy},
        # No credentials check: made at install, before the connection has windows of its own, it would
        # take one of the emulator's eight slots that Switchboard's count for the connection leaves out.
        "tight_app": {
            "rate_limits": [{"name": "team", "limit": TIGHT, "per": "60s", "scope": "account_connector"}],
            "verify": None,
        },
        "cursor_app": {"rate_limits": roomy, "pagination": cursor},
    }
    for key, changes in variants.items():
        definition = {k: v for k, v in {**salesloft, **changes, "key": key, "name": key}.items() if v is not None}
        (folder / key).mkdir(parents=True)
        (folder / key / "connector.yaml").write_text(yaml.safe_dump(definition))
    return folder


@pytest.fixture(scope="module")
def partner(
    tmp_path_factory: pytest.TempPathFactory, ahead: EmulatorServer, tight: EmulatorServer
) -> Iterator[Partner]:
    data_dir = tmp_path_factory.mktemp("paging")
    folder = _definitions(tmp_path_factory.mktemp("paging-connectors"))
    upstreams = {"ahead_app": ahead.url, "tight_app": tight.url, "cursor_app": ahead.url}
    env = server_env(data_dir, upstreams, SWITCHBOARD_CONNECTOR_DIRS=json.dumps([str(folder)]))
    server = SwitchboardServer(data_dir, env).start()
    yield server.new_partner("Paging")
    server.stop()


def _key(server: EmulatorServer) -> str:
    emulator = server.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return emulator.api_key


def list_path(partner: Partner, key: str, server: EmulatorServer) -> tuple[Account, str]:
    """A fresh account connector of ``key`` (its own rate-limit windows) and its List accounts URL."""
    account = partner.new_account()
    listing = partner.connectors()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == key)
    installed = account.post(f"/v1.0/connectors/{catalog_id}/install", json={"AuthValue": _key(server)})
    assert installed.status_code == 200, installed.text
    methods = partner.http.get(f"/v1.0/connectors/{catalog_id}/methods", params={"pageSize": MAX_PAGE}).json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == "List accounts")
    return account, f"/v1.0/account/connectors/{installed.json()['Id']}/methods/{uid}"


def expected_ids(server: EmulatorServer) -> list[int]:
    """Salesloft's default order: updated_at, newest first."""
    emulator = server.emulator
    assert isinstance(emulator, SalesloftEmulator)
    records = emulator.records("accounts")
    return [a["id"] for a in sorted(records, key=lambda a: (a["updated_at"], a["id"]), reverse=True)]


def pages_sent(server: EmulatorServer, since: int) -> list[RecordedRequest]:
    return [r for r in server.emulator.requests.all()[since:] if r.path == "/v2/accounts"]


def page_numbers(requests: list[RecordedRequest]) -> list[int]:
    return [int((r.query_values("page") or ["1"])[0]) for r in requests]  # a cursor's first page names none


def test_pages_known_ahead_come_back_whole_in_order_each_asked_once(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "ahead_app", ahead)
    mark = len(ahead.emulator.requests.all())
    response = account.post(path, json={})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [a["id"] for a in body["data"]] == expected_ids(ahead)
    assert body["metadata"]["paging"]["next_page"] is None
    assert body["metadata"]["paging"]["total_pages"] == 11
    sent = pages_sent(ahead, mark)
    assert sorted(page_numbers(sent)) == list(range(1, 12))  # each page once
    assert all(r.query_values("include_paging_counts") == ["true"] for r in sent)
    # Pages 2-11 are asked for only once page 1 told how many there are; then several at a time.
    assert page_numbers(sent)[0] == 1
    first_answered = sent[0].received_at
    assert all(r.received_at >= first_answered for r in sent[1:])


def test_pages_ahead_go_several_at_a_time(partner: Partner, ahead: EmulatorServer) -> None:
    """Each page answers after 0.3 s: pages 2-5 are all asked for before the first of them can answer."""
    account, path = list_path(partner, "ahead_app", ahead)
    mark = len(ahead.emulator.requests.all())
    with ahead.emulator.faults.armed(Fault("slow", path_prefix="/v2/accounts", delay=0.3, times=None)):
        response = account.post(path, json={})
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]) == RECORDS
    sent = pages_sent(ahead, mark)
    window = [r.received_at for r in sent[1:5]]
    assert sorted(page_numbers(sent[1:5])) == [2, 3, 4, 5]
    assert max(window) - min(window) < 0.3, window  # one at a time, each would wait for the one before
    # The upstream time sums every page's wait (11 x 0.3 s), spent in well under that.
    upstream = float(response.headers["server-timing"].split("upstream;dur=")[1].split(",")[0]) / 1000
    assert upstream >= 3.3
    assert response.elapsed.total_seconds() < upstream


def test_pages_ahead_stay_within_the_rate_limit(partner: Partner, tight: EmulatorServer) -> None:
    account, path = list_path(partner, "tight_app", tight)
    mark = len(tight.emulator.requests.all())
    response = account.post(path, json={})
    # The limiter let 8 pages through (the minute's budget), then stopped the call itself: the
    # provider never had to refuse one (a 429 from it would be relayed with Source: Upstream).
    assert response.status_code == 429, response.text
    body = response.json()
    assert "Source" not in body
    assert body["PagesFetched"] == TIGHT and body["ResumeWith"] == {"page": str(TIGHT + 1)}
    assert sorted(page_numbers(pages_sent(tight, mark))) == list(range(1, TIGHT + 1))


def test_a_failed_page_ahead_fails_the_call_cleanly(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "ahead_app", ahead)
    # The third request for a page (page 1 first, then pages fetched ahead) is refused.
    mark = len(ahead.emulator.requests.all())
    with ahead.emulator.faults.armed(Fault("error", path_prefix="/v2/accounts", status=404, skip=2)):
        response = account.post(path, json={})
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["Source"] == "Upstream" and body["UpstreamStatus"] == 404
    # The pages behind the failed one were cancelled or dropped: never more than the window past it.
    # The failed one is the third to reach the provider: page 3, or a later one when the window's
    # requests arrive out of order (two test workers on two cores).
    sent = pages_sent(ahead, mark)
    failed = page_numbers(sent)[2]
    assert len(sent) <= failed + 4, (failed, page_numbers(sent))


def most_in_flight(requests: list[RecordedRequest]) -> int:
    """The most requests the provider was handling at one moment (each from arrival to its answer)."""
    edges = sorted([(r.received_at, 1) for r in requests] + [(r.answered_at or 0.0, -1) for r in requests])
    now = peak = 0
    for _, step in edges:  # at a tie an answer (-1) sorts before an arrival: touching is not overlapping
        now += step
        peak = max(peak, now)
    return peak


def test_pages_ahead_reach_parallel_at_the_provider_and_never_pass_it(partner: Partner, ahead: EmulatorServer) -> None:
    """Each page takes 0.2 s at the provider: the window of 4 is filled, never exceeded, and every
    record comes back once, in order."""
    account, path = list_path(partner, "ahead_app", ahead)
    mark = len(ahead.emulator.requests.all())
    with ahead.emulator.faults.armed(Fault("slow", path_prefix="/v2/accounts", delay=0.2, times=None)):
        response = account.post(path, json={})
    assert response.status_code == 200, response.text
    assert [a["id"] for a in response.json()["data"]] == expected_ids(ahead)
    sent = pages_sent(ahead, mark)
    assert sorted(page_numbers(sent)) == list(range(1, 12))
    assert all(r.answered_at is not None for r in sent)
    assert most_in_flight(sent[:1]) == 1
    assert most_in_flight(sent) == 4  # the connector's parallel: reached, and bounded


def test_a_failed_cursor_page_is_named_with_the_pages_before_it(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "cursor_app", ahead)
    with ahead.emulator.faults.armed(Fault("error", path_prefix="/v2/accounts", status=404, skip=2)):
        response = account.post(path, json={})
    assert response.status_code == 404, response.text[:500]
    body = response.json()
    assert body["Source"] == "Upstream" and body["UpstreamStatus"] == 404
    assert body["PagesFetched"] == 2 and body["FailedPage"] == {"page": "3"}
    assert "(page 3, after 2 page(s) came back)" in body["Message"]


def test_a_failed_page_ahead_is_the_first_in_page_order(partner: Partner, ahead: EmulatorServer) -> None:
    """The fifth request is refused (a 404, not retried): one of the pages ahead, in whatever order they
    reached the provider. The call names it, and counts the pages before it in page order."""
    account, path = list_path(partner, "ahead_app", ahead)
    mark = len(ahead.emulator.requests.all())
    with ahead.emulator.faults.armed(Fault("error", path_prefix="/v2/accounts", status=404, skip=4)):
        response = account.post(path, json={})
    assert response.status_code == 404, response.text[:500]
    body = response.json()
    failed = int(body["FailedPage"]["page"])
    assert failed == page_numbers(pages_sent(ahead, mark))[4]  # the fifth to reach the provider
    assert failed >= 2 and body["PagesFetched"] == failed - 1
    assert f"(page {failed}, after {failed - 1} page(s) came back)" in body["Message"]


def test_ndjson_streams_every_record_in_order(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "ahead_app", ahead)
    headers = {**account.headers, "Accept": NDJSON}
    with account.partner.http.stream("POST", path, json={}, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == NDJSON
        assert "content-length" not in response.headers  # sent as pages arrive, chunked
        lines = list(response.iter_lines())
        request_id = response.headers["x-request-id"]
    records = [orjson.loads(line) for line in lines]
    assert [r["id"] for r in records] == expected_ids(ahead)
    assert all(set(r) >= {"id", "name", "domain"} for r in records)
    # Recorded once the stream ended, with every page and record it sent.
    entry = logged(account.partner.http, request_id)
    assert entry["Ok"] and entry["Status"] == 200 and entry["Pages"] == 11 and entry["Records"] == RECORDS


def test_ndjson_by_name_on_the_body_route(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "cursor_app", ahead)
    response = account.post(f"{path}/body", json={"Parameters": {"per_page": 50}}, headers={"Accept": NDJSON})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == NDJSON
    assert [orjson.loads(line)["id"] for line in response.text.splitlines()] == expected_ids(ahead)


def test_ndjson_failure_after_the_first_page_ends_with_an_error_line(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "cursor_app", ahead)
    with ahead.emulator.faults.armed(Fault("error", path_prefix="/v2/accounts", status=404, skip=2)):
        response = account.post(path, json={}, headers={"Accept": NDJSON})
    assert response.status_code == 200  # sent with the first page
    *records, last = [orjson.loads(line) for line in response.text.splitlines()]
    assert [r["id"] for r in records] == expected_ids(ahead)[:200]
    assert last["Error"]["Status"] == 404 and last["Error"]["Source"] == "Upstream"
    entry = logged(account.partner.http, response.headers["x-request-id"])
    assert not entry["Ok"] and entry["Status"] == 404 and entry["Pages"] == 2 and entry["Records"] == 200


def test_ndjson_failure_on_the_first_page_is_an_error_status(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "ahead_app", ahead)
    with ahead.emulator.faults.armed(Fault("error", path_prefix="/v2/accounts", status=404)):
        response = account.post(path, json={}, headers={"Accept": NDJSON})
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["UpstreamStatus"] == 404


def test_without_ndjson_in_accept_the_answer_is_one_json_document(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "ahead_app", ahead)
    response = account.post(path, json={}, headers={"Accept": "application/json, application/x-ndjson;q=0"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-length"] == str(len(response.content))
    assert len(response.json()["data"]) == RECORDS


def test_cursor_lists_go_one_page_at_a_time(partner: Partner, ahead: EmulatorServer) -> None:
    account, path = list_path(partner, "cursor_app", ahead)
    mark = len(ahead.emulator.requests.all())
    response = account.post(path, json={})
    assert response.status_code == 200, response.text
    assert [a["id"] for a in response.json()["data"]] == expected_ids(ahead)
    sent = pages_sent(ahead, mark)
    assert page_numbers(sent) == list(range(1, 12))  # in order: each asked once the one before answered
