"""Two drains at once (two workers, two servers) never send the same delivery: a delivery another drain holds
is skipped (SELECT … FOR UPDATE SKIP LOCKED), and a pass finding the job lock taken does nothing. PostgreSQL
only: SQLite has neither row locks nor advisory locks (and runs on one machine)."""

import datetime
import io
import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from core.locks import job_lock
from tasks import services as task_services
from tests.factories import TaskFactory
from webhooks import sending
from webhooks.models import Delivery

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row and advisory locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def _hold_in_another_session(work):
    """Run ``work`` in a thread (its own database session) until the returned ``release`` is called."""
    held, done = threading.Event(), threading.Event()

    def run():
        try:
            with work():
                held.set()
                done.wait(20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert held.wait(20)

    def release():
        done.set()
        thread.join(20)

    return release


def _two_deliveries(endpoint_for, receiver, officer, open_task, other_task):
    endpoint_for(receiver.url, ["task.extension_requested"])
    for task in (open_task, other_task):
        task_services.extension_request_create(
            actor=officer, task=task, proposed_due_date=task.due_date + datetime.timedelta(days=30), reason="Chờ vốn"
        )
    return list(Delivery.objects.order_by("pk"))


def test_a_delivery_another_drain_holds_is_skipped(receiver, endpoint_for, officer, open_task, group, agency):
    second_task = TaskFactory(group=group, lead_agency=agency, due_date=open_task.due_date)
    first, second = _two_deliveries(endpoint_for, receiver, officer, open_task, second_task)

    @contextmanager
    def hold_first():
        with transaction.atomic():
            Delivery.objects.select_for_update().get(pk=first.pk)
            yield

    release = _hold_in_another_session(hold_first)
    try:
        report = sending.drain()
    finally:
        release()
    assert [d.pk for d in report.succeeded] == [second.pk]
    assert [r["headers"]["X-CCN-Delivery"] for r in receiver.requests] == [str(second.uuid)]

    assert [d.pk for d in sending.drain().succeeded] == [first.pk]
    assert len(receiver.requests) == 2


def test_a_pass_does_nothing_while_another_holds_the_job_lock(receiver, endpoint_for, officer, open_task):
    endpoint_for(receiver.url, ["task.extension_requested"])
    task_services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=open_task.due_date + datetime.timedelta(days=30), reason="X"
    )
    release = _hold_in_another_session(lambda: job_lock("send_webhooks"))
    try:
        out = io.StringIO()
        call_command("send_webhooks", stdout=out)
    finally:
        release()
    assert "bỏ qua lượt này" in out.getvalue() and receiver.requests == []
    call_command("send_webhooks", stdout=io.StringIO())
    assert len(receiver.requests) == 1
