"""Which tools a caller sees: one per method of each authenticated account connector in its scope."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from switchboard.catalog.models import DdlOutput, StaticOutput
from switchboard.catalog.registry import Connector, Method, Registry
from switchboard.engine.request.raw_http import VERBS as RAW_VERBS
from switchboard.mcp.schemas import input_schema, tool_name
from switchboard.store.account_connectors import Installed
from switchboard.store.mcp_tokens import TokenScope


@dataclass(frozen=True, slots=True)
class Tool:
    """A method of one account connector, as an agent sees it."""

    name: str
    description: str
    input_schema: dict[str, Any]
    account_connector_id: int
    method: Method

    @property
    def read_only(self) -> bool:
        return is_read_only(self.method)

    @property
    def annotations(self) -> dict[str, Any]:
        """MCP tool annotations, from what the method can do upstream, not from its declared verb."""
        verbs = verbs_of(self.method)
        return {
            "title": self.method.name,
            "readOnlyHint": self.read_only,
            "destructiveHint": bool(verbs & {"DELETE", "PUT", "PATCH"}),
            "idempotentHint": verbs <= {"GET", "PUT", "DELETE"},
            "openWorldHint": True,
        }


def verbs_of(method: Method) -> frozenset[str]:
    """Every HTTP verb ``method`` may send: a Raw HTTP method sends whichever its caller picks."""
    if not method.definition.calls_upstream:
        return frozenset()
    if method.definition.raw_http:
        return RAW_VERBS
    return frozenset({method.definition.verb})


def is_read_only(method: Method) -> bool:
    """Only methods that can send nothing but GETs (and DDLs, static option lists) change nothing upstream.

    A Raw HTTP method is declared as a GET but its caller chooses the verb, so it is never read-only.
    """
    return verbs_of(method) <= {"GET"}


def narrowed(tools: Iterable[Tool], query: str = "", category: str = "", read_only: bool = False) -> list[Tool]:
    """The tools whose name, method name, category or description holds every word of ``query`` (any case), of
    ``category`` (its name, any case), and only read-only ones with ``read_only``: a list a model's API takes
    (OpenAI's takes at most 128 tools; GitHub's connector has 857 methods)."""
    words = query.casefold().split()
    wanted = category.strip().casefold()
    found: list[Tool] = []
    for tool in tools:
        definition = tool.method.definition
        if wanted and (definition.category or "").casefold() != wanted:
            continue
        if read_only and not is_read_only(tool.method):
            continue
        text = " ".join((tool.name, tool.method.name, definition.category or "", tool.description)).casefold()
        if all(word in text for word in words):
            found.append(tool)
    return found


def tools_for(registry: Registry, installed: Sequence[Installed], scope: TokenScope | None) -> list[Tool]:
    """The account's tools in install order; a connector installed twice gets ``_<id>`` on its later copies."""
    tools: list[Tool] = []
    copies = Counter(a.connector_key for a in installed)
    for account_connector, connector, suffix in _in_order(registry, installed):
        if account_connector.auth_state != "authenticated":
            continue
        # Two connections to one app: each copy's descriptions say which connection it acts in.
        label = _label(account_connector) if copies[connector.key] > 1 else ""
        if scope is None:  # the whole list, the same for every caller: built once per connection and name
            tools.extend(_connection_tools(connector, account_connector.id, suffix, label))
        elif scope.allows_connector(account_connector.id):
            tools.extend(_tools(connector, account_connector.id, suffix, _allowed(connector, scope), label))
    return tools


def _in_order(registry: Registry, installed: Sequence[Installed]) -> Iterator[tuple[Installed, Connector, str]]:
    """Each connection of a known connector in install order, with the suffix its tools' names take."""
    seen_keys: set[str] = set()
    for account_connector in sorted(installed, key=lambda a: a.id):
        connector = registry.by_key.get(account_connector.connector_key)
        if connector is None:
            continue
        # Names depend on install order only, so one connection's sign-in does not rename another's tools.
        yield account_connector, connector, str(account_connector.id) if connector.key in seen_keys else ""
        seen_keys.add(connector.key)


def _allowed(connector: Connector, scope: TokenScope) -> list[Method]:
    return [
        m
        for m in connector.methods
        if scope.allows_method(m.unique_id) and not (scope.read_only and not is_read_only(m))
    ]


def _label(account_connector: Installed) -> str:
    name = " ".join(account_connector.name.split())[:80]
    return f"connection {account_connector.id}" + (f" '{name}'" if name else "")


def signed_out_owner(
    registry: Registry, installed: Sequence[Installed], scope: TokenScope | None, name: str
) -> tuple[Installed, str] | None:
    """The connection in ``scope`` that is not authenticated whose tool ``name`` would be, with its connector's name.

    Its tools are not listed, but a model that saw them before the sign-out (or a reconnect) should be
    told why the call fails, not that no such tool exists.
    """
    for account_connector, connector, suffix in _in_order(registry, installed):
        if account_connector.auth_state == "authenticated":
            continue
        if scope is None:
            tools: Iterable[Tool] = _connection_tools(connector, account_connector.id, suffix)
        elif scope.allows_connector(account_connector.id):
            tools = _tools(connector, account_connector.id, suffix, _allowed(connector, scope))
        else:
            continue
        if any(tool.name == name for tool in tools):
            return account_connector, connector.definition.name
    return None


def tools_by_name(registry: Registry, installed: Sequence[Installed], scope: TokenScope | None) -> Mapping[str, Tool]:
    """The tools of ``tools_for`` by name; for a partner's own token, built once per account's list."""
    if scope is None:
        return _all_by_name(registry, tuple(installed))
    return {tool.name: tool for tool in tools_for(registry, installed, scope)}


@functools.lru_cache(maxsize=1024)
def _all_by_name(registry: Registry, installed: tuple[Installed, ...]) -> Mapping[str, Tool]:
    return MappingProxyType({tool.name: tool for tool in tools_for(registry, installed, None)})


@functools.lru_cache(maxsize=4096)
def _connection_tools(
    connector: Connector, account_connector_id: int, suffix: str, label: str = ""
) -> tuple[Tool, ...]:
    return tuple(_tools(connector, account_connector_id, suffix, connector.methods, label))


def _tools(
    connector: Connector, account_connector_id: int, suffix: str, methods: Iterable[Method], label: str = ""
) -> list[Tool]:
    tools: list[Tool] = []
    names: set[str] = set()
    for method in methods:
        name = tool_name(connector.key, method.name, suffix)
        if name in names:  # two methods with one name: the later one is told apart by its id
            name = tool_name(connector.key, method.name, f"{suffix}_{method.id}".strip("_"))
        names.add(name)
        description = method.definition.description or method.name
        if isinstance(method.definition.output, DdlOutput | StaticOutput):
            description = _lookup_description(method.name, description)
        tools.append(
            Tool(
                name=name,
                description=f"{connector.definition.name}{f' ({label})' if label else ''}: {description}",
                input_schema=input_schema(method),
                account_connector_id=account_connector_id,
                method=method,
            )
        )
    return tools


# What Cyclr's definitions say of every DDL: true of its designer, no help to a model choosing a tool.
_CYCLR_DDL_NOTE = "Note that DDL operations can only be called"


def _lookup_description(name: str, description: str) -> str:
    """A lookup (a drop-down's choices) described by what it answers, and its own words when they say more."""
    said = "" if description.startswith(_CYCLR_DDL_NOTE) or description == name else f" {description}"
    return (
        f'{name}: the choices a drop-down offers, answered as {{"result": [{{"text": ..., "value": ...}}]}}; '
        f"a value is what other tools' inputs take.{said}"
    )
