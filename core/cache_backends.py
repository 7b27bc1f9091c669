"""The cache is an optimisation: a slow or absent Redis must cost a request at most a short socket timeout, then
nothing, and never an error. ``ResilientRedisCache`` is Django's Redis cache whose every operation, when Redis
fails (refused, timed out, gone), answers as a miss (``get`` returns the default, ``set`` keeps nothing) and
stops asking Redis for ``CACHE_RETRY_SECONDS``; the callers then compute (core.cache) and the API's throttle
lets the request through (it fails open: its counter is not there). One warning is logged per pause.

The socket timeouts themselves are set in ``settings.CACHES`` (``socket_connect_timeout``, ``socket_timeout``).
"""

import copy
import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# The operations of Django's cache API, with what each answers while Redis cannot.
_MISSES = {
    "add": False,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "incr": None,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that answers as a miss, at once, while Redis is failing (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", 10))
        self._paused_until = 0.0

    def _failed(self, operation, error):
        if time.monotonic() >= self._paused_until:
            logger.warning(
                "Cache unavailable (%s: %s); computing without it for %ss.", operation, error, self.retry_seconds
            )
        self._paused_until = time.monotonic() + self.retry_seconds

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's own get_or_set reads again after add(), which a failing Redis answers with None.
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value


def _resilient(name, miss):
    operation = getattr(RedisCache, name)

    def answer(args, kwargs):
        if name == "get":  # get(key, default=None, version=None)
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return copy.copy(miss)

    @functools.wraps(operation)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            return answer(args, kwargs)
        try:
            return operation(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self._failed(name, error)
            return answer(args, kwargs)

    return wrapper


for _name, _miss in _MISSES.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _miss))
