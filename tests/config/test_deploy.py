"""The production profile (DEBUG off), checked the way the server will run it: in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Variables of the test run (pytest-env) that would change the production profile.
TEST_ONLY_VARIABLES = ("DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "EMAIL_BACKEND", "STATIC_ROOT", "DATABASE_URL")


@pytest.fixture
def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.gov.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def run(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def production_settings(env, *names):
    """The values of these settings under ``env``, read by a fresh interpreter."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], {**env, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_deploy_check_reports_nothing(production_env):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_the_production_profile_refuses_to_start(production_env):
    del production_env["SECRET_KEY"]

    result = run(["manage.py", "check"], production_env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_http_only_and_same_site(production_env):
    values = production_settings(
        production_env,
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_REFRESH_SECONDS",
    )

    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 30 * 60,
        # The idle timeout slides without a write per request (accounts.sessions): once a minute.
        "SESSION_SAVE_EVERY_REQUEST": False,
        "SESSION_REFRESH_SECONDS": 60,
    }


def test_production_redirects_to_https_and_sends_hsts(production_env):
    values = production_settings(
        production_env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "DEBUG"
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "DEBUG": False,
    }


def test_the_proxy_headers_are_trusted_only_when_configured(production_env):
    assert production_settings(production_env, "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT") == {
        "SECURE_PROXY_SSL_HEADER": None,
        "TRUSTED_PROXY_COUNT": 0,
    }

    behind_nginx = {**production_env, "SECURE_PROXY_SSL_HEADER": "true", "AXES_PROXY_COUNT": "1"}
    assert production_settings(behind_nginx, "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "TRUSTED_PROXY_COUNT": 1,
    }


def test_the_idle_limit_of_sessions_is_configurable(production_env):
    values = production_settings({**production_env, "SESSION_IDLE_MINUTES": "15"}, "SESSION_COOKIE_AGE")

    assert values == {"SESSION_COOKIE_AGE": 15 * 60}


def test_collectstatic_writes_hashed_names_and_a_manifest(production_env, tmp_path):
    static_root = tmp_path / "static"

    result = run(
        ["manage.py", "collectstatic", "--noinput", "-v", "0"], {**production_env, "STATIC_ROOT": str(static_root)}, 600
    )

    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert hashed != "css/app.css" and hashed.startswith("css/app.")
    assert (static_root / hashed).exists()
    assert (static_root / f"{hashed}.gz").exists()  # whitenoise serves the compressed copy
