"""Real faults, not simulations, against a real gunicorn on the test database: PostgreSQL ending the app's
connections while requests flow, Redis frozen mid-request, a webhook drain killed while the receiver holds its
request. What a user or a receiver would notice: a page or an answer is 200 or the "try again" 503, never a 500;
a frozen cache costs a request its socket timeout, not the freeze; every attempt that reached the receiver is in
the delivery log, and every repeat carries the id that lets the receiver drop it.

Redis here is a private ``redis-server`` on a free port (frozen with SIGSTOP), so no other Redis user waits.
PostgreSQL and Redis only, as tests/deploy/test_two_servers.py."""

# ruff: noqa: F811  (the fixture `env`, imported from test_two_servers, is every test's parameter)

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from tests.factories import TaskFactory
from webhooks import services as webhook_services
from webhooks.models import Delivery

from .servers import REPO_ROOT, AppServer, free_port
from .test_two_servers import env, redis_answers, session_cookie  # noqa: F401  (env: the servers' environment)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the faults are PostgreSQL's and Redis's"),
    pytest.mark.skipif(connection.vendor == "postgresql" and not redis_answers(), reason="Redis does not answer"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server to run a private one"),
    pytest.mark.django_db(transaction=True),
]

# How long one request may take while Redis is frozen: the cache's socket timeout (set below) and the request's
# own work on a shared two-core machine; far below the freeze itself.
CACHE_SOCKET_TIMEOUT = 0.5
FROZEN_SECONDS = 8
REQUEST_BOUND = 4


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test alone, on a free port; frozen and thawed with SIGSTOP/SIGCONT."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if redis.Redis.from_url(url, socket_connect_timeout=0.5).ping():
                break
        except redis.RedisError:
            time.sleep(0.1)
    yield process, url
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def _server(env, tmp_path, **variables):
    """One gunicorn on the test database; no throttle to speak of (the requests here are many, on one token)."""
    server = AppServer("app", {**env, "API_THROTTLE_RATE": "100000/minute", **variables}, tmp_path)
    server.start()
    server.wait_until_healthy()
    return server


def _flow(server, requests, stop, answers):
    """Send ``requests`` (method, path, headers) round and round until ``stop`` is set (at most 400): each
    answer's status and duration in seconds."""
    for index in range(400):
        if stop.is_set():
            return
        method, path, headers = requests[index % len(requests)]
        started = time.monotonic()
        try:
            status = server.request(method, path, headers=headers, timeout=30).status
        except OSError as error:  # the server closed the connection: no answer at all
            status = repr(error)
        answers.append((path, status, time.monotonic() - started))


def test_ending_the_apps_database_connections_is_a_503_at_worst_never_a_500(
    env,
    tmp_path,
    coordinator,
    group,
    agency,
):
    TaskFactory.create_batch(3, group=group, lead_agency=agency)
    _instance, token = AuthToken.objects.create(user=coordinator)
    api = {"Authorization": f"Token {token}"}
    page = session_cookie(coordinator)
    requests = [("GET", "/api/v1/tasks/", api), ("GET", "/tasks/", page), ("GET", "/", page)]
    server = _server(env, tmp_path)
    try:
        stop, answers = threading.Event(), []
        flow = threading.Thread(target=_flow, args=(server, requests, stop, answers))
        flow.start()
        ended = 0
        with connection.cursor() as cursor:
            for _ in range(40):  # about four seconds of connections ended every 0.1 s, mid-request or between
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                ended += cursor.fetchone()[0]
                time.sleep(0.1)
        stop.set()
        flow.join(timeout=60)
        after = [server.request(method, path, headers=headers).status for method, path, headers in requests]
    finally:
        server.stop()

    statuses = [status for _path, status, _seconds in answers]
    assert ended > 0 and len(answers) >= 10, (ended, len(answers))
    assert set(statuses) <= {200, 503}, [answer for answer in answers if answer[1] not in (200, 503)]
    assert after == [200, 200, 200], "a new connection is opened once the old ones are gone"


def test_a_frozen_redis_costs_a_request_its_socket_timeout_not_the_freeze(
    env,
    tmp_path,
    private_redis,
    coordinator,
    group,
    agency,
):
    process, url = private_redis
    TaskFactory.create_batch(3, group=group, lead_agency=agency)
    _instance, token = AuthToken.objects.create(user=coordinator)
    api = {"Authorization": f"Token {token}"}
    page = session_cookie(coordinator)
    requests = [("GET", "/api/v1/tasks/", api), ("GET", "/", page), ("GET", reverse("workspace:agency_list"), page)]
    server = _server(
        env,
        tmp_path,
        REDIS_URL=url,
        CACHE_SOCKET_TIMEOUT=str(CACHE_SOCKET_TIMEOUT),
        CACHE_RETRY_SECONDS="2",
    )
    try:
        warm = [server.request(method, path, headers=headers).status for method, path, headers in requests]
        os.kill(process.pid, signal.SIGSTOP)
        frozen_at = time.monotonic()
        stop, answers = threading.Event(), []
        flow = threading.Thread(target=_flow, args=(server, requests, stop, answers))
        flow.start()
        time.sleep(FROZEN_SECONDS - 1)
        stop.set()
        flow.join(timeout=60)
        assert time.monotonic() - frozen_at < FROZEN_SECONDS + REQUEST_BOUND
        os.kill(process.pid, signal.SIGCONT)
        thawed = [server.request(method, path, headers=headers).status for method, path, headers in requests]
    finally:
        os.kill(process.pid, signal.SIGCONT)
        server.stop()

    assert warm == [200, 200, 200]
    assert len(answers) >= len(requests), answers
    assert {status for _path, status, _seconds in answers} == {200}, answers
    slowest = max(seconds for _path, _status, seconds in answers)
    assert slowest < REQUEST_BOUND, answers
    assert thawed == [200, 200, 200]
    assert "Cache unavailable" in server.log()


class HoldingReceiver:
    """A webhook receiver on loopback that records each request, then holds it unanswered until released (the
    drain is killed meanwhile); once released it answers 204 at once. It drops repeats by X-CCN-Delivery, as the
    docs tell receivers to."""

    def __init__(self):
        self.received, self.processed = [], set()
        self.release = threading.Event()
        self.arrived = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(dict(self.headers))
                receiver.arrived.set()
                receiver.release.wait(timeout=60)
                receiver.processed.add(self.headers.get("X-CCN-Delivery"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"


@pytest.fixture
def holding_receiver():
    receiver = HoldingReceiver()
    receiver.thread.start()
    yield receiver
    receiver.release.set()
    receiver.server.shutdown()
    receiver.server.server_close()


def _drain(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_webhooks"],
        cwd=REPO_ROOT,
        env={**env, "OUTBOUND_ALLOW_LOOPBACK_HTTP": "true", "WEBHOOK_TIMEOUT_SECONDS": "60"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_the_drains_lock_to_go():
    """PostgreSQL ends the killed drain's session (and its job lock) once it sees the socket closed."""
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = pg_locks.database"
                " WHERE locktype = 'advisory' AND datname = current_database()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


def test_a_drain_killed_mid_send_leaves_the_attempt_logged_and_the_repeat_droppable(
    env,
    holding_receiver,
    coordinator,
):
    endpoint = webhook_services.endpoint_create(actor=coordinator, url=holding_receiver.url, events=["task.created"])
    delivery = Delivery.objects.create(endpoint=endpoint, event="task.created", payload={"id": "x"})

    killed = _drain(env)
    assert holding_receiver.arrived.wait(timeout=60), killed.communicate(timeout=10)
    killed.send_signal(signal.SIGKILL)  # mid-send: the receiver has the request and has not answered
    killed.wait(timeout=10)
    holding_receiver.release.set()

    delivery.refresh_from_db()
    assert killed.returncode == -signal.SIGKILL
    assert delivery.attempts == len(holding_receiver.received) == 1  # the attempt that reached it is logged
    assert delivery.status == Delivery.Status.PENDING  # and it is due again after its backoff
    assert delivery.next_attempt_at > timezone.now()

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # the backoff has passed
    _wait_for_the_drains_lock_to_go()
    finished = _drain(env)
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == len(holding_receiver.received) == 2
    ids = [headers["X-CCN-Delivery"] for headers in holding_receiver.received]
    assert ids == [str(delivery.uuid)] * 2  # the same id on the repeat: the receiver keeps one
    assert holding_receiver.processed == {str(delivery.uuid)}
