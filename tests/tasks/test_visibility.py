"""What each role sees of the plan's tasks and of the records on them: ``Task.objects.visible_to``,
``history_visible_to`` and ``working_for``, ``ExtensionRequest.objects.visible_to`` and
``Attachment.objects.visible_to``. The pages and the API read through these (the permission matrix checks the
doors); here the querysets themselves, including the composition with a queryset already filtered."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.models import Agency, Membership
from tasks import services
from tasks.models import Attachment, ExtensionRequest, Task
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def investor(db):
    """An infrastructure investor's user: a Circular 14 reporter, no member of the plan."""
    user = UserFactory(username="cdt")
    agency = AgencyFactory(code="CDT", name="Công ty Hạ tầng", kind=Agency.Kind.INVESTOR)
    MembershipFactory(user=user, agency=agency, role=Membership.Role.INVESTOR)
    return user


@pytest.fixture
def outsiders(investor):
    """Those who see nothing of the plan: anonymous, a user without a membership, a reporter."""
    return [AnonymousUser(), UserFactory(username="nobody"), investor]


def test_every_member_sees_every_task_and_no_one_else_any(
    officer, other_officer, viewer, coordinator, superuser, outsiders, task, other_task
):
    for member in (officer, other_officer, viewer, coordinator, superuser):
        assert set(Task.objects.visible_to(member)) == {task, other_task}
    for user in outsiders:
        assert not Task.objects.visible_to(user).exists()


def test_officers_read_the_history_of_the_tasks_their_agency_leads_or_supports(
    officer, other_officer, viewer, coordinator, outsiders, task, other_task
):
    assert set(Task.objects.history_visible_to(officer)) == {task}  # SXD leads task, has no part in other_task
    assert set(Task.objects.history_visible_to(other_officer)) == {task, other_task}  # STC supports one, leads one
    assert set(Task.objects.history_visible_to(viewer)) == {task, other_task}
    assert set(Task.objects.history_visible_to(coordinator)) == {task, other_task}
    for user in outsiders:
        assert not Task.objects.history_visible_to(user).exists()


def test_an_officers_own_work_is_their_agencys_tasks_a_viewers_is_the_whole_plan(
    officer, viewer, coordinator, outsiders, task, other_task
):
    assert set(Task.objects.working_for(officer)) == {task}
    assert set(Task.objects.working_for(viewer)) == {task, other_task}
    assert set(Task.objects.working_for(coordinator)) == {task, other_task}
    for user in outsiders:
        assert not Task.objects.working_for(user).exists()


def test_visibility_narrows_a_queryset_already_filtered_and_keeps_its_annotations(officer, task, other_task):
    only_other = Task.objects.with_deadline_status().filter(pk=other_task.pk)
    assert list(only_other.visible_to(officer)) == [other_task]
    assert not only_other.history_visible_to(officer).exists()
    assert not only_other.working_for(officer).exists()
    assert only_other.visible_to(officer).get().deadline_status


def test_an_extension_request_is_read_where_the_tasks_deadline_history_is(
    officer, other_officer, viewer, coordinator, outsiders, other_task
):
    extension = services.extension_request_create(
        actor=other_officer, task=other_task, proposed_due_date=datetime.date(2026, 9, 30), reason="Chờ ý kiến"
    )
    assert list(ExtensionRequest.objects.visible_to(other_officer)) == [extension]
    assert list(ExtensionRequest.objects.visible_to(viewer)) == [extension]
    assert list(ExtensionRequest.objects.visible_to(coordinator)) == [extension]
    assert not ExtensionRequest.objects.visible_to(officer).exists()  # SXD has no part in other_task
    for user in outsiders:
        assert not ExtensionRequest.objects.visible_to(user).exists()


def test_a_progress_file_goes_with_the_task_an_extension_file_with_the_deadline_history(
    officer, other_officer, viewer, outsiders, other_task, pdf
):
    services.progress_report_create(
        actor=other_officer, task=other_task, text="Kèm biên bản", progress_percent=20, files=[pdf("bien-ban.pdf")]
    )
    services.extension_request_create(
        actor=other_officer,
        task=other_task,
        proposed_due_date=datetime.date(2026, 9, 30),
        reason="Chờ ý kiến",
        files=[pdf("de-nghi.pdf")],
    )

    def names(user, queryset=None):
        return sorted(a.original_name for a in (Attachment.objects if queryset is None else queryset).visible_to(user))

    assert names(other_officer) == ["bien-ban.pdf", "de-nghi.pdf"]
    assert names(viewer) == ["bien-ban.pdf", "de-nghi.pdf"]
    assert names(officer) == ["bien-ban.pdf"]  # every member sees the task, not its deadline history
    assert names(officer, other_task.attachments) == ["bien-ban.pdf"]  # through the task's own relation too
    for user in outsiders:
        assert names(user) == []
