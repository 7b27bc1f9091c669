"""Two application servers on one PostgreSQL and one Redis, as the city's IT centre runs them behind a load
balancer: a token's throttle holds across both, a figure one caches is dropped by a write through the other, and
two reminder runs at once send each digest once.

Real gunicorn processes on the test database (data committed: ``transactional_db``) with the production
profile, each with its own memory: only what they share (the database, Redis) can make these pass. PostgreSQL
and Redis only (CI has both)."""

import email
import re
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from tests.factories import TaskFactory
from tests.helpers import days

from .servers import REPO_ROOT, AppServer, database_url, production_env

REDIS = "redis://127.0.0.1:6379/0"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two servers share a PostgreSQL database"),
    pytest.mark.skipif(connection.vendor == "postgresql" and not redis_answers(), reason="Redis does not answer"),
    pytest.mark.django_db(transaction=True),
]
THROTTLE = 10  # requests a minute per token


@pytest.fixture(scope="module")
def env(django_db_setup, tmp_path_factory):
    """The servers' environment: the test database, Redis under a prefix of this run's own (removed after),
    static files collected once (the production profile serves hashed names from the manifest)."""
    static_root = tmp_path_factory.mktemp("static")
    prefix = f"ccn-test-{uuid.uuid4().hex[:12]}"
    variables = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        SECRET_KEY=settings.SECRET_KEY,  # the same on every server: sessions and signatures are checked by any
        REDIS_URL=REDIS,
        CACHE_KEY_PREFIX=prefix,
        API_THROTTLE_RATE=f"{THROTTLE}/minute",
        TASK_FIGURES_CACHE_SECONDS="300",
        STATIC_ROOT=str(static_root),
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=REPO_ROOT,
        env=variables,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr
    yield variables
    shared = redis.Redis.from_url(REDIS)
    for key in shared.scan_iter(f"{prefix}:*"):
        shared.delete(key)


@pytest.fixture(scope="module")
def servers(env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("gunicorn")
    pair = [AppServer(name, env, logs) for name in ("server-1", "server-2")]
    try:
        for server in pair:
            server.start()
        for server in pair:
            server.wait_until_healthy()
        yield pair
    finally:
        for server in pair:
            server.stop()


def test_a_tokens_throttle_holds_across_both_servers(servers, coordinator):
    _instance, token = AuthToken.objects.create(user=coordinator)
    headers = {"Authorization": f"Token {token}"}

    # Spread over both servers: each sees only half, so per-process counters would let all of them through.
    answers = [servers[i % 2].request("GET", "/api/v1/tasks/", headers=headers) for i in range(THROTTLE + 1)]

    assert [answer.status for answer in answers] == [200] * THROTTLE + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0


def session_cookie(user):
    """A signed-in session of ``user`` in the database (its cookie is sent by hand: the production profile marks
    it Secure, and these servers speak plain HTTP)."""
    client = Client()
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def led_total(server, headers, agency):
    """The agencies table's "Chủ trì" figure (tasks led) of ``agency``, as ``server`` shows it."""
    page = server.request("GET", reverse("workspace:agency_list"), headers=headers)
    assert page.status == 200, server.log()[-3000:]
    link = reverse("workspace:agency_detail", args=[agency.pk])
    found = re.search(rf'href="{link}">[^<]*</a>.*?<td class="num">(?:<a href="[^"]*">)?(\d+)', page.text, re.S)
    return int(found.group(1))


def test_a_figure_cached_by_one_server_is_dropped_by_a_write_through_the_other(
    servers, coordinator, group, agency, other_agency
):
    first, second = servers
    TaskFactory.create_batch(2, group=group, lead_agency=agency)
    moved = TaskFactory(group=group, lead_agency=other_agency)
    page_headers = session_cookie(coordinator)
    assert led_total(first, page_headers, agency) == 2

    # A row written behind the servers' backs (not through them) does not drop their cache: the figure is cached.
    TaskFactory(group=group, lead_agency=agency)
    assert led_total(first, page_headers, agency) == 2

    _instance, token = AuthToken.objects.create(user=coordinator)
    changed = second.request(
        "PATCH",
        f"/api/v1/tasks/{moved.pk}/",
        headers={"Authorization": f"Token {token}"},
        json_body={"lead_agency": agency.pk, "version": moved.version, "reason": "Giao lại cho Sở Xây dựng"},
    )
    assert changed.status == 200, changed.text

    assert led_total(first, page_headers, agency) == 4


def messages_in(folder):
    """Every message the file backend wrote to ``folder`` (one file per connection, messages separated by a rule)."""
    found = []
    for path in folder.iterdir():
        for part in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if part.strip():
                found.append(email.message_from_bytes(part))
    return found


def test_two_reminder_runs_at_once_send_each_digest_once(env, tmp_path, group, agency, other_agency, officer):
    TaskFactory(group=group, lead_agency=agency, start_date=days(-30), due_date=days(0))
    TaskFactory(group=group, lead_agency=other_agency, start_date=days(-30), due_date=days(1))
    call_command("send_deadline_reminders", "--dry-run")  # what one run alone would send
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    run_env = {**env, "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": outbox}

    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_deadline_reminders"],
            cwd=REPO_ROOT,
            env={key: str(value) for key, value in run_env.items()},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    recipients = sorted(message["To"] for message in messages_in(outbox))
    assert recipients == sorted(set(recipients)), recipients
    assert {"sxd@example.gov.vn", "stc@example.gov.vn", officer.email} <= set(recipients)
    # One run sent them all; the other found the lock taken, or (if it came later) every digest already sent.
    said = [out for out, _err in outputs]
    assert any("đã gửi 0 thư" in out or "lần này không làm gì" in out for out in said), said
