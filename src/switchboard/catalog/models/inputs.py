"""A method's inputs (parameters, body fields) and its documented response fields."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from switchboard.catalog.models.base import DataType, Model, QueryStyle

# The Location of a field that is the whole request body: a JSON array (JSON Patch, batch writes)
# or a scalar, which has no keys for fields to sit at, or an object whose keys no field list can name
# (a choice of objects with a map among them).
WHOLE_BODY = "$"


class ParameterDef(Model):
    """A value sent in the path (a MergeField), the query string or a header.

    ``target`` is the TargetName callers use; ``api_name`` the name on the wire when it differs.
    """

    target: str
    name: str
    in_: Literal["path", "query", "header"] = Field(alias="in")
    type: DataType = "string"
    required: bool = False
    description: str = ""
    # The values it takes; for an object (Salesloft's range filters), the member names it takes.
    values: list[str | int | float | bool] | None = None
    default: str | int | float | bool | None = None
    api_name: str | None = None
    style: QueryStyle | None = None
    # The lookup method (a ``ddl`` or ``static`` output of the same connector) whose options it takes.
    trigger: str | None = None

    @property
    def wire_name(self) -> str:
        return self.api_name or self.target


def path_key(key: str) -> str:
    """``key`` as one step of a dot path, its own dots escaped (``file.csv``: ``file\\.csv``), as an
    ``api_name`` writes a key that holds dots."""
    return key.replace(".", "\\.")


class FieldDef(Model):
    """A request body value at ``location`` (dot notation), sent at ``api_name`` when it differs (a dot
    written ``\\.`` there is part of its key: ``path_key``).

    ``location: "$"`` is the whole body (an array, a scalar or an object sent as JSON), the method's only field;
    with ``type: object`` the caller passes the JSON object (a ``/body`` RequestBody is that object).
    ``transform: key_value_object`` turns ``[{"key": k, "value": v}]`` into ``{k: v}``.
    ``format: binary``: the caller gives the bytes as base64 (in a multipart body, or
    ``{"content": base64, "filename": ..., "content_type": ...}``); the engine sends the bytes.
    """

    location: str
    name: str
    type: DataType = "string"
    required: bool = False
    description: str = ""
    values: list[str | int | float | bool] | None = None
    api_name: str | None = None
    transform: Literal["key_value_object"] | None = None
    trigger: str | None = None  # as ParameterDef.trigger
    format: Literal["binary"] | None = None
    # A list of scalars sent otherwise than the body writes lists (Swagger 2's formData ``collectionFormat``),
    # wherever the field is placed: comma, space, pipe or tab join it into one string in any body; the other
    # styles are a form's (``methods.check_field_styles`` refuses one its body would ignore).
    style: QueryStyle | None = None

    @property
    def wire_location(self) -> str:
        return self.api_name or self.location

    @property
    def whole_body(self) -> bool:
        return self.location == WHOLE_BODY


class ResponseFieldDef(Model):
    """A documented value of the answer, at ``location`` (dot notation).

    ``{location: data.email_address, name: Email Address, type: string}``
    """

    location: str
    name: str
    type: DataType = "string"
    description: str = ""
