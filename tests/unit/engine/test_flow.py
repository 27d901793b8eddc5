"""The pages-ahead window: ``parallel`` requests stay on the wire while earlier pages are shaped."""

from __future__ import annotations

from contextlib import aclosing

from switchboard.catalog.models import PageNumberPagination
from switchboard.engine.flow import page_flow
from switchboard.engine.paginators import paginator_for
from switchboard.http import OutboundRequest, UpstreamResponse
from tests.unit.engine.test_executor import call_state, executor
from tests.unit.fakes import ScriptedTransport, answer

PAGES = 12
COUNTED = PageNumberPagination(
    type="page_number",
    records="data",
    next="metadata.paging.next_page",
    total_pages="metadata.paging.total_pages",
)
LIST = OutboundRequest("GET", "https://api.example.com/v2/accounts")


def page(request: OutboundRequest) -> UpstreamResponse:
    number = int(request.query_value("page") or 1)
    paging = {"next_page": number + 1 if number < PAGES else None, "total_pages": PAGES}
    return answer(200, {"data": [{"id": number}], "metadata": {"paging": paging}})


async def test_the_window_stays_full_when_the_pages_ahead_are_already_in() -> None:
    # The transport answers at once: the pages ahead are in before the first is shaped, so
    # nothing makes the flow wait; the refills must still reach the wire page by page.
    transport = ScriptedTransport(*([page] * PAGES))
    paginator = paginator_for(COUNTED)
    flow = page_flow(
        executor(transport), call_state(), paginator, paginator.first(LIST), "data", max_pages=100, parallel=4
    )
    sent_when_taken = []
    numbers = []
    async with aclosing(flow) as pages:
        async for each in pages:
            sent_when_taken.append(len(transport.requests))
            numbers.append(bytes(each.records[0]))

    assert numbers == [f'{{"id":{n}}}'.encode() for n in range(1, PAGES + 1)]
    # When page n is handed over, the 4 pages after it have been asked for (as far as there are pages).
    assert sent_when_taken == [min(n + 4, PAGES) for n in range(1, PAGES + 1)]
