"""Faults that end the call with a clear error, in bounded time, with bounded requests upstream."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.integration.faults.support import (
    ACCOUNTS,
    CALL_TIMEOUT,
    LISTS,
    MAX_PAGES,
    MAX_RECORDS,
    MAX_REQUEST_BYTES,
    MAX_RESPONSE_BYTES,
    MAX_RETRIES,
    ONE_AT_A_TIME,
    OUTCOMES,
    READ_TIMEOUT,
    SMALL_PAGES,
    Conn,
    arm,
    new_person,
    observe,
    person_id,
)


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
    assert time.monotonic() - started < 5.0  # not the 999,999 s asked for
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
