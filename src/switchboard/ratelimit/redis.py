"""The scale-out rate limiter: sliding windows in Redis, one atomic script per acquire.

Every worker on every host counts against the same windows. Time is Redis's own (``TIME``),
so hosts' clocks need not agree. A sliding window is a sorted set of ``<id>:<cost>`` members
scored by milliseconds, with its running total beside it (so an acquire reads only the entries
leaving the window, not the whole window); a UTC-day window is a counter per day. Like the in-process limiter,
a slot counts while its request is in flight (scored ``HOLD_MS`` ahead) and ``Permit.release()`` moves
it to the moment the answer arrived.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from switchboard.errors import RateLimited, Unavailable
from switchboard.ratelimit.base import IN_FLIGHT_HOLD_SECONDS, Limit

log = logging.getLogger("switchboard.ratelimit")

# KEYS: one per limit. ARGV: member, background ("1"|"0"), hold (ms), then per limit: limit, per (ms),
# window ("sliding"|"utc_day"), cost. Returns {0, 0} when granted (entries added), {1, wait_ms} when not,
# {-1, 0} when a cost can never fit. A live caller told to wait marks each window ``<key>:live``
# until just past its turn; background work (a sync) takes no slot of a marked window.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[1]
local background = ARGV[2] == '1'
local hold = tonumber(ARGV[3])
local function cost_of(entry) return tonumber(string.match(entry, ':(%d+)$')) end
local wait = 0
if background then
  for i = 1, #KEYS do
    local live = redis.call('PTTL', KEYS[i] .. ':live')
    if live > 0 then wait = math.max(wait, math.min(live, 50)) end
  end
  if wait > 0 then return {1, wait} end
end
for i = 1, #KEYS do
  local b = 3 + (i - 1) * 4
  local limit, per, window, cost = tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), ARGV[b + 3], tonumber(ARGV[b + 4])
  if cost > limit then return {-1, 0} end
  if window == 'utc_day' then
    local day = math.floor(now / 86400000)
    local used = tonumber(redis.call('GET', KEYS[i] .. ':' .. day) or '0')
    if used + cost > limit then wait = math.max(wait, (day + 1) * 86400000 - now) end
  else
    -- The window's total lives beside it: only entries leaving the window are read.
    local total = KEYS[i] .. ':total'
    local expired = redis.call('ZRANGEBYSCORE', KEYS[i], '-inf', now - per)
    if #expired > 0 then
      local gone = 0
      for _, entry in ipairs(expired) do gone = gone + cost_of(entry) end
      redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - per)
      redis.call('DECRBY', total, gone)
    end
    local used = tonumber(redis.call('GET', total) or '0')
    if used + cost > limit then
      local excess = used + cost - limit
      local entries = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
      for j = 1, #entries, 2 do
        excess = excess - cost_of(entries[j])
        if excess <= 0 then
          local score = tonumber(entries[j + 1])
          if score > now then
            -- still in flight (scored ahead by the hold, see the add): not before its own window ends,
            -- then only at its answer, so look again soon
            wait = math.max(wait, math.max(score - hold + per - now + 1, 20))
          else
            wait = math.max(wait, score + per - now + 1)
          end
          break
        end
      end
    end
  end
end
if wait > 0 then
  if not background then
    for i = 1, #KEYS do redis.call('SET', KEYS[i] .. ':live', '1', 'PX', math.floor(wait) + 250) end
  end
  return {1, wait}
end
for i = 1, #KEYS do
  local b = 3 + (i - 1) * 4
  local per, window, cost = tonumber(ARGV[b + 2]), ARGV[b + 3], tonumber(ARGV[b + 4])
  if window == 'utc_day' then
    local key = KEYS[i] .. ':' .. math.floor(now / 86400000)
    redis.call('INCRBY', key, cost)
    redis.call('PEXPIRE', key, 2 * 86400000)
  else
    local total = KEYS[i] .. ':total'
    -- In flight until released: scored ahead by the hold, so it stays in the window until its answer.
    redis.call('ZADD', KEYS[i], now + hold, member .. ':' .. cost)
    redis.call('INCRBY', total, cost)
    redis.call('PEXPIRE', KEYS[i], per + hold + 1000)
    redis.call('PEXPIRE', total, per + hold + 1000)
  end
end
return {0, 0}
"""

# KEYS: the sliding windows of a grant; ARGV: their members. Moves each from its hold to now (an
# entry already expired, its hold past, is not added again).
_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 'XX', now, ARGV[i]) end
return 0
"""


HOLD_MS = int(IN_FLIGHT_HOLD_SECONDS * 1000)  # a granted slot's score is this far ahead until released


class _RedisPermit:
    def __init__(self, limiter: RedisRateLimiter, keys: list[str], members: list[str]) -> None:
        self._limiter = limiter
        self._keys = keys
        self._members = members

    async def release(self) -> None:
        if self._keys:
            try:
                await self._limiter._release(keys=self._keys, args=self._members)
            except RedisError as exc:
                # The call has its answer already: it must not turn into an error (a retried write would be sent
                # twice). An unreleased slot lapses on its own when its in-flight hold runs out.
                log.warning("a rate-limit slot was not released (Redis: %s); it lapses on its own", type(exc).__name__)


class RedisRateLimiter:
    """``RateLimiter`` over Redis; waits by sleeping until the script says a slot is free."""

    def __init__(self, client: Redis, prefix: str = "switchboard:") -> None:
        self._client = client
        self._prefix = f"{prefix}rl:"
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    async def acquire(self, limits: list[Limit], max_wait: float) -> _RedisPermit:
        if not limits:
            return _RedisPermit(self, [], [])
        deadline = time.monotonic() + max_wait
        member = uuid.uuid4().hex
        keys = [self._prefix + limit.key for limit in limits]
        args: list[Any] = [member, "1" if any(limit.background for limit in limits) else "0", HOLD_MS]
        for limit in limits:
            args += [limit.limit, int(limit.per * 1000), limit.window, limit.cost]
        while True:
            try:
                status, value = await self._acquire(keys=keys, args=args)
            except RedisError as exc:
                log.warning("no rate-limit slot: Redis cannot be reached (%s)", type(exc).__name__)
                # A 503 to retry, never a 500: nothing was sent upstream. Redis's own words name hosts and ports.
                raise Unavailable(
                    "Redis, which keeps the shared rate-limit windows, cannot be reached just now; try again",
                    retry_after=1,
                ) from None
            if int(status) == 0:
                sliding = [
                    (key, f"{member}:{limit.cost}")
                    for key, limit in zip(keys, limits, strict=True)
                    if limit.window != "utc_day"
                ]
                return _RedisPermit(self, [k for k, _ in sliding], [m for _, m in sliding])
            wait = float(value) / 1000 if int(status) == 1 else float("inf")
            if wait > deadline - time.monotonic():
                names = ", ".join(limit.key for limit in limits)
                raise RateLimited(f"Rate limit {names} has no free slot within {max_wait:g} s", retry_after=wait)
            # A little jitter so waiters on several workers do not all retry in the same instant.
            await asyncio.sleep(wait + random.uniform(0, 0.01))

    async def close(self) -> None:
        return None  # the Redis client belongs to the process's services
