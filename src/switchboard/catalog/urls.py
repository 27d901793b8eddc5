"""Upstream URL overrides: point a connector's hosts somewhere else (an emulator, a sandbox).

``SWITCHBOARD_UPSTREAM_SALESLOFT=http://127.0.0.1:9000`` replaces the scheme and host of
Salesloft's ``base_url`` (and any method's own), of its OAuth2 ``authorize_url``, ``token_url`` and
``refresh_url`` and of
the URLs its properties are read from after consent; paths are kept,
so the same definition serves the real API and a local stand-in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlsplit, urlunsplit

from switchboard.catalog.models import (
    AuthDef,
    ClientCredentialsAuth,
    ConnectorDef,
    MethodDef,
    OAuth2Auth,
    PropertyDef,
)


def rewrite_origin(url: str, origin: str | None) -> str:
    """``url`` with its scheme and host replaced by ``origin`` (the path kept), if given."""
    if not origin:
        return url
    target = urlsplit(origin)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def with_upstream(definition: ConnectorDef, origin: str | None) -> ConnectorDef:
    """The definition with every upstream URL moved to ``origin``; unchanged without one."""
    if not origin:
        return definition
    return definition.model_copy(
        update={
            "base_url": rewrite_origin(definition.base_url, origin),
            "auth": [_auth_with_upstream(auth, origin) for auth in definition.auth],
            "properties": [_property_with_upstream(p, origin) for p in definition.properties],
            "methods": [_method_with_upstream(m, origin) for m in definition.methods],
        }
    )


def apply_upstream_overrides(
    definitions: list[ConnectorDef], overrides: Mapping[str, str] | None
) -> list[ConnectorDef]:
    """Each definition moved to its key's origin in ``overrides``; keys of absent connectors are ignored."""
    if not overrides:
        return definitions
    return [with_upstream(d, overrides.get(d.key)) for d in definitions]


def moved_methods(load: Callable[[int], MethodDef], origin: str | None) -> Callable[[int], MethodDef]:
    """A connector's method loader (methods are read one by one, when first used) whose methods' own base
    URLs move to ``origin`` as the connector's does."""
    if not origin:
        return load
    return lambda index: _method_with_upstream(load(index), origin)


def _method_with_upstream(method: MethodDef, origin: str) -> MethodDef:
    if method.base_url is None:
        return method
    return method.model_copy(update={"base_url": rewrite_origin(method.base_url, origin)})


def _property_with_upstream(prop: PropertyDef, origin: str) -> PropertyDef:
    if prop.source is None or prop.source.url is None:
        return prop
    source = prop.source.model_copy(update={"url": rewrite_origin(prop.source.url, origin)})
    return prop.model_copy(update={"source": source})


def _auth_with_upstream(auth: AuthDef, origin: str) -> AuthDef:
    if isinstance(auth, ClientCredentialsAuth):
        if auth.token_url.startswith("/"):
            return auth  # on base_url, which is already moved
        return auth.model_copy(update={"token_url": rewrite_origin(auth.token_url, origin)})
    if not isinstance(auth, OAuth2Auth):
        return auth  # an API key goes to base_url, which is already moved
    return auth.model_copy(
        update={
            "authorize_url": rewrite_origin(auth.authorize_url, origin),
            "token_url": rewrite_origin(auth.token_url, origin),
            "refresh_url": rewrite_origin(auth.refresh_url, origin) if auth.refresh_url else None,
        }
    )
