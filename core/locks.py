"""One run at a time of a scheduled job, across every application server sharing the database.

Several servers run the same cron (the reminder run, the webhook queue's drain…). Each job takes a
PostgreSQL advisory lock named after it for its whole run; a second run that finds the lock taken does
nothing and says so. The lock belongs to the database session, so it is released when the run ends, or
when its process dies. SQLite has no such lock, and runs on one machine: there the lock is a no-op, with a
warning in the log.
"""

import hashlib
import logging
from contextlib import contextmanager

from django.db import connection

logger = logging.getLogger(__name__)


def lock_key(name):
    """The advisory lock's 64-bit key for the job ``name`` (stable across processes and releases)."""
    return int.from_bytes(hashlib.sha256(f"ccn-job:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def job_lock(name):
    """Hold the lock of the job ``name`` for the block: yields True when this run holds it, False when another
    run does (the caller then skips its work)."""
    if connection.vendor != "postgresql":
        logger.warning("Job %s: no advisory lock on %s; run it from one machine only.", name, connection.vendor)
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def busy_message(name):
    """What a run that found its job's lock taken prints before exiting 0 (cron and systemd see no failure)."""
    return f"Một lần chạy khác của {name} đang chạy (trên máy chủ này hoặc máy chủ khác); lần này không làm gì."
