"""Schemathesis against the running server's ``/openapi.json``: no 5xx, every answer as documented.

Each operation of the document gets generated requests, valid (positive) and invalid (negative),
sent with a real partner token; about half of them name a real account in ``X-Cyclr-Account``,
and part of the method calls go to a real, API-key Salesloft connection and one of its real
methods, so fuzzed inputs reach the binding code and the emulator. The checks: no 5xx, the status
code is documented, the content type is documented, the body conforms to the documented schema.

``SWITCHBOARD_FUZZ_EXAMPLES`` sets the cases per operation and mode (default 40: about 2,000 cases, under a minute);
``SWITCHBOARD_FUZZ_SEED`` picks other cases than CI's.
"""

from __future__ import annotations

import os
import re
import socket
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from switchboard.api.app import create_app
from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer

FRAMING_HEADERS = frozenset({"transfer-encoding", "content-length", "connection", "host", "te", "upgrade"})
EXAMPLES = int(os.environ.get("SWITCHBOARD_FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("SWITCHBOARD_FUZZ_SEED", "20261123"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Collected from the app's own document, so an endpoint added later is fuzzed without a word here;
# negative cases only where there is an input to get wrong.
OPERATIONS = [
    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode}")
    for path, operations in create_app().openapi()["paths"].items()
    for method, operation in operations.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or operation.get("parameters") or operation.get("requestBody")
]


@dataclass(frozen=True)
class Target:
    """Real values to put into generated requests: a partner, an account, a connection, ids."""

    token: str
    account: str
    connection: int
    connectors: list[int]
    method_ids: list[str]

    def substitute(self, case: Any, data: st.DataObject) -> None:
        """Replace generated ids with real ones, each on a coin toss, so cases get past the 404s.

        DELETEs keep their generated ids: deleting the real account or connection would leave
        the operations fuzzed after them nothing real to reach.
        """
        headers, parameters = case.headers if case.headers is not None else {}, case.path_parameters or {}
        # Framing headers are no operation's input: the HTTP server answers malformed framing itself,
        # before the API (test_malformed_framing_is_refused checks that answer).
        for name in [h for h in headers if h.lower() in FRAMING_HEADERS]:
            del headers[name]
        if "X-Cyclr-Account" in headers and data.draw(st.booleans(), "real account header"):
            headers["X-Cyclr-Account"] = self.account
        if case.method == "DELETE":
            return
        real: dict[str, st.SearchStrategy[Any]] = {"account_id": st.just(self.account)}
        if case.path.startswith("/v1.0/account/"):
            real.update(connector_id=st.just(self.connection), method_id=st.sampled_from(self.method_ids))
        else:
            real.update(connector_id=st.sampled_from(self.connectors), method_id=st.sampled_from(self.method_ids))
        for name in sorted(parameters):
            if name in real and data.draw(st.booleans(), f"real {name}"):
                parameters[name] = data.draw(real[name], name)


@pytest.fixture(scope="module")
def target(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> Target:
    partner = switchboard.new_partner("Fuzz")
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft.emulator.api_key)  # type: ignore[attr-defined]
    connectors = sorted(c["Id"] for c in partner.connectors())
    methods = account.methods("salesloft").values()
    ids = sorted(m["MethodUniqueIdentifier"] for m in methods) + sorted(str(m["Id"]) for m in methods)
    return Target(partner.token, account.api_id, connection, connectors, ids)


@pytest.fixture(scope="module")
def api_schema(switchboard: SwitchboardServer) -> Any:
    """The document as the running server serves it."""
    return schemathesis.openapi.from_url(f"{switchboard.url}/openapi.json")


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS)
def test_every_answer_is_documented_and_none_is_a_server_error(
    api_schema: Any, target: Target, method: str, path: str, mode: GenerationMode, request: pytest.FixtureRequest
) -> None:
    operation = api_schema[path][method]
    authorization = {"Authorization": f"Bearer {target.token}"}
    cases, statuses = 0, Counter[int]()

    @seed(SEED)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def fuzz(case: Any, data: st.DataObject) -> None:
        nonlocal cases
        target.substitute(case, data)
        cases += 1
        response = case.call_and_validate(headers=authorization, checks=CHECKS, timeout=60)
        statuses[response.status_code] += 1

    try:
        fuzz()
    finally:  # on the test's report, which reaches the controller under xdist: conftest.py prints the totals
        request.node.user_properties.append(("fuzz", {"cases": cases, "statuses": dict(statuses)}))


# What the fuzzer found, kept as plain requests so CI checks each fix whatever the seed draws.
FOUND = [
    pytest.param("GET", "/v1.0/account/connectors/9418270635693846898409472", id="id-beyond-64-bits"),
    pytest.param("POST", "/v1.0/account/connectors/2147483648/methods/x", id="id-beyond-32-bits"),
    pytest.param("GET", "/v1.0/connectors/0/methods", id="id-zero"),
    pytest.param("GET", "/v1.0/connectors/0", id="connector-id-zero"),
    pytest.param("GET", "/v1.0/connectors/2147483648", id="connector-id-beyond-32-bits"),
    pytest.param("GET", "/connectorauth/updateaccountconnectoroauth?id=99999999999999999999&token=t", id="query-id"),
    pytest.param("GET", "/connector/callback?state=4.P%C2%84&error=x", id="non-ascii-state-signature"),
]


@pytest.mark.parametrize(("method", "url"), FOUND)
def test_what_the_fuzzer_found_stays_fixed(
    target: Target, switchboard: SwitchboardServer, method: str, url: str
) -> None:
    headers = {"Authorization": f"Bearer {target.token}", "X-Cyclr-Account": target.account}
    response = httpx.request(method, f"{switchboard.url}{url}", headers=headers, json={} if method == "POST" else None)
    assert response.status_code == 400, response.text
    if response.headers["content-type"].startswith("application/json"):
        assert re.match(r"(Path|Query) parameter \w+ must be ", response.json()["Message"])  # names the parameter
    else:
        assert "not recognised" in response.text


def test_malformed_framing_is_refused(target: Target, switchboard: SwitchboardServer) -> None:
    """What the fuzzer found with a generated ``Transfer-Encoding: L``: a 400 from the HTTP layer, no 5xx.

    Written as raw bytes: HTTP clients refuse to send such a request at all.
    """
    path = f"/v1.0/account/connectors/{target.connection}/methods/{target.method_ids[0]}"
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {target.token}\r\n"
        f"X-Cyclr-Account: {target.account}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: L\r\nConnection: close\r\n\r\n{}"
    ).encode()
    host, port = switchboard.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        status_line = connection.makefile("rb").readline()
    assert status_line.split()[1] == b"400", status_line
