"""The portal's Redis cache, which degrades to no cache while Redis cannot be reached.

Everything kept in the cache can be computed again (figures, facets, import progress) or
may be forgotten (rate-limit counters), so a Redis that is down makes pages slower, never
broken: reads miss, writes are dropped, rate limits let requests through, and a warning is
logged once a minute at most.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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
    operating system's connect timeout.
    """

    _warned_at = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _unreachable(self, operation, exc):
        now = time.monotonic()
        if now - DegradingRedisCache._warned_at > 60:
            DegradingRedisCache._warned_at = now
            logger.warning("Cache unreachable (%s: %s); serving uncached", operation, exc)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Added", as if the key were new: callers use add as a lock (allauth's rate limits)
        # or to start a counter, and with no cache nobody else can hold either. Answering
        # False would refuse every sign-in while Redis is away.
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("add", exc)
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as exc:
            self._unreachable("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set", exc)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as exc:
            self._unreachable("delete", exc)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as exc:
            self._unreachable("has_key", exc)
            return False

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be kept counts from nothing: a rate limit lets the request
        # through rather than refusing everyone while Redis is away.
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            self._unreachable("incr", exc)
            return delta

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as exc:
            self._unreachable("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as exc:
            self._unreachable("delete_many", exc)
            return None

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as exc:
            self._unreachable("clear", exc)
            return False
