"""A Redis cache that a Redis outage turns into cache misses instead of server errors.

Everything the product caches (tenant figures, dashboard aggregates, the cost report) can be
computed again from the database, so pages must keep answering while Redis is down. Django's
``RedisCache`` raises ``redis.exceptions.ConnectionError`` from every call instead; this
backend answers as an empty cache would (a read misses, a write is dropped, ``incr`` finds no
key), logs the outage once per process and its end once, and does not try Redis again for
``RETRY_SECONDS`` so an unreachable host does not cost a connect timeout per cache call.

Staleness after an outage is bounded by the entries' lifetimes: a version key that could not
be moved on during the outage leaves entries computed before it reachable until they expire
(60 s to one hour, see each cache's constant). A Redis that restarted lost them anyway.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("expatcare.cache")

# What an unreachable Redis raises (``BusyLoadingError`` is a ``ConnectionError`` too).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, calls miss at once for this long before Redis is tried again.
RETRY_SECONDS = 5.0

T = TypeVar("T")


class ForgivingRedisCache(RedisCache):
    """``RedisCache`` whose outages read as misses and dropped writes (see the module text)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def ping(self) -> None:
        """Raise when Redis does not answer (for the health probe): never forgiving."""
        self._cache.get_client().ping()

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def _call(self, operation: Callable[[], T], fallback: T) -> T:
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return fallback
        try:
            result = operation()
        except UNREACHABLE as error:
            self._failed(error)
            return fallback
        if self._down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = now
            self._retry_at = now + RETRY_SECONDS
        if first:
            logger.error(
                "cache unreachable (%s: %s): pages run without the cache until it answers",
                type(error).__name__,
                error,
            )

    def _recovered(self) -> None:
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            logger.warning("cache reachable again after %.0f s", time.monotonic() - since)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._call(lambda: bool(RedisCache.add(self, key, value, timeout, version)), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call(lambda: RedisCache.get(self, key, default, version), default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._call(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call(lambda: bool(RedisCache.touch(self, key, timeout, version)), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: bool(RedisCache.delete(self, key, version)), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._call(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: bool(RedisCache.has_key(self, key, version)), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        result: int | None = self._call(
            lambda: int(RedisCache.incr(self, key, delta, version)), None
        )
        if result is None:
            # What a missing key gives: callers already handle it (they set the key instead).
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._call(lambda: RedisCache.set_many(self, data, timeout, version), list(data))

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._call(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._call(lambda: RedisCache.clear(self), None)
