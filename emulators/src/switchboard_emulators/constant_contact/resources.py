"""Generic list / get / create / update / delete handling, driven by one ``ResourceSpec`` each.

A spec names the table, the URL, the envelope key and the per-resource hooks (filters,
rendering, validation); the handlers here do the rest: scopes, cursor paging, 404s and
serialising under the state lock.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from aiohttp import web
from aiohttp.typedefs import Handler

from switchboard_emulators.constant_contact.errors import (
    Record,
    api_error,
    gateway_error,
    json_response,
    not_found,
    read_object,
    validation_error,
)
from switchboard_emulators.constant_contact.state import State, iso, parse_iso

Params = dict[str, str]
Matcher = Callable[[State, Params], Callable[[Record], bool]]
PageRenderer = Callable[[State, list[Record], Params], list[Record]]
OneRenderer = Callable[[State, Record, Params], Record]
Creator = Callable[[State, Record], Record]
Updater = Callable[[State, Record, Record], Record]
Deleter = Callable[[State, Record], web.Response]

# Set by the gateway middleware for the handlers: the token's scopes and its app.
SCOPES_KEY = web.RequestKey("cc_scopes", frozenset[str])
CLIENT_KEY = web.RequestKey("cc_client_id", str)


# Renderers may share nested values with the stored record: every response is serialised
# before the state lock is released, so nothing can change underneath it.


def _copy_page(state: State, records: list[Record], params: Params) -> list[Record]:
    return [dict(r) for r in records]


def _copy_one(state: State, record: Record, params: Params) -> Record:
    return dict(record)


def _visible(record: Record) -> bool:
    return True


@dataclass(frozen=True)
class ResourceSpec:
    """How one collection is served; a hook left as None means that verb is not served."""

    resource: str
    path: str
    id_param: str
    envelope: str
    scope: str
    what: str
    max_limit: int = 500
    count_key: str | None = None
    matcher: Matcher | None = None
    render_page: PageRenderer = _copy_page
    render_one: OneRenderer = _copy_one
    visible: Callable[[Record], bool] = _visible
    create: Creator | None = None
    update: Updater | None = None
    delete: Deleter | None = None
    not_found_key: str = "contacts.api.not_found"


# -- query parsing -----------------------------------------------------------------------


def query_params(request: web.Request) -> Params:
    """Single-valued query parameters (the first value wins, as most servers do)."""
    params: Params = {}
    for key, value in request.query.items():
        params.setdefault(key, value)
    return params


def parse_limit(params: Params, maximum: int, default: int = 50) -> int:
    raw = params.get("limit")
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise validation_error([f"limit must be an integer from 1 to {maximum}"])
    return value


def parse_bool(params: Params, name: str) -> bool:
    raw = params.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise validation_error([f"{name} does not have a valid value"])


def parse_csv(
    params: Params, name: str, allowed: Iterable[str] | None = None, max_items: int | None = None
) -> list[str]:
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return []
    items = [p.strip() for p in raw.split(",") if p.strip()]
    if allowed is not None:
        valid = set(allowed)
        bad = [p for p in items if p not in valid]
        if bad:
            raise validation_error([f"{name} does not have a valid value: {', '.join(bad)}"])
    if max_items is not None and len(items) > max_items:
        raise validation_error([f"{name} accepts at most {max_items} values"])
    return items


def parse_time(params: Params, name: str) -> str | None:
    """An ISO-8601 query value normalised to the stored timestamp format, or None."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return iso(parse_iso(raw))
    except ValueError:
        raise validation_error([f"{name} must be an ISO-8601 date-time"]) from None


def parse_enum(params: Params, name: str, allowed: Iterable[str]) -> str | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if raw not in set(allowed):
        raise validation_error([f"{name} does not have a valid value"])
    return raw


# -- cursors: the query that produced the page plus the last position read, base64url ----


def encode_cursor(params: Params, position: int) -> str:
    items = sorted((k, v) for k, v in params.items() if k != "cursor")
    items.append(("next", str(position)))
    return base64.urlsafe_b64encode(urlencode(items).encode()).decode().rstrip("=")


def resolve_cursor(params: Params) -> tuple[Params, int]:
    """Merge a cursor's saved query under the explicit one; return it and the position."""
    cursor = params.get("cursor")
    if not cursor:
        return params, 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        saved = dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=True))
        position = int(saved.pop("next"))
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError):
        raise api_error(400, "contacts.api.bad.request", "cursor is invalid") from None
    merged = {**saved, **{k: v for k, v in params.items() if k != "cursor"}}
    return merged, position


# -- handlers ----------------------------------------------------------------------------


def require_scope(request: web.Request, scope: str) -> None:
    if scope not in request.get(SCOPES_KEY, frozenset()):
        raise gateway_error(
            403,
            "forbidden",
            "Forbidden request. You lack the necessary scopes, you lack the necessary user "
            "privileges, or the application is deactivated.",
        )


def _lookup(state: State, spec: ResourceSpec, request: web.Request) -> Record:
    record = state.table(spec.resource).get(request.match_info[spec.id_param])
    if record is None or not spec.visible(record):
        raise not_found(spec.what, spec.not_found_key)
    return record


def list_handler(spec: ResourceSpec, state: State) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        require_scope(request, spec.scope)
        with state.lock:
            params, after = resolve_cursor(query_params(request))
            limit = parse_limit(params, spec.max_limit)
            match = spec.matcher(state, params) if spec.matcher else _visible
            include_count = spec.count_key is not None and parse_bool(params, "include_count")
            table = state.table(spec.resource)
            page: list[Record] = []
            last, more = 0, False
            for seq, record in table.after(after):
                if match(record):
                    if len(page) == limit:
                        more = True
                        break
                    page.append(record)
                    last = seq
            body: Record = {spec.envelope: spec.render_page(state, page, params)}
            if include_count and spec.count_key:
                body[spec.count_key] = sum(1 for r in table.values() if match(r))
            if more:
                body["_links"] = {"next": {"href": f"{spec.path}?cursor={encode_cursor(params, last)}"}}
            return json_response(body)

    return handle


def get_handler(spec: ResourceSpec, state: State) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        require_scope(request, spec.scope)
        with state.lock:
            record = _lookup(state, spec, request)
            return json_response(spec.render_one(state, record, query_params(request)))

    return handle


def create_handler(spec: ResourceSpec, state: State, create: Creator) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        require_scope(request, spec.scope)
        body = await read_object(request)
        with state.lock:
            return json_response(create(state, body), 201)

    return handle


def update_handler(spec: ResourceSpec, state: State, update: Updater) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        require_scope(request, spec.scope)
        with state.lock:
            _lookup(state, spec, request)  # 404 before complaining about the body
        body = await read_object(request)
        with state.lock:
            return json_response(update(state, _lookup(state, spec, request), body))

    return handle


def delete_handler(spec: ResourceSpec, state: State, delete: Deleter) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        require_scope(request, spec.scope)
        with state.lock:
            return delete(state, _lookup(state, spec, request))

    return handle


def routes_for(spec: ResourceSpec, state: State) -> list[web.RouteDef]:
    """The routes a spec serves: the collection first, then ``{path}/{id}``."""
    item = f"{spec.path}/{{{spec.id_param}}}"
    routes = [web.get(spec.path, list_handler(spec, state), allow_head=False)]
    if spec.create is not None:
        routes.append(web.post(spec.path, create_handler(spec, state, spec.create)))
    routes.append(web.get(item, get_handler(spec, state), allow_head=False))
    if spec.update is not None:
        routes.append(web.put(item, update_handler(spec, state, spec.update)))
    if spec.delete is not None:
        routes.append(web.delete(item, delete_handler(spec, state, spec.delete)))
    return routes


# -- small validation helpers shared by the resource modules -----------------------------


class Checker:
    """Collects validation messages so one 400 can list every problem in a body."""

    def __init__(self, body: Record) -> None:
        self.body = body
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def string(self, name: str, max_len: int, *, required: bool = False, min_len: int = 0) -> str | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self.fail(f"#/{name}: {name} is required")
            return None
        if not isinstance(value, str):
            self.fail(f"#/{name}: must be a string")
            return None
        if len(value) > max_len:
            self.fail(f"#/{name}: must be at most {max_len} characters")
        if len(value.strip()) < min_len:
            self.fail(f"#/{name}: must be at least {min_len} characters")
        return value

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self.body.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"#/{name}: must be an integer from {low} to {high}")
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.body.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(f"#/{name}: must be a boolean")
            return None
        return value

    def id_list(self, name: str, max_items: int, known: Iterable[str] | None = None) -> list[str] | None:
        value = self.body.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"#/{name}: must be an array of strings")
            return None
        if len(value) > max_items:
            self.fail(f"#/{name}: must contain at most {max_items} items")
        if known is not None:
            valid = set(known)
            unknown = [v for v in value if v not in valid]
            if unknown:
                self.fail(f"#/{name}: unknown id(s) {', '.join(unknown)}")
        return list(dict.fromkeys(value))

    def done(self) -> None:
        if self.errors:
            raise validation_error(self.errors)
