"""Every API route says which tokens may use it (``api.scope``): partner level, one account, or any token.

A route added without one of the deciding dependencies would take an account-restricted token as
a partner token; this test names it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from switchboard.api import deps
from switchboard.api.app import create_app
from switchboard.api.routers import calls

DECIDERS: dict[Callable[..., Any], str] = {
    deps.partner_id: "partner",
    deps.any_token: "any",
    deps.account_owner: "account",
    deps.current_account: "account",
    calls.caller: "account",
}
# Routes that resolve their caller in the handler and check the account there.
IN_HANDLER = {
    "get_tools": "api.tool_callers.tool_caller checks X-Cyclr-Account",
    "call_named_tool": "api.tool_callers.tool_caller checks X-Cyclr-Account",
    "read_call": "the call's account is compared with the token's",
}
# Included routers are resolved lazily: their routes are reached through the route contexts.
ROUTES = [
    c.original_route
    for c in iter_route_contexts(create_app().routes)
    if isinstance(c.original_route, APIRoute) and c.original_route.path.startswith("/v1.0/")
]


def _deciders(dependant: Dependant) -> set[str]:
    found = {DECIDERS[dependant.call]} if dependant.call in DECIDERS else set()
    for sub in dependant.dependencies:
        found |= _deciders(sub)
    return found


def test_every_route_decides_once() -> None:
    assert len(ROUTES) > 40, "the API's routes were not found"
    undecided = []
    for route in ROUTES:
        kinds = _deciders(route.dependant)
        if route.name in IN_HANDLER:
            assert not kinds, route.name
        elif len(kinds) != 1:
            undecided.append(f"{sorted(route.methods)} {route.path}: {sorted(kinds)}")
    assert undecided == []


def test_only_the_catalogue_takes_any_token() -> None:
    anyone = {(m, r.path) for r in ROUTES if _deciders(r.dependant) == {"any"} for m in r.methods}
    assert anyone, "the catalogue routes were not found"
    for method, path in anyone:
        catalogue = path.startswith(("/v1.0/connectors", "/v1.0/methods/"))  # a method by its Id alone
        assert method == "GET" and catalogue and not path.endswith("/settings"), path
