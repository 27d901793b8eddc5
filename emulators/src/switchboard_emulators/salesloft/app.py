"""The aiohttp application: routes, authentication, rate limiting and error translation.

Every ``/v2`` path is served with and without the ``.json`` suffix. Requests need
``Authorization: Bearer <api key or access token>`` (401 ``{"error": "Not authenticated"}``
otherwise, with Doorkeeper's ``WWW-Authenticate`` hint when the token has expired), then pass the
cost-based rate limit; every ``/v2`` answer carries ``x-ratelimit-endpoint-cost`` and
``x-ratelimit-remaining-minute``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import parse_qsl

import orjson
from aiohttp import web

from switchboard_emulators._faults import Faults
from switchboard_emulators.salesloft.bulk import BulkJobs
from switchboard_emulators.salesloft.list_specs import LIST_SPECS
from switchboard_emulators.salesloft.listing import list_payload
from switchboard_emulators.salesloft.oauth import OAuthProvider
from switchboard_emulators.salesloft.params import as_int, parse_nested
from switchboard_emulators.salesloft.ratelimit import RateLimiter, page_cost
from switchboard_emulators.salesloft.rendering import render
from switchboard_emulators.salesloft.responses import (
    ApiError,
    bad_request,
    json_response,
    not_found,
    required,
)
from switchboard_emulators.salesloft.schema import HREFS, ref
from switchboard_emulators.salesloft.state import Store
from switchboard_emulators.salesloft.webhooks import WebhookSubscriptions
from switchboard_emulators.salesloft.writers import (
    accounts,
    cadence_memberships,
    calls,
    notes,
    people,
    tasks,
    team_settings,
)
from switchboard_emulators.salesloft.writers.base import Ctx

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Record = dict[str, Any]

COST_HEADER = "x-ratelimit-endpoint-cost"
REMAINING_HEADER = "x-ratelimit-remaining-minute"
ID = "{id:[^/.]+}"


class Parts(Protocol):
    """What the application needs of its emulator (``SalesloftEmulator``), named here so that the
    emulator module, which builds the application, is not imported back."""

    store: Store
    oauth: OAuthProvider
    limiter: RateLimiter
    bulk: BulkJobs
    webhooks: WebhookSubscriptions
    current_user_id: int
    faults: Faults

    def is_api_key(self, key: str) -> bool: ...

    async def record_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse: ...


# Collections with GET /v2/<path>/{id}.
FETCHABLE = (
    "accounts", "account_stages", "account_tiers", "actions", "cadences", "cadence_memberships", "calls",
    "call_data_records", "crm_activities", "custom_fields", "emails", "groups", "imports", "notes",
    "people", "person_stages", "phone_number_assignments", "steps", "tasks", "users",
)  # fmt: skip


def _record_id(request: web.Request) -> int:
    try:
        return as_int(request.match_info["id"])
    except ValueError:
        raise not_found() from None


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query and body parameters merged the way Rails merges them (body wins).

    Bodies may be JSON or form-encoded (``tags[]=a&custom_fields[Name]=v``); anything else is
    parsed as JSON, and unparseable JSON is a 400.
    """
    params = parse_nested(request.query.items())
    raw = await request.read() if request.body_exists else b""
    if not raw.strip():
        return params
    ctype = request.content_type
    if ctype == "application/x-www-form-urlencoded":
        params.update(parse_nested(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)))
        return params
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise bad_request("Invalid JSON in request body") from None
    if isinstance(data, dict):
        params.update(data)
    else:
        params["_json"] = data  # Rails puts a non-object JSON body under _json
    return params


class SalesloftApp:
    """Builds the application for one emulator; handlers close over its state."""

    def __init__(self, emulator: Parts) -> None:
        self.emu = emulator
        self.store = emulator.store

    def ctx(self) -> Ctx:
        return Ctx(self.store, self.emu.current_user_id)

    # -- middlewares -------------------------------------------------------------------------

    @web.middleware
    async def errors(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Handler exceptions become Salesloft-shaped JSON."""
        try:
            return await handler(request)
        except ApiError as exc:
            return json_response(exc.body, exc.status, exc.headers)
        except web.HTTPNotFound:
            return json_response({"error": "Not Found"}, 404)
        except web.HTTPMethodNotAllowed as exc:
            return json_response({"error": "Method Not Allowed"}, 405, {"Allow": ", ".join(exc.allowed_methods)})

    @web.middleware
    async def gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Authentication and rate limiting for ``/v2``; OAuth endpoints pass straight through."""
        if not (request.path == "/v2" or request.path.startswith("/v2/")):
            return await handler(request)
        cost = 1
        if request.method == "GET":
            try:
                cost = page_cost(as_int(request.query.get("page", "1")))
            except ValueError:
                cost = 1
        limiter = self.emu.limiter
        failure = self._authenticate(request)
        if failure is not None:
            failure.headers[COST_HEADER] = str(cost)
            failure.headers[REMAINING_HEADER] = str(limiter.remaining())
            return failure
        decision = limiter.consume(cost)
        headers = {COST_HEADER: str(cost), REMAINING_HEADER: str(decision.remaining), **self.store.clock.date_header()}
        if not decision.allowed:
            body = {"error": f"Rate limit exceeded: {limiter.limit} cost per minute. Retry later."}
            return json_response(body, 429, {**headers, "Retry-After": str(decision.retry_after)})
        try:
            response = await handler(request)
        except ApiError as exc:
            response = json_response(exc.body, exc.status, exc.headers)
        except web.HTTPNotFound:
            response = json_response({"error": "Not Found"}, 404)
        except web.HTTPMethodNotAllowed as exc:
            response = json_response({"error": "Method Not Allowed"}, 405, {"Allow": ", ".join(exc.allowed_methods)})
        response.headers.update(headers)
        return response

    def _authenticate(self, request: web.Request) -> web.Response | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token:
            if self.emu.is_api_key(token):
                return None
            state = self.emu.oauth.access_token_state(token)
            if state == "valid":
                return None
            if state == "expired":
                challenge = 'Bearer realm="Doorkeeper", error="invalid_token", ' + (
                    'error_description="The access token expired"'
                )
                return json_response({"error": "Not authenticated"}, 401, {"WWW-Authenticate": challenge})
        return json_response({"error": "Not authenticated"}, 401)

    # -- generic handlers --------------------------------------------------------------------

    def list_handler(self, resource: str) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            query = parse_nested(request.query.items())
            return json_response(list_payload(resource, query, self.store))

        return handle

    def get_handler(self, resource: str) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            record_id = _record_id(request)
            with self.store.lock:
                record = self.store.get(resource, record_id)
                if record is None:
                    raise not_found()
                return json_response({"data": render(resource, record, self.store)})

        return handle

    def delete_handler(self, resource: str) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            if self.store.delete(resource, _record_id(request)) is None:
                raise not_found()
            return web.Response(status=204)

        return handle

    def create_handler(self, resource: str, write: Callable[[Ctx, dict[str, Any]], Record]) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            params = await read_params(request)
            with self.store.lock:
                record = write(self.ctx(), params)
                return json_response({"data": render(resource, record, self.store)})

        return handle

    def update_handler(self, resource: str, write: Callable[[Ctx, Record, dict[str, Any]], Record]) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            record_id = _record_id(request)
            params = await read_params(request)
            with self.store.lock:
                current = self.store.get(resource, record_id)
                if current is None:
                    raise not_found()
                record = write(self.ctx(), current, params)
                return json_response({"data": render(resource, record, self.store)})

        return handle

    def upsert_handler(
        self, resource: str, key: str, upsert: Callable[[Ctx, dict[str, Any]], tuple[str, Record]]
    ) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            params = await read_params(request)
            with self.store.lock:
                kind, record = upsert(self.ctx(), params)
                return json_response({"data": {"upsert_type": kind, key: render(resource, record, self.store)}})

        return handle

    # -- specific handlers -------------------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        user = self.store.get("users", self.emu.current_user_id)
        if user is None:
            raise not_found()
        return json_response({"data": render("users", user, self.store)})

    async def team(self, request: web.Request) -> web.Response:
        team = self.store.get("team", 1)
        if team is None:
            raise not_found()
        return json_response({"data": render("team", team, self.store)})

    async def delete_person(self, request: web.Request) -> web.Response:
        people.delete_person(self.ctx(), _record_id(request))
        return web.Response(status=204)

    async def delete_import(self, request: web.Request) -> web.Response:
        people.delete_import(self.ctx(), _record_id(request), request.query.get("undo"))
        return web.Response(status=204)

    async def caller_ids(self, request: web.Request) -> web.Response:
        """People whose phone numbers match the E.164 number (compared on the last 10 digits)."""
        number = request.query.get("phone_number", "")
        digits = "".join(ch for ch in number if ch.isdigit())[-10:]
        if not digits:
            raise required("phone_number")
        data = []
        with self.store.lock:
            for person in self.store.sorted_records("people", "_by_id", lambda r: r["id"], False):
                phones = (person.get("phone"), person.get("mobile_phone"), person.get("home_phone"))
                if not any(p and "".join(c for c in p if c.isdigit())[-10:] == digits for p in phones):
                    continue
                account = person.get("account")
                account_record = self.store.get("accounts", account["id"]) if account else None
                data.append(
                    {
                        "display_name": person.get("display_name"),
                        "title": person.get("title"),
                        "account_name": (account_record or {}).get("name") or person.get("person_company_name"),
                        "person": ref("people", person["id"]),
                    }
                )
        # Salesloft answers {"data": [...]} alone here: no metadata, as caller ids are not paged.
        return json_response({"data": data})

    # -- bulk jobs ---------------------------------------------------------------------------

    def _job(self, request: web.Request, key: str = "id") -> Record:
        try:
            job = self.store.get("bulk_jobs", as_int(request.match_info[key]))
        except ValueError:
            job = None
        if job is None:
            raise not_found()
        return job

    async def list_bulk_jobs(self, request: web.Request) -> web.Response:
        return json_response(self.emu.bulk.list_jobs(parse_nested(request.query.items())))

    async def create_bulk_job(self, request: web.Request) -> web.Response:
        params = await read_params(request)
        return json_response({"data": self.emu.bulk.create(self.ctx(), params)})

    async def get_bulk_job(self, request: web.Request) -> web.Response:
        return json_response({"data": self._job(request)})

    async def update_bulk_job(self, request: web.Request) -> web.Response:
        params = await read_params(request)
        return json_response({"data": self.emu.bulk.update(self.ctx(), self._job(request), params)})

    async def add_job_data(self, request: web.Request) -> web.Response:
        params = await read_params(request)
        count = self.emu.bulk.add_data(self.ctx(), self._job(request, "bulk_jobs_id"), params)
        return json_response({"data": {"records": count}})

    async def list_job_data(self, request: web.Request) -> web.Response:
        job = self._job(request, "bulk_jobs_id")
        query = parse_nested(request.query.items())
        return json_response(self.emu.bulk.list_data(job, query, results=False))

    async def list_job_results(self, request: web.Request) -> web.Response:
        job = self._job(request, "bulk_jobs_id")
        query = parse_nested(request.query.items())
        return json_response(self.emu.bulk.list_data(job, query, results=True))

    # -- assembly ----------------------------------------------------------------------------

    def routes(self) -> list[tuple[str, str, Handler]]:
        """(method, path without .json, handler) for every endpoint."""
        out: list[tuple[str, str, Handler]] = [
            ("GET", "/v2/me", self.me),
            ("GET", "/v2/team", self.team),
            ("GET", "/v2/phone_numbers/caller_ids", self.caller_ids),
            ("POST", "/v2/accounts", self.create_handler("accounts", accounts.create_account)),
            ("PUT", f"/v2/accounts/{ID}", self.update_handler("accounts", accounts.update_account)),
            ("DELETE", f"/v2/accounts/{ID}", self.delete_handler("accounts")),
            ("POST", "/v2/account_upserts", self.upsert_handler("accounts", "account", accounts.upsert_account)),
            ("POST", "/v2/people", self.create_handler("people", people.create_person)),
            ("PUT", f"/v2/people/{ID}", self.update_handler("people", people.update_person)),
            ("DELETE", f"/v2/people/{ID}", self.delete_person),
            ("POST", "/v2/person_upserts", self.upsert_handler("people", "person", people.upsert_person)),
            ("POST", "/v2/cadence_memberships", self.create_handler("cadence_memberships",
                cadence_memberships.create_cadence_membership)),
            ("DELETE", f"/v2/cadence_memberships/{ID}", self.delete_handler("cadence_memberships")),
            ("POST", "/v2/activities/calls", self.create_handler("calls", calls.create_call)),
            ("POST", "/v2/custom_fields", self.create_handler("custom_fields",
                lambda c, p: team_settings.write_custom_field(c, None, p))),
            ("PUT", f"/v2/custom_fields/{ID}", self.update_handler("custom_fields", team_settings.write_custom_field)),
            ("DELETE", f"/v2/custom_fields/{ID}", self.delete_handler("custom_fields")),
            ("POST", "/v2/imports", self.create_handler("imports", lambda c, p: people.write_import(c, None, p))),
            ("PUT", f"/v2/imports/{ID}", self.update_handler("imports", people.write_import)),
            ("DELETE", f"/v2/imports/{ID}", self.delete_import),
            ("POST", "/v2/notes", self.create_handler("notes", lambda c, p: notes.write_note(c, None, p))),
            ("PUT", f"/v2/notes/{ID}", self.update_handler("notes", notes.write_note)),
            ("DELETE", f"/v2/notes/{ID}", self.delete_handler("notes")),
            ("POST", "/v2/person_stages", self.create_handler("person_stages",
                lambda c, p: team_settings.write_person_stage(c, None, p))),
            ("PUT", f"/v2/person_stages/{ID}", self.update_handler("person_stages", team_settings.write_person_stage)),
            ("DELETE", f"/v2/person_stages/{ID}", self.delete_handler("person_stages")),
            ("POST", "/v2/tasks", self.create_handler("tasks", tasks.create_task)),
            ("PUT", f"/v2/tasks/{ID}", self.update_handler("tasks", tasks.update_task)),
            ("GET", "/v2/bulk_jobs", self.list_bulk_jobs),
            ("POST", "/v2/bulk_jobs", self.create_bulk_job),
            ("GET", f"/v2/bulk_jobs/{ID}", self.get_bulk_job),
            ("PUT", f"/v2/bulk_jobs/{ID}", self.update_bulk_job),
            ("GET", "/v2/bulk_jobs/{bulk_jobs_id:[^/.]+}/job_data", self.list_job_data),
            ("POST", "/v2/bulk_jobs/{bulk_jobs_id:[^/.]+}/job_data", self.add_job_data),
            ("GET", "/v2/bulk_jobs/{bulk_jobs_id:[^/.]+}/results", self.list_job_results),
        ]  # fmt: skip
        for resource in LIST_SPECS:
            out.append(("GET", f"/v2/{HREFS[resource]}", self.list_handler(resource)))
        for resource in FETCHABLE:
            out.append(("GET", f"/v2/{HREFS[resource]}/{ID}", self.get_handler(resource)))
        return out

    def build(self) -> web.Application:
        app = web.Application(
            middlewares=[self.emu.record_middleware, self.emu.faults.middleware, self.errors, self.gate]
        )
        for method, path, handler in [*self.routes(), *self.emu.webhooks.routes(read_params)]:
            app.router.add_route(method, path, handler)
            app.router.add_route(method, f"{path}.json", handler)
        app.router.add_get("/oauth/authorize", self.emu.oauth.authorize)
        app.router.add_post("/oauth/token", self.emu.oauth.token)

        async def stop_jobs(app: web.Application) -> None:
            await self.emu.bulk.shutdown()

        app.on_cleanup.append(stop_jobs)
        app.on_startup.append(self.emu.webhooks.start)
        app.on_cleanup.append(self.emu.webhooks.stop)
        return app
