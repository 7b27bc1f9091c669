"""In-app notifications raised by the workflow services, inside the same transaction.

Each function decides who hears of an event; the services call them and never build
notifications themselves.
"""

from django.contrib.auth import get_user_model

from agencies.models import Membership

from ..models import Notification


def _members_of(agency_ids, *, exclude=None):
    users = get_user_model().objects.filter(
        is_active=True, memberships__is_active=True, memberships__agency_id__in=list(agency_ids)
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct())


def _coordinators(*, exclude=None):
    users = get_user_model().objects.filter(
        is_active=True, memberships__is_active=True, memberships__role=Membership.Role.COORDINATOR
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct())


def _task_agency_ids(task):
    return {task.lead_agency_id, *task.supporting_agencies.values_list("pk", flat=True)}


def _notify(users, kind, task, message):
    Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, task=task, message=message[:500]) for user in users]
    )


def task_assigned(task, actor):
    _notify(
        _members_of(_task_agency_ids(task), exclude=actor),
        Notification.Kind.TASK_ASSIGNED,
        task,
        f"Cơ quan của bạn được giao nhiệm vụ {task.code}: {task.title}",
    )


def progress_reported(task, report, actor):
    followers = {u.pk: u for u in _members_of(_task_agency_ids(task), exclude=actor)}
    if task.responsible_user_id and task.responsible_user_id != actor.pk:
        followers.setdefault(task.responsible_user_id, task.responsible_user)
    _notify(
        followers.values(),
        Notification.Kind.PROGRESS_REPORTED,
        task,
        f"{report.agency} báo cáo tiến độ {report.progress_percent}% cho nhiệm vụ {task.code}",
    )


def extension_requested(task, extension_request, actor):
    _notify(
        _coordinators(exclude=actor),
        Notification.Kind.EXTENSION_REQUESTED,
        task,
        f"Đề nghị gia hạn nhiệm vụ {task.code} đến {extension_request.proposed_due_date:%d/%m/%Y}",
    )


def extension_decided(task, extension_request, actor):
    verdict = (
        "được chấp thuận" if extension_request.status == extension_request.Status.APPROVED else "không được chấp thuận"
    )
    _notify(
        _members_of({task.lead_agency_id}, exclude=actor),
        Notification.Kind.EXTENSION_DECIDED,
        task,
        f"Đề nghị gia hạn nhiệm vụ {task.code} {verdict}",
    )


def completion_reported(task, actor):
    _notify(
        _coordinators(exclude=actor),
        Notification.Kind.COMPLETION_REPORTED,
        task,
        f"Nhiệm vụ {task.code} được báo cáo hoàn thành, chờ xác nhận",
    )


def completion_accepted(task, actor):
    _notify(
        _members_of(_task_agency_ids(task), exclude=actor),
        Notification.Kind.COMPLETION_ACCEPTED,
        task,
        f"Nhiệm vụ {task.code} đã được xác nhận hoàn thành",
    )


def completion_returned(task, actor, reason):
    _notify(
        _members_of({task.lead_agency_id}, exclude=actor),
        Notification.Kind.COMPLETION_RETURNED,
        task,
        f"Nhiệm vụ {task.code} bị trả lại: {reason}",
    )


def task_cancelled(task, actor, reason):
    _notify(
        _members_of(_task_agency_ids(task), exclude=actor),
        Notification.Kind.TASK_CANCELLED,
        task,
        f"Nhiệm vụ {task.code} đã bị hủy: {reason}",
    )
