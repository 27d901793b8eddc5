"""Bulk jobs: a person upsert from open to done, and execution in the caller's own loop."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.unit.emulators.salesloft.support import ids


def _wait_done(api: httpx.Client, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job: dict[str, Any] = api.get(f"/v2/bulk_jobs/{job_id}").json()["data"]
        if job["state"] == "done":
            return job
        time.sleep(0.02)
    raise AssertionError("bulk job did not finish")


def test_bulk_person_upsert_lifecycle(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 1, email_address="existing@example.com", first_name="Old")
    job = api.post("/v2/bulk_jobs", json={"type": "person/upsert", "name": "June import"}).json()["data"]
    assert job["state"] == "open" and job["ready_to_execute"] is False and job["total"] == 0

    records = [
        {"upsert_key": "email_address", "email_address": "existing@example.com", "first_name": "New"},
        {"upsert_key": "email_address", "upsert_key_value": "fresh@example.com", "first_name": "Fresh"},
        {"upsert_key": "email_address", "first_name": "No key value"},
    ]
    added = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": records})
    assert added.json() == {"data": {"records": 3}}
    pending = api.get(f"/v2/bulk_jobs/{job['id']}/job_data").json()
    assert [d["status"] for d in pending["data"]] == ["pending"] * 3

    too_many = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": [{"a": 1}] * 5001})
    assert too_many.status_code == 422 and "data" in too_many.json()["errors"]

    emu.bulk_job_delay = 0.2
    ready = api.put(f"/v2/bulk_jobs/{job['id']}", json={"ready_to_execute": True}).json()["data"]
    assert ready["state"] == "executing" and ready["ready_to_execute"] is True and ready["total"] == 3
    late = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": [{"email_address": "x@y.z"}]})
    assert late.status_code == 422

    done = _wait_done(api, job["id"])
    assert (done["processed"], done["errors"]) == (3, 1)
    assert done["finished_at"] is not None
    results = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"per_page": 2}).json()
    assert [r["status"] for r in results["data"]] == ["success", "success"]
    assert results["data"][0]["resource"]["upsert_type"] == "update"
    assert results["data"][1]["resource"]["person"]["email_address"] == "fresh@example.com"
    rest = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"id[gt]": results["data"][-1]["id"]}).json()["data"]
    assert [r["status"] for r in rest] == ["error"]
    assert rest[0]["error"] == "email_address is required"
    errors_only = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"status[]": "error"}).json()["data"]
    assert len(errors_only) == 1

    names = {p["email_address"]: p["first_name"] for p in emu.records("people")}
    assert names == {"existing@example.com": "New", "fresh@example.com": "Fresh"}
    assert api.put(f"/v2/bulk_jobs/{job['id']}", json={"name": "late"}).status_code == 422
    assert ids(api.get("/v2/bulk_jobs", params={"state[]": "done"})) == [job["id"]]
    assert api.post("/v2/bulk_jobs", json={"type": "widget/explode"}).status_code == 422


async def test_serves_in_the_callers_loop_including_bulk_execution() -> None:
    emu = SalesloftEmulator()
    async with EmulatorServer(emu) as srv:
        headers = {"Authorization": f"Bearer {emu.api_key}"}
        async with httpx.AsyncClient(base_url=srv.url, headers=headers) as client:
            job = (await client.post("/v2/bulk_jobs.json", json={"type": "account/upsert"})).json()["data"]
            data = [{"upsert_key": "domain", "domain": f"d{n}.example.com", "name": f"D {n}"} for n in range(600)]
            await client.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": data})
            await client.put(f"/v2/bulk_jobs/{job['id']}", json={"ready_to_execute": True})
            for _ in range(200):
                state = (await client.get(f"/v2/bulk_jobs/{job['id']}")).json()["data"]
                if state["state"] == "done":
                    break
                await asyncio.sleep(0.01)
            assert (state["state"], state["processed"], state["errors"]) == ("done", 600, 0)
    assert len(emu.records("accounts")) == 600
