"""Creating and editing a task (coordinators): through the services, with a reason and the version seen."""

import re

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import Task
from tests.factories import ClusterFactory
from tests.helpers import days, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_task_data(group, agency, other_agency):
    cluster = ClusterFactory(name="CCN Quất Động")
    return {
        "group": group.pk,
        "code": "KH305-2.07",
        "title": "Đánh giá hiệu quả hoạt động các cụm công nghiệp",
        "lead_agency": agency.pk,
        "supporting_agencies": [other_agency.pk],
        "clusters": [cluster.pk],
        "start_date": vn(days(1)),
        "due_date": vn(days(90)),
        "priority": "high",
        "expected_output": "Báo cáo",
    }


def test_coordinator_assigns_a_task_whose_deadline_becomes_the_original(client_for, coordinator, new_task_data):
    response = client_for(coordinator).post(reverse("tasks:task_create"), new_task_data)
    task = Task.objects.get(code="KH305-2.07")
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:task_detail", args=[task.pk])
    assert (task.due_date, task.original_due_date) == (days(90), days(90))
    assert list(task.supporting_agencies.values_list("code", flat=True)) == ["STC"]
    assert task.clusters.get().name == "CCN Quất Động"
    assert task.history.get().history_user == coordinator


def test_the_form_searches_agencies_and_clusters_as_one_types(client_for, coordinator, new_task_data, agency):
    page = client_for(coordinator).get(reverse("tasks:task_create")).content.decode()
    for name, lookup in (("lead_agency", "agencies"), ("supporting_agencies", "agencies"), ("clusters", "clusters")):
        assert re.search(rf'name="{name}"[^>]*data-lookup="/lookup/{lookup}/"', page), name
    assert agency.name not in page  # no option is rendered but the chosen ones
    assert 'placeholder="dd/mm/yyyy"' in page


def test_missing_fields_are_named_in_vietnamese_and_what_was_typed_stays(client_for, coordinator, new_task_data):
    data = {**new_task_data, "title": "", "lead_agency": ""}
    response = client_for(coordinator).post(reverse("tasks:task_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    # Each under its field and, as a link to it, in the summary above the form.
    assert page.count("Trường này là bắt buộc.") == 4
    assert '<a href="#id_title">Nhiệm vụ: Trường này là bắt buộc.</a>' in page
    assert '<a href="#id_lead_agency">Cơ quan chủ trì: Trường này là bắt buộc.</a>' in page
    assert 'value="KH305-2.07"' in page
    assert f'value="{vn(days(90))}"' in page
    assert not Task.objects.filter(code="KH305-2.07").exists()


def test_a_deadline_before_the_start_is_refused_by_the_service_on_the_deadline_field(
    client_for, coordinator, new_task_data
):
    data = {**new_task_data, "start_date": vn(days(10)), "due_date": vn(days(5))}
    response = client_for(coordinator).post(reverse("tasks:task_create"), data)
    assert response.status_code == 200
    assert "Thời hạn không được trước ngày bắt đầu." in response.content.decode()


def test_a_lead_agency_cannot_also_support(client_for, coordinator, new_task_data, agency):
    data = {**new_task_data, "supporting_agencies": [agency.pk]}
    response = client_for(coordinator).post(reverse("tasks:task_create"), data)
    assert "Cơ quan chủ trì không đồng thời là cơ quan phối hợp." in response.content.decode()


def test_a_code_already_in_use_is_refused(client_for, coordinator, new_task_data, task):
    response = client_for(coordinator).post(reverse("tasks:task_create"), {**new_task_data, "code": task.code})
    assert response.status_code == 200
    assert "Mã nhiệm vụ" in response.content.decode() and "đã tồn tại" in response.content.decode()


def test_officer_may_not_open_the_task_forms(client_for, officer, task):
    client = client_for(officer)
    assert client.get(reverse("tasks:task_create")).status_code == 403
    assert client.get(reverse("tasks:task_update", args=[task.pk])).status_code == 403
    assert client.post(reverse("tasks:task_update", args=[task.pk]), {"title": "x"}).status_code == 403


def edit_data(task, **changes):
    return {
        "group": task.group_id,
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "expected_output": task.expected_output,
        "source_document": task.source_document,
        "lead_agency": task.lead_agency_id,
        "supporting_agencies": [a.pk for a in task.supporting_agencies.all()],
        "priority": task.priority,
        "start_date": vn(task.start_date),
        "version": task.version,
        **changes,
    }


def test_editing_needs_a_reason_and_records_it(client_for, coordinator, open_task):
    client = client_for(coordinator)
    url = reverse("tasks:task_update", args=[open_task.pk])
    response = client.post(url, edit_data(open_task, title="Tên mới"))
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
    assert 'value="Tên mới"' in response.content.decode() or "Tên mới</textarea>" in response.content.decode()

    response = client.post(url, edit_data(open_task, title="Tên mới", reason="Theo ý kiến lãnh đạo Sở"))
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.title == "Tên mới"
    assert open_task.history.first().history_change_reason == "Theo ý kiến lãnh đạo Sở"


def test_a_deadline_already_set_cannot_be_edited_here(client_for, coordinator, open_task):
    client = client_for(coordinator)
    url = reverse("tasks:task_update", args=[open_task.pk])
    page = client.get(url).content.decode()
    assert "Thời hạn đã giao chỉ thay đổi qua đề nghị gia hạn được chấp thuận." in page
    client.post(url, edit_data(open_task, due_date=vn(days(200)), title="Khác", reason="Thử đổi hạn"))
    open_task.refresh_from_db()
    assert open_task.due_date == days(30), "a disabled field keeps its value whatever is posted"


def test_an_edit_based_on_an_old_version_is_refused_with_who_changed_it(
    client_for, coordinator, second_coordinator, open_task
):
    seen = edit_data(open_task, title="Bản của tôi", reason="Sửa tên")
    services.task_update(actor=second_coordinator, task=open_task, reason="Sửa trước", title="Bản của Anna")
    response = client_for(coordinator).post(reverse("tasks:task_update", args=[open_task.pk]), seen)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản ghi này đã được Trần Anna thay đổi lúc" in page
    open_task.refresh_from_db()
    assert open_task.title == "Bản của Anna"


def test_saving_without_a_change_says_so(client_for, coordinator, open_task):
    response = client_for(coordinator).post(
        reverse("tasks:task_update", args=[open_task.pk]), edit_data(open_task, reason="Không đổi gì"), follow=True
    )
    assert "Không có thay đổi nào để lưu." in response.content.decode()
