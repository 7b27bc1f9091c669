"""A slow or absent Redis costs a request at most a short socket timeout and never an error: the cache answers
as a miss (the figures are computed), the throttle lets token clients through, one warning is logged. Redis is
played by a local server that accepts connections and never answers (a paused Redis), and by a closed port."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

TIMEOUT = 0.2
PAGES = ["/", "/api/v1/tasks/", "/api/v1/agencies/"]


@pytest.fixture
def paused_redis():
    """A TCP server on this machine that accepts and then says nothing; its address."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"redis://127.0.0.1:{port}/0"


def use_redis(settings, location):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "RETRY_SECONDS": 10,
            "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
        }
    }


@pytest.fixture
def connection_attempts(monkeypatch):
    """How many times the cache tried to reach Redis (each try may cost a socket timeout)."""
    from redis.connection import AbstractConnection

    attempts = []
    connect = AbstractConnection.connect

    def counted(self, *args, **kwargs):
        attempts.append(time.monotonic())
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "connect", counted)
    return attempts


@pytest.mark.parametrize("redis", ["paused_redis", "closed_port"])
def test_pages_and_the_api_answer_paying_one_timeout(
    redis, request, settings, client_for, coordinator, api_for, caplog, connection_attempts
):
    use_redis(settings, request.getfixturevalue(redis))
    browser, api = client_for(coordinator), api_for(coordinator)

    with caplog.at_level(logging.WARNING, logger="core.cache_backends"):
        for path in PAGES * 2:
            response = (browser if path == "/" else api).get(path)
            assert response.status_code == 200, (path, response.content[:200])

    # The first cache call waits for its timeout; every later one, in these six requests, skips Redis.
    assert len(connection_attempts) == 1
    assert len([r for r in caplog.records if r.name == "core.cache_backends"]) == 1  # one warning per pause


def test_the_throttle_fails_open(settings, paused_redis, api_for, coordinator, monkeypatch):
    # DRF reads the rates when the class is made; one request an hour, so a working counter refuses the second.
    monkeypatch.setattr("core.api.TokenUserRateThrottle.THROTTLE_RATES", {"token": "1/hour"})
    use_redis(settings, paused_redis)
    api = api_for(coordinator)

    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]


def test_the_cache_answers_as_a_miss_and_computes(settings, paused_redis):
    use_redis(settings, paused_redis)

    assert cache.get("anything", "the default") == "the default"
    assert cache.get_or_set("figures", lambda: 42) == 42
    cache.set("figures", 1)
    assert cache.get_many(["a", "b"]) == {}
