"""The webhook events: the catalogue an endpoint chooses from, and each event's payload.

One home for both. A webhook event is a domain event of ``core.events`` (emitted by the services inside their
transaction) under the same name; ``CATALOGUE`` lists the ones offered outside (``OFFERED``), with the words a
coordinator reads when choosing them (the event's label in ``core.events``). Every delivery's body is::

    {"id": "<the delivery's uuid, also X-CCN-Delivery>", "event": "task.assigned",
     "occurred_at": "2026-06-20T10:00:00+07:00", "data": {...}}

``data`` is small and stable: the object as a compact dict (``task`` or ``submission``, below) plus what the
event adds. Clients read the full record through the API link it carries.

| event                    | data besides ``task`` / ``submission``                                  |
|--------------------------|-------------------------------------------------------------------------|
| task.created             |                                                                         |
| task.assigned            | ``agencies``: codes of the agencies newly given a part (all, on creation) |
| task.deadline_changed    | ``old_due_date``, ``new_due_date`` (ISO dates; the old one may be null) |
| task.extension_requested | ``extension``: id, status, previous and proposed due dates, reason      |
| task.extension_decided   | ``extension`` (status ``approved`` or ``rejected``, decision note)      |
| task.completion_reported | ``completed_on``                                                        |
| task.completion_accepted | ``completed_on``                                                        |
| task.completion_returned | ``reason``                                                              |
| submission.submitted     |                                                                         |
| submission.accepted      |                                                                         |
| submission.returned      | ``reason``                                                              |
"""

from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from core import events
from notifications.links import absolute_url, task_url

# The domain events offered outside (``core.events`` declares each with its label): their names never change, since
# endpoints store them and receivers dispatch on them.
OFFERED = [
    events.TASK_CREATED,
    events.TASK_ASSIGNED,
    events.TASK_DEADLINE_CHANGED,
    events.TASK_EXTENSION_REQUESTED,
    events.TASK_EXTENSION_DECIDED,
    events.TASK_COMPLETION_REPORTED,
    events.TASK_COMPLETION_ACCEPTED,
    events.TASK_COMPLETION_RETURNED,
    events.SUBMISSION_SUBMITTED,
    events.SUBMISSION_ACCEPTED,
    events.SUBMISSION_RETURNED,
]
CATALOGUE = {str(event): event.label for event in OFFERED}


def choices():
    return list(CATALOGUE.items())


def _date(value):
    return value.isoformat() if value else None


def task_dict(task):
    """The task as every task event carries it."""
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "status": task.status,
        "due_date": _date(task.due_date),
        "original_due_date": _date(task.original_due_date),
        "progress_percent": task.progress_percent,
        "lead_agency": task.lead_agency.code,
        "links": {"api": absolute_url(reverse("task-detail", args=[task.pk])), "web": task_url(task.pk)},
    }


def submission_dict(submission):
    """The Circular 14 report as every submission event carries it."""
    return {
        "id": submission.pk,
        "form": submission.form.code,
        "period": {"year": submission.period.year, "kind": submission.period.kind},
        "cluster": submission.cluster.code if submission.cluster_id else None,
        "commune": submission.commune.code if submission.commune_id else None,
        "state": submission.state,
        "submitted_at": submission.submitted_at.isoformat() if submission.submitted_at else None,
        "links": {
            "api": absolute_url(reverse("submission-detail", args=[submission.pk])),
            "web": absolute_url(reverse("reporting:submission", args=[submission.pk])),
        },
    }


def _extension_dict(extension):
    return {
        "id": extension.pk,
        "status": extension.status,
        "previous_due_date": _date(extension.previous_due_date),
        "proposed_due_date": _date(extension.proposed_due_date),
        "reason": extension.reason,
        "decision_note": extension.decision_note,
    }


def _task_data(task, *, agency_ids=None, extension=None, reason=None, **deadline):
    data = {"task": task_dict(task)}
    if agency_ids is not None:
        data["agencies"] = sorted(Agency.objects.filter(pk__in=list(agency_ids)).values_list("code", flat=True))
    if extension is not None:
        data["extension"] = _extension_dict(extension)
    if reason is not None:
        data["reason"] = reason
    if "new_due_date" in deadline:
        data.update(old_due_date=_date(deadline["old_due_date"]), new_due_date=_date(deadline["new_due_date"]))
    return data


def _completion_data(task, **data):
    return {**_task_data(task, **data), "completed_on": _date(task.completed_on)}


def _submission_data(submission, *, reason=None):
    data = {"submission": submission_dict(submission)}
    if reason is not None:
        data["reason"] = reason
    return data


DATA = events.listening(
    {
        events.TASK_CREATED: _task_data,
        events.TASK_ASSIGNED: _task_data,
        events.TASK_DEADLINE_CHANGED: _task_data,
        events.TASK_EXTENSION_REQUESTED: _task_data,
        events.TASK_EXTENSION_DECIDED: _task_data,
        events.TASK_COMPLETION_REPORTED: _completion_data,
        events.TASK_COMPLETION_ACCEPTED: _completion_data,
        events.TASK_COMPLETION_RETURNED: _task_data,
        events.SUBMISSION_SUBMITTED: _submission_data,
        events.SUBMISSION_ACCEPTED: _submission_data,
        events.SUBMISSION_RETURNED: _submission_data,
    }
)
assert set(DATA) == set(CATALOGUE)


def payload(event, obj, **data):
    """The body of a delivery of ``event`` about ``obj`` (JSON-ready), but for its ``id`` (each delivery's own)."""
    return {
        "event": str(event),
        "occurred_at": timezone.localtime().isoformat(),
        "data": DATA[event](obj, **data),
    }
