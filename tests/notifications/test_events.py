"""The workflow services raise the bell notifications, for the right people, in their own transaction."""

import datetime

import pytest

from notifications import events
from notifications.models import Notification
from tasks import services
from tasks.models import ProgressReport
from tests.factories import MembershipFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def received(kind):
    """{username: [message, …]} of the notifications of this kind."""
    found = {}
    for notification in Notification.objects.filter(kind=kind).select_related("recipient"):
        found.setdefault(notification.recipient.username, []).append(notification.message)
    return found


@pytest.fixture
def workflow(coordinator, second_coordinator, officer, other_officer, task):
    """Everyone of the conftest world, around the task SXD leads and STC supports."""
    return task


def test_assigning_a_task_notifies_the_lead_and_supporting_agencies_and_the_responsible_user(
    coordinator, officer, other_officer, group, agency, other_agency, viewer
):
    task = services.task_create(
        actor=coordinator,
        group=group,
        code="KH305-1.09",
        title="Rà soát quy hoạch",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        responsible_user=viewer,
        due_date=datetime.date(2026, 9, 30),
    )

    assert received(Kind.TASK_ASSIGNED) == {
        "bob": ["Cơ quan của bạn được giao nhiệm vụ KH305-1.09: Rà soát quy hoạch"],
        "carol": ["Cơ quan của bạn được giao nhiệm vụ KH305-1.09: Rà soát quy hoạch"],
        "victor": ["Cơ quan của bạn được giao nhiệm vụ KH305-1.09: Rà soát quy hoạch"],
    }
    assert Notification.objects.get(recipient__username="bob").task == task


def test_a_progress_report_notifies_the_other_followers_but_not_its_author(workflow, officer, coordinator):
    workflow.responsible_user = coordinator
    workflow.save()

    services.progress_report_create(actor=officer, task=workflow, text="Đã có dự thảo", progress_percent=40)

    assert sorted(received(Kind.PROGRESS_REPORTED)) == ["alice", "carol"]
    assert received(Kind.PROGRESS_REPORTED)["carol"] == [
        f"Sở Xây dựng báo cáo tiến độ 40% cho nhiệm vụ {workflow.code}"
    ]


def test_an_extension_request_notifies_the_coordinators(workflow, officer):
    services.extension_request_create(
        actor=officer, task=workflow, proposed_due_date=datetime.date(2026, 7, 31), reason="Chờ thẩm định"
    )

    assert sorted(received(Kind.EXTENSION_REQUESTED)) == ["alice", "anna"]
    assert "từ 30/06/2026 đến 31/07/2026" in received(Kind.EXTENSION_REQUESTED)["alice"][0]


def test_an_approved_extension_notifies_the_lead_agency(workflow, officer, coordinator):
    extension = services.extension_request_create(
        actor=officer, task=workflow, proposed_due_date=datetime.date(2026, 7, 31), reason="Chờ thẩm định"
    )

    services.extension_request_approve(actor=coordinator, extension_request=extension)

    assert received(Kind.EXTENSION_DECIDED) == {
        "bob": [f"Đề nghị gia hạn nhiệm vụ {workflow.code} được chấp thuận, thời hạn mới 31/07/2026"]
    }


def test_a_rejected_extension_notifies_the_lead_agency(workflow, officer, coordinator):
    extension = services.extension_request_create(
        actor=officer, task=workflow, proposed_due_date=datetime.date(2026, 7, 31), reason="Chờ thẩm định"
    )

    services.extension_request_reject(actor=coordinator, extension_request=extension, decision_note="Không đủ căn cứ")

    assert received(Kind.EXTENSION_DECIDED) == {
        "bob": [f"Đề nghị gia hạn nhiệm vụ {workflow.code} không được chấp thuận"]
    }


def test_a_reported_completion_notifies_the_coordinators(workflow, officer):
    services.task_report_completion(actor=officer, task=workflow, completed_on=TODAY, evidence="Đã trình")

    assert sorted(received(Kind.COMPLETION_REPORTED)) == ["alice", "anna"]


def test_an_accepted_completion_notifies_the_lead_and_supporting_agencies(workflow, officer, coordinator):
    services.task_report_completion(actor=officer, task=workflow, completed_on=TODAY, evidence="Đã trình")

    services.task_accept_completion(actor=coordinator, task=workflow)

    assert sorted(received(Kind.COMPLETION_ACCEPTED)) == ["bob", "carol"]


def test_a_returned_completion_notifies_the_lead_agency_with_the_reason(workflow, officer, coordinator):
    services.task_report_completion(actor=officer, task=workflow, completed_on=TODAY, evidence="Đã trình")

    services.task_return(actor=coordinator, task=workflow, reason="Thiếu ý kiến Sở Tài chính")

    assert received(Kind.COMPLETION_RETURNED) == {
        "bob": [f"Nhiệm vụ {workflow.code} bị trả lại, cần thực hiện tiếp: Thiếu ý kiến Sở Tài chính"]
    }


def test_a_cancelled_task_notifies_its_agencies(workflow, coordinator):
    services.task_cancel(actor=coordinator, task=workflow, reason="Trùng nhiệm vụ khác")

    assert sorted(received(Kind.TASK_CANCELLED)) == ["bob", "carol"]


def test_inactive_users_and_memberships_hear_nothing(workflow, agency, coordinator):
    gone = UserFactory(username="gone", is_active=False)
    MembershipFactory(user=gone, agency=agency)
    moved = UserFactory(username="moved")
    MembershipFactory(user=moved, agency=agency, is_active=False)

    services.task_cancel(actor=coordinator, task=workflow, reason="Trùng nhiệm vụ khác")

    assert "gone" not in received(Kind.TASK_CANCELLED)
    assert "moved" not in received(Kind.TASK_CANCELLED)


def test_notifications_roll_back_with_the_action_that_raised_them(workflow, officer, monkeypatch):
    real = events.progress_reported

    def then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setitem(events.HANDLERS, "task.progress_reported", then_fail)
    with pytest.raises(RuntimeError):
        services.progress_report_create(actor=officer, task=workflow, text="Đã có dự thảo", progress_percent=40)

    assert not Notification.objects.exists()
    assert not ProgressReport.objects.exists()
