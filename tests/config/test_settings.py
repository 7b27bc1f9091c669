"""Settings come from the environment; production refuses to start without a SECRET_KEY."""

import os
import subprocess
import sys

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


def test_the_interface_is_vietnamese_first_in_hanoi_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    assert settings.DUE_SOON_DAYS == 7


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
