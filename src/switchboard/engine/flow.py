"""The pages of one call, in order: one at a time with the next on the wire, or several ahead.

A cursor's next page is known only once a page has come, so it goes one page at a time, page
n+1 sent while page n is shaped. When the first page tells how many pages there are (a total
count or a page count, read by the paginator's ``pages_ahead``), the later pages are fetched up
to ``parallel`` at a time: each through the executor (so the rate limiter) as before, handed
over in page order, with at most ``parallel`` answers held. A failed page ends the call with
its error; the pages in flight are cancelled.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator

from switchboard.engine.executor import CallState, Executor
from switchboard.engine.pages import Page, last_of, split_page
from switchboard.engine.paginators import Paginator
from switchboard.engine.progress import failed_at, stopped_early
from switchboard.errors import RateLimited, UpstreamError, UpstreamProtocolError
from switchboard.http import OutboundRequest, UpstreamResponse

Fetch = asyncio.Task[UpstreamResponse]


async def page_flow(
    executor: Executor,
    state: CallState,
    paginator: Paginator | None,
    first: OutboundRequest,
    records_path: str,
    *,
    max_pages: int,
    parallel: int = 1,
) -> AsyncGenerator[Page]:
    """Each page from ``first`` (counted in ``state.budget.pages``); close it (``aclosing``) to cancel the rest."""
    budget = state.budget
    in_flight: deque[tuple[OutboundRequest, Fetch]] = deque([(first, _fetch(executor, state, first))])
    planned: deque[OutboundRequest] = deque()  # known ahead, not sent yet
    try:
        while in_flight:
            current, fetch = in_flight.popleft()
            try:
                response = await fetch
            except (RateLimited, UpstreamError) as exc:
                stopped_early(exc, budget, first, current)  # raises with how far it got and how to go on
                failed_at(exc, budget.pages, first, current)
                raise
            budget.pages += 1
            if in_flight or planned:  # a page known ahead, with more after it
                if planned and len(in_flight) < parallel:
                    # Refill the window before this page is scanned, and let the new fetches reach
                    # the wire: when the next pages are already in, nothing else awaits the loop
                    # until they are all shaped, and the provider would sit idle meanwhile.
                    while planned and len(in_flight) < parallel:
                        ahead = planned.popleft()
                        in_flight.append((ahead, _fetch(executor, state, ahead)))
                    await asyncio.sleep(0)
                page = split_page(response.body, records_path, budget.pages)
                if not page.records and paginator is not None and not paginator.empty_pages:
                    yield page  # a page with no records ends the list, as one at a time would
                    return  # the fetches sent after it are cancelled
                yield page
                continue
            page = split_page(response.body, records_path, budget.pages)
            # Read the next pointer before the page is handed over (the output clears it).
            following = (
                paginator.advance(current, page.document, len(page.records), response.headers, last_of(page))
                if paginator
                else None
            )
            if following is not None:
                if budget.pages >= max_pages:
                    raise _too_many(max_pages)
                if budget.pages == 1 and parallel > 1 and paginator is not None:
                    planned.extend(paginator.pages_ahead(current, page.document, following, max_pages))
                    if budget.pages + len(planned) > max_pages:
                        raise _too_many(max_pages)  # known now: no need to fetch the pages first
                    paginator.expect(list(planned))
                    if planned:
                        following = planned.popleft()  # the same page, as the plan names it
                in_flight.append((following, _fetch(executor, state, following)))
                while planned and len(in_flight) < parallel:
                    ahead = planned.popleft()
                    in_flight.append((ahead, _fetch(executor, state, ahead)))
                await _until_sent(in_flight[0][1])
            yield page
    finally:
        for _, fetch in in_flight:
            fetch.cancel()
        # Their errors (a later page failing too) are not the call's: the first failure in page order is.
        await asyncio.gather(*(fetch for _, fetch in in_flight), return_exceptions=True)


def _fetch(executor: Executor, state: CallState, request: OutboundRequest) -> Fetch:
    return asyncio.ensure_future(executor.send(state, request))


def _too_many(max_pages: int) -> UpstreamProtocolError:
    return UpstreamProtocolError(
        f"The answer has more than {max_pages} pages (the per-call limit); "
        "narrow the request with filters or ask for a page",
        status=502,
    )


async def _until_sent(fetch: Fetch) -> None:
    """Let a just-started fetch run up to its wait for the answer, so shaping overlaps the network."""
    for _ in range(8):  # pacing, authentication, taking a pooled connection, writing the request
        if fetch.done():
            return
        await asyncio.sleep(0)
