"""A Swagger 2 header list read as its ``collectionFormat`` says it is written.

OpenAPI 3 writes a list in a header one way, ``simple``: comma-separated. A Swagger 2 header list may say
``ssv``, ``tsv`` or ``pipes`` instead, which no OpenAPI 3 style spells; ``swagger2.convert`` keeps the format on
the parameter as ``x-collectionFormat``. In the validator's copy such a header is JSON content
(``as_json_content``), and ``HeaderLists.read`` hands the validator the list the header's value is, split at
its own delimiter, each item cast as the schema says. A list joined with another delimiter is then one item,
which the items' schema judges, as the vendor's server reading it would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from switchboard_emulators.spec.brackets import JSON, cast
from switchboard_emulators.spec.document import Resolver
from switchboard_emulators.spec.form_lists import FORMAT_KEY, FORMATS


def _joined(param: Any) -> str | None:
    """The delimiter of a header list written with one other than a comma, else None."""
    if not isinstance(param, dict) or param.get("in") != "header":
        return None
    written = str(param.get(FORMAT_KEY))
    # csv is OpenAPI 3's simple style, which openapi-core reads itself; multi is no header's.
    return None if written == "csv" else FORMATS.get(written)


def as_json_content(param: Any) -> None:
    """In the validator's copy: a header list joined with a space, a tab or a pipe read as the JSON list
    ``HeaderLists.read`` makes of it."""
    if _joined(param) is None or "content" in param:
        return
    schema = param.pop("schema", {})
    for key in ("style", "explode"):
        param.pop(key, None)
    param["content"] = {JSON: {"schema": schema}}


@dataclass(frozen=True)
class HeaderLists:
    """One operation's header lists joined with other than a comma, found once per spec."""

    lists: tuple[tuple[str, str, Any], ...] = ()  # lower-case name, delimiter, schema
    resolver: Resolver | None = None

    @classmethod
    def of(cls, parameters: list[dict[str, Any]], resolver: Resolver) -> HeaderLists:
        found = [(str(p["name"]).lower(), delimiter, p.get("schema") or {})
                 for p in parameters if (delimiter := _joined(p)) is not None and p.get("name")]  # fmt: skip
        return cls(tuple(found), resolver)

    def read(self, headers: Mapping[str, str]) -> dict[str, str]:
        """``headers`` with each such list as JSON: its value split at its delimiter, the items cast."""
        out = dict(headers)
        if not self.lists or self.resolver is None:
            return out
        for name, delimiter, schema in self.lists:
            for key, value in out.items():
                if key.lower() == name:
                    items = value.split(delimiter) if value else []
                    out[key] = orjson.dumps(cast(items, schema, self.resolver)).decode()
        return out
