"""Faults that a retry or patience gets through: the call answers 200 after the waits it must."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from email.utils import formatdate

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.integration.faults.support import Conn, arm, new_person, observe, person_id


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
