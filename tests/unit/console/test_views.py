"""The console's view helpers: method search, examples with real ids, try-it inputs, connection states."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, datetime

from switchboard.catalog import Registry
from switchboard.console import views
from switchboard.store.models import AccountConnector

REGISTRY = Registry.load()
SALESLOFT = REGISTRY.by_key["salesloft"]


def test_search_matches_every_word_and_the_category() -> None:
    found = views.search(SALESLOFT, "create PERSON", "")
    assert "Create person" in [m.definition.name for m in found]
    for method in found:  # the name or the description holds both words
        text = f"{method.definition.name} {method.definition.description}".lower()
        assert "create" in text and "person" in text
    assert len(found) < len(SALESLOFT.methods)
    people = views.search(SALESLOFT, "", "People")
    assert people and {m.definition.category for m in people} == {"People"}
    assert views.search(SALESLOFT, "create person", "Accounts") == []


def test_examples_carry_the_real_ids_and_keep_the_token_a_variable() -> None:
    method = next(m for m in SALESLOFT.methods if any(p.definition.required for p in m.parameters))
    example = views.examples("http://sb.example/", "acme", 42, method)
    url = f"http://sb.example/v1.0/account/connectors/42/methods/{method.unique_id}"
    words = shlex.split(example["curl"].replace("\\\n", " "))
    assert url in words and "X-Cyclr-Account: acme" in words
    body = json.loads(words[words.index("-d") + 1])
    required = {str(p.id) for p in method.parameters if p.definition.required}
    assert set(body["Parameters"]) == required
    assert "$SWITCHBOARD_TOKEN" in example["curl"] and 'os.environ["SWITCHBOARD_TOKEN"]' in example["python"]
    compile(example["python"], "example", "exec")  # the Python example is valid Python


def test_try_inputs_leave_out_empty_boxes() -> None:
    method = next(m for m in SALESLOFT.methods if m.definition.name == "Create person")
    email = method.field_by_location["email_address"]
    body = views.try_inputs(method, {f"f{email.id}": "ada@example.com", f"f{method.fields[1].id}": ""})
    assert body == {"Parameters": {}, "Fields": {str(email.id): "ada@example.com"}}


def test_connection_states() -> None:
    def row(state: str, error: str | None = None, version: int = 1) -> AccountConnector:
        return AccountConnector(
            id=1,
            name="x",
            connector_key="salesloft",
            auth_state=state,
            auth_error=error,
            credentials_version=version,
            updated_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        )

    assert views.connection_view(row("authenticated"), SALESLOFT).state == "Authenticated"
    assert views.connection_view(row("authenticated", "timeout"), SALESLOFT).state == "Refresh failing"
    reauth = views.connection_view(row("needs_reauth", "invalid_grant"), SALESLOFT)
    assert (reauth.state, reauth.last_error) == ("Needs re-authentication", "invalid_grant")
    fresh = views.connection_view(row("unauthenticated", version=0), SALESLOFT)
    assert (fresh.state, fresh.last_refresh) == ("Not connected", "never")
    assert fresh.uses_oauth and fresh.uses_api_key


def test_connection_health_comes_from_the_refresh_columns() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
    row = AccountConnector(
        id=1,
        name="x",
        connector_key="salesloft",
        auth_state="authenticated",
        auth_error=None,
        credentials_version=3,
        updated_at=datetime(2026, 5, 5, tzinfo=UTC),
        last_refreshed_at=at,
        next_refresh_at=at + 60,
        refresh_failures=2,
        last_refresh_error="token endpoint answered 503",
    )
    failing = views.connection_view(row, SALESLOFT)
    assert (failing.state, failing.tone) == ("Refresh failing", "warn")
    assert failing.last_refresh == "2026-01-02 03:04:05 UTC"  # the last refresh, not the last update
    assert failing.next_refresh == "2026-01-02 03:05:05 UTC" and failing.failures == 2
    assert failing.last_error == "token endpoint answered 503"
    row.refresh_failures, row.last_refresh_error = 0, None
    healthy = views.connection_view(row, SALESLOFT)
    assert (healthy.state, healthy.failures, healthy.last_error) == ("Authenticated", 0, None)
    row.auth_state, row.auth_error = "needs_reauth", "invalid_grant"
    reauth = views.connection_view(row, SALESLOFT)
    assert (reauth.state, reauth.next_refresh, reauth.last_error) == ("Needs re-authentication", None, "invalid_grant")


def test_what_a_connection_shows_follows_how_it_authenticated_and_whether_an_oauth_app_is_set() -> None:
    def row(auth_type: str | None) -> AccountConnector:
        return AccountConnector(
            id=1, name="x", connector_key="salesloft", auth_state="authenticated", auth_error=None,
            credentials_version=1, updated_at=datetime(2026, 1, 2, tzinfo=UTC), auth_type=auth_type,
        )  # fmt: skip

    keyed, signed_in = views.connection_view(row("api_key"), SALESLOFT), views.connection_view(row("oauth2"), SALESLOFT)
    assert (keyed.refreshed, signed_in.refreshed) == (False, True)  # an API key has no token upkeep to show
    assert (keyed.end_user_state, views.connection_view(row(None), SALESLOFT, partners_app=False).oauth_ready) == (
        "Connected",
        False,
    )
    brought = row("oauth2")
    brought.oauth_app_encrypted = "sealed"  # the install's own app (ClientId and ClientSecret properties)
    assert views.connection_view(brought, SALESLOFT, partners_app=False).oauth_ready


def test_versions_and_counts_read_as_words() -> None:
    assert [views.version_label(v) for v in ("v4", "V1.0", "2.0", "2024-01")] == ["v4", "V1.0", "v2.0", "v2024-01"]
    assert [views.plural(n, "page") for n in (0, 1, 2)] == ["0 pages", "1 page", "2 pages"]
    assert views.plural(1, "retry", "retries") == "1 retry" and views.plural(3, "retry", "retries") == "3 retries"
