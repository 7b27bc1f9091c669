"""In-app notifications (the bell): who hears of each event of the task workflow.

The workflow services announce what they did through ``core.events`` inside their transactions; the
receiver below turns each event into notifications, so a rolled-back action leaves none behind and the
services never build notifications themselves. The actor never notifies themselves. Who hears of what:

| event                         | who                                                                   |
|-------------------------------|-----------------------------------------------------------------------|
| task assigned                 | members of the lead and supporting agencies, the responsible user     |
| progress reported             | members of the lead and supporting agencies, the responsible user     |
| extension requested           | coordinators                                                          |
| extension decided             | members of the lead agency, the requester                             |
| completion reported           | coordinators                                                          |
| completion accepted, returned | members of the lead agency (and supporting, when accepted), the       |
|                               | reporter, the responsible user                                        |
| task cancelled                | members of the lead and supporting agencies, the responsible user     |
| deadline approaching          | members of the agency, chosen by the reminder command (``reminders``) |
"""

from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils.translation import gettext as _

from agencies.models import Membership
from core import events
from core.events import domain_event

from .models import Notification

MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length


def _active_users():
    return get_user_model().objects.filter(is_active=True)


def _members_of(agency_ids, *, exclude=None):
    users = _active_users().filter(memberships__is_active=True, memberships__agency_id__in=list(agency_ids))
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct())


def _coordinators(*, exclude=None):
    users = _active_users().filter(memberships__is_active=True, memberships__role=Membership.Role.COORDINATOR)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct())


def _with_users(users, *user_ids, exclude=None):
    """``users`` plus the (active) users named by id, each once, never the actor."""
    by_pk = {user.pk: user for user in users}
    wanted = {pk for pk in user_ids if pk and pk not in by_pk and (exclude is None or pk != exclude.pk)}
    if wanted:
        by_pk.update({user.pk: user for user in _active_users().filter(pk__in=wanted)})
    return list(by_pk.values())


def _task_agency_ids(task):
    return {task.lead_agency_id, *task.supporting_agencies.values_list("pk", flat=True)}


def _notify(users, kind, task, message):
    message = message if len(message) <= MESSAGE_MAX_LENGTH else message[: MESSAGE_MAX_LENGTH - 1] + "…"
    return Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, task=task, message=message) for user in users]
    )


def task_assigned(task, actor, agency_ids=None):
    """A new task, or agencies newly given a part in one (``agency_ids``): their members hear of it."""
    agency_ids = _task_agency_ids(task) if agency_ids is None else agency_ids
    _notify(
        _with_users(_members_of(agency_ids, exclude=actor), task.responsible_user_id, exclude=actor),
        Notification.Kind.TASK_ASSIGNED,
        task,
        _("Cơ quan của bạn được giao nhiệm vụ %(code)s: %(title)s") % {"code": task.code, "title": task.title},
    )


def progress_reported(task, actor, report):
    _notify(
        _with_users(_members_of(_task_agency_ids(task), exclude=actor), task.responsible_user_id, exclude=actor),
        Notification.Kind.PROGRESS_REPORTED,
        task,
        _("%(agency)s báo cáo tiến độ %(percent)s%% cho nhiệm vụ %(code)s")
        % {"agency": report.agency, "percent": report.progress_percent, "code": task.code},
    )


def extension_requested(task, actor, extension):
    _notify(
        _coordinators(exclude=actor),
        Notification.Kind.EXTENSION_REQUESTED,
        task,
        _("%(agency)s đề nghị gia hạn nhiệm vụ %(code)s từ %(old)s đến %(new)s")
        % {
            "agency": task.lead_agency,
            "code": task.code,
            "old": f"{extension.previous_due_date:%d/%m/%Y}",
            "new": f"{extension.proposed_due_date:%d/%m/%Y}",
        },
    )


def extension_decided(task, actor, extension):
    approved = extension.status == extension.Status.APPROVED
    verdict = (
        _("Đề nghị gia hạn nhiệm vụ %(code)s được chấp thuận, thời hạn mới %(date)s")
        % {"code": task.code, "date": f"{extension.proposed_due_date:%d/%m/%Y}"}
        if approved
        else _("Đề nghị gia hạn nhiệm vụ %(code)s không được chấp thuận") % {"code": task.code}
    )
    _notify(
        _with_users(_members_of({task.lead_agency_id}, exclude=actor), extension.requested_by_id, exclude=actor),
        Notification.Kind.EXTENSION_DECIDED,
        task,
        verdict,
    )


def completion_reported(task, actor):
    _notify(
        _coordinators(exclude=actor),
        Notification.Kind.COMPLETION_REPORTED,
        task,
        _("%(agency)s báo cáo hoàn thành nhiệm vụ %(code)s, chờ xác nhận")
        % {"agency": task.lead_agency, "code": task.code},
    )


def completion_accepted(task, actor):
    _notify(
        _with_users(
            _members_of(_task_agency_ids(task), exclude=actor),
            task.completion_reported_by_id,
            task.responsible_user_id,
            exclude=actor,
        ),
        Notification.Kind.COMPLETION_ACCEPTED,
        task,
        _("Nhiệm vụ %(code)s đã được xác nhận hoàn thành") % {"code": task.code},
    )


def completion_returned(task, actor, reason):
    # The service has already cleared completion_reported_by; the lead agency's members include the reporter.
    _notify(
        _with_users(_members_of({task.lead_agency_id}, exclude=actor), task.responsible_user_id, exclude=actor),
        Notification.Kind.COMPLETION_RETURNED,
        task,
        _("Nhiệm vụ %(code)s bị trả lại, cần thực hiện tiếp: %(reason)s") % {"code": task.code, "reason": reason},
    )


def task_cancelled(task, actor, reason):
    _notify(
        _with_users(_members_of(_task_agency_ids(task), exclude=actor), task.responsible_user_id, exclude=actor),
        Notification.Kind.TASK_CANCELLED,
        task,
        _("Nhiệm vụ %(code)s đã bị hủy: %(reason)s") % {"code": task.code, "reason": reason},
    )


HANDLERS = events.listening(
    {
        events.TASK_ASSIGNED: task_assigned,
        events.TASK_PROGRESS_REPORTED: progress_reported,
        events.TASK_EXTENSION_REQUESTED: extension_requested,
        events.TASK_EXTENSION_DECIDED: extension_decided,
        events.TASK_COMPLETION_REPORTED: completion_reported,
        events.TASK_COMPLETION_ACCEPTED: completion_accepted,
        events.TASK_COMPLETION_RETURNED: completion_returned,
        events.TASK_CANCELLED: task_cancelled,
    }
)


@receiver(domain_event, dispatch_uid="notifications.bell")
def ring_the_bell(sender, event, obj, actor, signal=None, **data):
    """The bell's part in a workflow event: notifications for whoever should hear of it."""
    handler = HANDLERS.get(events.event(event))
    if handler is not None:
        handler(obj, actor, **data)


def deadline_message(task, days_left):
    if days_left == 0:
        return _("Nhiệm vụ %(code)s đến hạn hôm nay (%(date)s)") % {
            "code": task.code,
            "date": f"{task.due_date:%d/%m/%Y}",
        }
    return _("Nhiệm vụ %(code)s còn %(days)s ngày đến hạn (%(date)s)") % {
        "code": task.code,
        "days": days_left,
        "date": f"{task.due_date:%d/%m/%Y}",
    }


def deadline_approaching(reminders):
    """Bell notifications from the reminder command: ``reminders`` is a list of (user, task, days_left).

    Idempotent: the message names the deadline and the days left, so a second run on the same day (or
    a re-run) finds the notifications it would create and creates none; an extended deadline gives a
    new message. Two queries whatever the number of reminders.
    """
    wanted = {(user.pk, task.pk, deadline_message(task, days)): (user, task) for user, task, days in reminders}
    if not wanted:
        return []
    existing = set(
        Notification.objects.filter(
            kind=Notification.Kind.DEADLINE_APPROACHING,
            recipient_id__in={key[0] for key in wanted},
            task_id__in={key[1] for key in wanted},
            message__in={key[2] for key in wanted},
        ).values_list("recipient_id", "task_id", "message")
    )
    return Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=Notification.Kind.DEADLINE_APPROACHING, task=task, message=message)
            for (user_pk, task_pk, message), (user, task) in wanted.items()
            if (user_pk, task_pk, message) not in existing
        ]
    )
