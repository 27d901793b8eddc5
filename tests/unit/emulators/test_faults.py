"""The emulators' fault facility, over real HTTP: which requests a fault hits, and what each kind does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault, Faults
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.salesloft import SalesloftEmulator

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
async def salesloft() -> AsyncIterator[tuple[SalesloftEmulator, httpx.AsyncClient]]:
    emulator = SalesloftEmulator()
    emulator.seed("accounts", 30)
    async with EmulatorServer(emulator) as server:
        headers = {"Authorization": f"Bearer {emulator.api_key}"}
        async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=5) as http:
            yield emulator, http


@pytest.fixture(scope="module")
async def cc() -> AsyncIterator[tuple[ConstantContactEmulator, httpx.AsyncClient]]:
    emulator = ConstantContactEmulator()
    emulator.per_second_limit = 1000
    emulator.seed("contacts", 12)
    async with EmulatorServer(emulator) as server:
        headers = {"Authorization": f"Bearer {emulator.issue_token_set()['access_token']}"}
        async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=5) as http:
            yield emulator, http


@pytest.fixture(autouse=True)
async def disarm(
    salesloft: tuple[SalesloftEmulator, httpx.AsyncClient], cc: tuple[ConstantContactEmulator, httpx.AsyncClient]
) -> AsyncIterator[None]:
    yield
    salesloft[0].faults.clear()
    cc[0].faults.clear()


async def test_times_skip_method_and_path_choose_the_requests_hit(
    salesloft: tuple[SalesloftEmulator, httpx.AsyncClient],
) -> None:
    emulator, http = salesloft
    fault = Fault("error", status=503, path_prefix="/v2/accounts", method="GET", times=2, skip=1)
    emulator.faults.arm(fault)
    assert (await http.get("/v2/team")).status_code == 200  # another path
    statuses = [(await http.get("/v2/accounts")).status_code for _ in range(4)]
    assert statuses == [200, 503, 503, 200]
    assert fault.fired == 2
    emulator.faults.clear()
    assert (await http.get("/v2/accounts")).status_code == 200


@pytest.mark.parametrize(
    ("fault", "status", "content_type", "header"),
    [
        pytest.param(Fault("error", status=502), 502, "application/json", None, id="error-502"),
        pytest.param(Fault("error", status=503, retry_after="7"), 503, "application/json", "7", id="error-503-retry"),
        pytest.param(Fault("rate_limited", retry_after="garbage"), 429, "application/json", "garbage", id="429"),
        pytest.param(Fault("malformed_json"), 200, "application/json", None, id="malformed-json"),
        pytest.param(Fault("html", status=200), 200, "text/html", None, id="html-200"),
        pytest.param(Fault("html"), 502, "text/html", None, id="html-502"),
    ],
)
async def test_answering_faults(
    salesloft: tuple[SalesloftEmulator, httpx.AsyncClient],
    fault: Fault,
    status: int,
    content_type: str,
    header: str | None,
) -> None:
    emulator, http = salesloft
    emulator.faults.arm(fault)
    response = await http.get("/v2/accounts")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers.get("Retry-After") == header
    if fault.kind == "malformed_json":
        with pytest.raises(ValueError):
            response.json()


async def test_slow_delays_a_normal_answer(salesloft: tuple[SalesloftEmulator, httpx.AsyncClient]) -> None:
    emulator, http = salesloft
    emulator.faults.arm(Fault("slow", delay=0.3))
    started = time.monotonic()
    response = await http.get("/v2/accounts")
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200 and len(response.json()["data"]) == 25


async def test_connection_faults(salesloft: tuple[SalesloftEmulator, httpx.AsyncClient]) -> None:
    emulator, http = salesloft
    emulator.faults.arm(Fault("reset"))
    with pytest.raises(httpx.TransportError):
        await http.get("/v2/accounts")
    emulator.faults.arm(Fault("truncated"))
    with pytest.raises(httpx.RemoteProtocolError):
        await http.get("/v2/accounts")
    emulator.faults.arm(Fault("hang"))
    with pytest.raises(httpx.ReadTimeout):
        await http.get("/v2/accounts", timeout=0.3)


async def test_clear_releases_a_hung_request(salesloft: tuple[SalesloftEmulator, httpx.AsyncClient]) -> None:
    emulator, http = salesloft
    emulator.faults.arm(Fault("hang"))
    pending = asyncio.ensure_future(http.get("/v2/accounts"))
    await asyncio.sleep(0.2)
    assert not pending.done()
    emulator.faults.clear()
    response = await asyncio.wait_for(pending, 2)
    assert response.status_code == 504


async def test_held_waits_for_release_then_answers_as_armed(
    salesloft: tuple[SalesloftEmulator, httpx.AsyncClient],
) -> None:
    """A held request goes on only when the test says: answered normally, or by an answering fault armed with it."""
    emulator, http = salesloft
    emulator.faults.arm(Fault("held", path_prefix="/v2/accounts"))
    pending = asyncio.ensure_future(http.get("/v2/accounts"))
    assert await asyncio.to_thread(emulator.faults.wait_held, 1, 5)
    assert not pending.done()
    emulator.faults.release()
    response = await asyncio.wait_for(pending, 5)
    assert response.status_code == 200 and len(response.json()["data"]) == 25
    assert not await asyncio.to_thread(emulator.faults.wait_held, 1, 0.05)  # let go, and its one time used

    accounts = "/v2/accounts"
    emulator.faults.arm(Fault("held", path_prefix=accounts), Fault("error", status=503, path_prefix=accounts))
    pending = asyncio.ensure_future(http.get("/v2/accounts"))
    assert await asyncio.to_thread(emulator.faults.wait_held, 1, 5)
    assert (await http.get("/v2/team")).status_code == 200  # only the matched request waits
    emulator.faults.release()
    assert (await asyncio.wait_for(pending, 5)).status_code == 503


async def test_page_faults_on_numbered_pages(salesloft: tuple[SalesloftEmulator, httpx.AsyncClient]) -> None:
    emulator, http = salesloft
    page = {"page": 2, "per_page": 10}
    emulator.faults.arm(Fault("repeat_next"))
    assert (await http.get("/v2/accounts", params=page)).json()["metadata"]["paging"]["next_page"] == 2
    emulator.faults.arm(Fault("endless_next"))
    last = {"page": 9, "per_page": 10}  # past the 30 records: normally the end
    assert (await http.get("/v2/accounts", params=last)).json()["metadata"]["paging"]["next_page"] == 10
    emulator.faults.arm(Fault("oversized_page", size=35))
    assert len((await http.get("/v2/accounts", params=page)).json()["data"]) == 35


async def test_page_faults_on_cursor_links(cc: tuple[ConstantContactEmulator, httpx.AsyncClient]) -> None:
    emulator, http = cc
    emulator.faults.arm(Fault("repeat_next"))
    assert (await http.get("/v3/contacts?limit=5")).json()["_links"]["next"]["href"] == "/v3/contacts?limit=5"
    emulator.faults.arm(Fault("endless_next", times=None))
    seen = set()
    url = "/v3/contacts?limit=5"
    for _ in range(6):  # 12 contacts end after 3 pages; these links go on, each one new
        response = await http.get(url)
        assert response.status_code == 200
        url = response.json()["_links"]["next"]["href"]
        assert url not in seen
        seen.add(url)
    emulator.faults.clear()
    emulator.faults.arm(Fault("oversized_page", size=40))
    assert len((await http.get("/v3/contacts?limit=5")).json()["contacts"]) == 40


async def test_arming_checks_the_fault() -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a pager"):
        Faults().arm(Fault("endless_next"))
