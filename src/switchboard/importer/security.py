"""The connector's auth and base URL, from the security schemes and the servers (or host and basePath)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from switchboard.catalog.models.connector import placeholders
from switchboard.importer.keys import api_key_entry, prefixed
from switchboard.importer.schemas import human
from switchboard.importer.spec import Spec, UnresolvedReference, server_url

# What one auth of each kind covers, as the report names it: an API key, HTTP Basic and a bearer token are one kind.
_KINDS = {"api_key": "key, Basic or bearer scheme", "oauth2": "OAuth2 scheme"}


def auth_from(
    spec: Spec, notes: list[tuple[str, str]], beside: dict[str, tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    """One auth entry per supported scheme type; the rest reported. ``beside`` gets the header of each API
    key a security requirement asks for together with the kept one (Apideck's ``x-apideck-app-id`` and
    ``x-apideck-consumer-id`` beside its ``Authorization``) and its description, by scheme name: headers every
    call sends."""
    document = spec.document
    schemes = _scheme(
        spec,
        document.get("securityDefinitions")
        if spec.swagger2
        else (document.get("components") or {}).get("securitySchemes"),
    )  # a reference where OpenAPI allows none is followed, as bundlers do (Storyblok's split sources)
    schemes = schemes if isinstance(schemes, dict) else {}
    out: dict[str, dict[str, Any]] = {}
    clients: list[tuple[str, dict[str, Any]]] = []  # client credentials flows: used when nothing else is
    kept: dict[str, str] = {}  # the scheme each kind of auth was taken from, for the notes on the others
    paired, pair = _paired_keys(spec, schemes, notes)
    if paired is not None:
        out["api_key"] = paired
        kept["api_key"] = " and ".join(sorted(pair))
    # The spec's own preference first (Snyk's security lists BearerAuth before the APIToken declared first).
    preferred = [n for req in document.get("security") or [] if isinstance(req, dict) for n in req]
    ranked = sorted(schemes.items(), key=lambda s: preferred.index(s[0]) if s[0] in preferred else len(preferred))
    for name, raw in ranked:
        if name in pair:
            continue
        try:
            scheme = spec.deref(raw)
        except UnresolvedReference as exc:
            notes.append((f"security scheme {name}", exc.message))
            continue
        kind = scheme.get("type")
        entry: dict[str, Any] | None = None
        if kind == "oauth2":
            entry = _oauth2(spec, scheme)
            client = _client_credentials(spec, scheme) if entry is None else None
            if client is not None:
                clients.append((name, client))
            elif entry is None:
                notes.append(
                    (
                        f"security scheme {name}",
                        "OAuth2 without an authorization code or client credentials flow is not supported",
                    )
                )
        elif kind == "apiKey" and scheme.get("in") in {"header", "query", "cookie"}:
            entry = api_key_entry(scheme, name, notes)
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            entry = {"type": "api_key", "in": "header", "name": "Authorization", "format": "Bearer {key}"}
        elif (kind == "http" and str(scheme.get("scheme", "")).lower() == "basic") or kind == "basic":
            entry = {
                "type": "api_key",
                "in": "header",
                "name": "Authorization",
                "format": "Basic {key}",
                "encoding": "base64",
            }
        else:
            notes.append(
                (
                    f"security scheme {name}",
                    f"type {kind!r} ({scheme.get('in') or scheme.get('scheme') or ''}) is not supported",
                )
            )
        if entry is None:
            continue
        if entry["type"] in out and beside is not None and _asked_beside(spec, entry, kept.get(entry["type"]), name):
            beside[name] = (str(entry["name"]), str(scheme.get("description") or ""))
            continue
        if entry["type"] in out:
            kind = _KINDS.get(entry["type"], entry["type"])
            notes.append(
                (
                    f"security scheme {name}",
                    f"not used: a connector takes one {kind}, and keeps {kept.get(entry['type'], 'another')} (the "
                    "first the spec's security lists, else the first declared)",
                )
            )
            continue
        out[entry["type"]] = entry
        kept[entry["type"]] = name
        if kind == "apiKey":
            prefixed(entry, name, str(scheme.get("description") or ""), notes)
    for index, (name, client) in enumerate(clients):
        if out or index:
            notes.append((f"security scheme {name}", "its client credentials flow is not used: another auth is"))
        else:
            out["client_credentials"] = client
    if not out:
        out["api_key"] = _fallback(spec, schemes, notes)
    return sorted(out.values(), key=lambda e: e["type"] not in {"oauth2", "client_credentials"})


def _asked_beside(spec: Spec, entry: dict[str, Any], kept: str | None, name: str) -> bool:
    """Whether the scheme ``name`` (``entry``) is an API key header that a security requirement asks for
    together with the scheme kept (never another way to send the same credential: one of two alternatives)."""
    if entry.get("in") != "header" or entry.get("format") != "{key}" or kept is None:
        return False
    return any(isinstance(r, dict) and kept in r and name in r for r in _requirements(spec.document))


def _paired_keys(
    spec: Spec, schemes: dict[str, Any], notes: list[tuple[str, str]]
) -> tuple[dict[str, Any] | None, set[str]]:
    """Two API keys a security requirement asks for together, in one place (Algolia's application id and
    API key headers): one ``api_key`` auth sending both, its AuthValue ``key:secret``, and the two schemes'
    names. The secret is the one whose name says so (``secret``, else ``key`` or ``token``), else the second."""
    for requirement in _requirements(spec.document):
        if not isinstance(requirement, dict) or len(requirement) != 2 or not set(requirement) <= set(schemes):
            continue
        found = [(name, _scheme(spec, schemes[name])) for name in requirement]
        keys = [(n, s) for n, s in found if isinstance(s, dict) and s.get("type") == "apiKey" and s.get("name")]
        places = {str(scheme.get("in")) for _, scheme in keys}
        if len(keys) != 2 or len(places) != 1 or not places <= {"header", "query"}:
            continue
        names = [str(scheme["name"]) for _, scheme in keys]
        secret = next((i for word in ("secret", "key|token") for i in (0, 1)
                       if re.search(word, names[i], re.I) and not re.search(word, names[1 - i], re.I)), 1)  # fmt: skip
        key_name, secret_name = names[1 - secret], names[secret]
        notes.append(("auth", f"the spec asks for {key_name} and {secret_name} together: one API key whose "
                      f"AuthValue is key:secret, the key sent as {key_name}, the secret as {secret_name}"))  # fmt: skip
        where = keys[0][1]["in"]
        entry = {"type": "api_key", "in": where, "name": key_name, "format": "{key}", "secret_name": secret_name}
        return entry, {name for name, _ in keys}
    return None, set()


def _fallback(spec: Spec, schemes: dict[str, Any], notes: list[tuple[str, str]]) -> dict[str, Any]:
    """The nearest usable auth when no scheme is: a bearer token the user supplies, and why, in the report.

    An import never refuses for want of auth: an OAuth flow the connector cannot run (implicit,
    password) still ends in a bearer access token, and a spec that declares
    nothing most often documents a token in prose. The overlay's ``auth`` corrects it.
    """
    found = [_scheme(spec, raw) for raw in schemes.values()]
    kinds = [scheme.get("type") for scheme in found if isinstance(scheme, dict)]
    if "oauth2" in kinds or "openIdConnect" in kinds:
        why = (
            "the spec's only OAuth flows (implicit or password) cannot run here; "
            "they end in a bearer access token, so the connector takes that token from the user"
        )
    elif schemes:
        names = ", ".join(sorted(schemes))
        why = f"none of the spec's security schemes ({names}) can be used; a bearer token is the nearest"
    else:
        why = (
            "the spec declares no security scheme; the connector takes a bearer token the user supplies "
            "(give auth in the overlay if the API needs another, or none)"
        )
    notes.append(("auth", f"imported with a bearer token the user supplies: {why}"))
    return {"type": "api_key", "in": "header", "name": "Authorization", "format": "Bearer {key}"}


def _oauth2(spec: Spec, scheme: dict[str, Any]) -> dict[str, Any] | None:
    if spec.swagger2:
        if scheme.get("flow") != "accessCode":
            return None
        flow: dict[str, Any] = scheme
    else:
        found = (scheme.get("flows") or {}).get("authorizationCode")
        if not isinstance(found, dict):
            return None
        flow = found
    out: dict[str, Any] = {
        "type": "oauth2",
        "authorize_url": flow.get("authorizationUrl", ""),
        "token_url": flow.get("tokenUrl", ""),
    }
    refresh = str(flow.get("refreshUrl") or "")
    # Most specs repeat the token URL here; one of its own (Figma's /v1/oauth/refresh) is where refreshes go.
    if refresh != out["token_url"] and refresh.startswith(("https://", "http://")) and "{" not in refresh:
        out["refresh_url"] = refresh
    scopes = sorted((flow.get("scopes") or {}).keys())
    if scopes:
        out["scopes"] = scopes
    return out


def oauth_on_server(
    auth: list[dict[str, Any]], base_url: str, properties: list[dict[str, Any]], notes: list[tuple[str, str]]
) -> None:
    """OAuth URLs given relative to the server (Okta's and Datadog's ``/oauth2/v1/authorize``) put on the base
    URL's host, which may be the connection's own (``https://{yourOktaDomain}``); a placeholder they name that no
    server variable declares becomes a connection property, so each connection signs in on its own host."""
    scheme, host = urlsplit(base_url)[:2]
    declared = {str(p["name"]) for p in properties}
    for entry in (a for a in auth if a.get("type") == "oauth2"):
        for key in ("authorize_url", "token_url"):
            url = str(entry.get(key) or "")
            if url.startswith("/") and not url.startswith("//"):
                entry[key] = url = f"{scheme}://{host}{url}"
                notes.append(("auth", f"the OAuth {key} is relative to the server: {url}"))
            if _ANGLED.search(url):
                entry[key] = url = _angled(url, host)
                notes.append(("auth", f"the OAuth {key} names its host's part in angle brackets: read as {url}"))
            for name in dict.fromkeys(placeholders(url)):
                if name not in declared:
                    declared.add(name)
                    properties.append({"name": name, "display_name": human(name), "required": True,
                                       "description": "The connection's host, where it signs in (OAuth)"})  # fmt: skip


# A placeholder written for people (Procurify's ``https://<your-domain>.procurify.com/oauth/authorize``).
_ANGLED = re.compile(r"<([A-Za-z][\w-]*)>")


def _angled(url: str, base_host: str) -> str:
    """``url`` with its ``<name>`` placeholders as ``{property}`` ones: the base URL's own where the hosts are
    the same apart from it (``{user_domain}.procurify.com``), else one named after it (``{your_domain}``)."""
    own = placeholders(base_host)
    pattern = "[^.]+".join(re.escape(part) for part in _ANGLED.split(urlsplit(url).netloc)[::2])
    same = len(own) == 1 and re.fullmatch(pattern, base_host.replace("{" + own[0] + "}", "x")) is not None
    return _ANGLED.sub(lambda m: "{" + (own[0] if same else re.sub(r"\W+", "_", m.group(1)).lower()) + "}", url)


def _client_credentials(spec: Spec, scheme: dict[str, Any]) -> dict[str, Any] | None:
    """OAuth2's client credentials grant (PayPal): the connection's client id and secret fetch its tokens."""
    if spec.swagger2:
        flow: Any = scheme if scheme.get("flow") == "application" else None
    else:
        flow = (scheme.get("flows") or {}).get("clientCredentials")
    if not isinstance(flow, dict) or not flow.get("tokenUrl"):
        return None
    return {"type": "client_credentials", "token_url": str(flow["tokenUrl"])}


# With no server in the spec (Zendesk's copy: each account has its own host) and none in the overlay,
# calls go to a host the connection names, so the import still yields a usable connector.
_API_HOST = {"name": "api_host", "display_name": "API host", "required": True,
             "description": "The API's host (the spec names no server), e.g. api.example.com"}  # fmt: skip


# A server for trying things out, by its URL or its description: never the one calls go to when another is listed.
_NOT_LIVE = re.compile(r"sandbox|staging|testflight|\btest\b|\bmock\b|\bdev\b|localhost|127\.0\.0\.1", re.IGNORECASE)


def _live(servers: list[dict[str, Any]], notes: list[tuple[str, str]]) -> dict[str, Any]:
    """The first server that is not a sandbox (Tremendous lists its testflight host first), else the first."""

    def trial(server: dict[str, Any]) -> bool:
        return bool(_NOT_LIVE.search(f"{server.get('url', '')} {server.get('description', '')}"))

    live = next((server for server in servers if not trial(server)), servers[0])
    if live is not servers[0]:
        notes.append(
            ("base URL", f"the first server ({servers[0].get('url')}) is for trials: {live.get('url')} is used")
        )
    return live


def base_url_from(
    spec: Spec, notes: list[tuple[str, str]], given: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """The base URL (server variables kept as ``{name}``) and the properties they become.

    ``given``: the overlay's base URL, which replaces a missing server without a note.
    """
    document = spec.document
    unnamed = (
        "the spec names no {0}: calls go to https://{{api_host}}, a connection property; give base_url in the overlay"
    )
    if spec.swagger2:
        schemes = document.get("schemes") or ["https"]
        scheme = "https" if "https" in schemes else schemes[0]
        host = document.get("host", "")
        if not host:
            if given:
                return given, []
            notes.append(("base URL", unnamed.format("host")))
            return f"https://{{api_host}}{document.get('basePath', '')}".rstrip("/"), [dict(_API_HOST)]
        return f"{scheme}://{host}{document.get('basePath', '')}".rstrip("/"), []
    servers = _scheme(spec, document.get("servers")) or []  # Storyblok's `servers: {$ref: ...}`
    servers = [server for server in servers if isinstance(server, dict)] if isinstance(servers, list) else []
    if not servers:
        if given:
            return given, []
        notes.append(("base URL", unnamed.format("server")))
        return "https://{api_host}", [dict(_API_HOST)]
    server = _live(servers, notes)
    url = server_url(server)
    properties = []
    for name, variable in (server.get("variables") or {}).items():
        description = str(variable.get("description") or f"Server variable {name}")
        if variable.get("default") not in (None, ""):
            description += f" (e.g. {variable['default']})"
        properties.append(
            {"name": name, "display_name": human(name), "required": True, "description": description[:200]}
        )
    properties += _undeclared(url, properties, notes)
    scheme = re.match(r"^\{([^}]+)\}://", url)
    if scheme is not None:  # Typesense's {protocol}://{hostname}:{port}: a request needs its scheme known
        name = scheme.group(1)
        default = str(((server.get("variables") or {}).get(name) or {}).get("default") or "").lower()
        fixed = default if default in ("http", "https") else "https"
        url = fixed + url[scheme.end() - 3 :]
        properties = [p for p in properties if p["name"] != name]
        if not given:
            notes.append(("base URL", f"the server's scheme is its variable {name!r}: {fixed}, its default, is used; "
                          "give base_url in the overlay for another"))  # fmt: skip
    url, properties = _path_variables(url, server.get("variables") or {}, properties, notes, given)
    if not re.match(r"^https?://", url):
        # Relative (InfluxDB's /api/v2: the host is wherever the spec is served, as with a self-hosted
        # product) or not HTTP: the host becomes a connection property, the path kept.
        other_scheme = re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) is not None  # wss://...: nothing of it kept
        path = "" if other_scheme or not url else "/" + url.lstrip("/")
        if not given:
            notes.append(("base URL", f"the server URL {url!r} names no host: calls go to https://{{api_host}}{path}, "
                          "a connection property; give base_url in the overlay"))  # fmt: skip
        host = {**_API_HOST, "description": f"The API's host (the spec's server is {url!r}), e.g. api.example.com"}
        return f"https://{{api_host}}{path}", [host, *properties]
    return url, properties


def _undeclared(url: str, declared: list[dict[str, Any]], notes: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The properties of ``{name}`` placeholders the server's ``variables`` leave out (Bandwidth's
    ``/accounts/{accountId}/emergency``, Akamai's ``https://{hostname}``): each is still the connection's
    to give, as a declared variable without a default is."""
    known = {p["name"] for p in declared}
    found: list[dict[str, Any]] = []
    for name in dict.fromkeys(re.findall(r"\{([^{}]+)\}", url)):
        if name in known:
            continue
        notes.append(("base URL", f"the server URL names {{{name}}}, which its variables do not declare: "
                      "a connection property"))  # fmt: skip
        description = f"Server variable {name} (the spec's server URL names it without declaring it)"
        found.append({"name": name, "display_name": human(name), "required": True, "description": description})
    return found


def _path_variables(
    url: str, variables: dict[str, Any], properties: list[dict[str, Any]], notes: list[tuple[str, str]], given: Any
) -> tuple[str, list[dict[str, Any]]]:
    """A server variable that stands for a whole path (Matrix's ``{protocol}://{hostname}{basePath}``, ``basePath``
    defaulting to ``/_matrix/client/v3``) takes its default: the spec's paths are under that one. One within
    the host or a path segment (a subdomain, a port, BigCommerce's ``/stores/{store_hash}/v3``) is the
    connection's own and stays a property."""
    for name, variable in variables.items():
        default = str(variable.get("default") or "") if isinstance(variable, dict) else ""
        if not default.startswith("/") or "{" + name + "}" not in url:
            continue
        url = url.replace("{" + name + "}", default)
        properties = [p for p in properties if p["name"] != name]
        if not given:
            notes.append(("base URL", f"the server's path variable {name!r} is its default, {default!r}; "
                          "give base_url in the overlay for another"))  # fmt: skip
    return url, properties


def _requirements(document: dict[str, Any]) -> list[Any]:
    """The spec's security requirements: its own, then its operations' (as written: a path item given by
    reference is not followed for this)."""
    own = document.get("security")
    found = list(own) if isinstance(own, list) else []  # a reference there (Storyblok's) names no pair
    for item in (document.get("paths") or {}).values() if isinstance(document.get("paths"), dict) else ():
        for operation in item.values() if isinstance(item, dict) else ():
            if isinstance(operation, dict) and isinstance(operation.get("security"), list):
                found += operation["security"]
    return found


def _scheme(spec: Spec, raw: Any) -> Any:
    """A scheme with its reference followed; None for one in a file not beside the spec."""
    try:
        return spec.deref(raw)
    except UnresolvedReference:
        return None
