"""What the pages show, computed from catalogue and store objects (pure functions)."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from switchboard.catalog.registry import Connector, Method
from switchboard.connections.status import health_of
from switchboard.errors import InputError
from switchboard.store.models import AccountConnector
from switchboard.store.partner_properties import PartnerProperties

STATES = {
    "authenticated": ("Authenticated", "ok"),
    "needs_reauth": ("Needs re-authentication", "bad"),
    "unauthenticated": ("Not connected", "idle"),
}


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A connector in the console's library: what it offers, and whether end users are offered it."""

    connector: Connector
    auth: str
    limits: list[str]
    enabled: bool
    unusable: str | None


@dataclass(frozen=True, slots=True)
class PartnerField:
    """A connector property in the form for the partner's values for every install; a secret one's value is
    never put in the page, only whether it is set."""

    name: str
    label: str
    secret: bool
    value: str
    is_set: bool


def partner_fields(connector: Connector, row: PartnerProperties | None) -> list[PartnerField]:
    stored = row.properties if row is not None else {}
    fields = []
    for p in connector.properties:
        d = p.definition
        value = stored.get(d.name)
        shown = "" if d.secret or value is None else str(value)
        fields.append(PartnerField(d.name, d.display_name or d.name, d.secret, shown, bool(value)))
    return fields


@dataclass(frozen=True, slots=True)
class ConnectionView:
    """An account connector as the pages show it (its token upkeep from ``connections.status``)."""

    id: int
    name: str
    connector: Connector | None
    state: str
    tone: str
    last_refresh: str
    next_refresh: str | None
    failures: int
    last_error: str | None
    uses_oauth: bool
    uses_api_key: bool
    properties: list[tuple[str, str]]  # name and value, secret ones masked
    unverified: str | None = None  # why the credentials check could not be made when they were saved
    oauth_ready: bool = True  # an OAuth app is set (the install's own or the partner's): a sign-in can start
    refreshed: bool = False  # it holds tokens Switchboard refreshes (OAuth): their upkeep is worth showing

    @property
    def held(self) -> bool:
        """Whether it holds (or held) credentials: the connect page offers to reconnect or disconnect it. An
        install nobody signed in to yet (the partner's, or a sign-in the user cancelled) is offered as new."""
        return self.state != STATES["unauthenticated"][0]

    @property
    def end_user_state(self) -> str:
        """The state in an end user's words (the connect page): Cyclr's terms are the partner's."""
        return _END_USER_STATES.get(self.state, self.state)


# The partner reads Cyclr's terms in the console; the end user of the connect page, plain ones.
_END_USER_STATES = {"Authenticated": "Connected", "Needs re-authentication": "Needs reconnecting"}


def connection_view(row: AccountConnector, connector: Connector | None, partners_app: bool = True) -> ConnectionView:
    label, tone = STATES.get(row.auth_state, (row.auth_state, "idle"))
    health = health_of(row)
    if row.auth_state == "authenticated" and (health.state == "RefreshFailing" or row.auth_error):
        label, tone = "Refresh failing", "warn"  # still authenticated, but the last refresh did not succeed
    definition = connector.definition if connector else None
    stored = row.properties or {}
    shown = definition.masked(stored) if definition else stored
    return ConnectionView(
        id=row.id,
        name=row.name,
        connector=connector,
        state=label,
        tone=tone,
        last_refresh=when(health.last_refreshed) if health.last_refreshed else "never",
        next_refresh=when(health.next_attempt) if health.next_attempt else None,
        failures=health.consecutive_failures,
        last_error=health.last_error or row.auth_error,
        uses_oauth=bool(definition and definition.auth_of("oauth2")),
        uses_api_key=bool(definition and definition.auth_of("api_key")),
        properties=[(k, str(v)) for k, v in sorted(shown.items())],
        unverified=(row.verification_error or "the check could not be made") if row.verified is False else None,
        oauth_ready=partners_app or row.oauth_app_encrypted is not None,
        refreshed=row.auth_type == "oauth2" or (row.auth_type is None and definition is not None
                                                 and definition.auth_of("api_key") is None),
    )  # fmt: skip


def version_label(version: str) -> str:
    """``v4`` as given, ``2.0`` as ``v2.0``: specs write their versions either way."""
    return version if version[:1] in ("v", "V") else f"v{version}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 page``, ``2 pages`` (``many`` where an s will not do: retries)."""
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"


def parse_properties(text: str) -> dict[str, str | None]:
    """The install form's Properties box: one ``name=value`` per line; blank lines are skipped."""
    found: dict[str, str | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.strip():
            raise InputError(f"Properties: write one name=value per line (line {number} is not)")
        found[name.strip()] = value.strip()
    return found


def when(moment: datetime) -> str:
    """A stored time for people: UTC to the second (stored naive times are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def when_epoch(epoch: float) -> str:
    """``when`` for the times kept as epoch seconds (webhook deliveries and attempts)."""
    return when(datetime.fromtimestamp(epoch, tz=UTC))


def auth_types(connector: Connector) -> str:
    names = {"oauth2": "OAuth 2", "api_key": "API key", "client_credentials": "Client credentials"}
    return " or ".join(names.get(a.type, a.type) for a in connector.definition.auth)


def rate_limits(connector: Connector) -> list[str]:
    out = []
    for limit in connector.definition.rate_limits:
        per = f"{limit.per:g} s" if limit.per < 86_400 else "day"
        whose = "per partner app" if limit.scope == "partner_app" else "per connection"
        out.append(f"{limit.limit} per {per} ({whose})")
    return out


def search(connector: Connector, query: str, category: str) -> list[Method]:
    """Methods whose name (or description) holds every word of ``query``, in ``category`` if given."""
    words = query.lower().split()
    found = []
    for method in connector.methods:
        text = f"{method.definition.name} {method.definition.description}".lower()
        if category and method.definition.category != category:
            continue
        if all(word in text for word in words):
            found.append(method)
    return found


def categories(connector: Connector) -> list[str]:
    return sorted({m.definition.category for m in connector.methods if m.definition.category})


def example_values(method: Method) -> dict[str, Any]:
    """A Cyclr ``POST .../methods/{id}`` body with the required inputs, keyed by their real ids."""
    body: dict[str, Any] = {}
    params = {str(p.id): _sample(p.definition.values) for p in method.parameters if p.definition.required}
    fields = {str(f.id): _sample(f.definition.values) for f in method.fields if f.definition.required}
    if params:
        body["Parameters"] = params
    if fields:
        body["Fields"] = fields
    return body


def _sample(values: list[str | int | float | bool] | None) -> str | int | float | bool:
    return values[0] if values else "..."


def examples(base: str, account_api_id: str, connection_id: int, method: Method) -> dict[str, str]:
    """The same call as curl and as Python, ids filled in; the token stays a variable (it is a secret)."""
    url = f"{base.rstrip('/')}/v1.0/account/connectors/{connection_id}/methods/{method.unique_id}"
    body = json.dumps(example_values(method))
    curl = (
        f"curl -s -X POST {shlex.quote(url)} \\\n"
        '  -H "Authorization: Bearer $SWITCHBOARD_TOKEN" \\\n'
        f"  -H {shlex.quote('X-Cyclr-Account: ' + account_api_id)} \\\n"
        f"  -H 'Content-Type: application/json' -d {shlex.quote(body)}"
    )
    python = (
        "import os\n\nimport requests\n\n"
        f"answer = requests.post(\n    {url!r},\n"
        '    headers={"Authorization": "Bearer " + os.environ["SWITCHBOARD_TOKEN"], '
        f'"X-Cyclr-Account": {account_api_id!r}}},\n'
        f"    json={body},\n    timeout=60,\n)\nprint(answer.status_code, answer.json())"
    )
    return {"curl": curl, "python": python}


def try_inputs(method: Method, form: dict[str, str]) -> dict[str, dict[str, str]]:
    """The try-it form's filled-in inputs as a ``CallById`` body (empty boxes are left out)."""
    body: dict[str, dict[str, str]] = {"Parameters": {}, "Fields": {}}
    for p in method.parameters:
        value = form.get(f"p{p.id}", "")
        if value != "":
            body["Parameters"][str(p.id)] = value
    for f in method.fields:
        value = form.get(f"f{f.id}", "")
        if value != "":
            body["Fields"][str(f.id)] = value
    return body


def pretty(value: Any) -> str:
    if isinstance(value, bytes | str):
        try:
            value = json.loads(value)
        except ValueError:
            return value.decode(errors="replace") if isinstance(value, bytes) else value
    return json.dumps(value, indent=2, ensure_ascii=False)[:200_000]
