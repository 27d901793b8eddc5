"""Bulk jobs: create (state ``open``), upload job data, mark ``ready_to_execute``, poll, read results.

Marking a job ready moves it to ``executing`` and starts a task on the server's loop that
applies the records in chunks (yielding between them, so polls see progress) and finishes in
``done``. Supported types: ``person/upsert`` and ``account/upsert``, each record being the
parameters of the matching upsert endpoint. A record may also give its key's value as
``upsert_key_value`` (the shape some connectors send); it fills the field named by
``upsert_key`` when that field is absent.

Limits: at most 5,000 records per job-data call (422 beyond). The spec says there is no limit on
how many calls a job may receive, so there is no per-job cap. Job data is listed with cursor
paging (``id[gt]`` and ``per_page``), oldest first, as the spec describes.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable, Mapping
from typing import Any

from switchboard_emulators.salesloft.listing import DEFAULT_PER_PAGE, MAX_PER_PAGE
from switchboard_emulators.salesloft.params import as_bool, as_int, as_list
from switchboard_emulators.salesloft.rendering import render
from switchboard_emulators.salesloft.responses import ApiError, required, unprocessable
from switchboard_emulators.salesloft.schema import ref
from switchboard_emulators.salesloft.state import Store
from switchboard_emulators.salesloft.writers.accounts import upsert_account
from switchboard_emulators.salesloft.writers.base import Ctx, fresh
from switchboard_emulators.salesloft.writers.people import upsert_person

Record = dict[str, Any]
Upsert = Callable[[Ctx, Mapping[str, Any]], tuple[str, Record]]

MAX_RECORDS_PER_CALL = 5_000
CHUNK = 250
JOB_TYPES: dict[str, tuple[str, str, Upsert]] = {
    # type: (resource, result key, upsert)
    "person/upsert": ("people", "person", upsert_person),
    "account/upsert": ("accounts", "account", upsert_account),
}
JOB_STATES = ("open", "executing", "done")
DATA_STATUSES = ("pending", "success", "error", "retrying")


def _error_text(exc: ApiError) -> str:
    errors = exc.body.get("errors")
    if isinstance(errors, dict):
        return "; ".join(f"{field} {' and '.join(msgs)}" for field, msgs in errors.items())
    return str(exc.body.get("error", "Error"))


def _per_page(query: Mapping[str, Any]) -> int:
    raw = query.get("per_page")
    if raw in (None, ""):
        return DEFAULT_PER_PAGE
    try:
        value = as_int(raw)
    except ValueError:
        raise unprocessable({"per_page": ["must be an integer"]}) from None
    if not 1 <= value <= MAX_PER_PAGE:
        raise unprocessable({"per_page": [f"must be in the range [1, {MAX_PER_PAGE}]"]})
    return value


def _after_id(query: Mapping[str, Any]) -> int | None:
    raw = query.get("id")
    if raw is None:
        return None
    value = raw.get("gt") if isinstance(raw, dict) else None
    if value is None:
        raise unprocessable({"id": ["only supports the gt comparison, e.g. id[gt]=123"]})
    try:
        return as_int(value)
    except ValueError:
        raise unprocessable({"id": ["must be an integer"]}) from None


def _statuses(query: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> list[str]:
    values = as_list(query.get(name))
    bad = [v for v in values if v not in allowed]
    if bad:
        raise unprocessable({name: [f"must be one of: {', '.join(allowed)}"]})
    return values


class BulkJobs:
    """Bulk job endpoints' logic over the shared store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.delay = 0.0  # seconds a job waits in "executing" before it starts working
        self._tasks: set[asyncio.Task[None]] = set()

    # -- jobs --------------------------------------------------------------------------------

    def create(self, ctx: Ctx, params: Mapping[str, Any]) -> Record:
        job_type = params.get("type")
        if job_type in (None, ""):
            raise required("type")
        if job_type not in JOB_TYPES:
            raise unprocessable({"type": [f"must be one of: {', '.join(JOB_TYPES)}"]})
        with self.store.lock:
            job = fresh(ctx, "bulk_jobs")
            job.update(type=str(job_type), name=None if params.get("name") is None else str(params["name"]))
            return self.store.put("bulk_jobs", job)

    def update(self, ctx: Ctx, job: Record, params: Mapping[str, Any]) -> Record:
        if job["state"] != "open":
            raise unprocessable({"state": ["bulk job can only be updated while open"]})
        ready = False
        if params.get("ready_to_execute") not in (None, ""):
            try:
                ready = as_bool(params["ready_to_execute"])
            except ValueError:
                raise unprocessable({"ready_to_execute": ["must be true or false"]}) from None
        with self.store.lock:
            changed = dict(job)
            changed["updated_at"] = ctx.now()
            if "name" in params:
                changed["name"] = None if params["name"] is None else str(params["name"])
            if ready:
                changed.update(
                    ready_to_execute=True,
                    state="executing",
                    marked_ready_at=changed["updated_at"],
                    total=self._count(job["id"]),
                )
            self.store.put("bulk_jobs", changed)
        if ready:
            task = asyncio.get_running_loop().create_task(self._run(ctx, job["id"]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return changed

    def _count(self, job_id: int) -> int:
        return len(self._data(job_id, []))

    def list_jobs(self, query: Mapping[str, Any]) -> dict[str, Any]:
        per_page = _per_page(query)
        after = _after_id(query)
        states = _statuses(query, "state", JOB_STATES)
        with self.store.lock:
            jobs = self.store.sorted_records("bulk_jobs", "_by_id", lambda r: r["id"], False)
            start = 0 if after is None else bisect.bisect_right(jobs, after, key=lambda r: int(r["id"]))
            page: list[Record] = []
            for job in jobs[start:]:
                if not states or job["state"] in states:
                    page.append(job)
                    if len(page) == per_page:
                        break
        filtering: dict[str, Any] = {}
        if states:
            filtering["state"] = states
        if after is not None:
            filtering["id"] = {"gt": str(after)}
        return {"data": page, "metadata": {"filtering": filtering, "paging": {"per_page": per_page}}}

    # -- job data ----------------------------------------------------------------------------

    def add_data(self, ctx: Ctx, job: Record, params: Mapping[str, Any]) -> int:
        if job["state"] != "open" or job.get("ready_to_execute"):
            raise unprocessable({"bulk_job": ["is not open; job data can only be added to open jobs"]})
        data = params.get("data", params.get("_json"))
        if data is None or data == "":
            raise required("data")
        if not isinstance(data, list):
            raise unprocessable({"data": ["must be an array of objects"]})
        if len(data) > MAX_RECORDS_PER_CALL:
            raise unprocessable({"data": [f"must be {MAX_RECORDS_PER_CALL:,} records or less"]})
        if not all(isinstance(item, dict) for item in data):
            raise unprocessable({"data": ["must be an array of objects"]})
        with self.store.lock:
            now = ctx.now()
            bulk_ref = ref("bulk_jobs", job["id"])
            for item in data:
                record = fresh(ctx, "bulk_job_data")
                record.update(created_at=now, updated_at=now, bulk_job=bulk_ref, record=dict(item))
                self.store.put("bulk_job_data", record)
            current = self.store.get("bulk_jobs", job["id"]) or job
            self.store.put("bulk_jobs", {**current, "total": current["total"] + len(data), "updated_at": now})
        return len(data)

    def _data(self, job_id: int, statuses: list[str]) -> list[Record]:
        def compute() -> list[Record]:
            ordered = self.store.sorted_records("bulk_job_data", "_by_id", lambda r: r["id"], False)
            return [r for r in ordered if r["bulk_job"]["id"] == job_id and (not statuses or r["status"] in statuses)]

        return self.store.cached_query(("bulk_job_data", job_id, tuple(statuses)), compute)

    def list_data(self, job: Record, query: Mapping[str, Any], *, results: bool) -> dict[str, Any]:
        per_page = _per_page(query)
        after = _after_id(query)
        statuses = _statuses(query, "status", DATA_STATUSES)
        with self.store.lock:
            items = self._data(job["id"], statuses)
            if results:
                items = [r for r in items if r["status"] != "pending"]
            start = 0 if after is None else bisect.bisect_right(items, after, key=lambda r: int(r["id"]))
            window = items[start : start + per_page]
        if results:
            data = [{k: r[k] for k in ("id", "status", "record", "resource", "error")} for r in window]
        else:
            data = [{k: v for k, v in r.items() if k != "updated_at"} for r in window]  # not in JobData
        filtering: dict[str, Any] = {}
        if statuses:
            filtering["status"] = statuses
        if after is not None:
            filtering["id"] = {"gt": str(after)}
        return {"data": data, "metadata": {"filtering": filtering, "paging": {"per_page": per_page}}}

    # -- execution ---------------------------------------------------------------------------

    async def _run(self, ctx: Ctx, job_id: int) -> None:
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        job = self.store.get("bulk_jobs", job_id)
        if job is None:
            return
        resource, key, upsert = JOB_TYPES[job["type"]]
        with self.store.lock:
            started = ctx.now()
            pending = [r["id"] for r in self._data(job_id, ["pending"])]
            self.store.put("bulk_jobs", {**job, "started_at": started, "updated_at": started})
        for offset in range(0, len(pending), CHUNK):
            with self.store.lock:
                processed = errors = 0
                for data_id in pending[offset : offset + CHUNK]:
                    item = self.store.get("bulk_job_data", data_id)
                    if item is None:
                        continue
                    done = self._apply(ctx, item, resource, key, upsert)
                    self.store.put("bulk_job_data", done)
                    processed += 1
                    errors += done["status"] == "error"
                current = self.store.get("bulk_jobs", job_id)
                if current is None:
                    return
                self.store.put(
                    "bulk_jobs",
                    {
                        **current,
                        "processed": current["processed"] + processed,
                        "errors": current["errors"] + errors,
                        "updated_at": ctx.now(),
                    },
                )
            await asyncio.sleep(0)  # let polls and other requests in between chunks
        with self.store.lock:
            current = self.store.get("bulk_jobs", job_id)
            if current is not None:
                finished = ctx.now()
                self.store.put("bulk_jobs", {**current, "state": "done", "finished_at": finished,
                                             "updated_at": finished})  # fmt: skip

    def _apply(self, ctx: Ctx, item: Record, resource: str, key: str, upsert: Upsert) -> Record:
        params = dict(item["record"] or {})
        upsert_key = params.get("upsert_key")
        if upsert_key and "upsert_key_value" in params and params.get(str(upsert_key)) in (None, ""):
            params[str(upsert_key)] = params["upsert_key_value"]
        started = ctx.now()
        try:
            kind, record = upsert(ctx, params)
        except ApiError as exc:
            return {**item, "status": "error", "error": _error_text(exc), "started_at": started,
                    "finished_at": ctx.now(), "updated_at": ctx.now()}  # fmt: skip
        resource_body = {key: render(resource, record, self.store), "upsert_type": kind}
        return {**item, "status": "success", "resource": resource_body, "error": None, "started_at": started,
                "finished_at": ctx.now(), "updated_at": ctx.now()}  # fmt: skip

    async def shutdown(self) -> None:
        """Cancel running jobs when the server stops."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
