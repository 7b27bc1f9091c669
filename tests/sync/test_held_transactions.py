"""A change saved in a transaction that commits late is not skipped by a client syncing in between: the feed
serves only changes stamped before the oldest open transaction (core/paging.py, ``sync_horizon``).

The finding: transaction A saves task 1 and commits 8 s later; B saves and commits task 64 in between; a
client syncing in between kept the mark of task 64 and never saw task 1."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from core.paging import sync_horizon
from tasks.models import Task
from tests.factories import TaskFactory

LIST = "/api/v1/tasks/"


def follow(api, since):
    """Every record a client receives from ``since`` on, following the API's own ``next`` links, and its new
    mark (the latest ``updated_at`` it received, as a syncing client keeps)."""
    received, mark = {}, since
    url, params = LIST, {"updated_after": since.isoformat(), "page_size": 1}
    while url:
        page = api.get(url, params).json()
        for item in page["results"]:
            received[item["id"]] = item
            mark = max(mark, datetime.datetime.fromisoformat(item["updated_at"]))
        url, params = page["next"], None
    return received, mark


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time hold the database until it commits: a second commit cannot "
    "happen while the first transaction is open, so there is nothing to hold back (the margin covers the rest).",
)
@pytest.mark.django_db(transaction=True)
def test_a_client_syncing_while_a_transaction_is_open_receives_its_change_after_the_commit(coordinator_api, group):
    first, last = TaskFactory(group=group, code="1"), TaskFactory(group=group, code="64")
    start = max(first.updated_at, last.updated_at)
    saved, release, failure = threading.Event(), threading.Event(), []

    def held_transaction():
        try:
            with transaction.atomic():
                task = Task.objects.get(pk=first.pk)
                task.title = "Sửa trong giao dịch còn mở"
                task.save()
                saved.set()
                assert release.wait(30)
        except Exception as error:  # reported by the main thread
            failure.append(error)
            saved.set()
        finally:
            connection.close()

    holder = threading.Thread(target=held_transaction)
    holder.start()
    try:
        assert saved.wait(30) and not failure
        later = Task.objects.get(pk=last.pk)
        later.title = "Sửa và lưu ngay"
        later.save()  # committed at once, stamped after the held change
        assert sync_horizon() < later.updated_at

        received, mark = follow(coordinator_api, start)
        assert last.pk not in received and mark < later.updated_at  # held back with the open transaction
    finally:
        release.set()
        holder.join(30)
    assert not failure

    received, _mark = follow(coordinator_api, mark)

    assert received[first.pk]["title"] == "Sửa trong giao dịch còn mở"
    assert received[last.pk]["title"] == "Sửa và lưu ngay"


@pytest.mark.django_db
def test_changes_wait_the_settling_margin(settings, coordinator_api, group):
    settings.SYNC_SETTLE_SECONDS = 3600
    task = TaskFactory(group=group)
    since = task.updated_at - datetime.timedelta(days=1)

    assert follow(coordinator_api, since)[0] == {}

    settings.SYNC_SETTLE_SECONDS = 0
    cache.clear()  # the list cache keeps the page it served (safe: it only holds records back, until a write)
    assert list(follow(coordinator_api, since)[0]) == [task.pk]
