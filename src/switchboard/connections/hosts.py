"""Where a connection's properties may point its requests: checked when a caller sets them.

A property that fills a connector's host (``https://{okta_domain}``) chooses where Switchboard sends the
customer's credentials. The transport refuses a closed address at connect time, whatever the name
resolved to then (``http/targets.py``); this check answers the caller at once, with a 400 naming the
property, when the value is such an address or a name that resolves only to such addresses now.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from yarl import URL

from switchboard.catalog.models import ApiKeyAuth, ConnectorDef
from switchboard.engine.request.templates import filled_url, url_host_properties
from switchboard.errors import ConnectionNotReady, InputError
from switchboard.http.targets import (
    CLOSED,
    GuardedResolver,
    InvalidHostName,
    Network,
    TargetPolicy,
    TargetRefused,
    property_refused,
)

REFUSED = f"{CLOSED}, where connections do not go unless SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS opens its network"
# A name that does not resolve within this is let through: the transport's guard still checks it when sent.
RESOLVE_SECONDS = 3.0


def property_hosts(allow: Sequence[Network] = ()) -> TargetPolicy:
    """The policy for hosts connection properties fill; refusals name the setting that opens a network."""
    return TargetPolicy(allow, why=REFUSED)


async def check_hosts(policy: TargetPolicy, definition: ConnectorDef, properties: Mapping[str, Any]) -> None:
    """Raise ``AddressRefused`` when ``properties`` (all the connection's, new values merged) put a host the
    definition's properties fill (its base URL's, its OAuth token URL's) at a closed address; a host not yet
    complete or not resolvable now passes."""
    for names, template in _property_hosts(definition):
        try:
            host = URL(filled_url(template, properties, definition.name)).host or ""
        except (ConnectionNotReady, ValueError):
            continue  # a property still missing: nothing can be sent until it is set, and checked then
        await _check(policy, names, host)


def _property_hosts(definition: ConnectorDef) -> list[tuple[tuple[str, ...], str]]:
    """The URLs Switchboard sends to whose host a property fills, with those properties: the base URL and a
    token URL on the connection's own host (Okta's ``https://{okta_domain}/oauth2/v1/token``)."""
    tokens = [definition.auth_url(a.token_url) for a in definition.auth if not isinstance(a, ApiKeyAuth)]
    urls = [definition.base_url, *tokens]
    found = [(url_host_properties(url), url) for url in dict.fromkeys(urls)]
    return [(names, url) for names, url in found if names]


async def _check(policy: TargetPolicy, names: tuple[str, ...], host: str) -> None:
    if any(policy.host_refused(h) for h in _spellings(host)):
        raise property_refused(names, policy.why, "nothing was saved")
    resolver = GuardedResolver(policy)
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            await resolver.resolve(host, 443)
    except TargetRefused:
        raise property_refused(names, policy.why, "nothing was saved") from None
    except InvalidHostName:  # IDNA's refusal of the name itself: an empty label (acme..okta.com) or one over 63
        joined = " and ".join(names)
        raise InputError(
            f"The {joined} property makes {host!r}, which is not a valid host name (a label is empty or longer "
            "than 63 characters); nothing was saved",
            PropertyName=names[0],
        ) from None
    except (OSError, TimeoutError):
        pass  # unresolvable now: allowed by the policy, and the transport checks again at connect time
    finally:
        await resolver.close()


def _spellings(host: str) -> set[str]:
    """``host`` and what its value meant before the template escaped it: ``[::1]`` fills ``%5b%3a%3a1%5d``,
    which connects nowhere, but is plainly an address the caller meant, and refused as one."""
    plain = unquote(host)
    found = {host, plain}
    with contextlib.suppress(ValueError):
        found.add(urlsplit("//" + plain).hostname or "")
    return found
