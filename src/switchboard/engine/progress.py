"""What a call reports when it does not run to the end: a dry run's request, an early stop's progress."""

from __future__ import annotations

import orjson

from switchboard.engine.executor import CallState
from switchboard.engine.outputs import CallResult
from switchboard.engine.trace import Exchange, Redactor
from switchboard.errors import RateLimited, SwitchboardError, UpstreamError, UpstreamUnavailable
from switchboard.http import Budget, OutboundRequest


async def dry_run_result(state: CallState, request: OutboundRequest | None) -> CallResult:
    """``{"DryRun": true, "Request": {Method, Url, Headers, Body}}``: signed, secrets redacted, nothing sent.

    ``Request`` is null for a method that answers without calling the provider (a static list).
    """
    shown = None
    if request is not None:
        signed = await state.auth.authorize(request)
        shown = Redactor(state.secrets()).exchange(Exchange(request=signed))["Request"]
    return CallResult(body=orjson.dumps({"DryRun": True, "Request": shown}))


def stopped_early(exc: Exception, budget: Budget, first: OutboundRequest, current: OutboundRequest) -> None:
    """After at least one page, a rate limit or the call's time running out ends the call with its progress.

    The error says how many pages and records came back and which query values ask for the page
    it stopped at, so the caller can go on from there (in a later call, page by page).
    """
    timed_out = isinstance(exc, UpstreamUnavailable) and exc.status == 504
    limited = isinstance(exc, RateLimited) or (isinstance(exc, UpstreamError) and exc.status == 429)
    if budget.pages == 0 or not (timed_out or limited):
        return
    in_body = _body_changes(first.body, current.body)
    resume = _query_changes(first, current) | in_body
    at = ", ".join(f"{k}={v}" for k, v in resume.items()) or "the next page"
    retry_after = getattr(exc, "retry_after", None)
    if limited:
        wait = f" of {retry_after:.0f} s" if retry_after else ""
        why = f"a rate limit asks for a wait{wait} longer than the call may spend"
    else:
        why = f"it ran out of its time limit ({budget.seconds:g} s)" if budget.seconds else "it ran out of time"
    message = (
        f"The call stopped after {budget.pages} page(s) and {budget.records} record(s): {why}. "
        f"Ask for the rest page by page, starting with {at} "
        f"({'in the RequestBody' if in_body else 'as a Parameter'})."
    )
    if limited:
        raise RateLimited(
            message, retry_after=float(retry_after or 1.0), PagesFetched=budget.pages, ResumeWith=resume
        ) from None
    raise UpstreamUnavailable(message, status=504, PagesFetched=budget.pages, ResumeWith=resume) from None


def failed_at(exc: SwitchboardError, pages: int, first: OutboundRequest, current: OutboundRequest) -> None:
    """Name the page that failed after ``pages`` good ones (with pages ahead, the first failure in page order).

    ``FailedPage``: the query values (or body members) that ask for it, as ``ResumeWith`` does;
    nothing for the first page.
    """
    if pages == 0:
        return
    failed = _query_changes(first, current) | _body_changes(first.body, current.body)
    exc.context.setdefault("PagesFetched", pages)
    exc.context.setdefault("FailedPage", failed)
    exc.message = f"{exc.message} (page {pages + 1}, after {pages} page(s) came back)"


def _query_changes(first: OutboundRequest, current: OutboundRequest) -> dict[str, str]:
    """The query values that differ from the first page's: what asks for ``current``'s page."""
    before = dict(first.query)
    return {k: v for k, v in current.query if before.get(k) != v}


def _body_changes(first: bytes | None, current: bytes | None) -> dict[str, str]:
    """The JSON body's top-level members that differ from the first page's: a cursor in the body (Notion)."""
    if current is None or current == first:
        return {}
    try:
        before, now = orjson.loads(first or b"{}"), orjson.loads(current)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(before, dict) or not isinstance(now, dict):
        return {}
    return {k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in now.items() if before.get(k) != v}
