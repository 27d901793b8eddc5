"""The definition itself: loaded by the registry, its header, the catalogue's methods, ids, path parameters."""

from __future__ import annotations

import uuid

import pytest

from switchboard.catalog import Method, Registry, load_connector
from switchboard.catalog.models import CursorLinkPagination, OAuth2Auth
from tests.contract.constant_contact.catalog import CATALOGUE, DEFINITION, NAMES, cases


def test_builtin_registry_loads_the_connector() -> None:
    # Imported from the spec: all 128 of its operations (the file import is a multipart method) plus
    # the 3 DDLs; the curated catalogue below is a part of it.
    connector = Registry.load().by_key["constant_contact"]
    assert len(connector.methods) == 128 + 3


def test_connector_header() -> None:
    definition = load_connector(DEFINITION)
    assert (definition.key, definition.name, definition.version) == ("constant_contact", "Constant Contact", "3.0")
    assert definition.base_url == "https://api.cc.email/v3"
    assert (definition.body_format, definition.query_style) == ("json", "comma")
    assert len(definition.auth) == 1
    auth = definition.auth[0]
    assert isinstance(auth, OAuth2Auth)
    assert auth.authorize_url == "https://authz.constantcontact.com/oauth2/default/v1/authorize"
    assert auth.token_url == "https://authz.constantcontact.com/oauth2/default/v1/token"
    assert (auth.client_auth, auth.rotating_refresh_tokens, auth.default_expires_in) == ("basic", True, 86400)
    assert auth.scopes == ["contact_data", "campaign_data", "account_read", "account_update", "offline_access"]
    limits = {r.name: r for r in definition.rate_limits}
    assert set(limits) == {"app_second", "app_day"}
    assert (limits["app_second"].limit, limits["app_second"].per, limits["app_second"].scope) == (4, 1.0, "partner_app")
    day = limits["app_day"]
    assert (day.limit, day.per, day.scope, day.window) == (10000, 86400.0, "partner_app", "utc_day")
    pagination = definition.pagination
    assert isinstance(pagination, CursorLinkPagination)
    assert (pagination.size_param, pagination.cursor_param) == ("limit", "cursor")
    assert (pagination.records, pagination.next) == ("contacts", "_links.next.href")


def test_methods_include_the_catalogue(methods: dict[str, Method]) -> None:
    assert set(CATALOGUE) <= set(methods)


@pytest.mark.parametrize("name", cases(NAMES))
def test_http_and_category(methods: dict[str, Method], name: str) -> None:
    method = methods[name].definition
    assert (method.http, method.category) == CATALOGUE[name]
    assert method.description


def test_unique_ids_are_distinct_uuid4(methods: dict[str, Method]) -> None:
    # The curated methods keep their hand-made uuid4s; generated ones are uuid5 of the operation.
    ids = [m.definition.unique_id for m in methods.values()]
    assert len(set(ids)) == len(ids)
    assert all(
        isinstance(i, uuid.UUID) and i.version == 4 for name, i in zip(methods, ids, strict=True) if name in CATALOGUE
    )
    assert all(i.version in {4, 5} for i in ids)


@pytest.mark.parametrize("name", cases(NAMES))
def test_path_parameters_are_required(methods: dict[str, Method], name: str) -> None:
    for parameter in methods[name].parameters:
        if parameter.definition.in_ == "path":
            assert parameter.definition.required, parameter.definition.target
