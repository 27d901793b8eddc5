"""Upstream faults and per-call limits: every call ends in bounded time with a clear error or a correct retry.

The server here runs with small limits so that each fault plays out in a few seconds; the
emulators are this module's own, so armed faults and rate-limit budgets touch no other test.
Set ``SWITCHBOARD_FAULT_REPORT=<path>`` to have the observed outcomes written there as JSON
(``docs/faults.md`` is made from such a run).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from email.utils import formatdate
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_constant_contact import connect

READ_TIMEOUT = 1.0
CALL_TIMEOUT = 4.0
MAX_PAGES = 20
MAX_RECORDS = 1000
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
MAX_RETRY_AFTER = 3.0
MAX_RETRIES = 2
MAX_REQUEST_BYTES = 64 * 1024
ACCOUNTS = 250  # three pages of 100

TIGHT = {
    "SWITCHBOARD_UPSTREAM_READ_TIMEOUT": str(READ_TIMEOUT),
    "SWITCHBOARD_CALL_TIMEOUT": str(CALL_TIMEOUT),
    "SWITCHBOARD_MAX_PAGES": str(MAX_PAGES),
    "SWITCHBOARD_MAX_RECORDS": str(MAX_RECORDS),
    "SWITCHBOARD_MAX_RESPONSE_BYTES": str(MAX_RESPONSE_BYTES),
    "SWITCHBOARD_MAX_RETRY_AFTER": str(MAX_RETRY_AFTER),
    "SWITCHBOARD_MAX_RETRIES": str(MAX_RETRIES),
    "SWITCHBOARD_MAX_REQUEST_BYTES": str(MAX_REQUEST_BYTES),
}


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.seed("people", 5)
    emulator.seed("accounts", ACCOUNTS)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cc() -> Iterator[EmulatorServer]:
    emulator = ConstantContactEmulator()
    emulator.seed("contacts", 30)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


def start_server(
    tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer, cc: EmulatorServer, **extra: str
) -> SwitchboardServer:
    data_dir: Path = tmp_path_factory.mktemp("faults")
    env = server_env(data_dir, {"salesloft": sl.url, "constant_contact": cc.url}, **extra)
    return SwitchboardServer(data_dir, env).start()


@pytest.fixture(scope="module")
def tight(
    tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer, cc: EmulatorServer
) -> Iterator[SwitchboardServer]:
    server = start_server(tmp_path_factory, sl, cc, **TIGHT)
    yield server
    server.stop()


@dataclass
class Conn:
    """A connected account and the numeric id of its account connector."""

    account: Account
    id: int
    emulator: EmulatorServer

    def call(self, method: str, **body: Any) -> httpx.Response:
        uid = self.account.methods(self.emulator.emulator.name)[method]["MethodUniqueIdentifier"]
        return self.account.post(f"/v1.0/account/connectors/{self.id}/methods/{uid}/body", json=body)


@pytest.fixture(scope="module")
def salesloft_conn(tight: SwitchboardServer, sl: EmulatorServer) -> Conn:
    account = tight.new_partner("Faults").new_account()
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return Conn(account, account.install("salesloft", AuthValue=emulator.api_key), sl)


@pytest.fixture(scope="module")
def cc_conn(tight: SwitchboardServer, cc: EmulatorServer) -> Conn:
    emulator = cc.emulator
    assert isinstance(emulator, ConstantContactEmulator)
    account, connection = connect(tight.new_partner("Faults CC"), emulator)
    return Conn(account, connection, cc)


@pytest.fixture(autouse=True)
def disarm(sl: EmulatorServer, cc: EmulatorServer) -> Iterator[None]:
    yield
    sl.emulator.faults.clear()
    cc.emulator.faults.clear()


OUTCOMES: list[dict[str, Any]] = []


@pytest.fixture(scope="module", autouse=True)
def fault_report() -> Iterator[None]:
    yield
    path = os.environ.get("SWITCHBOARD_FAULT_REPORT")
    if path and OUTCOMES:
        Path(path).write_text(json.dumps(OUTCOMES, indent=2) + "\n")


@dataclass
class Outcome:
    response: httpx.Response
    seconds: float
    upstream: int  # requests the emulator received for the faulted path

    @property
    def message(self) -> str:
        try:
            body = self.response.json()
        except ValueError:
            return ""
        return str(body.get("Message", "")) if isinstance(body, dict) else ""


def observe(case: str, fault: str, conn: Conn, method: str, path: str, **body: Any) -> Outcome:
    """Make the call, time it, count what reached the emulator, and note the outcome for the report."""
    before = len(conn.emulator.emulator.requests.all())
    started = time.monotonic()
    response = conn.call(method, **body)
    seconds = time.monotonic() - started
    upstream = sum(1 for r in conn.emulator.emulator.requests.all()[before:] if r.path.startswith(path))
    outcome = Outcome(response, seconds, upstream)
    OUTCOMES.append(
        {"case": case, "fault": fault, "status": response.status_code, "message": outcome.message,
         "seconds": round(seconds, 2), "upstream_requests": upstream}
    )  # fmt: skip
    return outcome


def arm(conn: Conn, *faults: Fault) -> None:
    # Copies: a Fault counts its hits, and the parametrized ones must stay fresh for a rerun.
    conn.emulator.emulator.faults.arm(*(replace(f) for f in faults))


def person_id(sl: EmulatorServer) -> int:
    emulator = sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    return int(emulator.records("people")[0]["id"])


def new_person() -> dict[str, Any]:
    return {"RequestBody": json.dumps({"email_address": f"p{time.monotonic_ns()}@example.com", "last_name": "Fault"})}


# -- faults that a retry or patience gets through ------------------------------------------


@dataclass(frozen=True)
class Recovery:
    fault: Fault
    method: str
    upstream: int  # requests the emulator should see: the faulted ones plus the one that succeeds
    at_least: float = 0.0  # seconds the call must have waited
    describe: str = ""


HTTP_DATE = "an HTTP date 3 s ahead"  # a placeholder, filled in when the test runs


RECOVERIES = [
    pytest.param(Recovery(Fault("slow", path_prefix="/v2/people", delay=0.6), "Get person", 1, 0.6,
                          "answer after 0.6 s (read timeout 1 s)"), id="slow-answer-within-read-timeout"),
    pytest.param(Recovery(Fault("error", path_prefix="/v2/people", status=503), "Get person", 2,
                          describe="one 503 without Retry-After, then 200"), id="503-once-then-success"),
    pytest.param(Recovery(Fault("error", path_prefix="/v2/people", status=502), "Get person", 2,
                          describe="one 502, then 200"), id="502-once-then-success"),
    pytest.param(Recovery(Fault("error", path_prefix="/v2/people", status=500), "Get person", 2,
                          describe="one 500 on a GET, then 200"), id="get-retried-after-500"),
    pytest.param(Recovery(Fault("rate_limited", path_prefix="/v2/people", retry_after="1"), "Get person", 2, 1.0,
                          "429 Retry-After: 1, then 200"), id="429-retry-after-seconds"),
    # HTTP dates have whole seconds: 3 s ahead is a wait of more than 2 s.
    pytest.param(Recovery(Fault("rate_limited", path_prefix="/v2/people", retry_after=HTTP_DATE), "Get person",
                          2, 1.9, f"429 Retry-After: {HTTP_DATE}, then 200"), id="429-retry-after-http-date"),
    pytest.param(Recovery(Fault("rate_limited", path_prefix="/v2/people", method="POST", retry_after="1"),
                          "Create person", 2, 1.0, "429 Retry-After: 1 on a POST, then 200"),
                 id="post-retried-after-429"),
    pytest.param(Recovery(Fault("error", path_prefix="/v2/people", status=503, retry_after="1"), "Get person", 2,
                          1.0, "503 Retry-After: 1, then 200"), id="503-retry-after-seconds"),
    pytest.param(Recovery(Fault("reset", path_prefix="/v2/people"), "Get person", 2,
                          describe="connection reset once, then 200"), id="reset-once-then-success"),
    pytest.param(Recovery(Fault("truncated", path_prefix="/v2/people"), "Get person", 2,
                          describe="body cut short once, then 200"), id="truncated-once-then-success"),
]  # fmt: skip


@pytest.mark.parametrize("case", RECOVERIES)
def test_recovers_from_a_passing_fault(
    request: pytest.FixtureRequest, salesloft_conn: Conn, sl: EmulatorServer, case: Recovery
) -> None:
    fault = case.fault
    if fault.retry_after == HTTP_DATE:
        fault = replace(fault, retry_after=formatdate(time.time() + 3, usegmt=True))
    arm(salesloft_conn, fault)
    body = new_person() if case.method == "Create person" else {"Mergefields": {"person_id": person_id(sl)}}
    outcome = observe(request.node.callspec.id, case.describe, salesloft_conn, case.method, "/v2/people", **body)
    assert outcome.response.status_code == 200, outcome.response.text
    assert "data" in outcome.response.json()
    assert outcome.upstream == case.upstream
    assert case.at_least <= outcome.seconds < case.at_least + 2.0


# -- faults that end the call with a clear error ---------------------------------------------


@dataclass(frozen=True)
class Failure:
    faults: tuple[Fault, ...]
    method: str
    status: int
    says: str  # a fragment of the Message
    within: float  # seconds the call may take at most
    upstream: tuple[int, int]  # least and most requests the emulator may see
    describe: str
    connector: str = "salesloft"
    parameters: dict[str, Any] | None = None  # the call's Parameters


ALWAYS: dict[str, Any] = {"path_prefix": "/v2/people", "times": None}
LISTS: dict[str, Any] = {"path_prefix": "/v2/accounts", "times": None}
# Without the counts Salesloft's definition asks for, no page is known ahead: one page at a time,
# as these faults' page-by-page expectations need (tests/integration/test_list_paging.py pages ahead).
ONE_AT_A_TIME: dict[str, Any] = {"include_paging_counts": False}
SMALL_PAGES: dict[str, Any] = {"per_page": 10, **ONE_AT_A_TIME}
RETRIES = MAX_RETRIES + 1

FAILURES = [
    pytest.param(Failure((Fault("hang", **ALWAYS),), "Get person", 504, "did not answer in time",
                         2 * READ_TIMEOUT + 1.5, (2, 2), "no answer at all (GET; read timeout 1 s, retried once)"),
                 id="hang-get"),
    pytest.param(Failure((Fault("hang", method="POST", **ALWAYS),), "Create person", 504, "did not answer in time",
                         READ_TIMEOUT + 1, (1, 1), "no answer at all (POST: not retried)"), id="hang-post"),
    pytest.param(Failure((Fault("reset", **ALWAYS),), "Get person", 502, "closed the connection", 3.0,
                         (RETRIES, RETRIES), "every connection reset (GET)"), id="reset-get"),
    pytest.param(Failure((Fault("reset", method="POST", **ALWAYS),), "Create person", 502, "closed the connection",
                         1.0, (1, 1), "connection reset (POST: not retried)"), id="reset-post"),
    pytest.param(Failure((Fault("error", status=500, **ALWAYS),), "Get person", 500,
                         "Salesloft answered 500 Internal Server Error", 3.0, (RETRIES, RETRIES),
                         "500 on every try (GET)"), id="500-always-get"),
    pytest.param(Failure((Fault("error", status=500, method="POST", **ALWAYS),), "Create person", 500,
                         "Salesloft answered 500 Internal Server Error", 1.0, (1, 1), "500 on a POST: not retried"),
                 id="500-post-not-retried"),
    pytest.param(Failure((Fault("error", status=503, **ALWAYS),), "Get person", 503,
                         "Salesloft answered 503 Service Unavailable", CALL_TIMEOUT + 0.5, (RETRIES, RETRIES),
                         "503 on every try, no Retry-After"), id="503-always"),
    pytest.param(Failure((Fault("rate_limited", retry_after="999999", **ALWAYS),), "Get person", 429,
                         "longer than Switchboard waits", 1.0, (1, 1), "429 Retry-After: 999999"),
                 id="429-retry-after-absurd"),
    pytest.param(Failure((Fault("rate_limited", retry_after="-5", **ALWAYS),), "Get person", 429,
                         "Salesloft answered 429 Too Many Requests", CALL_TIMEOUT + 0.5, (RETRIES, RETRIES),
                         "429 Retry-After: -5 (ignored, backoff)"), id="429-retry-after-negative"),
    pytest.param(Failure((Fault("rate_limited", retry_after="soon-ish", **ALWAYS),), "Get person", 429,
                         "Salesloft answered 429 Too Many Requests", CALL_TIMEOUT + 0.5, (RETRIES, RETRIES),
                         "429 Retry-After: soon-ish (ignored, backoff)"), id="429-retry-after-garbage"),
    pytest.param(Failure((Fault("rate_limited", retry_after="nan", **ALWAYS),), "Get person", 429,
                         "Salesloft answered 429 Too Many Requests", CALL_TIMEOUT + 0.5, (RETRIES, RETRIES),
                         "429 Retry-After: nan (ignored, backoff)"), id="429-retry-after-nan"),
    pytest.param(Failure((Fault("malformed_json", **ALWAYS),), "Get person", 502, "malformed JSON", 1.0, (1, 1),
                         "200 with a body that is not JSON (single record)"), id="malformed-json-get"),
    pytest.param(Failure((Fault("malformed_json", **LISTS),), "List accounts", 502, "malformed or truncated JSON", 1.0,
                         (1, 1), "200 with a body that is not JSON (list page)"), id="malformed-json-list"),
    pytest.param(Failure((Fault("truncated", **ALWAYS),), "Get person", 502, "truncated", 3.0, (RETRIES, RETRIES),
                         "Content-Length larger than the body, then close"), id="truncated-body"),
    pytest.param(Failure((Fault("html", status=200, **ALWAYS),), "Get person", 502, "is HTML", 1.0, (1, 1),
                         "200 text/html error page (single record)"), id="html-200-get"),
    pytest.param(Failure((Fault("html", status=200, **LISTS),), "List accounts", 502, "is HTML", 1.0, (1, 1),
                         "200 text/html error page (list page)"), id="html-200-list"),
    pytest.param(Failure((Fault("html", status=502, **ALWAYS),), "Get person", 502, "an HTML page", 3.0,
                         (RETRIES, RETRIES), "502 text/html error page"), id="html-502"),
    pytest.param(Failure((Fault("repeat_next", **LISTS),), "List accounts", 502, "Pagination did not advance", 1.0,
                         (1, 1), "page 1 says the next page is page 1"), id="page-number-repeats"),
    pytest.param(Failure((Fault("repeat_next", path_prefix="/v3/contacts", times=None),), "List contacts", 502,
                         "Pagination repeated a cursor", 1.0, (1, 1), "the next link is the page's own URL",
                         "constant_contact"), id="cursor-link-repeats"),
    # Pages of 10: pages 1-20 hold records (an empty page would end the list), each saying there is another.
    pytest.param(Failure((Fault("endless_next", **LISTS),), "List accounts", 502, f"more than {MAX_PAGES} pages",
                         CALL_TIMEOUT, (MAX_PAGES, MAX_PAGES), "every page has records and says there is a next one",
                         parameters=SMALL_PAGES), id="endless-pages"),
    pytest.param(Failure((Fault("oversized_page", size=400, **LISTS),), "List accounts", 502,
                         f"more than {MAX_RECORDS} records", 2.0, (3, 3),
                         "400 records per page of 100 asked (3 pages: 1200 records)"), id="too-many-records"),
    pytest.param(Failure((Fault("oversized_page", size=5000, **LISTS),), "List accounts", 502,
                         f"exceeds the limit of {MAX_RESPONSE_BYTES} bytes", 2.0, (1, 1),
                         "one page of 5000 records (about 7.5 MB)"), id="too-many-bytes"),
    pytest.param(Failure((Fault("slow", delay=0.7, **LISTS), Fault("endless_next", **LISTS)), "List accounts", 504,
                         "ran out of its time limit", CALL_TIMEOUT + 1, (5, 7),
                         "pages of 0.7 s each with records, without end (stops with the page to go on from)",
                         parameters=SMALL_PAGES), id="total-call-time"),
    pytest.param(Failure((Fault("rate_limited", retry_after="10", skip=2, **LISTS),), "List accounts", 429,
                         "stopped after 2 page(s) and 200 record(s)", 1.0, (3, 3),
                         "page 3 is a 429 Retry-After: 10 (longer than the call may wait)",
                         parameters=ONE_AT_A_TIME),
                 id="rate-limited-mid-list"),
]  # fmt: skip


@pytest.mark.parametrize("case", FAILURES)
def test_fault_ends_with_a_clear_error(
    request: pytest.FixtureRequest,
    salesloft_conn: Conn,
    cc_conn: Conn,
    sl: EmulatorServer,
    case: Failure,
) -> None:
    conn = cc_conn if case.connector == "constant_contact" else salesloft_conn
    arm(conn, *case.faults)
    body: dict[str, Any] = {}
    if case.method == "Get person":
        body = {"Mergefields": {"person_id": person_id(sl)}}
    elif case.method == "Create person":
        body = new_person()
    elif case.parameters:
        body = {"Parameters": case.parameters}
    outcome = observe(request.node.callspec.id, case.describe, conn, case.method, case.faults[0].path_prefix, **body)
    assert outcome.response.status_code == case.status, outcome.response.text
    assert case.says in outcome.message, outcome.message
    assert outcome.seconds < case.within
    least, most = case.upstream
    assert least <= outcome.upstream <= most
    # A relayed answer says so; Switchboard's own verdict (timeout, unusable answer) does not claim one.
    relayed = "answered" in outcome.message
    assert (outcome.response.json().get("Source") == "Upstream") is relayed
    assert "sl-demo-api-key" not in outcome.response.text


def test_absurd_retry_after_is_passed_on_not_waited(salesloft_conn: Conn, sl: EmulatorServer) -> None:
    arm(salesloft_conn, Fault("rate_limited", path_prefix="/v2/people", retry_after="999999"))
    started = time.monotonic()
    response = salesloft_conn.call("Get person", Mergefields={"person_id": person_id(sl)})
    assert time.monotonic() - started < 1.0
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "999999"
    assert response.json()["UpstreamStatus"] == 429


def test_oversized_page_within_limits_is_accepted(salesloft_conn: Conn) -> None:
    # Only the first page is padded: 500 + the 150 real records of pages 2 and 3.
    arm(salesloft_conn, Fault("oversized_page", path_prefix="/v2/accounts", size=500))
    outcome = observe("oversized-page-within-limits", "page 1 has 500 records, 100 asked", salesloft_conn,
                      "List accounts", "/v2/accounts")  # fmt: skip
    assert outcome.response.status_code == 200, outcome.response.text
    assert len(outcome.response.json()["data"]) == 500 + ACCOUNTS - 100
    assert outcome.upstream == 3


def test_next_pages_with_no_records_end_the_list(salesloft_conn: Conn) -> None:
    """The Salesloft probe: every page, past the last record too, offers a next page (444 requests, 297 s).

    Pages 1-3 hold the 250 accounts; page 4 is empty and ends the list, its next pointer ignored.
    """
    arm(salesloft_conn, Fault("endless_next", **LISTS))
    outcome = observe("endless-empty-pages", "every page, empty ones too, says there is a next one",
                      salesloft_conn, "List accounts", "/v2/accounts")  # fmt: skip
    assert outcome.response.status_code == 200, outcome.response.text
    assert len(outcome.response.json()["data"]) == ACCOUNTS
    assert outcome.upstream == 4
    assert outcome.seconds < 2.0


def test_request_body_too_large(salesloft_conn: Conn) -> None:
    started = time.monotonic()
    uid = salesloft_conn.account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    before = len(salesloft_conn.emulator.emulator.requests.all())
    response = salesloft_conn.account.post(
        f"/v1.0/account/connectors/{salesloft_conn.id}/methods/{uid}/body",
        json={"RequestBody": json.dumps({"email_address": "big@example.com", "last_name": "x" * MAX_REQUEST_BYTES})},
    )
    seconds = time.monotonic() - started
    assert response.status_code == 413
    assert f"larger than the limit of {MAX_REQUEST_BYTES} bytes" in response.json()["Message"]
    assert len(salesloft_conn.emulator.emulator.requests.all()) == before
    OUTCOMES.append(
        {"case": "request-body-too-large", "fault": f"inbound body over {MAX_REQUEST_BYTES} bytes",
         "status": response.status_code, "message": response.json()["Message"], "seconds": round(seconds, 2),
         "upstream_requests": 0}
    )  # fmt: skip


# -- memory -----------------------------------------------------------------------------------


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


@pytest.fixture(scope="module")
def big_sl() -> Iterator[EmulatorServer]:
    emulator = SalesloftEmulator()
    emulator.seed("accounts", 2500)
    server = EmulatorServer(emulator).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def roomy(
    tmp_path_factory: pytest.TempPathFactory, big_sl: EmulatorServer, cc: EmulatorServer
) -> Iterator[SwitchboardServer]:
    server = start_server(tmp_path_factory, big_sl, cc, SWITCHBOARD_MAX_RESPONSE_BYTES=str(256 * 1024 * 1024))
    yield server
    server.stop()


def test_a_call_is_bounded_in_time_by_default(roomy: SwitchboardServer, big_sl: EmulatorServer) -> None:
    """The Constant Contact probe: a list that never ends ran 251 s. This server has the default call time."""
    emulator = big_sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = roomy.new_partner("Endless").new_account()
    conn = Conn(account, account.install("salesloft", AuthValue=emulator.api_key), big_sl)
    # Pages of 10 records, 0.4 s each, every one pointing to another: 250 pages would take 100 s.
    arm(conn, Fault("slow", delay=0.4, **LISTS), Fault("endless_next", **LISTS))
    try:
        outcome = observe("default-call-time", "pages of 0.4 s with records, without end (default settings)",
                          conn, "List accounts", "/v2/accounts", Parameters=SMALL_PAGES)  # fmt: skip
    finally:
        emulator.faults.clear()
    assert outcome.response.status_code == 504, outcome.response.text
    assert "ran out of its time limit (30 s)" in outcome.message
    assert outcome.response.json()["ResumeWith"]["page"] == str(outcome.response.json()["PagesFetched"] + 1)
    assert 25 <= outcome.seconds < 35
    assert 40 <= outcome.upstream <= 80


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_large_paginated_answer_keeps_memory_bounded(roomy: SwitchboardServer, big_sl: EmulatorServer) -> None:
    emulator = big_sl.emulator
    assert isinstance(emulator, SalesloftEmulator)
    account = roomy.new_partner("Memory").new_account()
    conn = Conn(account, account.install("salesloft", AuthValue=emulator.api_key), big_sl)
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{conn.id}/methods/{uid}"
    # Warm up (imports, caches, the first page's code paths) so the baseline is the steady state.
    assert account.post(f"{path}/body", json={"Parameters": {"page": 1}}).status_code == 200
    assert roomy.process is not None
    pid = roomy.process.pid
    baseline = peak = rss_kib(pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kib(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # 25 pages of 2000 records where 100 were asked for: about 50 MB of JSON in one answer.
    emulator.faults.arm(Fault("oversized_page", path_prefix="/v2/accounts", times=None, size=2000))
    before = len(emulator.requests.all())
    try:
        started = time.monotonic()
        chunks = []
        body = {"Parameters": ONE_AT_A_TIME}  # a page at a time: 2000-record pages 4 at once outlast the 1 s timeout
        with account.partner.http.stream("POST", f"{path}/body", json=body, headers=account.headers) as response:
            assert response.status_code == 200
            chunks = list(response.iter_bytes())
        seconds = time.monotonic() - started
    finally:
        emulator.faults.clear()
        done.set()
        sampler.join()
    pages = sum(1 for r in emulator.requests.all()[before:] if r.path.startswith("/v2/accounts"))
    answer = b"".join(chunks)
    growth_mib = (peak - baseline) / 1024
    assert pages == 25
    assert len(orjson.loads(answer)["data"]) == 25 * 2000
    assert len(answer) > 40 * 1024 * 1024
    # The records are spooled to disk as pages arrive: the process holds about one page at a time.
    assert growth_mib < 64, f"RSS grew by {growth_mib:.0f} MiB for a {len(answer) / 2**20:.0f} MiB answer"
    OUTCOMES.append(
        {"case": "large-answer-memory",
         "fault": f"25 pages of 2000 records, 100 asked ({len(answer) / 2**20:.0f} MiB answer)",
         "status": 200,
         "message": f"server RSS {baseline / 1024:.0f} MiB before, {peak / 1024:.0f} MiB at peak "
                    f"(+{growth_mib:.0f} MiB)",
         "seconds": round(seconds, 2), "upstream_requests": pages}
    )  # fmt: skip
