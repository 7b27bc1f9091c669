"""A database made by the layout before the apps were reorganised is never migrated half-way: the
development database is kept aside and replaced, any other is refused with a plain message."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

from core.management.commands.migrate import Command, made_by_an_earlier_layout


def database(path, *applied):
    """A SQLite file whose django_migrations table records ``applied`` (app, name) pairs."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text, applied datetime)")
        db.executemany("INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-11-28')", applied)
    return path


@pytest.fixture
def connect(django_db_blocker):
    """connect(path) -> a connection to a throwaway SQLite file, under an alias of its own."""
    aliases = []

    def make(path):
        alias = f"layout_{len(aliases)}"
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
        connections.settings[alias] = connections.configure_settings({"default": sqlite})["default"]
        aliases.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield make
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_only_a_database_with_the_old_apps_and_without_the_mark_is_from_the_earlier_layout(tmp_path, connect):
    assert made_by_an_earlier_layout(connect(database(tmp_path / "old.sqlite3", ("tasks", "0001_initial"))))
    current = database(tmp_path / "new.sqlite3", ("tasks", "0001_initial"), ("core", "0001_initial"))
    assert not made_by_an_earlier_layout(connect(current))
    assert not made_by_an_earlier_layout(connect(database(tmp_path / "empty.sqlite3")))


def test_the_development_database_is_kept_aside_and_a_new_one_made(tmp_path, settings, connect):
    settings.VAR_DIR = tmp_path
    Command().replace_or_refuse(connect(database(tmp_path / "db.sqlite3", ("tasks", "0001_initial"))))
    kept = [path.name for path in tmp_path.iterdir()]
    assert kept and kept[0].startswith("db-truoc-bo-cuc-moi-") and not (tmp_path / "db.sqlite3").exists()


def test_any_other_database_is_refused_saying_what_to_do(tmp_path, connect):
    elsewhere = connect(database(tmp_path / "elsewhere.sqlite3", ("tasks", "0001_initial")))
    with pytest.raises(CommandError, match="earlier layout of the application's apps"):
        Command().replace_or_refuse(elsewhere)


def test_migrate_on_an_old_database_ends_with_the_message_not_a_traceback(tmp_path):
    path = tmp_path / "old.sqlite3"
    database(path, ("agencies", "0001_initial"), ("tasks", "0001_initial"))
    env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "true", "DATABASE_URL": f"sqlite:///{path}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "được tạo bởi phiên bản trước của ứng dụng" in result.stderr
