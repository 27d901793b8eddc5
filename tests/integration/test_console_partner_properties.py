"""The console's form for a partner's property values for every install (the API's settings ``Properties``), over
real HTTP: what it stores is read back through ``GET /v1.0/connectors/{id}/settings``. The connector is
``partner_connectors/shared_app`` (a plain ``app_id`` and a secret ``team_token``)."""

from __future__ import annotations

import html
import re
import secrets as random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.harness import Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "partner_connectors"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("console-partner-props")
    env = server_env(data_dir, {}, SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]')
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture
def partner(server: SwitchboardServer) -> Partner:
    return server.new_partner("Console values")


@pytest.fixture
def browser(server: SwitchboardServer, partner: Partner) -> Iterator[httpx.Client]:
    """A signed-in console session, as a browser holds it."""
    with httpx.Client(base_url=server.url) as client:
        signed_in = client.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        yield client


def catalog_id(partner: Partner) -> int:
    return next(c["Id"] for c in partner.connectors() if c["Name"] == "Shared App")


def page_of(partner: Partner) -> str:
    return f"/console/connectors/{catalog_id(partner)}"


def stored(partner: Partner) -> dict[str, str | None]:
    read = partner.http.get(f"/v1.0/connectors/{catalog_id(partner)}/settings")
    assert read.status_code == 200, read.text
    return {p["Name"]: p["Value"] for p in read.json()["Properties"]}


def post(browser: httpx.Client, partner: Partner, form: dict[str, str]) -> tuple[str, str]:
    """Post the values form with the page's CSRF token; the notice or error the next page shows, and its text."""
    page = browser.get(page_of(partner))
    assert page.status_code == 200, page.text[:500]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    posted = browser.post(f"{page_of(partner)}/properties", data={"csrf": csrf.group(1), **form})
    assert posted.status_code == 303, posted.text
    location = posted.headers["location"]
    assert urlsplit(location).path == page_of(partner)
    after = browser.get(location)
    assert after.status_code == 200, after.text[:500]
    said = re.findall(r'<p class="(?:notice|error)" role="(?:status|alert)">([^<]*)</p>', after.text)
    assert len(said) == 1, said
    return html.unescape(said[0]), after.text


def test_the_form_stores_a_value_a_secret_is_never_shown_and_both_can_be_cleared(
    browser: httpx.Client, partner: Partner
) -> None:
    token = f"team-{random.token_urlsafe(16)}"
    said, page = post(browser, partner, {"value.app_id": "console-app", "value.team_token": token})
    assert said == "Values for every install saved."
    assert stored(partner) == {"app_id": "console-app", "team_token": None}
    assert token not in page and 'value="console-app"' in page
    assert 'Team token <span class="muted">(set; leave blank to keep it)' in page

    # A secret's blank box keeps it; an emptied plain box clears that value.
    said, page = post(browser, partner, {"value.app_id": "", "value.team_token": ""})
    assert said == "Values for every install saved."
    assert stored(partner) == {"team_token": None}
    assert token not in page

    said, page = post(browser, partner, {"value.app_id": "", "value.team_token": "", "clear.team_token": "true"})
    assert stored(partner) == {}
    assert 'Team token <span class="muted">(not set)' in page


def test_a_value_too_long_is_the_pages_error_and_nothing_is_stored(browser: httpx.Client, partner: Partner) -> None:
    said, _ = post(browser, partner, {"value.app_id": "fine", "value.team_token": "x" * 10_001})
    assert said == "Team token is too long: give at most 10000 characters"
    assert stored(partner) == {}


def test_the_form_takes_no_post_without_its_csrf_token_or_a_session(
    server: SwitchboardServer, browser: httpx.Client, partner: Partner
) -> None:
    path = f"{page_of(partner)}/properties"
    for form in ({"value.app_id": "forged"}, {"csrf": "not-the-token", "value.app_id": "forged"}):
        refused = browser.post(path, data=form)
        assert refused.status_code == 403, refused.text
    signed_out = httpx.post(f"{server.url}{path}", data={"value.app_id": "forged"})
    assert signed_out.status_code == 303
    assert parse_qs(urlsplit(signed_out.headers["location"]).query)["next"] == [path]
    assert stored(partner) == {}
