"""The delivery worker: claims due deliveries, posts them signed, records each attempt."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from switchboard.events.cyclr_payload import transaction_error
from switchboard.events.deliveries import Claimed, Outcome, claim, expire, record_attempts, release
from switchboard.events.signing import signed_headers
from switchboard.events.targets import REFUSED, GuardedResolver, TargetPolicy, TargetRefused
from switchboard.http.aiohttp_transport import shared_session
from switchboard.store.db import Database
from switchboard.store.outage import RoundLog

log = logging.getLogger("switchboard.events")

# The default schedule (seconds after each failed attempt): about 27 hours in all, then failed.
DEFAULT_SCHEDULE = (5.0, 60.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """Waits between attempts, each stretched or shrunk by up to ``jitter`` (a fraction)."""

    waits: Sequence[float] = DEFAULT_SCHEDULE
    jitter: float = 0.2

    def after(self, attempt: int) -> float | None:
        """The wait after failed attempt number ``attempt`` (1-based); None when the schedule is spent."""
        if attempt > len(self.waits):
            return None
        base = self.waits[attempt - 1]
        return base * (1 + random.uniform(-self.jitter, self.jitter))


class DeliveryWorker:
    """One per process; on PostgreSQL any number of them share the queue without sending one attempt twice."""

    def __init__(
        self,
        db: Database,
        decrypt: Callable[[str], str],
        *,
        schedule: RetrySchedule,
        timeout: float,
        poll_seconds: float,
        batch: int = 50,
        chain: int = 100,
        concurrency: int = 32,
        targets: TargetPolicy | None = None,
        keep_seconds: float = 30 * 86400.0,
        retention_interval: float = 3600.0,
    ) -> None:
        self._rounds = RoundLog(log, "webhook delivery")
        self._db = db
        self._decrypt = decrypt
        self._schedule = schedule
        self._timeout = timeout
        self._poll = poll_seconds
        self._batch = batch
        self._chain = chain
        self._sending = asyncio.Semaphore(concurrency)
        # A run on one key is sent one after another; past this it stops and gives the rest back, so
        # every send starts well inside the claim's lease (timeout + 30 s) and no one is sent twice.
        self._round_seconds = 20.0
        self._targets = targets or TargetPolicy()
        self._keep = keep_seconds
        self._retention_interval = retention_interval
        self._next_expiry = 0.0  # monotonic: the first round expires at once
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        # Counts for metrics (exposed later by /metrics): attempts by outcome.
        self.delivered = 0
        self.failed_attempts = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-delivery")

    def wake(self) -> None:
        """Look for due deliveries now rather than at the next poll."""
        self._wake.set()

    async def stop(self, drain: float = 0.0) -> None:
        """Stop; with ``drain``, first send what is due for up to that many seconds. A send cut short stays
        claimed until its lease passes, then is sent again (at least once, never lost)."""
        if self._task is not None and drain > 0:
            self._stopping = True
            self._wake.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), drain)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()

    async def run_once(self) -> int:
        """Claim a batch (each key's oldest due delivery and the due ones after it), send it, record every
        outcome in one transaction; the number attempted.

        Keys are sent concurrently (bounded), each key's run in order, stopping at its first failure:
        what follows a failure waits behind its retry, given back unattempted.
        """
        async with self._db.writing(), self._db.session() as session:  # a turn: see Database.writing
            claimed = await claim(
                session,
                limit=self._batch,
                lease=self._timeout + 30,
                lock_rows=not self._db.is_sqlite,
                chain=self._chain,
            )
        if not claimed:
            return 0
        deadline = time.monotonic() + self._round_seconds
        runs: dict[tuple[int, str], list[Claimed]] = {}
        for one in claimed:
            runs.setdefault((one.endpoint_id, one.ordering_key), []).append(one)
        done = await asyncio.gather(*(self._send_run(run, deadline) for run in runs.values()))
        results = []
        for attempted in done:
            for one, outcome in attempted:
                if outcome.ok:
                    self.delivered += 1
                else:
                    self.failed_attempts += 1
                results.append((one, outcome, None if outcome.ok else self._schedule.after(one.attempt)))
        sent = {one.delivery_id for one, _, _ in results}
        async with self._db.writing(), self._db.session() as session:
            await record_attempts(session, results)
            await release(session, [c for c in claimed if c.delivery_id not in sent])
        return len(results)

    async def _send_run(self, run: list[Claimed], deadline: float) -> list[tuple[Claimed, Outcome]]:
        """One key's deliveries in order, up to the first that fails or the round's deadline."""
        attempted = []
        async with self._sending:
            for one in run:
                if time.monotonic() > deadline:
                    break
                outcome = await self._send(one)
                attempted.append((one, outcome))
                if not outcome.ok:
                    break
        return attempted

    async def expire(self) -> int:
        """Delete finished deliveries past the keep window (``SWITCHBOARD_WEBHOOK_KEEP_SECONDS``)."""
        async with self._db.session() as session:
            return await expire(session, time.time() - self._keep)

    async def _run(self) -> None:
        while True:
            try:
                if time.monotonic() >= self._next_expiry:
                    self._next_expiry = time.monotonic() + self._retention_interval
                    await self.expire()
                sent = await self.run_once()
                self._rounds.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database away for a moment must not end delivery for good
                self._rounds.failed(exc)
                sent = 0
            if sent == 0:
                if self._stopping:
                    return  # nothing due is left
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll)

    async def _send(self, claimed: Claimed) -> Outcome:
        if self._targets.literal_refused(claimed.url):
            return Outcome(None, f"The receiver's URL points at {REFUSED}", 0.0)
        body = orjson.dumps(_payload(claimed))
        headers = signed_headers(self._decrypt(claimed.secret_encrypted), claimed.event_id, time.time(), body)
        started = time.perf_counter()
        try:
            async with self._http().post(claimed.url, data=body, headers=headers, allow_redirects=False) as answer:
                await answer.content.read(64 * 1024)  # a receiver's body is not ours to keep
                status: int | None = answer.status
                error = None if 200 <= answer.status < 300 else f"The receiver answered {answer.status}"
        except TimeoutError:
            status, error = None, f"The receiver did not answer within {self._timeout:g} s"
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            if isinstance(exc, TargetRefused) or isinstance(exc.__cause__, TargetRefused):
                status, error = None, f"The receiver's host resolves only to {REFUSED}"
            else:
                # Only the kind of failure: an exception's text may quote the URL and its credentials.
                status, error = None, f"The receiver could not be reached ({type(exc).__name__})"
        return Outcome(status, error, (time.perf_counter() - started) * 1000)

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(resolver=GuardedResolver(self._targets))
            timeout = aiohttp.ClientTimeout(total=self._timeout)
            self._session = shared_session(connector, timeout=timeout)  # every partner's receivers: no cookies
        return self._session


def _payload(claimed: Claimed) -> dict[str, Any]:
    """The event as every endpoint gets it; an account's Cyclr transaction-error webhook gets Cyclr's members too."""
    timestamp = _iso(claimed.created_at)
    payload: dict[str, Any] = {"type": claimed.event_type, "timestamp": timestamp, "data": claimed.data}
    if claimed.transaction_errors_of is not None:
        api_id, name = claimed.transaction_errors_of
        payload.update(transaction_error(claimed.event_type, claimed.event_id, timestamp, claimed.data, api_id, name))
    return payload


def _iso(epoch: float) -> str:
    moment = time.gmtime(epoch)
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{int(epoch % 1 * 1000):03d}Z"
