"""Scheduled jobs run once at a time across servers: each holds its PostgreSQL advisory lock
(``core.locks.job_lock``); a run that finds it taken sends nothing, says so, and exits 0. On SQLite the lock is a
no-op with a warning."""

import logging
from contextlib import contextmanager

import psycopg
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from core.locks import lock_key
from tests.factories import TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the no-op lock is SQLite's")


@contextmanager
def held_elsewhere(job):
    """The job's lock, held by another database session (another server's run) for the block."""
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname=params["NAME"],
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(job)]).fetchone()[0]
        yield
        other.execute("SELECT pg_advisory_unlock(%s)", [lock_key(job)])


@pytest.fixture
def task_due_today(group, agency, officer):
    """A task SXD leads, due today: SXD's contact address and its officer get a digest."""
    return TaskFactory(group=group, lead_agency=agency, start_date=days(-30), due_date=days(0))


@on_postgresql
def test_reminders_send_nothing_while_another_run_holds_the_lock(task_due_today, capsys):
    with held_elsewhere("send_deadline_reminders"):
        call_command("send_deadline_reminders")

    assert mail.outbox == []
    assert "Một lần chạy khác của send_deadline_reminders đang chạy" in capsys.readouterr().out

    call_command("send_deadline_reminders")

    assert "sxd@example.gov.vn" in {message.to[0] for message in mail.outbox}
    assert "đã gửi" in capsys.readouterr().out


@on_postgresql
def test_a_dry_run_needs_no_lock(task_due_today, capsys):
    with held_elsewhere("send_deadline_reminders"):
        call_command("send_deadline_reminders", "--dry-run")

    assert "thư sẽ được gửi" in capsys.readouterr().out
    assert mail.outbox == []


@on_postgresql
def test_orphan_files_are_left_alone_while_another_run_holds_the_lock(task_due_today, capsys):
    orphan = default_storage.save(f"attachments/{task_due_today.pk}/left-by-a-killed-worker", ContentFile(b"x"))

    with held_elsewhere("clean_orphan_files"):
        call_command("clean_orphan_files", "--delete")

    assert "Một lần chạy khác của clean_orphan_files đang chạy" in capsys.readouterr().out
    assert default_storage.exists(orphan)

    call_command("clean_orphan_files", "--delete")

    assert "Đã xóa 1 tệp mồ côi." in capsys.readouterr().out
    assert not default_storage.exists(orphan)


@on_sqlite
def test_on_sqlite_the_lock_is_a_no_op_with_a_warning(task_due_today, caplog):
    with caplog.at_level(logging.WARNING, logger="core.locks"):
        call_command("send_deadline_reminders")

    assert "sxd@example.gov.vn" in {message.to[0] for message in mail.outbox}
    assert "Job send_deadline_reminders: no advisory lock on sqlite" in caplog.text
