"""The benchmark's server mode (scripts/benchmark.py --server): the pages and API lists under gunicorn.

Django is set up in this process only to prepare (users, a session, an API token, the query counts through
the test client); the timings come from HTTP requests to a gunicorn started here on a free port (2 workers,
DEBUG off), so they include what a user waits for: the server, the templates, the database.
"""

import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = "bench.dieuphoi"
OFFICER = "bench.canbo"


def environment(database_url, static_root, caches=False):
    """The production settings the README's example gives, with the figure and API list caches off unless
    ``caches``: the benchmark measures what a user gets after a write, when those caches are empty."""
    off = {} if caches else {"TASK_FIGURES_CACHE_SECONDS": "0", "API_LIST_CACHE_SECONDS": "0"}
    return {
        **os.environ,
        **off,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "API_THROTTLE_RATE": "100000000/hour",  # the benchmark is not an integration to throttle
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def setup(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)


def people():
    """A coordinator of the Department (every page) and an officer of the agency leading the most tasks (/my/)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from agencies.models import Agency, Membership
    from core.audit import audited_bulk_create, audited_bulk_set

    User = get_user_model()
    coordinator, _ = User.objects.get_or_create(username=COORDINATOR, defaults={"first_name": "Đo hiệu năng"})
    officer, _ = User.objects.get_or_create(username=OFFICER, defaults={"first_name": "Cán bộ đo"})
    busiest = Agency.objects.annotate(n=Count("led_tasks")).order_by("-n", "code").first()
    missing = []
    if not Membership.objects.filter(user=coordinator).exists():
        missing.append(
            Membership(user=coordinator, agency=Agency.objects.get(code="SCT"), role=Membership.Role.COORDINATOR)
        )
    officer_membership = Membership.objects.filter(user=officer).first()
    if officer_membership is None:
        missing.append(Membership(user=officer, agency=busiest, role=Membership.Role.OFFICER))
    elif officer_membership.agency_id != busiest.pk:
        # Kept from an earlier run on other data: /my/ would measure another agency's page than it says.
        audited_bulk_set([officer_membership], actor=coordinator, reason="Tài khoản đo hiệu năng", agency=busiest)
    audited_bulk_create(missing, actor=coordinator, reason="Tài khoản đo hiệu năng")
    return coordinator, officer


def token_for(user):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user)
    return token


def urls():
    """(label, path, who): who is "coordinator", "officer", "token" (an API token asking for a fresh page:
    ``Cache-Control: no-cache``, what the first read after a write costs) or "token-cached" (the same token
    reading a page again, answered from the API's list cache)."""
    from clusters.models import Cluster
    from tasks.models import Task

    task = Task.objects.filter(progress_reports__isnull=False).order_by("-code").first() or Task.objects.first()
    cluster = Cluster.objects.filter(tasks__isnull=False).order_by("-code").first() or Cluster.objects.first()
    q = urllib.parse.quote
    return [
        # The floor: a logged-in request that reads the session and renders nothing. Every page's time is its
        # own work plus this.
        ("sàn: /accounts/session/", "/accounts/session/", "coordinator"),
        ("/", "/", "coordinator"),
        ("/tasks/", "/tasks/", "coordinator"),
        ("/tasks/?q=hạ tầng", "/tasks/?q=" + q("hạ tầng"), "coordinator"),
        ("/tasks/?q=ha tang", "/tasks/?q=" + q("ha tang"), "coordinator"),
        ("/my/ (cán bộ)", "/my/", "officer"),
        ("/agencies/", "/agencies/", "coordinator"),
        ("/audit/", "/audit/", "coordinator"),
        ("/clusters/", "/clusters/", "coordinator"),
        ("chi tiết nhiệm vụ", f"/tasks/{task.pk}/", "coordinator"),
        ("chi tiết cụm", f"/clusters/{cluster.pk}/", "coordinator"),
        ("sàn API: /api/v1/me/", "/api/v1/me/", "token"),
        ("API ?page_size=50", "/api/v1/tasks/?page_size=50", "token"),
        ("API ?page_size=50 (đã lưu)", "/api/v1/tasks/?page_size=50", "token-cached"),
        ("API ?deadline_status=overdue", "/api/v1/tasks/?deadline_status=overdue", "token"),
        ("API ?q=ha tang", "/api/v1/tasks/?q=" + q("ha tang"), "token"),
    ]


def query_count(client, path, headers=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, headers=headers)  # warm what a first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return response.status_code, len(queries)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class Http:
    """One keep-alive connection to the server, with the headers of one kind of user."""

    def __init__(self, port, headers):
        self.port, self.headers = port, headers
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path):
        try:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return response.status, len(body)


def timed(http, path, n):
    for _ in range(2):  # warm both workers
        http.get(path)
    timings, size, status = [], 0, 200
    for _ in range(n):
        start = time.perf_counter()
        status, size = http.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"status": status, "p50": statistics.median(timings), "p95": p95, "kb": size / 1024}


def _client_process(port, headers, path, seconds, results):
    http = Http(port, headers)
    done, stop = 0, time.monotonic() + seconds
    while time.monotonic() < stop:
        http.get(path)
        done += 1
    results.put(done)


def load_generator():
    """``wrk`` (Debian's package) when installed: one C process, so the load costs the measured workers as
    little CPU as this machine allows; otherwise client processes of this script (never threads sharing
    this process's GIL with Django)."""
    return shutil.which("wrk") or "processes"


def throughput(port, headers, path, clients, seconds):
    """Requests per second with ``clients`` concurrent keep-alive clients for ``seconds``."""
    wrk = shutil.which("wrk")
    if wrk:
        command = [wrk, "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_client_process, args=(port, headers, path, seconds, results))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    done = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return done / seconds


def run(args):
    if not args.database_url.startswith("postgres"):
        raise SystemExit("--server needs --database-url postgres://… with data (load_demo_data or generate_scale_data)")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = environment(args.database_url, static_root, caches=args.caches)
    setup(env)
    from django.conf import settings
    from django.test import Client

    from tasks.models import Task

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    coordinator, officer = people()
    token = token_for(coordinator)
    clients = {"coordinator": Client(), "officer": Client()}
    clients["coordinator"].force_login(coordinator)
    clients["officer"].force_login(officer)
    cookies = {who: f"sessionid={client.cookies['sessionid'].value}" for who, client in clients.items()}
    headers = {
        "coordinator": {"Cookie": cookies["coordinator"]},
        "officer": {"Cookie": cookies["officer"]},
        "token": {"Authorization": f"Token {token}", "Cache-Control": "no-cache"},
        "token-cached": {"Authorization": f"Token {token}"},
    }
    tasks = Task.objects.count()
    pages = urls()
    counts = {}
    for label, path, who in pages:
        client = clients["coordinator" if who.startswith("token") else who]
        counts[label] = query_count(client, path, headers[who] if who.startswith("token") else None)
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = start_gunicorn(env, port)
    try:
        results = {}
        for label, path, who in pages:
            figures = timed(Http(port, headers[who]), path, args.requests)
            figures["queries"] = counts[label][1]
            results[label] = figures
        health = throughput(port, {}, "/healthz", args.clients, args.seconds)
        me = throughput(port, headers["token"], "/api/v1/me/", args.clients, args.seconds)
        api = throughput(port, headers["token-cached"], "/api/v1/tasks/?page_size=50", args.clients, args.seconds)
        fresh = throughput(port, headers["token"], "/api/v1/tasks/?page_size=50", args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    baseline = json.loads(Path(args.baseline).read_text()) if args.baseline else None
    print(
        f"\nBenchmark (gunicorn, 2 workers, DEBUG off, PostgreSQL, DB_CONN_MAX_AGE={env['DB_CONN_MAX_AGE']}) — "
        f"{tasks:,} tasks — {args.requests} requests per URL after 2 warm-up; figure and API list caches "
        f"{'ON' if args.caches else 'OFF'}; load generator: {load_generator()}; {time.strftime('%Y-%m-%d %H:%M %Z')}\n"
    )
    head = f"{'URL':<32}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'KB':>8}"
    if baseline:
        head += f"{'p50 base':>10}{'p95 base':>10}{'growth':>8}"
    print(head)
    for label, figures in results.items():
        line = f"{label:<32}{figures['queries']:>8}{figures['p50']:>9.1f}{figures['p95']:>9.1f}{figures['kb']:>8.0f}"
        if figures["status"] != 200:
            line += f"  HTTP {figures['status']}"
        base = (baseline or {}).get("urls", {}).get(label)
        if base:
            line += f"{base['p50']:>10.1f}{base['p95']:>10.1f}{figures['p50'] / base['p50']:>7.2f}×"
        print(line)
    ratio = api / health if health else 0
    fresh_ratio = fresh / health if health else 0
    me_ratio = fresh / me if me else 0
    print(
        f"\nThroughput ({args.clients} clients, {args.seconds:.0f} s each): /healthz {health:.1f} req/s; "
        f"/api/v1/me/ {me:.1f} req/s; /api/v1/tasks/?page_size=50 computed (Cache-Control: no-cache) "
        f"{fresh:.1f} req/s — {me_ratio:.2f} of /api/v1/me/ with the same token (goal ≥ 0.5), {fresh_ratio:.2f} of "
        f"/healthz; read again {api:.1f} req/s ({ratio:.2f} of /healthz"
        f"{', from the list cache' if args.caches else ', caches off: computed too'})"
    )
    if baseline and baseline.get("ratio"):
        print(f"(baseline ratio {baseline['ratio']:.2f} at {baseline['tasks']:,} tasks)")
    if args.save:
        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(
            json.dumps(
                {
                    "tasks": tasks,
                    "urls": results,
                    "healthz": health,
                    "api": api,
                    "ratio": ratio,
                    "api_fresh": fresh,
                    "ratio_fresh": fresh_ratio,
                    "api_me": me,
                    "ratio_me": me_ratio,
                    "caches": args.caches,
                },
                indent=1,
            )
        )
