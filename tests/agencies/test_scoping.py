"""agencies.scoping, the one policy: its answers and refusals, the role facts the apps' ``visible_to`` querysets
ask it, and the cases the permission matrix (test_permission_matrix.py) does not spell out."""

import pytest
from django.core.exceptions import PermissionDenied

from agencies import scoping
from agencies.models import Membership
from tasks import services
from tests.factories import ExtensionRequestFactory, MembershipFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_refusal_is_the_actions_own_message_in_vietnamese(officer, task):
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa nhiệm vụ."):
        scoping.require(officer, "task.edit", task)
    assert (
        scoping.refusal(officer, "audit.view") == "Nhật ký hệ thống chỉ dành cho cán bộ điều phối của Sở Công Thương."
    )


def test_an_action_the_policy_does_not_know_is_a_programming_error_not_a_silent_no(coordinator):
    with pytest.raises(KeyError):
        scoping.can(coordinator, "task.teleport")


def test_a_coordinator_may_not_decide_an_extension_they_requested_themselves(coordinator, second_coordinator, task):
    extension = ExtensionRequestFactory(task=task, requested_by=coordinator)
    assert scoping.refusal(coordinator, "extension.decide", extension) == (
        "Không được tự xử lý đề nghị gia hạn do chính mình gửi."
    )
    assert scoping.can(second_coordinator, "extension.decide", extension)


def test_a_coordinator_deletes_a_task_only_while_the_workflow_has_left_nothing_on_it(
    coordinator, officer, superuser, task
):
    assert scoping.can(coordinator, "task.delete", task)
    services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=10)
    assert not scoping.can(coordinator, "task.delete", task)
    assert scoping.can(superuser, "task.delete", task)


def test_an_inactive_membership_sees_nothing(api_for, officer, task):
    membership = officer.memberships.get()
    membership.is_active = False
    membership.save()
    assert api_for(officer).get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    assert not scoping.can(officer, "plan.view")


def test_a_superuser_without_membership_may_do_everything(api_for, superuser, task):
    api = api_for(superuser)
    assert api.get("/api/v1/audit-log/").status_code == 200
    response = api.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 200


def test_a_member_of_an_agency_that_has_no_part_in_a_task_still_sees_it_but_not_its_history(api_for, task):
    user = UserFactory(username="erin")
    MembershipFactory(user=user, role=Membership.Role.OFFICER)
    api = api_for(user)
    assert api.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert api.get(f"/api/v1/tasks/{task.pk}/deadline-history/").status_code == 403


def test_the_task_page_and_the_api_show_an_officer_the_same_history(client_for, api_for, officer, group, other_agency):
    """SXD's officer may see a task STC alone leads, but neither its deadline history nor its requests."""
    stranger = TaskFactory(group=group, lead_agency=other_agency)
    ExtensionRequestFactory(task=stranger, reason="Chờ ý kiến của Bộ Xây dựng")
    page = client_for(officer).get(f"/tasks/{stranger.pk}/").content.decode()
    api = api_for(officer)
    assert api.get(f"/api/v1/tasks/{stranger.pk}/deadline-history/").status_code == 403
    assert api.get("/api/v1/extension-requests/", {"task": stranger.pk}).json()["count"] == 0
    assert "Chờ ý kiến của Bộ Xây dựng" not in page
    assert "Lịch sử thời hạn" not in page
