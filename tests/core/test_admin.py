"""The admin: every page renders, changelists cost a constant number of queries, only coordinators get in,
every edit carries a reason, stale edits are refused, and history can be read but never reverted."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import AuthEvent
from agencies.models import Membership
from clusters.models import Cluster
from core.audit import audited_bulk_create
from department import letterhead
from notifications.models import (
    CalendarFeedToken,
    FollowUpLetter,
    Notification,
    NotificationPreference,
    ReminderDelivery,
)
from places.models import Commune
from tasks.models import Attachment, Responsibility, Task
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    ClusterReportFactory,
    CommuneFactory,
    ExtensionRequestFactory,
    MembershipFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """What the browser would post back from a rendered admin change form, unchanged."""
    data = {}

    def put(form, name):
        value = form[name].value()
        if value is None or value is False:
            return
        key = form.add_prefix(name)
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                put(inline_form, name)
    return data


@pytest.fixture
def one_of_everything(settings, tmp_path, superuser, coordinator, task, officer):
    """At least one row of every model the admin shows."""
    settings.MEDIA_ROOT = tmp_path
    cluster = ClusterFactory()
    commune = CommuneFactory()
    cluster.communes.add(commune)
    ClusterReportFactory(cluster=cluster)
    task.clusters.add(cluster)
    Responsibility.objects.create(agency=task.lead_agency, plan=task.group.plan, text="Trách nhiệm thử")
    TargetFactory(plan=task.group.plan)
    report = ProgressReportFactory(task=task, author=officer)
    extension = ExtensionRequestFactory(task=task, requested_by=officer)
    Attachment.objects.create(
        task=task,
        progress_report=report,
        file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"),
        original_name="bao-cao.pdf",
        content_type="application/pdf",
        size_bytes=13,
        uploaded_by=officer,
    )
    assert extension.pk
    NotificationPreference.objects.create(user=officer, reminder_windows_days="7,1")
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=officer, username=officer.username)
    Notification.objects.create(recipient=officer, kind=Notification.Kind.TASK_ASSIGNED, task=task, message="Thử")
    ReminderDelivery.objects.create(run_date=datetime.date(2026, 3, 1), kind="agency_digest", recipient="a@b.vn")
    CalendarFeedToken.objects.create(user=officer)
    letter = FollowUpLetter.objects.create(agency=task.lead_agency, created_by=coordinator, number="12/SCT-QLCN")
    letter.tasks.add(task)
    Group.objects.create(name="Nhóm thử")
    return task


# --- every page renders -----------------------------------------------------------------------------


def test_every_admin_page_renders_for_a_superuser(client_for, superuser, one_of_everything):
    client = client_for(superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        assert client.get(url(model, "changelist")).status_code == 200, model
        if model_admin.has_add_permission(request):
            assert client.get(url(model, "add")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is None:
            continue
        assert client.get(url(model, "change", obj.pk)).status_code == 200, model
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert client.get(url(model, "history", obj.pk)).status_code == 200, model


def test_historical_models_are_not_in_the_admin():
    assert not [model for model in admin.site._registry if model.__name__.startswith("Historical")]


def test_the_admin_speaks_vietnamese_under_the_departments_name(client_for, coordinator, bac_ninh):
    response = client_for(coordinator).get(reverse("admin:index"))

    assert "Sở Công Thương tỉnh Bắc Ninh — Quản trị kế hoạch cụm công nghiệp" in response.text
    assert "Hà Nội" not in response.text
    assert "Nhiệm vụ" in response.text


# --- constant query counts --------------------------------------------------------------------------


def changelist_queries(client, model):
    # The header's Department name (admin_site.site_header) is read from the cached letterhead: one query when the
    # cache is cold (the first page after the Department changes or the value expires), none after. Counted warm.
    letterhead.current()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


def add_tasks(group, agencies, count, start):
    tasks = [
        TaskFactory.build(group=group, lead_agency=agencies[n % len(agencies)], code=f"NV-{start + n:05d}")
        for n in range(count)
    ]
    audited_bulk_create(tasks, actor=None, reason="Dữ liệu thử")


def test_the_task_changelist_costs_the_same_queries_for_10_or_200_tasks(
    client_for, coordinator, group, agency, other_agency, django_assert_num_queries
):
    client = client_for(coordinator)
    agencies = [agency, other_agency, AgencyFactory()]
    add_tasks(group, agencies, 10, start=0)
    with_10 = changelist_queries(client, Task)
    add_tasks(group, agencies, 190, start=10)

    # 1 session, 2 user, 3 the user's membership (scoping), 4 task groups for the group filter, 5 agencies
    # for the lead-agency filter, 6 count of the filtered list, 7 count of all tasks, 8-9 the user's Django
    # permissions (asked once, by the third-party admins in the sidebar), 10 the page of tasks with group
    # and lead agency joined and the deadline status computed in SQL (the session is not written: the idle
    # timeout pushes its expiry at most once a minute).
    with django_assert_num_queries(10):  # the header's Department name comes from the warm letterhead cache
        response = client.get(url(Task, "changelist"))
    assert with_10 == 10
    assert response.context["cl"].result_count == 200


MAKERS = {
    "agency": lambda n: [MembershipFactory(agency=AgencyFactory()) for _ in range(n)],
    "membership": lambda n: [MembershipFactory(agency=AgencyFactory()) for _ in range(n)],
    "responsibility": lambda n: [
        Responsibility.objects.create(agency=AgencyFactory(), plan=PlanFactory(), text="Thử").task_groups.add(
            TaskGroupFactory(number=1)
        )
        for _ in range(n)
    ],
    "cluster": lambda n: [ClusterFactory().communes.add(CommuneFactory()) for _ in range(n)],
    "clusterreport": lambda n: [ClusterReportFactory() for _ in range(n)],
    "commune": lambda n: [CommuneFactory() for _ in range(n)],
    "taskgroup": lambda n: [TaskFactory(group=TaskGroupFactory(plan=PlanFactory(number=f"{k}/KH"))) for k in range(n)],
    "progressreport": lambda n: [ProgressReportFactory() for _ in range(n)],
    "extensionrequest": lambda n: [ExtensionRequestFactory() for _ in range(n)],
    "notification": lambda n: [
        Notification.objects.create(recipient=UserFactory(), task=TaskFactory(), kind="task_assigned", message="x")
        for _ in range(n)
    ],
    "followupletter": lambda n: [
        FollowUpLetter.objects.create(agency=AgencyFactory(), created_by=UserFactory()).tasks.add(TaskFactory())
        for _ in range(n)
    ],
}


@pytest.mark.parametrize("model_name", sorted(MAKERS))
def test_changelists_cost_a_constant_number_of_queries(model_name, client_for, coordinator):
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    client = client_for(coordinator)
    MAKERS[model_name](1)
    with_one = changelist_queries(client, model)
    MAKERS[model_name](4)

    assert changelist_queries(client, model) == with_one


# --- who may use the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "viewer"])
def test_officers_and_viewers_get_no_admin_even_with_staff_status(who, request, client_for):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    client = client_for(user)

    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(url(Task, "changelist")).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(url(Task, "changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_coordinator_uses_the_admin_without_any_django_permission(client_for, coordinator, task):
    assert not coordinator.user_permissions.exists()
    client = client_for(coordinator)

    assert client.get(url(Task, "changelist")).status_code == 200
    assert client.get(url(Task, "change", task.pk)).status_code == 200


def test_a_coordinator_cannot_change_their_own_membership(client_for, coordinator):
    own = Membership.objects.get(user=coordinator)
    client = client_for(coordinator)

    assert client.get(url(Membership, "change", own.pk)).status_code == 200  # read-only view
    response = client.post(url(Membership, "change", own.pk), {"role": "viewer", "change_reason": "Thử"})
    assert response.status_code == 403
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.COORDINATOR


def test_a_coordinator_manages_other_users_memberships(client_for, coordinator, officer, other_agency):
    membership = Membership.objects.get(user=officer)
    client = client_for(coordinator)
    data = form_data(client.get(url(Membership, "change", membership.pk)))
    data.update(agency=str(other_agency.pk), change_reason="Chuyển công tác sang Sở Tài chính")

    assert client.post(url(Membership, "change", membership.pk), data).status_code == 302
    membership.refresh_from_db()
    assert membership.agency == other_agency
    assert membership.history.latest().history_user == coordinator


# --- reasons, versions, read-only workflow fields --------------------------------------------------------


def test_an_edit_records_its_reason_and_user_and_bumps_the_version(client_for, coordinator, task):
    client = client_for(coordinator)
    records_before = task.history.count()
    data = form_data(client.get(url(Task, "change", task.pk)))
    data.update(title="Tiêu đề đã sửa", change_reason="Sửa theo Công văn số 12/SCT-QLCN")

    assert client.post(url(Task, "change", task.pk), data).status_code == 302
    task.refresh_from_db()
    latest = task.history.latest()
    assert (task.title, task.version) == ("Tiêu đề đã sửa", 2)
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "Sửa theo Công văn số 12/SCT-QLCN")
    assert task.history.count() == records_before + 1  # one record for the edit, many-to-many included


def test_an_edit_without_a_reason_is_refused(client_for, coordinator, task):
    client = client_for(coordinator)
    data = form_data(client.get(url(Task, "change", task.pk)))
    data.update(title="Không lý do")

    response = client.post(url(Task, "change", task.pk), data)

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    assert Task.objects.get(pk=task.pk).title != "Không lý do"


def test_a_stale_edit_is_refused_naming_who_changed_the_task_and_when(
    client_for, coordinator, second_coordinator, task
):
    client = client_for(coordinator)
    data = form_data(client.get(url(Task, "change", task.pk)))
    # Meanwhile another coordinator saves the task.
    task.title, task.version = "Sửa bởi người khác", task.version + 1
    task._history_user, task._change_reason = second_coordinator, "Sửa trước"
    task.save()
    data.update(title="Sửa muộn", change_reason="Sửa sau")

    response = client.post(url(Task, "change", task.pk), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Bản ghi này đã được Trần Anna thay đổi lúc ")
    assert "hãy tải lại trang" in errors[0]
    assert Task.objects.get(pk=task.pk).title == "Sửa bởi người khác"


def test_an_existing_tasks_deadline_status_and_progress_cannot_be_edited(client_for, coordinator, task):
    client = client_for(coordinator)
    data = form_data(client.get(url(Task, "change", task.pk)))
    data.update(
        due_date="31/12/2026", status="done", progress_percent="100", change_reason="Thử sửa thời hạn trực tiếp"
    )

    client.post(url(Task, "change", task.pk), data)

    task.refresh_from_db()
    assert (task.due_date, task.status, task.progress_percent) == (datetime.date(2026, 6, 30), "not_started", 0)


def test_a_task_added_in_the_admin_keeps_its_first_deadline_as_the_original(client_for, coordinator, group, agency):
    client = client_for(coordinator)
    data = form_data(client.get(url(Task, "add")))
    data.update(
        group=str(group.pk),
        code="NV-MOI",
        title="Nhiệm vụ mới",
        lead_agency=str(agency.pk),
        due_date="15/09/2026",
        status="not_started",
        progress_percent="0",
        priority="normal",
    )

    assert client.post(url(Task, "add"), data).status_code == 302
    task = Task.objects.get(code="NV-MOI")
    assert task.original_due_date == task.due_date == datetime.date(2026, 9, 15)
    record = task.history.get()
    assert (record.history_type, record.history_change_reason) == ("+", "Tạo mới qua trang quản trị")


def test_the_task_changelist_shows_each_deadline_status_in_vietnamese(client_for, coordinator, task):
    response = client_for(coordinator).get(url(Task, "changelist"))

    assert "Đang thực hiện trong hạn" in response.text or "Quá hạn chưa hoàn thành" in response.text


def test_a_cluster_outside_the_decree_area_range_saves_with_a_warning(client_for, coordinator):
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=6)
    client = client_for(coordinator)
    data = form_data(client.get(url(Cluster, "change", cluster.pk)))
    data.update(total_area_ha="100", change_reason="Điều chỉnh diện tích theo quyết định mở rộng")

    response = client.post(url(Cluster, "change", cluster.pk), data, follow=True)

    cluster.refresh_from_db()
    assert cluster.total_area_ha == 100
    assert cluster.version == 2
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Diện tích 100")
    assert warnings[0].endswith("ha nằm ngoài khoảng 10–75 ha của Nghị định 32/2024/NĐ-CP.")


def test_a_constraint_on_a_read_only_field_is_a_form_error_not_a_crash(client_for, coordinator, task):
    client = client_for(coordinator)
    data = form_data(client.get(url(Task, "change", task.pk)))
    data.update(start_date="01/07/2026", change_reason="Lùi ngày bắt đầu")  # after the read-only deadline

    response = client.post(url(Task, "change", task.pk), data)

    assert response.status_code == 200
    assert "Thời hạn không được trước ngày bắt đầu." in response.context["adminform"].form.non_field_errors()


# --- history: read, never reverted --------------------------------------------------------------------


def test_history_is_listed_with_users_and_reasons(client_for, coordinator, task):
    task._history_user, task._change_reason = coordinator, "Bổ sung cơ quan phối hợp"
    task.save()

    response = client_for(coordinator).get(url(Task, "history", task.pk))

    assert response.status_code == 200
    assert "Bổ sung cơ quan phối hợp" in response.text


def test_a_past_version_can_be_viewed_but_not_restored(client_for, coordinator, task):
    first = task.history.earliest()
    task.title, task._change_reason = "Tiêu đề mới", "Đổi tên"
    task.save()
    client = client_for(coordinator)
    revert_url = url(Task, "simple_history", task.pk, first.history_id)

    page = client.get(revert_url)
    response = client.post(revert_url, {**form_data(page), "change_reason": "Khôi phục"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).title == "Tiêu đề mới"


def test_logs_cannot_be_added_changed_or_deleted(client_for, superuser):
    event = AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="bob")
    client = client_for(superuser)

    assert client.get(url(AuthEvent, "add")).status_code == 403
    assert client.post(url(AuthEvent, "change", event.pk), {"username": "x"}).status_code == 403
    assert client.post(url(AuthEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuthEvent.objects.get(pk=event.pk).username == "bob"


def test_communes_can_be_looked_up_by_name_for_autocomplete(client_for, coordinator):
    CommuneFactory(name="Thượng Phúc")
    response = client_for(coordinator).get(
        reverse("admin:autocomplete"),
        {"term": "Thượng", "app_label": "clusters", "model_name": "cluster", "field_name": "communes"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(Commune.objects.get(name="Thượng Phúc"))]
