"""Connector definitions: the pydantic models that ``connectors/*/connector.yaml`` must satisfy.

Validate at the edge, then trust the types: every model forbids unknown keys and is frozen,
and cross-field rules (path placeholders, unique names) live in model validators. One module
per role; this package only re-exports. A trimmed example::

    key: salesloft
    name: Salesloft
    version: "2.0"
    base_url: https://api.salesloft.com
    auth:
      - {type: api_key, in: header, name: Authorization, format: "Bearer {key}"}
    rate_limits:
      - {name: team_minute, limit: 600, per: 60s, scope: account_connector,
         cost: {type: page_depth, param: page, tiers: [{from_page: 101, cost: 3}]}}
    pagination: {type: page_number, page_param: page, size_param: per_page, size: 100,
                 records: data, next: metadata.paging.next_page}
    retry: {type: standard, max_retries: 3, statuses: [500, 502, 503, 504]}
    methods:
      - name: Get person
        unique_id: 5b0d0c1e-4d2a-4c61-9d55-2f4f8f0b7a10
        http: GET /v2/people/{person_id}
        parameters:
          - {target: person_id, in: path, name: Person ID, type: integer, required: true}
"""

from switchboard.catalog.models.auth import ApiKeyAuth, AuthDef, ClientCredentialsAuth, OAuth2Auth
from switchboard.catalog.models.base import (
    DELIMITERS,
    BodyFormat,
    DataType,
    HttpVerb,
    MethodBodyFormat,
    Model,
    QueryStyle,
    parse_duration,
)
from switchboard.catalog.models.connector import ConnectorDef, PropertyDef, PropertySource, SuccessRule
from switchboard.catalog.models.inputs import WHOLE_BODY, FieldDef, ParameterDef, ResponseFieldDef, path_key
from switchboard.catalog.models.methods import MethodDef
from switchboard.catalog.models.outputs import DdlOutput, OutputDef, RawHttpOutput, StaticOption, StaticOutput
from switchboard.catalog.models.pagination import (
    CursorLinkPagination,
    CursorPagination,
    LinkHeaderPagination,
    MethodPagination,
    OffsetPagination,
    PageNumberPagination,
    PaginationDef,
)
from switchboard.catalog.models.rate_limits import CostTier, PageDepthCost, RateLimitDef
from switchboard.catalog.models.retry import BackoffDef, RetryDef
from switchboard.catalog.models.syncs import CursorCarriers, SyncCursor, SyncDef, SyncDeletes
from switchboard.catalog.models.verify import VerifyDef
from switchboard.catalog.models.webhooks import (
    BasicAuthSignature,
    ChallengeHandshake,
    EchoHeaderHandshake,
    HmacBodySignature,
    HmacRequestSignature,
    HmacTimestampedSignature,
    IntentToReceive,
    RouteDef,
    SignatureDef,
    TimestampDef,
    WebhooksDef,
)

__all__ = [
    "DELIMITERS",
    "WHOLE_BODY",
    "ApiKeyAuth",
    "AuthDef",
    "BackoffDef",
    "BasicAuthSignature",
    "BodyFormat",
    "ChallengeHandshake",
    "ClientCredentialsAuth",
    "ConnectorDef",
    "CostTier",
    "CursorCarriers",
    "CursorLinkPagination",
    "CursorPagination",
    "DataType",
    "DdlOutput",
    "EchoHeaderHandshake",
    "FieldDef",
    "HmacBodySignature",
    "HmacRequestSignature",
    "HmacTimestampedSignature",
    "HttpVerb",
    "IntentToReceive",
    "LinkHeaderPagination",
    "MethodBodyFormat",
    "MethodDef",
    "MethodPagination",
    "Model",
    "OAuth2Auth",
    "OffsetPagination",
    "OutputDef",
    "PageDepthCost",
    "PageNumberPagination",
    "PaginationDef",
    "ParameterDef",
    "PropertyDef",
    "PropertySource",
    "QueryStyle",
    "RateLimitDef",
    "RawHttpOutput",
    "ResponseFieldDef",
    "RetryDef",
    "RouteDef",
    "SignatureDef",
    "StaticOption",
    "StaticOutput",
    "SuccessRule",
    "SyncCursor",
    "SyncDef",
    "SyncDeletes",
    "TimestampDef",
    "VerifyDef",
    "WebhooksDef",
    "parse_duration",
    "path_key",
]
