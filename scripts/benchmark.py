#!/usr/bin/env python
"""Benchmark: how long the main pages and API lists take, and how many queries they issue, as data grows.

Figures, not pass/fail: tests pin query counts exactly; this script reports times. Two modes.

Server mode (``--server``, what ``make bench`` runs when BENCH_DATABASE_URL is set): against a PostgreSQL
database that already holds data (``load_demo_data``, or ``generate_scale_data`` for the national scale),
under gunicorn (2 workers, DEBUG off, on a free port), as a logged-in coordinator (an officer for /my/)
and with an API token. Per URL: the query count (test client with CaptureQueriesContext), p50 and p95 over
``--requests`` requests, and the growth from a saved baseline (``--save`` a small run, ``--baseline`` it in
the big one); then the throughput ratio of the API list to /healthz with a few concurrent clients.

    .venv/bin/python scripts/benchmark.py --server --database-url postgres://…/demo --save var/bench-small.json
    .venv/bin/python scripts/benchmark.py --server --database-url postgres://…/scale --baseline var/bench-small.json

Quick mode (default): a throwaway database (SQLite in a temporary folder, or the empty database named by
--database-url), the plan's reference data, N tasks with history, each page requested through Django's
test client in-process (no server).

    .venv/bin/python scripts/benchmark.py --tasks 500 5000 --repeat 7

With ``--demo`` the quick mode loads the demo data (``load_demo_data``) instead of growing tasks, and requests
the pages as the demo's coordinator (``/my/`` as its officer of SXD, the API with a token): the Python each
page costs at the plan's size (docs/performance.md, "Python per page").

    .venv/bin/python scripts/benchmark.py --demo --repeat 15
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, nargs="+", default=[200, 2000], help="task counts to measure at")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (the median is reported)")
    parser.add_argument(
        "--database-url",
        default="",
        help="quick mode: an EMPTY database instead of a temporary SQLite; server mode: the database with the data",
    )
    parser.add_argument(
        "--server", action="store_true", help="measure under gunicorn (PostgreSQL, data already loaded)"
    )
    parser.add_argument("--requests", type=int, default=30, help="server mode: requests per URL (p50, p95)")
    parser.add_argument("--clients", type=int, default=4, help="server mode: concurrent clients for the throughput")
    parser.add_argument("--seconds", type=float, default=8, help="server mode: seconds of each throughput run")
    parser.add_argument("--save", default="", help="server mode: write the figures to this JSON file")
    parser.add_argument("--baseline", default="", help="server mode: a saved JSON to compute the growth from")
    parser.add_argument(
        "--demo", action="store_true", help="quick mode: the demo data and its users instead of --tasks"
    )
    parser.add_argument(
        "--caches",
        action="store_true",
        help="keep the figure and API list caches on (off by default: the benchmark measures computed pages)",
    )
    return parser.parse_args()


def setup_django(database_url, caches=False, demo=False):
    # DEBUG off, as in production: cached templates, no query log. Static files are named as stored (no manifest
    # to collect for an in-process run).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    if not caches:
        os.environ["TASK_FIGURES_CACHE_SECONDS"] = "0"
        os.environ["API_LIST_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_data" if demo else "load_reference_data", verbosity=0, stdout=quiet)


def coordinator(username="bench.dieuphoi"):
    from django.contrib.auth import get_user_model

    from agencies.models import Agency, Membership

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    if not Membership.objects.filter(user=user).exists():
        Membership.objects.create(user=user, agency=Agency.objects.get(code="SCT"), role=Membership.Role.COORDINATOR)
    return user


# Titles name a place, so a search finds some tasks among many (one in len(PLACES)).
PLACES = ["Đông Anh", "Sóc Sơn", "Ứng Hòa", "Thạch Thất", "Chương Mỹ", "Phú Xuyên", "Mê Linh", "Quốc Oai"]


def grow_to(total, actor, rng):
    """Add tasks (through the bulk helper that writes history) until there are ``total``; some get a story."""
    from agencies.models import Agency
    from core.audit import audited_bulk_create
    from tasks import services
    from tasks.models import Task, TaskGroup, local_today

    existing = Task.objects.count()
    if existing >= total:
        return
    groups = list(TaskGroup.objects.all())
    agencies = list(Agency.objects.filter(is_active=True))
    today = local_today()
    batch = []
    for n in range(existing, total):
        due = today + datetime.timedelta(days=rng.randint(-120, 240)) if rng.random() > 0.1 else None
        batch.append(
            Task(
                group=rng.choice(groups),
                code=f"BENCH-{n:06d}",
                title=f"Nhiệm vụ đo hiệu năng số {n} tại {rng.choice(PLACES)}",
                expected_output="Báo cáo",
                lead_agency=rng.choice(agencies),
                start_date=today - datetime.timedelta(days=200),
                due_date=due,
                original_due_date=due,
            )
        )
    created = audited_bulk_create(batch, actor=actor, reason="Dữ liệu đo hiệu năng")
    for task in created[: max(1, len(created) // 20)]:
        services.progress_report_create(actor=actor, task=task, text="Đang thực hiện", progress_percent=40)
        if task.due_date:
            extension = services.extension_request_create(
                actor=actor, task=task, proposed_due_date=task.due_date + datetime.timedelta(days=30), reason="Đo"
            )
            # Nobody decides their own request: a second coordinator does.
            services.extension_request_reject(
                actor=coordinator("bench.dieuphoi2"), extension_request=extension, decision_note="Đo"
            )


def measure(client, url, repeat):
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Every page computed, as the server mode's latency rows: the API's list cache would answer repeats.
    fresh = {"HTTP_CACHE_CONTROL": "no-cache"}
    timings, cpu = [], []
    # A warm-up (it fills what a first request fills: content types, the kept task figures of a new day), then the
    # queries of a request like the timed ones.
    response = client.get(url, **fresh)
    if response.status_code != 200:
        return None, None, response.status_code, None
    with connection.execute_wrapper(count):
        client.get(url, **fresh)
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url, **fresh)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # The CPU time (this process's: Django and SQLite) moves less than the wall time on a machine shared with others.
    return statistics.median(timings), len(queries), 200, statistics.median(cpu)


def quick(args):
    if args.demo:
        return quick_demo(args)
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}", caches=args.caches)
        from django.test import Client
        from django.urls import reverse

        from tasks.models import Task

        actor = coordinator()
        client = Client()
        client.force_login(actor)
        rng = random.Random(305)
        pages = [
            # The floor: a logged-in request that reads the session and renders nothing.
            ("Sàn /accounts/session/", reverse("session_status")),
            ("Tổng quan /", reverse("dashboard")),
            ("Danh sách nhiệm vụ", reverse("tasks:task_list")),
            ("Nhiệm vụ quá hạn", reverse("tasks:task_list") + "?deadline_status=overdue"),
            ("Xuất Excel (lọc quá hạn)", reverse("tasks:task_export_xlsx") + "?deadline_status=overdue"),
            ("Nhật ký thay đổi", reverse("audit:audit_log")),
            ("Sổ cụm công nghiệp", reverse("clusters:cluster_list")),
            ("API /tasks (200/trang)", "/api/v1/tasks/?page_size=200"),
            ("API /tasks quá hạn", "/api/v1/tasks/?deadline_status=overdue&page_size=200"),
            # Typed without accents; served by the folded search column (and its trigram index on PostgreSQL).
            ("Tìm kiếm ?q=dong anh", reverse("tasks:task_list") + "?q=dong+anh"),
            ("API /tasks ?q=dong anh", "/api/v1/tasks/?q=dong+anh"),
        ]
        print(
            f"Benchmark — {connection_vendor()}, DEBUG off, in-process — median of {args.repeat} requests after one "
            f"warm-up — figure and API list caches {'ON' if args.caches else 'OFF'}\n"
        )
        print(f"{'trang':<28}" + "".join(f"{f'{n} nv: ms':>14}{'truy vấn':>10}" for n in args.tasks))
        results = {}
        for total in args.tasks:
            grow_to(total, actor, rng)
            busiest = Task.objects.order_by("-pk").first()
            for label, url in [*pages, ("Chi tiết nhiệm vụ", reverse("tasks:task_detail", args=[busiest.pk]))]:
                results.setdefault(label, []).append(measure(client, url, args.repeat))
        for label, figures in results.items():
            cells = "".join(
                f"{'HTTP ' + str(code):>14}{'':>10}" if ms is None else f"{ms:>14.1f}{queries:>10}"
                for ms, queries, code, _cpu in figures
            )
            print(f"{label:<28}{cells}")


def quick_demo(args):
    """The pages of the server mode on the demo data, in-process: what each costs in Python at the plan's size."""
    with tempfile.TemporaryDirectory() as folder:
        setup_django(args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}", caches=args.caches, demo=True)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from knox.models import AuthToken

        from clusters.models import Cluster
        from tasks.models import Task

        users = get_user_model().objects
        coordinator_client, officer_client = Client(), Client()
        coordinator_client.force_login(users.get(username="sct.dieuphoi"))
        officer_client.force_login(users.get(username="sxd.canbo"))
        _instance, token = AuthToken.objects.create(users.get(username="sct.dieuphoi"))
        token_client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        task = Task.objects.filter(progress_reports__isnull=False).order_by("-code").first()
        cluster = Cluster.objects.filter(tasks__isnull=False).order_by("-code").first()
        pages = [
            ("sàn: /accounts/session/", "/accounts/session/", coordinator_client),
            ("/", "/", coordinator_client),
            ("/tasks/", "/tasks/", coordinator_client),
            ("/tasks/?q=ha tang", "/tasks/?q=ha+tang", coordinator_client),
            ("/my/ (cán bộ)", "/my/", officer_client),
            ("/agencies/", "/agencies/", coordinator_client),
            ("/audit/", "/audit/", coordinator_client),
            ("/clusters/", "/clusters/", coordinator_client),
            ("chi tiết nhiệm vụ", f"/tasks/{task.pk}/", coordinator_client),
            ("chi tiết cụm", f"/clusters/{cluster.pk}/", coordinator_client),
            ("sàn API: /api/v1/me/", "/api/v1/me/", token_client),
            ("API ?page_size=50", "/api/v1/tasks/?page_size=50", token_client),
            ("API ?deadline_status=overdue", "/api/v1/tasks/?deadline_status=overdue", token_client),
        ]
        print(
            f"Benchmark — demo data ({Task.objects.count()} tasks), {connection_vendor()}, DEBUG off, in-process — "
            f"median of {args.repeat} requests after one warm-up — figure and API list caches "
            f"{'ON' if args.caches else 'OFF'}\n"
        )
        print(f"{'trang':<32}{'ms':>8}{'CPU ms':>8}{'truy vấn':>10}")
        for label, url, client in pages:
            ms, queries, code, cpu = measure(client, url, args.repeat)
            print(
                f"{label:<32}" + (f"{'HTTP ' + str(code):>8}" if ms is None else f"{ms:>8.1f}{cpu:>8.1f}{queries:>10}")
            )


def connection_vendor():
    from django.db import connection

    return connection.vendor


def main():
    args = parse_args()
    if args.server:
        import bench_server

        bench_server.run(args)
    else:
        quick(args)


if __name__ == "__main__":
    main()
