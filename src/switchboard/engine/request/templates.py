"""Per-connection base URLs, headers and query: ``{property}`` placeholders filled from the account connector.

Pipedrive's company domain, Jira's cloud id and Xero's tenant id differ per connection; the
definition names them (``base_url: https://api.atlassian.com/ex/jira/{cloud_id}/rest/api/3``) and
each install supplies them as Properties. A property that fills the host (``https://{okta_domain}``) lets the
caller choose where requests go: ``host_properties`` names those, and the executor marks each request with
them so the transport sends it only to addresses its policy allows (an operator's upstream override replaces
the host, and with it the property's say).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.models.connector import placeholders
from switchboard.errors import ConnectionNotReady

# Whether a definition names properties, and which fill its host, by the definition's identity (it holds the
# definition, so the id is never reused while its entry lives); definitions are few, the bound is a guard.
_TEMPLATED: dict[int, tuple[ConnectorDef, bool, tuple[str, ...]]] = {}
_TEMPLATED_MAX = 4096


def with_properties(connector: ConnectorDef, properties: Mapping[str, Any]) -> ConnectorDef:
    """``connector`` with its base URL, headers and query filled in; the same object when nothing is templated."""
    if not _templated(connector):
        return connector
    base_url = _fill(connector.base_url, properties, connector.name, in_url=True)
    headers = {
        name: _fill(value, properties, connector.name, in_url=False) for name, value in connector.headers.items()
    }
    query = {name: _fill(value, properties, connector.name, in_url=False) for name, value in connector.query.items()}
    return connector.model_copy(update={"base_url": base_url, "headers": headers, "query": query})


def filled_url(template: str, properties: Mapping[str, Any], connector: str) -> str:
    """A URL on the connection's own host filled in (Okta's ``https://{okta_domain}/oauth2/v1/token``); a
    ``ConnectionNotReady`` naming the property when one is not set."""
    return _fill(template, properties, connector, in_url=True)


def url_host_properties(url: str) -> tuple[str, ...]:
    """The properties that fill ``url``'s host, a template: requests there are guarded as any such."""
    return tuple(dict.fromkeys(placeholders(urlsplit(url).netloc)))


def host_properties(connector: ConnectorDef) -> tuple[str, ...]:
    """The properties that fill (wholly or partly) the host of ``connector``'s base URL, a template."""
    return _entry(connector)[2]


def _templated(connector: ConnectorDef) -> bool:
    return _entry(connector)[1]


def _entry(connector: ConnectorDef) -> tuple[ConnectorDef, bool, tuple[str, ...]]:
    found = _TEMPLATED.get(id(connector))
    if found is not None and found[0] is connector:
        return found
    templated = any(
        placeholders(t) for t in (connector.base_url, *connector.headers.values(), *connector.query.values())
    )
    # The netloc as written: a placeholder there (``{subdomain}.zendesk.com``, ``{api_host}``) fills the host.
    entry = (connector, templated, url_host_properties(connector.base_url))
    if len(_TEMPLATED) >= _TEMPLATED_MAX:
        _TEMPLATED.clear()
    _TEMPLATED[id(connector)] = entry
    return entry


def _fill(template: str, properties: Mapping[str, Any], connector: str, *, in_url: bool) -> str:
    out = template
    for name in placeholders(template):
        value = properties.get(name)
        if value is None or value == "":
            raise ConnectionNotReady(
                f"This {connector} account connector has no {name!r} property: set it in the account "
                "connector's Properties, or for every install in the connector settings' Properties, before calling",
                PropertyName=name,
            )
        # A property fills one URL segment or host label: it may not add a path or a query.
        text = quote(str(value), safe="") if in_url else str(value)
        out = out.replace("{" + name + "}", text)
    return out
