"""The base of every definition model, the shared value types, and durations such as ``60s``."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

DataType = Literal["string", "integer", "number", "boolean", "datetime", "date", "object", "array", "any"]
HttpVerb = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
BodyFormat = Literal["json", "form", "xml"]
# A method's own body may also be ``raw`` (its one field is the whole body, sent as text or as the
# bytes of base64, under the method's ``content_type``) or ``multipart`` (multipart/form-data parts).
MethodBodyFormat = Literal["json", "form", "xml", "raw", "multipart"]
# "form": an object's keys as their own pairs (OpenAPI form + explode: ``user_id=1``, no name).
# "indices": list items numbered, in queries and form bodies (Stripe's ``expand[0]=a``, ``items[0][price]=p``).
# "comma", "space", "pipe", "tab": a list of scalars as one value, joined (Swagger 2's csv, ssv, pipes, tsv).
QueryStyle = Literal["repeat", "brackets", "comma", "space", "pipe", "tab", "form", "indices"]
DELIMITERS: dict[str, str] = {"comma": ",", "space": " ", "pipe": "|", "tab": "\t"}

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}

# An HTTP field name (RFC 9110 token): a header parameter named otherwise (CR/LF from a hostile
# spec) would split the request; the importer skips it and the engine refuses to send it.
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

# How a duration may be written in YAML; only the exported JSON Schema uses it (validators call parse_duration).
DurationText = Annotated[str, Field(pattern=_DURATION.pattern)]


def parse_duration(value: str | float | int) -> float:
    """Seconds from ``250ms``, ``1s``, ``60s``, ``1m``, ``1d`` or a plain number."""
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a duration such as 1s, 60s, 1m or 1d")
    return float(match.group(1)) * _DURATION_UNITS[match.group(2)]


class Model(BaseModel):
    """Base of every definition model: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
