"""``SpecEmulator``: any API with an OpenAPI 2.0/3.x spec, served from the spec and a small config."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import orjson
from aiohttp import web

from switchboard_emulators._base import Emulator
from switchboard_emulators.spec.answers import Answers
from switchboard_emulators.spec.auth import Credentials, Limiter
from switchboard_emulators.spec.brackets import Brackets
from switchboard_emulators.spec.config import ExtraRoute, SpecConfig
from switchboard_emulators.spec.document import (
    Resolver,
    Router,
    bare_type,
    base_path_of,
    load_spec,
    operations,
    routed,
    server_paths,
    wrap_answers,
)
from switchboard_emulators.spec.form_lists import FormLists
from switchboard_emulators.spec.header_lists import HeaderLists
from switchboard_emulators.spec.missing import NotFound
from switchboard_emulators.spec.paging import PageError, put_path
from switchboard_emulators.spec.schemas import Generator
from switchboard_emulators.spec.store import Records
from switchboard_emulators.spec.validation import CheckedRequest, FormObjects, SpecChecker
from switchboard_emulators.spec.webhooks import AppWebhooks


class SpecEmulator(Emulator):
    """Serves every operation of a spec: validated requests, schema-valid answers, kept records.

    Routing tables, the validator and the resolver are built once here, so even a spec of
    hundreds of paths starts in well under a second or two.
    """

    def __init__(
        self, spec: str | Path | dict[str, Any], config: SpecConfig | None = None, *, within: str | Path | None = None
    ) -> None:
        super().__init__()
        self.config = config or SpecConfig()
        self.name = self.config.name
        self.doc = load_spec(spec, within) if isinstance(spec, str | Path) else spec
        if self.config.envelope:
            self.doc = wrap_answers(self.doc, self.config.envelope)
        resolver = Resolver(self.doc)
        self.operations = operations(self.doc, resolver)
        self.base_path = self.config.base_path if self.config.base_path is not None else base_path_of(self.doc)
        also = {p for p in (*self.config.base_paths, *server_paths(self.doc)) if p != self.base_path}
        # The longest first: "" (Telnyx's host root) would take a path another base starts (Box's /api/2.0).
        self.router = Router(self.operations, self.base_path, tuple(sorted(also, key=lambda p: (-len(p), p))))
        self.checker = SpecChecker(self.doc, relaxed=self.config.relaxed_parameters)
        self._forms = {(op.method, op.template): FormObjects.of(op.parameters, resolver) for op in self.operations}
        self._form_lists = {(op.method, op.template): FormLists.of(op.spec, resolver) for op in self.operations}
        self._header_lists = {
            (op.method, op.template): HeaderLists.of(op.parameters, resolver) for op in self.operations
        }
        self._brackets = {
            (op.method, op.template): Brackets.of(op.spec, op.parameters, resolver) for op in self.operations
        }
        self.records = Records(self.config.id_field)
        self.answers = Answers(self.config, self.router, Generator(resolver, self.config.seed), self.records)
        self.webhooks = AppWebhooks(self.config.webhooks, self.records, self.config.id_field)
        self.auth = Credentials(self.config.auth)
        self.limiter = Limiter(self.config.rate_limits)
        self.rejected: list[str] = []  # reasons of the requests answered 400, for tests

    def credentials(self) -> dict[str, str]:
        auth = self.config.auth
        if auth.type == "client_credentials":
            return {"client_id": auth.client_id, "client_secret": auth.client_secret, "token_path": auth.token_path}
        if auth.type == "oauth2":
            return {"client_id": auth.client_id, "client_secret": auth.client_secret,
                    "authorize_path": auth.authorize_path, "token_path": auth.token_path}  # fmt: skip
        if auth.type == "basic":
            return {"username": auth.username, "password": auth.password}
        if auth.type == "api_key" and auth.secret_name is not None:
            return {"key": f"{auth.key}:{auth.secret}"}  # the AuthValue of a key and secret sent apart
        return {} if auth.type == "none" else {"key": auth.key}

    def seed(self, path: str, count: int) -> list[dict[str, Any]]:
        """Add ``count`` generated records to the list at ``path`` (the full request path); all of them."""
        stripped = self.router.strip_base(path)
        found = self.router.match("GET", stripped) if stripped is not None else None
        if stripped is not None and (found is None or self.answers.kind(found[0]) != "list"):
            found = self.router.match("POST", stripped)  # a list searched by POST (Notion's)
        if stripped is None or found is None or self.answers.kind(found[0]) != "list":
            raise KeyError(f"no list operation answers GET {path}")
        collection = stripped.rstrip("/") or "/"  # the key answer() keeps the list's records under
        self.answers.seed(found[0], collection)  # the usual seed first, so these come on top of it
        self.answers.seed(found[0], collection, count)
        return list(self.records.collection(collection))

    def create_app(self) -> web.Application:
        app = web.Application(middlewares=[self.record_middleware, self.faults.middleware],
                              client_max_size=20 * 1024 * 1024)  # fmt: skip
        if self.config.auth.type == "oauth2":
            app.router.add_get(self.config.auth.authorize_path, self.auth.authorize)
            app.router.add_post(self.config.auth.token_path, self.auth.token)
            if self.config.auth.refresh_path is not None:
                app.router.add_post(self.config.auth.refresh_path, self.auth.refresh_token)
        if self.config.auth.type == "client_credentials":
            app.router.add_post(self.config.auth.token_path, self.auth.client_token)
        for extra in self.config.extra_routes:
            app.router.add_route(extra.method.upper(), extra.path, _fixed(extra, self.auth))
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_startup.append(self.webhooks.start)
        app.on_cleanup.append(self.webhooks.stop)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Route, rate-limit, authenticate, validate, answer."""
        stripped = self.router.strip_base(routed(request.raw_path))
        candidates = self.router.candidates(request.method, stripped) if stripped is not None else []
        if not candidates:
            return self._error(404, "not_found", f"no operation answers {request.method} {request.path}")
        op = candidates[0][0]
        for name, pattern in self.config.required_headers:
            if not re.search(pattern, request.headers.get(name, "")):
                return self._error(403, "forbidden", f"Request forbidden: the {name} header must match {pattern}")
        wait = self.limiter.take(time.monotonic())
        if wait is not None:
            body: dict[str, Any] = {"error": "rate_limited", "message": "Too Many Requests"}
            if self.config.errors.style == "body":
                body = {self.config.errors.ok_path: False, self.config.errors.error_path: "ratelimited"}
            return web.Response(body=orjson.dumps(body), status=429, content_type="application/json",
                                headers={"Retry-After": str(wait)})  # fmt: skip
        raw = await request.read()
        members = (
            _sent(raw, request.headers.get("Content-Type", "").lower()) if self.config.auth.key_in == "body" else None
        )
        if op.secured and not self.auth.authorized(request, members):
            return self._error(401, "invalid_auth", "missing or invalid credentials")
        problem: str | None = None
        sent_type = request.headers.get("Content-Type", "application/json").lower()
        for i, (candidate, candidate_params) in enumerate(candidates):
            brackets = self._brackets[candidate.method, candidate.template]
            checked_body, content_type = brackets.body(raw, sent_type)
            checked = CheckedRequest(
                method=request.method,
                path=request.path,
                path_pattern=candidate.template,
                path_params=candidate_params,
                query=brackets.query(
                    self._forms[candidate.method, candidate.template].fold(list(request.query.items()))
                ),
                headers=self._header_lists[candidate.method, candidate.template].read(request.headers),
                body=checked_body or None,
                content_type=content_type,
            )
            found = self.checker.request_problem(checked)
            if found is None:
                op, problem = candidate, None
                break
            problem = found if i == 0 else problem  # the best match's reason is the one reported
        if problem is not None:
            self.rejected.append(problem)
            return self._error(400, "invalid_request", problem)
        try:
            sent = _sent(raw, sent_type)
            if "form" in sent_type:  # URL-encoded or multipart: its lists as the spec says they are written
                sent = self._form_lists[op.method, op.template].read(raw, request.headers.get("Content-Type", ""))
            extra: dict[str, str] = {}
            origin = f"{request.scheme}://{request.host}"
            answer = self.answers.answer(op, stripped or "/", request.path, request.query, sent, extra, origin)
        except PageError as exc:
            return self._error(400, "invalid_request", str(exc))
        except NotFound as exc:
            return web.Response(body=orjson.dumps(exc.body), status=404, content_type="application/json")
        if op.success_status == 204 or op.success_media is None:
            return web.Response(status=op.success_status)
        accept = request.headers.get("Accept", "")
        if negotiated(op.success_media) and json_only(accept):
            # As a provider negotiating content does: a document asked for as JSON is not sent (RFC 9110 12.5.1).
            return self._error(406, "not_acceptable", f"this operation answers {op.success_media}; Accept: {accept}")
        # As a header, not content_type=: a spec's media type may carry parameters (Confluence's
        # "application/json;charset=UTF-8"), which aiohttp's content_type refuses.
        headers = {"Content-Type": op.success_media, **extra}
        if "json" not in op.success_media:
            return web.Response(body=b"emulated", status=op.success_status, headers=headers)
        return web.Response(body=orjson.dumps(answer), status=op.success_status, headers=headers)

    def _error(self, status: int, code: str, reason: str) -> web.Response:
        errors = self.config.errors
        if errors.style == "body":
            body: dict[str, Any] = {}
            put_path(body, errors.ok_path, False)
            put_path(body, errors.error_path, code)
            body["detail"] = reason
            status = 200
        else:
            body = {"error": code, "message": reason}
        return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


def negotiated(media: str) -> bool:
    """Whether an answer's type is one a client must ask for: a concrete type other than JSON.

    Not ``*`` (Telnyx's downloads answer whatever the document is), nor multipart: a spec's slip
    for the form an operation takes (PandaDoc's uploads).
    """
    kind = bare_type(media)
    return "json" not in kind and "*" not in kind and not kind.startswith("multipart/")


def json_only(accept: str) -> bool:
    """Whether an Accept header asks for JSON alone (a vendor's own version type, as Recurly's, is not JSON)."""
    ranges = [bare_type(item) for item in accept.split(",") if item.strip()]
    return bool(ranges) and all("json" in media for media in ranges)


def _sent(raw: bytes, content_type: str) -> dict[str, Any]:
    """The request body's fields (JSON object or form), for keeping in a record."""
    if not raw:
        return {}
    if "json" in content_type:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}
    if "x-www-form-urlencoded" in content_type:
        return dict(parse_qsl(raw.decode("utf-8", "replace")))
    return {}


def _fixed(extra: ExtraRoute, auth: Credentials) -> Any:
    async def answer(request: web.Request) -> web.StreamResponse:
        # Xero's /connections and Atlassian's accessible resources want the new access token too.
        if not auth.authorized(request):
            return web.json_response({"error": "invalid_auth", "message": "missing or invalid credentials"}, status=401)
        origin = f"{request.scheme}://{request.host}"
        text = orjson.dumps(extra.body).decode().replace("{origin}", origin)
        return web.Response(text=text, status=extra.status, content_type="application/json")

    return answer
