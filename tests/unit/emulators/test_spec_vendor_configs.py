"""Each shipped vendor config serves its spec, quickly, and opens to its own credentials only: OAuth's code
and tokens, a key in a header, the query or the body, Basic, client credentials.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
import requests

from switchboard_emulators import VENDORS, EmulatorServer, create_emulator, spec_vendors
from switchboard_emulators.spec import SpecEmulator, load_config
from switchboard_emulators.spec.config import AuthConfig
from switchboard_emulators.spec.document import load_spec
from tests.contract.specs import SPECS_DIR

SPECS = SPECS_DIR


@pytest.mark.parametrize("vendor", spec_vendors())
def test_each_shipped_vendor_config_serves_its_spec_with_oauth(vendor: str) -> None:
    config = load_config(VENDORS / f"{vendor}.yaml")
    assert config.spec is not None and (SPECS / config.spec).is_file()
    load_spec(SPECS / config.spec)  # warm the parsed-spec cache: start-up below is the cached one
    # CPU time: the machine is shared, wall time measures the neighbours. The first start may parse the
    # spec (which test file got there first depends on the xdist worker's order); a start from the
    # parse cache, as every later one is, stays quick.
    started = time.process_time()
    create_emulator("spec", spec=SPECS / config.spec, config=vendor)
    assert time.process_time() - started < 30.0
    started = time.process_time()
    emu = create_emulator("spec", spec=SPECS / config.spec, config=vendor)
    assert time.process_time() - started < 5.0  # about 1 s alone; two test workers share the cores
    # These checks are the credentials'; the headers a vendor requires of every client (Discord's
    # User-Agent) are tests/integration/test_user_agent.py's.
    emu.config = dataclasses.replace(emu.config, required_headers=())
    auth = config.auth
    if auth.type == "api_key" and auth.key_in == "query":  # Trello's token, in the query
        _query_key_is_checked(emu, auth.key_name, auth.key_format.replace("{key}", auth.key))
        return
    if auth.type == "api_key":  # a key the user brings (Discord's bot token): the key as written, nothing else
        _api_key_is_checked(emu, auth)
        return
    if auth.type == "bearer":  # a token the user brings (Sentry's auth token)
        _key_is_checked(emu, "Authorization", f"Bearer {auth.key}")
        return
    if auth.type == "client_credentials":  # PayPal, Personio: the client id and secret fetch the token
        _client_token_opens_it(emu)
        return
    if auth.type != "oauth2":  # Basic (Zendesk's API token): the credentials open a read, nothing else does
        _key_or_basic_opens_it(emu)
        return
    with EmulatorServer(emu) as server:
        consent = requests.get(server.url + auth.authorize_path, allow_redirects=False, timeout=10, params={
            "client_id": auth.client_id, "redirect_uri": "https://app.example/cb",
            "response_type": "code"})  # fmt: skip
        assert consent.status_code == 302
        back = parse_qs(urlsplit(consent.headers["Location"]).query)
        code = back["code"][0]
        # The redirect's extra query: QuickBooks names the chosen company (realmId) there.
        assert {k: back[k][0] for k in auth.callback_extra} == auth.callback_extra
        tokens = requests.post(server.url + auth.token_path, timeout=10, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.example/cb",
            "client_id": auth.client_id, "client_secret": auth.client_secret}).json()  # fmt: skip
        assert tokens["expires_in"] == auth.access_token_ttl and tokens["access_token"] in emu.auth.access
        if vendor == "pipedrive":
            assert tokens["api_domain"] == "https://emulated.pipedrive.com"  # the company's host, as Pipedrive names it
        for extra in config.extra_routes:
            assert requests.get(server.url + extra.path, timeout=10).status_code == 401  # it wants the token too
            bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
            answer = requests.get(server.url + extra.path, headers=bearer, timeout=10).json()
            assert answer == orjson.loads(orjson.dumps(extra.body).decode().replace("{origin}", server.url))


def _key_is_checked(emu: SpecEmulator, header: str, written: str) -> None:
    """The key opens a read with the headers the spec requires of it with no default (Apideck's app and consumer
    ids), and not without any of them; nothing else does."""
    op = next(o for o in emu.operations if o.method == "GET" and o.secured and not o.path_params())
    headers = [p for p in op.parameters if p.get("in") == "header" and p.get("required")]
    needed = {p["name"]: "emulator-value" for p in headers if "default" not in (p.get("schema") or {})}
    with EmulatorServer(emu) as server:
        url = server.url + emu.base_path + op.template
        assert requests.get(url, headers={**needed, header: written}, timeout=10).status_code == 200
        for name in needed:  # a request without one is refused as the spec says: 400, naming it
            without = requests.get(url, headers={**needed, header: written, name: None}, timeout=10)
            assert (without.status_code, name in without.text) == (400, True), without.text
        assert requests.get(url, headers={**needed, header: written + "x"}, timeout=10).status_code == 401
        assert requests.get(url, headers=needed, timeout=10).status_code == 401


def _query_key_is_checked(emu: SpecEmulator, name: str, written: str) -> None:
    """A key in the query opens a read (past auth: the spec may want more of the query), nothing else does."""
    op = next(o for o in emu.operations if o.method == "GET" and o.secured and not o.path_params())
    with EmulatorServer(emu) as server:
        url = server.url + emu.base_path + op.template
        assert requests.get(url, params={name: written}, timeout=10).status_code != 401
        assert requests.get(url, params={name: written + "x"}, timeout=10).status_code == 401
        assert requests.get(url, timeout=10).status_code == 401


def _api_key_is_checked(emu: SpecEmulator, auth: AuthConfig) -> None:
    """The key as written, in the header, query or body (with its secret beside it: Vonage SMS), and nothing else."""
    plain = [o for o in emu.operations if o.method == "GET" and o.secured and not o.path_params()]
    if plain and auth.key_in == "header" and auth.secret_name is None:
        _key_is_checked(emu, auth.key_name, auth.key_format.replace("{key}", auth.key))
        return
    # An API with no plain read (SendGrid's Mail API, Vonage SMS): the call with the fewest path parameters.
    op = min((o for o in emu.operations if o.secured), key=lambda o: (o.method != "GET", o.template.count("{")))

    def sent(key: str | None) -> dict[str, Any]:
        values = {} if key is None else {auth.key_name: key}
        values |= {auth.secret_name: auth.secret} if auth.secret_name else {}
        return {{"header": "headers", "query": "params"}.get(auth.key_in, "data"): values}

    written = auth.key_format.replace("{key}", auth.key)
    with EmulatorServer(emu) as server:
        url = server.url + emu.base_path + re.sub(r"\{[^{}]+\}", "emulated", op.template)
        assert requests.request(op.method, url, timeout=10, **sent(written)).status_code != 401
        assert requests.request(op.method, url, timeout=10, **sent(written + "x")).status_code == 401
        assert requests.request(op.method, url, timeout=10, **sent(None)).status_code == 401
        if auth.secret_name:  # the key alone is not enough
            alone = {auth.key_name: written}
            where = {"header": "headers", "query": "params"}.get(auth.key_in, "data")
            assert requests.request(op.method, url, timeout=10, **{where: alone}).status_code == 401


def _key_or_basic_opens_it(emu: SpecEmulator) -> None:
    """Basic credentials (Zendesk's API token): they open a read, nothing else does."""
    creds = emu.credentials()
    pair = f"{creds['username']}:{creds['password']}".encode()
    headers = {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    # The read with the fewest path parameters, any filled in (BambooHR's paths all start with /{companyDomain}).
    # An API with no read at all (Vonage Messages) is opened with its one write.
    read = min(emu.operations, key=lambda op: (op.method != "GET", op.template.count("{")))
    with EmulatorServer(emu) as server:
        url = server.url + emu.base_path + re.sub(r"\{[^{}]+\}", "emulated", read.template)
        assert requests.request(read.method, url, timeout=10).status_code == 401
        assert requests.request(read.method, url, headers=headers, timeout=10).status_code != 401


def _client_token_opens_it(emu: SpecEmulator) -> None:
    """The client id and secret fetch a token (by Basic with the grant, or as the vendor's JSON) that opens a read."""
    auth = emu.config.auth
    read = min((op for op in emu.operations if op.method == "GET"), key=lambda op: op.template.count("{"))
    with EmulatorServer(emu) as server:
        token_url = server.url + auth.token_path
        if auth.grant_type is None:  # Personio's own exchange: both in a JSON body
            body = {"client_id": auth.client_id, "client_secret": auth.client_secret}
            refused = requests.post(token_url, json={**body, "client_secret": "wrong"}, timeout=10)
            answer = requests.post(token_url, json=body, timeout=10)
        else:
            form = {"grant_type": auth.grant_type}
            refused = requests.post(token_url, data=form, auth=(auth.client_id, "wrong"), timeout=10)
            answer = requests.post(token_url, data=form, auth=(auth.client_id, auth.client_secret), timeout=10)
        assert refused.status_code == 401 and answer.status_code == 200, answer.text
        token = answer.json()
        for part in auth.token_field.split("."):
            token = token[part]
        assert token in emu.auth.access and not emu.auth.refresh  # client credentials have no refresh token
        url = server.url + emu.base_path + re.sub(r"\{[^{}]+\}", "emulated", read.template)
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code != 401
