"""The portal's Redis cache, which degrades to no cache while Redis cannot be reached.

Everything kept in the cache can be computed again (figures, facets, import progress) or
may be forgotten (rate-limit counters), so a Redis that is down makes pages slower, never
broken: reads miss, writes are dropped, rate limits let requests through, and a warning is
logged once a minute at most.

`forget` is how writers drop the values they changed (the visitor's frame, a position's
applicant counts).
"""

import logging
from time import monotonic

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool.

    Django makes a new one for every cache call, and each fills its table of reply
    handlers anew: a page of ten cache reads paid for ten. A `redis.Redis` is safe to share
    between threads (each command takes a connection from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """RedisCache that answers "not cached" instead of raising when Redis is unreachable.

    Give it short socket timeouts in OPTIONS (`socket_connect_timeout`, `socket_timeout`):
    a Redis that does not answer at all must cost a request a fraction of a second, not the
    operating system's connect timeout. After one call failed, the process does not ask that
    Redis again for `retry_after` seconds: a page makes a dozen cache calls, and a Redis host
    that drops packets would make each of them wait out the connect timeout.
    """

    retry_after = 2.0
    _warned_at = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._location = tuple(self._servers)

    def _unreachable(self, operation, exc):
        now = monotonic()
        _down_until[self._location] = now + self.retry_after
        if now - DegradingRedisCache._warned_at > 60:
            DegradingRedisCache._warned_at = now
            logger.warning("Cache unreachable (%s: %s); serving uncached", operation, exc)

    def _try(self, operation, fallback, call, *args):
        """`call(*args)`, or `fallback` while this Redis is (or has just been) unreachable."""
        if monotonic() < _down_until.get(self._location, 0.0):
            return fallback
        try:
            return call(*args)
        except UNREACHABLE as exc:
            self._unreachable(operation, exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Added", as if the key were new: callers use add as a lock (allauth's rate limits)
        # or to start a counter, and with no cache nobody else can hold either. Answering
        # False would refuse every sign-in while Redis is away.
        return self._try("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be kept counts from nothing: a rate limit lets the request
        # through rather than refusing everyone while Redis is away.
        return self._try("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._try("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._try("clear", False, super().clear)


# Until when each Redis (by its server list) is left alone, for the whole process: Django
# makes a cache object per thread, and they all meet the same Redis.
_down_until: dict[tuple, float] = {}


def forget(keys: list) -> None:
    """Drop kept values that a write changed: now, so this request and the next see the
    change, and again at commit, in case a request in between kept the committed state."""
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
