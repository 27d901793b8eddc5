"""Classify a third party's answer: a checked success to pass on, or an error that says what it was."""

from __future__ import annotations

import msgspec

from switchboard.catalog.registry import Connector
from switchboard.engine.outputs import CallResult
from switchboard.engine.pages import count_records, too_deep
from switchboard.engine.retry import parse_retry_after
from switchboard.errors import UpstreamError, UpstreamProtocolError
from switchboard.http import UpstreamResponse


def upstream_error(
    connector: Connector, response: UpstreamResponse, *, max_retry_after: float | None = None
) -> UpstreamError:
    """The third party's error answer, relayed with its status and body and a sentence saying what it was."""
    reason = _REASONS.get(response.status, "")
    message = f"{connector.definition.name} answered {response.status}{(' ' + reason) if reason else ''}"
    if _is_html(response):
        message += " with an HTML page"
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    # ``max_retry_after`` is given only for statuses whose Retry-After the policy honours.
    if retry_after is not None and max_retry_after is not None and retry_after > max_retry_after:
        message += (
            f"; it asked to wait {retry_after:.0f} s (Retry-After), "
            f"longer than Switchboard waits ({max_retry_after:g} s)"
        )
    return UpstreamError(
        message,
        status=response.status,
        body=response.body,
        content_type=response.content_type,
        retry_after=retry_after,
    )


def body_failure(connector: Connector, response: UpstreamResponse) -> UpstreamError | None:
    """The connector's success-in-body rule broken by a 2xx answer (Slack's ``ok: false``), if it is."""
    rule = connector.definition.success
    if rule is None or not _is_json(response):
        return None
    try:
        document = msgspec.json.decode(response.body)
    except (msgspec.DecodeError, RecursionError):
        return None  # checked_success reports malformed or too deep JSON
    if not isinstance(document, dict) or document.get(rule.path) == rule.equals:
        return None
    reason = document.get(rule.error) if rule.error else None
    said = f": {reason}" if isinstance(reason, str) and reason else ""
    refused = isinstance(reason, str) and reason in rule.auth_errors  # the executor refreshes on a 401
    return UpstreamError(
        f"{connector.definition.name} answered {response.status} but reported a failure{said}",
        status=401 if refused else rule.status,
        body=response.body,
        content_type=response.content_type,
    )


def checked_success(
    connector: Connector, response: UpstreamResponse, records_path: str | None = None
) -> tuple[CallResult, int]:
    """A single success answer as the call's result, once it is known to be the JSON it claims, and
    how many records it holds (counted in the syntax check's pass when the method names where they are)."""
    records = 0
    if not response.body.strip():
        # Deletes answer 204: say so in JSON, as Cyclr's connectors do.
        return CallResult(body=b'{"success":true}'), records
    # A success that is an HTML page (a proxy's or a login page) or broken JSON is no answer to pass on.
    if _is_html(response):
        raise UpstreamProtocolError(
            f"{connector.definition.name}'s answer is HTML, not the JSON this method expects "
            f"(status {response.status})",
            status=502,
        )
    if _is_json(response):
        try:
            if records_path is None:
                _SYNTAX.decode(response.body)
            else:
                records = count_records(response.body, records_path) or 0
        except msgspec.DecodeError:
            raise UpstreamProtocolError(
                f"{connector.definition.name}'s answer is malformed JSON (status {response.status}, "
                f"{len(response.body)} bytes)",
                status=502,
            ) from None
        except RecursionError:
            raise too_deep(f"{connector.definition.name}'s answer") from None
    return CallResult(body=response.body, content_type=response.content_type), records


# Checks the JSON's syntax while skipping over it: no Python objects are built, the bytes go on as
# they came (several times cheaper than parsing; string bytes are not checked to be UTF-8).
_SYNTAX = msgspec.json.Decoder(msgspec.Raw)


def _media_type(response: UpstreamResponse) -> str:
    return response.content_type.partition(";")[0].strip().lower()


def _is_html(response: UpstreamResponse) -> bool:
    return _media_type(response) in ("text/html", "application/xhtml+xml")


def _is_json(response: UpstreamResponse) -> bool:
    media_type = _media_type(response)
    return media_type == "application/json" or media_type.endswith("+json")


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
