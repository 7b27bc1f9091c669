"""scripts/check_backup_restore.sh on the test database: dump, restore into a new database, start the
application on it, and the same figures (tasks, clusters, the dashboard's counts, history, stored files)."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tasks import services
from tests.factories import TaskFactory
from tests.helpers import days

from .servers import REPO_ROOT, database_url, production_env

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def test_a_backup_restores_into_a_new_database_with_the_same_figures(officer, group, agency, pdf):
    task = TaskFactory(group=group, lead_agency=agency, start_date=days(-30), due_date=days(-1))
    TaskFactory(group=group, lead_agency=agency, start_date=days(-30), due_date=days(3))
    services.progress_report_create(actor=officer, task=task, text="Kèm biên bản", progress_percent=40, files=[pdf()])

    result = subprocess.run(
        ["bash", "scripts/check_backup_restore.sh"],
        cwd=REPO_ROOT,
        env=production_env(
            DATABASE_URL=database_url(connection.settings_dict),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            SECRET_KEY=settings.SECRET_KEY,
            PYTHON=sys.executable,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith("   ")}
    assert lines["tasks"] == ["2", "2"]
    assert lines["dashboard.overdue"] == ["1", "1"]
    assert lines["files_named"] == ["1", "1"] and lines["files_present"] == ["1", "1"]
    assert int(lines["history_rows"][0]) > 0
    assert "OK: the restored copy starts and shows the same figures." in result.stdout
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'ccn_restore_check_%'")
        assert cursor.fetchone()[0] == 0  # the copy is dropped
