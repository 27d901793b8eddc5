"""What every request of an imported connector's connection must carry, from its definition: the headers it fills
from the connection's properties (the partner's values for every install under the install's own), and an API key
sent in a header, in its format."""

from __future__ import annotations

from collections.abc import Mapping

from switchboard.catalog.models import ApiKeyAuth, ConnectorDef


def expected_headers(definition: ConnectorDef, values: Mapping[str, str], key: str | None) -> dict[str, str]:
    """Each header (lower case) whose value is one property with a value in ``values``, as that value; with
    ``key`` (a connection installed with an API key), the header the first API key auth sends it in, formatted."""
    wanted = {
        name.lower(): values[template[1:-1]]
        for name, template in definition.headers.items()
        if template.startswith("{") and template.endswith("}") and template[1:-1] in values
    }
    auth = next((a for a in definition.auth if isinstance(a, ApiKeyAuth)), None)
    plain = auth is not None and auth.in_ == "header" and auth.encoding == "plain" and auth.secret_name is None
    if key is not None and auth is not None and plain:
        wanted[auth.name.lower()] = auth.format.replace("{key}", key)
    return wanted


def carried(headers: Mapping[str, str], wanted: Mapping[str, str]) -> dict[str, str | None]:
    """Of the ``wanted`` headers, what a request carried (None: absent), to compare with ``wanted``."""
    lower = {name.lower(): value for name, value in headers.items()}
    return {name: lower.get(name) for name in wanted}
