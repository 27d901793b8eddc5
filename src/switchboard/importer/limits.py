"""The bounds of one import, kept apart from parsing and mapping: size, depth, YAML aliases, counts, time.

A spec is hostile input: a 1 KB YAML alias bomb in a title expanded to gigabytes when the title
was turned into text, and a 50 MB spec took minutes and gigabytes. Each bound below ends the
import with a ``ConfigurationError`` that says which bound and how to get past it, before the
work it protects starts. The largest vendor specs (GitHub's and Chargebee's, 10-12 MB, about a
thousand operations each) are inside every default; an alias bomb is measured without being expanded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from switchboard.errors import ConfigurationError

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """What one import may take; ``switchboard connectors import`` can raise ``max_bytes``."""

    max_bytes: int = 32 * MB
    # Values and characters once every YAML alias is expanded, as a multiple of max_bytes:
    # a spec's text spelt out in full is about its own size, an alias bomb many times it.
    max_expansion: int = 4
    max_depth: int = 100
    max_operations: int = 5_000
    # Parameters and fields of one method (Intercom's largest has 608).
    max_inputs: int = 5_000
    seconds: float = 120.0

    def check_size(self, size: int, source: str) -> None:
        if size > self.max_bytes:
            raise ConfigurationError(
                f"{source}: the spec is {size / MB:.1f} MB, over the importer's limit of {self.max_bytes / MB:.0f} MB "
                "(raise it with --max-spec-mb if the spec is really this large)"
            )

    def check_document(self, document: Any, source: str) -> None:
        """Refuse a document that nests too deeply, refers to itself, or expands past the bound."""
        limit = self.max_bytes * self.max_expansion
        weight = _Walk(limit, self.max_depth, source).weigh(document)
        if weight > limit:
            raise ConfigurationError(
                f"{source}: the spec's YAML aliases (*name) expand it to more than {limit // MB} MB; "
                "a spec needs no alias repeated that often (an alias bomb?)"
            )

    def check_operations(self, count: int, source: str) -> None:
        if count > self.max_operations:
            raise ConfigurationError(
                f"{source}: the spec has {count} operations, over the importer's limit of {self.max_operations}"
            )

    def too_many_inputs(self, method: dict[str, Any]) -> str | None:
        """Why a mapped method is skipped for its size, or None."""
        count = len(method.get("parameters", [])) + len(method.get("fields", []))
        if count > self.max_inputs:
            return f"{count} parameters and fields, over the importer's limit of {self.max_inputs} per method"
        return None

    def deadline(self, source: str) -> Deadline:
        return Deadline(time.monotonic() + self.seconds, self.seconds, source)


@dataclass
class Deadline:
    """The import's time limit, checked between operations."""

    at: float
    seconds: float
    source: str

    def check(self, where: str) -> None:
        if time.monotonic() > self.at:
            raise ConfigurationError(
                f"{self.source}: the import ran past its time limit of {self.seconds:g} s (at {where}); "
                "the spec is too large or too intricate to import"
            )


@dataclass
class _Walk:
    """One pass over the parsed document, iterative (no recursion for a hostile depth to exhaust).

    An alias makes YAML share one node in several places: each node's expanded weight is
    worked out once and reused, so a bomb is measured without being expanded.
    """

    limit: int
    max_depth: int
    source: str
    _weights: dict[int, int] = field(default_factory=dict)
    _open: set[int] = field(default_factory=set)

    def weigh(self, root: Any) -> int:
        if not isinstance(root, dict | list):
            return _scalar(root)
        stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
        while stack:
            node, depth, leaving = stack.pop()
            key = id(node)
            if leaving:
                self._open.discard(key)
                self._weights[key] = min(self._sum(node), self.limit + 1)
                continue
            if key in self._weights:
                continue
            if key in self._open:
                raise ConfigurationError(f"{self.source}: a YAML alias refers to a node that contains it (a loop)")
            if depth > self.max_depth:
                raise ConfigurationError(f"{self.source}: the spec nests deeper than {self.max_depth} levels")
            self._open.add(key)
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in _children(node) if isinstance(child, dict | list))
        return self._weights[id(root)]

    def _sum(self, node: dict[Any, Any] | list[Any]) -> int:
        total = 1 + (sum(_scalar(k) for k in node) if isinstance(node, dict) else 0)
        for child in _children(node):
            total += self._weights[id(child)] if isinstance(child, dict | list) else _scalar(child)
            if total > self.limit:
                return total
        return total


def _children(node: dict[Any, Any] | list[Any]) -> Any:
    return node.values() if isinstance(node, dict) else node


def _scalar(value: Any) -> int:
    return 1 + len(value) if isinstance(value, str) else 1
