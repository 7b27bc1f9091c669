"""Two coordinators acting on the same task at the same moment queue on PostgreSQL's row locks, in one
order (the task, then its extension requests): one wins, the other is told what happened; no deadlock."""

import threading

import pytest
from django.db import connection, connections

from core.services import StateConflict
from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.helpers import days

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks and deadlocks are PostgreSQL's"),
]


def run_together(*calls):
    """Run each call in its own thread and connection, started together; their outcomes (result or error)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "the two actions did not finish"
    return outcomes


@pytest.mark.parametrize("round_", range(5))
def test_approving_an_extension_while_the_task_is_cancelled_ends_without_deadlock(
    round_, coordinator, second_coordinator, officer, open_task
):
    assert connection.vendor == "postgresql"
    extension = services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ thẩm định"
    )
    approve, cancel = run_together(
        lambda: services.extension_request_approve(actor=coordinator, extension_request=extension),
        lambda: services.task_cancel(actor=second_coordinator, task=open_task, reason="Không còn phù hợp"),
    )
    task = Task.objects.get(pk=open_task.pk)
    extension.refresh_from_db()
    assert task.status == Task.Status.CANCELLED
    assert not isinstance(cancel, Exception)
    if isinstance(approve, Exception):
        # Cancel went first: the request was closed with the task, and approving says so.
        assert isinstance(approve, StateConflict)
        assert extension.status == ExtensionRequest.Status.REJECTED
    else:
        assert (extension.status, task.due_date) == (ExtensionRequest.Status.APPROVED, days(90))


def test_rejecting_an_extension_while_the_task_is_cancelled_ends_without_deadlock(
    coordinator, second_coordinator, officer, open_task
):
    extension = services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="x")
    reject, cancel = run_together(
        lambda: services.extension_request_reject(
            actor=coordinator, extension_request=extension, decision_note="Không"
        ),
        lambda: services.task_cancel(actor=second_coordinator, task=open_task, reason="Không còn phù hợp"),
    )
    assert not isinstance(cancel, Exception)
    assert reject is not None and (not isinstance(reject, Exception) or isinstance(reject, StateConflict))
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REJECTED
