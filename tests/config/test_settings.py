"""Settings come from the environment; production refuses to start without a SECRET_KEY."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROJECT = settings.BASE_DIR


def import_settings(**env):
    clean_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; settings.DEBUG"],
        cwd=PROJECT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_without_a_secret_key_fail_naming_the_variable():
    result = import_settings(DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_with_a_secret_key_load():
    result = import_settings(DEBUG="false", SECRET_KEY="a-real-secret-from-the-environment")

    assert result.returncode == 0, result.stderr


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "a-real-secret-from-the-environment"}


def test_the_file_email_backend_without_its_folder_stops_start_up_naming_the_variable():
    result = import_settings(**PRODUCTION, EMAIL_BACKEND=FILE_BACKEND)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EMAIL_FILE_PATH" in result.stderr


def test_the_file_email_backend_writes_to_the_folder_named_by_email_file_path(tmp_path):
    env = {**PRODUCTION, "EMAIL_BACKEND": FILE_BACKEND, "EMAIL_FILE_PATH": str(tmp_path)}
    script = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Nhắc hạn', 'Nội dung', 'a@example.com', ['b@example.com'])"
    )
    clean_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env=clean_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.iterdir())) == 1


def test_the_smtp_backend_named_without_a_host_stops_start_up_naming_the_variable():
    result = import_settings(**PRODUCTION, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")

    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr


@pytest.mark.django_db
def test_pages_speak_vietnamese_and_today_is_the_date_in_hanoi(client_for, officer, monkeypatch):
    """At 17:30 UTC on 20/06/2026 it is already 21/06 in Hanoi: the page says so, in Vietnamese."""
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "now", lambda: datetime.datetime(2026, 6, 20, 17, 30, tzinfo=datetime.UTC))
    page = client_for(officer).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in page
    assert "Số liệu tính đến ngày 21/06/2026" in page


@pytest.mark.django_db
def test_a_task_is_due_soon_within_a_week_of_its_deadline(group, agency, monkeypatch):
    """DUE_SOON_DAYS defaults to 7: due in 7 days is "Sắp đến hạn", in 8 days "Đang thực hiện trong hạn"."""
    from tasks.models import DeadlineStatus
    from tests.factories import TaskFactory
    from tests.helpers import days

    assert TaskFactory(group=group, lead_agency=agency, due_date=days(7)).deadline_status == DeadlineStatus.DUE_SOON
    assert TaskFactory(group=group, lead_agency=agency, due_date=days(8)).deadline_status == DeadlineStatus.ON_TRACK


def test_manage_py_in_a_bare_shell_runs_in_development_mode():
    """No SECRET_KEY and no DEBUG: a developer's `python manage.py check` works (development mode)."""
    clean_env = {"PATH": os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=clean_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_manage_py_with_debug_off_still_requires_the_secret_key():
    clean_env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=clean_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
