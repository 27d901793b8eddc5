"""One callable operation of a connector (an entry of ``methods:``)."""

from __future__ import annotations

import re
import uuid

from pydantic import Field, field_validator, model_validator

from switchboard.catalog.models.base import DELIMITERS, BodyFormat, HttpVerb, MethodBodyFormat, Model
from switchboard.catalog.models.inputs import FieldDef, ParameterDef, ResponseFieldDef
from switchboard.catalog.models.outputs import OutputDef, StaticOutput
from switchboard.catalog.models.pagination import MethodPagination, PaginationDef

_PLACEHOLDER = re.compile(r"{([^{}]+)}")
_NESTED = re.compile(r"(?<!\\)\.")  # a dot that is no escaped part of a key: the field sits inside an object
OWN_HOST = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$")  # a method's own base URL
# A media type, with parameters as a spec names them (``application/json; charset=utf-8``), never a line break.
_WORD = r"[A-Za-z0-9!#$&^_.+-]+"  # an RFC 9110 token
MEDIA_TYPE = rf'^[a-z]+/[A-Za-z0-9.!#$&^_+-]+(; {_WORD}=({_WORD}|"[^"\\\r\n]*"))*$'


class MethodDef(Model):
    """One callable operation of a connector.

    ``{name: Get person, unique_id: 5b0d0c1e-..., http: GET /v2/people/{person_id}, parameters: [...]}``
    """

    name: str
    unique_id: uuid.UUID
    description: str = ""
    category: str = ""
    http: str | None = None
    parameters: list[ParameterDef] = []
    fields: list[FieldDef] = []
    response_fields: list[ResponseFieldDef] = []
    body_format: MethodBodyFormat | None = None
    # The body's media type: JSON under another name (``application/vnd.api+json``) or with parameters
    # (``application/json; charset=utf-8``), or a raw body's (``application/octet-stream``, ``text/plain``).
    content_type: str | None = Field(default=None, pattern=MEDIA_TYPE)
    body_root: str | None = None
    # The vendor requires a body even when none of its fields is: send ``{}`` when no field is given.
    body_required: bool = False
    # The connector's strategy with some keys overridden, or, given with its own ``type``, a strategy of the
    # method's own: an API whose lists do not all page alike (Datadog's offsets beside its page numbers).
    pagination: PaginationDef | MethodPagination | None = None
    output: OutputDef | None = None
    raw_http: bool = False
    # Where this method's requests go when not the connector's base URL: another host of the same API
    # (Stripe takes file uploads at https://files.stripe.com only). A fixed URL, no placeholders.
    base_url: str | None = Field(default=None, pattern=OWN_HOST.pattern)

    @property
    def verb(self) -> HttpVerb:
        return (self.http or "GET /").split(" ", 1)[0]  # type: ignore[return-value]

    @property
    def path(self) -> str:
        return (self.http or "GET /").split(" ", 1)[1]

    @property
    def calls_upstream(self) -> bool:
        return not isinstance(self.output, StaticOutput)

    @field_validator("http")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = value.split(" ")
        if len(parts) != 2 or parts[0] not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
            raise ValueError("http must be '<VERB> /path', e.g. 'GET /v2/people/{person_id}'")
        if not parts[1].startswith("/"):
            raise ValueError("the path must start with /")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> MethodDef:
        if self.http is None and self.calls_upstream:
            raise ValueError("http is required (only methods with a static output call nothing)")
        targets = [p.target for p in self.parameters]
        if len(set(targets)) != len(targets):
            raise ValueError(f"parameter targets repeat: {sorted(t for t in targets if targets.count(t) > 1)}")
        locations = [f.location for f in self.fields]
        if len(set(locations)) != len(locations):
            raise ValueError(f"field locations repeat: {sorted(x for x in locations if locations.count(x) > 1)}")
        placeholders = set(_PLACEHOLDER.findall(self.path))
        path_params = {p.target for p in self.parameters if p.in_ == "path"}
        if placeholders != path_params:
            raise ValueError(
                f"path placeholders {sorted(placeholders)} must match the 'in: path' parameters {sorted(path_params)}"
            )
        if any(f.whole_body for f in self.fields):
            self._whole_body_alone()
        self._content_type_fits()
        # DELETE may carry a body (some vendors require one: Jira, Intercom, Pipedrive); GET may not.
        if (self.fields or self.body_required) and self.verb == "GET" and not self.raw_http:
            raise ValueError("GET methods take parameters, not body fields")
        return self

    def _whole_body_alone(self) -> None:
        """A whole-body field (``location: "$"``) is the body: nothing else can sit beside it."""
        if len(self.fields) != 1:
            raise ValueError('a field at location "$" is the whole body: it must be the method\'s only field')
        if self.body_root or (self.body_format or "json") not in {"json", "raw"} or self.fields[0].api_name:
            raise ValueError(
                'a field at location "$" is sent as JSON or raw: no body_root, api_name or other body_format'
            )

    def _content_type_fits(self) -> None:
        """A raw body is one whole-body field; a content type names JSON only for a JSON body."""
        if self.body_format == "raw" and not (len(self.fields) == 1 and self.fields[0].whole_body):
            raise ValueError('a raw body is one field at location "$"')
        if self.body_format == "multipart" and (self.body_root or any(f.whole_body for f in self.fields)):
            raise ValueError('a multipart body is made of fields: no body_root or field at location "$"')
        if self.content_type is None or self.body_format == "raw":
            return
        if self.body_format == "multipart":
            if self.content_type != "multipart/form-data":
                raise ValueError("a multipart body's content_type is multipart/form-data")
            return
        kind, parameters = self.content_type.split(";")[0], ";" in self.content_type
        own_json = kind.startswith("application/") and kind.endswith("+json")
        if not own_json and not (kind == "application/json" and parameters):
            raise ValueError(
                "content_type names a JSON type (application/...+json, or application/json with parameters) "
                "unless body_format is raw"
            )


def check_field_styles(method: MethodDef, default: BodyFormat) -> None:
    """A field's list ``style`` must mean something where the field goes (the connector's ``default`` body
    format unless the method names its own): a delimited one (comma, space, pipe, tab) joins the list into one
    string in any body; the others are how a form writes a list's keys, and in multipart, ``repeat`` a part
    each at the top level. Anywhere else a list is sent as a list, and the style would be silently ignored."""
    body_format = method.body_format or default
    for field in method.fields:
        style = field.style
        if style is None or (style in DELIMITERS and not field.whole_body) or body_format == "form":
            continue
        if body_format == "multipart" and style == "repeat" and not _NESTED.search(field.wire_location):
            continue
        where = "the whole body" if field.whole_body else f"the method's {body_format} body"
        raise ValueError(
            f"method {method.name!r}: field {field.location!r} has style {style!r}, which {where} cannot send "
            "(a form writes a list in any style; elsewhere comma, space, pipe or tab send it joined as one "
            "string): leave style out or give one of those"
        )
