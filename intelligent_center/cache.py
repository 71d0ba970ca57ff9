"""Redis as a cache the site can live without: while Redis is unreachable every read is a miss
and every write is dropped (one warning line each), so pages are rendered afresh instead of
failing; when it is back, nothing needs restarting. ``/readyz`` still reports it (``ping``)."""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("intelligent_center.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _tolerant(default_factory):
    def decorate(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning(
                    "cache unreachable (%s): %s skipped", exc.__class__.__name__, method.__name__
                )
                return default_factory(*args, **kwargs)

        return run

    return decorate


def _miss(key, default=None, *args, **kwargs):
    return default


class TolerantRedisCache(RedisCache):
    get = _tolerant(_miss)(RedisCache.get)
    get_many = _tolerant(lambda *a, **k: {})(RedisCache.get_many)
    set = _tolerant(lambda *a, **k: None)(RedisCache.set)
    add = _tolerant(lambda *a, **k: False)(RedisCache.add)
    touch = _tolerant(lambda *a, **k: False)(RedisCache.touch)
    delete = _tolerant(lambda *a, **k: False)(RedisCache.delete)
    set_many = _tolerant(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _tolerant(lambda *a, **k: None)(RedisCache.delete_many)
    has_key = _tolerant(lambda *a, **k: False)(RedisCache.has_key)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            # The page cache's generation: nothing cached can be served while Redis is down.
            logger.warning("cache unreachable (%s): incr skipped", exc.__class__.__name__)
            return 0

    def ping(self) -> None:
        """Raise when Redis cannot be reached (for /readyz)."""
        self._cache.get_client(None, write=True).ping()
