"""The channels' short-lived state, in this process's memory or in Redis shared by every Rasa process.

Several Rasa processes behind one load balancer must agree on the mini-program rate limit (else a sender
gets N times the limit), on which WeChat messages were already seen (a retry may reach another process),
on the signature/timestamp/nonce triples already used (a replay may too) and on the numbered quick replies
offered (the "2" may come back to another process). ``from_environment()`` chooses:

- ``STATE_REDIS_URL`` unset: ``MemoryState``, this process only (``make run``, one Rasa process);
- ``STATE_REDIS_URL=redis://host:port/db``: ``RedisState``, one Redis for every process (the production
  profile, deploy/env.example).

Both hand out the same asynchronous objects: a limiter (``await hit(key)`` → 0 when allowed, else the
seconds to wait) and caches (``add``, ``get``, ``put``, ``pop``, ``put_first``). A Redis that cannot be
reached within ``TIMEOUT`` seconds raises ``StateUnavailable``; each channel answers it with
``bot.faults.UNAVAILABLE`` (the Chinese apology naming 12393/12366), never a traceback. Keys hold only
the channels' keyed hashes (``mp_…``, ``wx_…``), WeChat's MsgId and request signatures — no openid,
no message text. Nothing connects at import or construction: the first call does. Needs Redis 7
(``SET … NX GET``; Debian 12's redis-server).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from channels.miniprogram_auth import RateLimiter
from channels.wechat_text import TTLCache

ENV = "STATE_REDIS_URL"
PREFIX = "yibao:"
TIMEOUT = 0.5  # seconds per Redis call: the resident's apology must come well within 2 s


class StateUnavailable(RuntimeError):
    """The shared store (Redis) could not be reached or answered an error."""


# ------------------------------------------------------------------------------------------------ memory


class MemoryLimiter:
    """``RateLimiter`` (per process) behind the asynchronous interface."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]):
        self._limiter = RateLimiter(limit, window, clock)

    async def hit(self, key: str) -> float:
        return self._limiter.hit(key)


class MemoryCache:
    """``TTLCache`` (per process) behind the asynchronous interface."""

    def __init__(self, ttl: float, maxsize: int, clock: Callable[[], float]):
        self._cache = TTLCache(ttl, maxsize, clock)

    async def add(self, key: str) -> bool:
        return self._cache.add(key)

    async def get(self, key: str) -> Any:
        return self._cache.get(key)

    async def put(self, key: str, value: Any) -> None:
        self._cache.set(key, value)

    async def pop(self, key: str) -> Any:
        return self._cache.pop(key)

    async def put_first(self, key: str, value: Any) -> Any:
        first = self._cache.get(key)
        if first is None:
            self._cache.set(key, value)
            return value
        return first


class MemoryState:
    kind = "memory"

    def limiter(self, name: str, limit: int, window: float, clock: Callable[[], float] = time.time) -> MemoryLimiter:
        return MemoryLimiter(limit, window, clock)

    def cache(self, name: str, ttl: float, maxsize: int, clock: Callable[[], float] = time.monotonic) -> MemoryCache:
        return MemoryCache(ttl, maxsize, clock)


# ------------------------------------------------------------------------------------------------- Redis

# A sliding window in one sorted set per sender, atomic: drop the events older than the window, refuse
# (answering the milliseconds until the oldest leaves it) when full, else record this one.
_SLIDING_WINDOW = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(tonumber(oldest[2]) + window - now, 1)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


def _errors() -> tuple[type[BaseException], ...]:
    import asyncio

    from redis.exceptions import RedisError

    return RedisError, OSError, asyncio.TimeoutError


class _RedisPart:
    def __init__(self, state: RedisState, name: str):
        self._state, self._prefix = state, f"{PREFIX}{name}:"

    async def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await getattr(self._state.client(), method)(*args, **kwargs)
        except _errors() as exc:
            raise StateUnavailable(f"redis: {type(exc).__name__}") from exc


class RedisLimiter(_RedisPart):
    def __init__(self, state: RedisState, name: str, limit: int, window: float, clock: Callable[[], float]):
        super().__init__(state, name)
        if limit < 1 or window <= 0:
            raise ValueError("the rate limit needs a positive count and window")
        self.limit, self.window_ms, self.clock = int(limit), int(window * 1000), clock

    async def hit(self, key: str) -> float:
        now_ms = int(self.clock() * 1000)
        wait_ms = await self._call("eval", _SLIDING_WINDOW, 1, self._prefix + key, now_ms, self.window_ms, self.limit,
                                   f"{now_ms}-{secrets.token_hex(4)}")  # fmt: skip
        return int(wait_ms) / 1000


class RedisCache(_RedisPart):
    """JSON values that expire ``ttl`` seconds after they were set."""

    def __init__(self, state: RedisState, name: str, ttl: float):
        super().__init__(state, name)
        self.ttl_ms = max(1, int(ttl * 1000))

    async def add(self, key: str) -> bool:
        return bool(await self._call("set", self._prefix + key, "1", px=self.ttl_ms, nx=True))

    async def get(self, key: str) -> Any:
        raw = await self._call("get", self._prefix + key)
        return None if raw is None else json.loads(raw)

    async def put(self, key: str, value: Any) -> None:
        await self._call("set", self._prefix + key, json.dumps(value, ensure_ascii=False), px=self.ttl_ms)

    async def pop(self, key: str) -> Any:
        raw = await self._call("getdel", self._prefix + key)
        return None if raw is None else json.loads(raw)

    async def put_first(self, key: str, value: Any) -> Any:
        """Set ``key`` unless it is set; the value that is there afterwards (the first one set wins)."""
        raw = await self._call("set", self._prefix + key, json.dumps(value, ensure_ascii=False), px=self.ttl_ms,
                               nx=True, get=True)  # fmt: skip
        return value if raw is None else json.loads(raw)


class RedisState:
    kind = "redis"

    def __init__(self, url: str):
        self.url = url
        self._client = None

    def client(self):
        """The asyncio client, created on first use (no connection before the first command)."""
        if self._client is None:
            import redis.asyncio

            self._client = redis.asyncio.from_url(self.url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT,
                                                  decode_responses=True, health_check_interval=30)  # fmt: skip
        return self._client

    def limiter(self, name: str, limit: int, window: float, clock: Callable[[], float] = time.time) -> RedisLimiter:
        return RedisLimiter(self, name, limit, window, clock)

    def cache(self, name: str, ttl: float, maxsize: int = 0, clock: Callable[[], float] | None = None) -> RedisCache:
        return RedisCache(self, name, ttl)  # Redis expires the keys itself; no size bound needed per process

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def from_environment(environ: Mapping[str, str] = os.environ) -> MemoryState | RedisState:
    url = (environ.get(ENV) or "").strip()
    if not url:
        return MemoryState()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"{ENV} must be a redis:// URL (e.g. redis://127.0.0.1:6379/5), not {url!r}")
    return RedisState(url)
