"""Each workflow service: who may act, who may not, bad values, and the history it leaves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from tasks import services
from tasks.models import Attachment, DeadlineStatus, ExtensionRequest, ProgressReport, Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def hanoi_today(monkeypatch):
    """'Today' in Hanoi is 20/06/2026 (through Django's clock, which the services read)."""
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "now", lambda: datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC))


def last_history(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- task_create / task_update --------------------------------------------------------------------


def test_coordinator_creates_a_task_with_original_deadline_and_history(coordinator, group, agency, other_agency):
    task = services.task_create(
        actor=coordinator,
        group=group,
        code="KH-1",
        title="Rà soát quy chế",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        due_date=datetime.date(2026, 9, 30),
    )
    assert task.original_due_date == task.due_date == datetime.date(2026, 9, 30)
    record = last_history(task)
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        coordinator,
        "Giao nhiệm vụ",
    )
    assert [row.agency.code for row in record.supporting_agencies.all()] == ["STC"]
    assert task.history.count() == 1


@pytest.mark.parametrize("actor_name", ["officer", "viewer", "other_officer"])
def test_only_coordinators_create_tasks(request, actor_name, group, agency):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(PermissionDenied):
        services.task_create(actor=actor, group=group, code="KH-X", title="X", lead_agency=agency)
    assert not Task.objects.filter(code="KH-X").exists()


def test_task_create_rejects_lead_agency_among_supporters(coordinator, group, agency):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(
            actor=coordinator, group=group, code="KH-2", title="X", lead_agency=agency, supporting_agencies=[agency]
        )
    assert "supporting_agencies" in errors_of(excinfo)
    assert not Task.objects.exists()


def test_task_create_rejects_deadline_before_start(coordinator, group, agency):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(
            actor=coordinator,
            group=group,
            code="KH-3",
            title="X",
            lead_agency=agency,
            start_date=datetime.date(2026, 5, 1),
            due_date=datetime.date(2026, 4, 1),
        )
    assert errors_of(excinfo)["due_date"] == ["Thời hạn không được trước ngày bắt đầu."]


def test_task_create_rejects_duplicate_code_in_vietnamese(coordinator, task, group, agency):
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(actor=coordinator, group=group, code=task.code, title="Trùng mã", lead_agency=agency)
    assert "code" in errors_of(excinfo)


def test_task_update_records_old_and_new_with_reason(coordinator, task):
    services.task_update(actor=coordinator, task=task, reason="Chỉnh tên theo văn bản", title="Tên mới", version=1)
    task.refresh_from_db()
    assert (task.title, task.version) == ("Tên mới", 2)
    record = last_history(task)
    assert (record.history_user, record.history_change_reason) == (coordinator, "Chỉnh tên theo văn bản")
    previous = task.history.exclude(history_id=record.history_id).order_by("-history_id").first()
    assert previous.title != "Tên mới"


def test_task_update_cannot_move_an_existing_deadline(coordinator, task):
    with pytest.raises(ValidationError) as excinfo:
        services.task_update(actor=coordinator, task=task, reason="Lùi hạn", due_date=datetime.date(2026, 12, 31))
    assert errors_of(excinfo)["due_date"] == ["Thời hạn chỉ thay đổi qua đề nghị gia hạn được chấp thuận."]
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 6, 30)


def test_task_update_gives_a_first_deadline_which_becomes_the_original(coordinator, task):
    task_without = services.task_create(
        actor=coordinator, group=task.group, code="KH-ND", title="Không hạn", lead_agency=task.lead_agency
    )
    services.task_update(
        actor=coordinator, task=task_without, reason="Giao thời hạn", due_date=datetime.date(2026, 8, 1)
    )
    task_without.refresh_from_db()
    assert task_without.original_due_date == task_without.due_date == datetime.date(2026, 8, 1)


def test_task_update_requires_a_reason(coordinator, task):
    with pytest.raises(ValidationError) as excinfo:
        services.task_update(actor=coordinator, task=task, reason="  ", title="Tên mới")
    assert errors_of(excinfo)["reason"] == ["Cần nêu lý do."]


def test_task_update_refuses_fields_outside_the_record(coordinator, task):
    with pytest.raises(ValidationError) as excinfo:
        services.task_update(actor=coordinator, task=task, reason="x", status=Task.Status.DONE)
    assert "status" in errors_of(excinfo)


@pytest.mark.parametrize("actor_name", ["officer", "viewer"])
def test_officers_and_viewers_cannot_edit_tasks(request, actor_name, task):
    with pytest.raises(PermissionDenied):
        services.task_update(actor=request.getfixturevalue(actor_name), task=task, reason="x", title="Y")


# --- progress ------------------------------------------------------------------------------------


def test_officer_of_lead_agency_reports_progress_and_task_follows(officer, task):
    report = services.progress_report_create(actor=officer, task=task, text="Đã họp", progress_percent=35)
    task.refresh_from_db()
    assert (task.status, task.progress_percent) == (Task.Status.IN_PROGRESS, 35)
    assert report.reported_on == datetime.date(2026, 6, 20)
    assert last_history(report).history_user == officer
    assert last_history(task).history_change_reason == "Cập nhật theo báo cáo tiến độ ngày 20/06/2026"


def test_supporting_agency_reports_without_moving_the_lead_percent(other_officer, task):
    services.progress_report_create(actor=other_officer, task=task, text="Đã góp ý", progress_percent=90)
    task.refresh_from_db()
    assert task.progress_percent == 0
    assert task.status == Task.Status.IN_PROGRESS


def test_officer_of_an_uninvolved_agency_cannot_report_progress(officer, other_task):
    with pytest.raises(PermissionDenied):
        services.progress_report_create(actor=officer, task=other_task, text="x", progress_percent=10)
    assert not ProgressReport.objects.exists()


def test_viewer_cannot_report_progress(viewer, task):
    with pytest.raises(PermissionDenied):
        services.progress_report_create(actor=viewer, task=task, text="x", progress_percent=10)


@pytest.mark.parametrize("percent", [-1, 101, 150, "50", 12.5, None, True])
def test_progress_percent_must_be_an_integer_from_0_to_100(officer, task, percent):
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_create(actor=officer, task=task, text="x", progress_percent=percent)
    assert "progress_percent" in errors_of(excinfo)
    assert not ProgressReport.objects.exists()


def test_progress_report_date_cannot_be_in_the_future(officer, task):
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_create(
            actor=officer, task=task, text="x", progress_percent=10, reported_on=datetime.date(2026, 6, 21)
        )
    assert errors_of(excinfo)["reported_on"] == ["Ngày báo cáo không được sau ngày hôm nay."]


def test_progress_with_a_real_pdf_is_attached(officer, task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bien-ban-hop.pdf", PDF, content_type="application/pdf")
    report = services.progress_report_create(actor=officer, task=task, text="x", progress_percent=10, files=[upload])
    attachment = Attachment.objects.get()
    assert (attachment.progress_report, attachment.original_name, attachment.content_type) == (
        report,
        "bien-ban-hop.pdf",
        "application/pdf",
    )
    assert not attachment.file.name.endswith(".pdf"), "stored under a random name"


def test_a_file_whose_content_is_not_its_type_is_refused_and_nothing_is_written(officer, task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_create(actor=officer, task=task, text="x", progress_percent=10, files=[fake])
    assert "không đúng định dạng" in errors_of(excinfo)["files"][0]
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(officer, task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        services.progress_report_create(
            actor=officer, task=task, text="x", progress_percent=10, files=[SimpleUploadedFile("a.pdf", PDF)]
        )
    assert "quá lớn" in errors_of(excinfo)["files"][0]


# --- extensions ----------------------------------------------------------------------------------


def request_extension(actor, task, days=30):
    return services.extension_request_create(
        actor=actor, task=task, proposed_due_date=task.due_date + datetime.timedelta(days=days), reason="Chờ GPMB"
    )


def test_lead_officer_requests_an_extension_and_coordinators_hear_of_it(officer, coordinator, task):
    extension = request_extension(officer, task)
    assert (extension.status, extension.previous_due_date) == (ExtensionRequest.Status.PENDING, task.due_date)
    assert Notification.objects.filter(recipient=coordinator, kind=Notification.Kind.EXTENSION_REQUESTED).exists()
    assert last_history(extension).history_change_reason == "Đề nghị gia hạn: Chờ GPMB"


def test_supporting_agency_cannot_request_an_extension(other_officer, task):
    with pytest.raises(PermissionDenied):
        request_extension(other_officer, task)


def test_extension_must_move_the_deadline_later(officer, task):
    with pytest.raises(ValidationError) as excinfo:
        request_extension(officer, task, days=0)
    assert errors_of(excinfo)["proposed_due_date"] == ["Thời hạn đề nghị phải sau thời hạn hiện tại (30/06/2026)."]


def test_only_one_pending_extension_per_task(officer, task):
    request_extension(officer, task)
    with pytest.raises(ValidationError) as excinfo:
        request_extension(officer, task, days=60)
    assert errors_of(excinfo)["task"] == ["Nhiệm vụ này đã có một đề nghị gia hạn đang chờ xem xét."]


def test_approval_moves_the_deadline_and_keeps_the_original(officer, coordinator, task):
    extension = request_extension(officer, task)
    services.extension_request_approve(actor=coordinator, extension_request=extension, decision_document="12/SCT")
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 7, 30)
    assert task.original_due_date == datetime.date(2026, 6, 30)
    assert task.deadline_status == DeadlineStatus.ON_TRACK
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by, extension.decision_document) == ("approved", coordinator, "12/SCT")
    assert "Gia hạn từ 30/06/2026 đến 30/07/2026" in last_history(task).history_change_reason


def test_rejection_keeps_the_deadline_and_needs_a_note(officer, coordinator, task):
    extension = request_extension(officer, task)
    with pytest.raises(ValidationError):
        services.extension_request_reject(actor=coordinator, extension_request=extension, decision_note="")
    services.extension_request_reject(actor=coordinator, extension_request=extension, decision_note="Không đủ căn cứ")
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 6, 30)
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.REJECTED


def test_a_coordinator_never_decides_their_own_request(coordinator, task):
    extension = request_extension(coordinator, task)
    with pytest.raises(PermissionDenied):
        services.extension_request_approve(actor=coordinator, extension_request=extension)


@pytest.mark.parametrize("actor_name", ["officer", "viewer", "other_officer"])
def test_only_coordinators_decide_extensions(request, actor_name, second_coordinator, task):
    extension = request_extension(second_coordinator, task)
    with pytest.raises(PermissionDenied):
        services.extension_request_approve(actor=request.getfixturevalue(actor_name), extension_request=extension)


def test_an_extension_is_decided_once(officer, coordinator, task):
    extension = request_extension(officer, task)
    services.extension_request_approve(actor=coordinator, extension_request=extension)
    with pytest.raises(ValidationError) as excinfo:
        services.extension_request_reject(actor=coordinator, extension_request=extension, decision_note="x")
    assert "status" in errors_of(excinfo)


# --- completion ----------------------------------------------------------------------------------


def test_completion_on_the_deadline_is_on_time(officer, coordinator, task):
    task.due_date = task.original_due_date = datetime.date(2026, 6, 15)
    task.save()
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 15), evidence="QĐ")
    services.task_accept_completion(actor=coordinator, task=task)
    task.refresh_from_db()
    assert task.deadline_status == DeadlineStatus.DONE_ON_TIME


def test_completion_the_day_after_the_deadline_is_late(officer, coordinator, task):
    task.due_date = task.original_due_date = datetime.date(2026, 6, 15)
    task.save()
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 16), evidence="QĐ")
    task.refresh_from_db()
    assert task.deadline_status == DeadlineStatus.OVERDUE, "reported late: still late while awaiting acceptance"
    services.task_accept_completion(actor=coordinator, task=task)
    task.refresh_from_db()
    assert task.deadline_status == DeadlineStatus.DONE_LATE


def test_on_time_is_judged_by_the_deadline_in_force_on_the_completion_date(officer, coordinator, task, monkeypatch):
    """Completed on 10/06 against a deadline of 05/06; an extension to 15/06 approved later does not help."""
    import django.utils.timezone as tz

    task.due_date = task.original_due_date = datetime.date(2026, 6, 5)
    task.save()
    extension = request_extension(officer, task, days=10)
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 10), evidence="x")
    monkeypatch.setattr(tz, "now", lambda: datetime.datetime(2026, 6, 21, 3, 0, tzinfo=datetime.UTC))
    services.extension_request_approve(actor=coordinator, extension_request=extension)
    services.task_accept_completion(actor=coordinator, task=task)
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 6, 15)
    assert task.completion_deadline == datetime.date(2026, 6, 5)
    assert task.deadline_status == DeadlineStatus.DONE_LATE


def test_supporting_agency_cannot_report_completion(other_officer, task):
    with pytest.raises(PermissionDenied):
        services.task_report_completion(
            actor=other_officer, task=task, completed_on=datetime.date(2026, 6, 1), evidence="x"
        )


def test_completion_needs_evidence_and_a_past_date(officer, task):
    with pytest.raises(ValidationError) as excinfo:
        services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 1), evidence=" ")
    assert "evidence" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 7, 1), evidence="x")
    assert errors_of(excinfo)["completed_on"] == ["Ngày hoàn thành không được sau ngày hôm nay."]
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_STARTED


def test_officer_cannot_accept_their_own_completion(officer, task):
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 1), evidence="x")
    with pytest.raises(PermissionDenied):
        services.task_accept_completion(actor=officer, task=task)


def test_accept_requires_a_reported_completion(coordinator, task):
    with pytest.raises(ValidationError) as excinfo:
        services.task_accept_completion(actor=coordinator, task=task)
    assert errors_of(excinfo)["status"] == ["Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành."]


def test_return_sends_the_task_back_with_the_reason(officer, coordinator, task):
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 1), evidence="x")
    services.task_return(actor=coordinator, task=task, reason="Thiếu phụ lục")
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (Task.Status.IN_PROGRESS, None)
    assert last_history(task).history_change_reason == "Trả lại, yêu cầu thực hiện tiếp: Thiếu phụ lục"
    assert Notification.objects.filter(recipient=officer, kind=Notification.Kind.COMPLETION_RETURNED).exists()


def test_cancel_needs_a_reason_and_closes_a_pending_extension(officer, coordinator, task):
    request_extension(officer, task)
    with pytest.raises(ValidationError):
        services.task_cancel(actor=coordinator, task=task, reason="")
    services.task_cancel(actor=coordinator, task=task, reason="Trùng với nhiệm vụ khác")
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED
    assert task.deadline_status is None
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.REJECTED


def test_officer_cannot_cancel(officer, task):
    with pytest.raises(PermissionDenied):
        services.task_cancel(actor=officer, task=task, reason="x")


def test_no_progress_on_a_cancelled_task(officer, coordinator, task):
    services.task_cancel(actor=coordinator, task=task, reason="x")
    task.refresh_from_db()
    with pytest.raises(ValidationError, match="Nhiệm vụ đã kết thúc, không nhận thêm báo cáo tiến độ"):
        services.progress_report_create(actor=officer, task=task, text="x", progress_percent=10)


def test_agencies_newly_given_a_part_in_a_task_are_notified(coordinator, task, officer, other_officer):
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory

    newcomer = AgencyFactory(code="SNNMT")
    member = UserFactory(username="dung")
    MembershipFactory(user=member, agency=newcomer)
    Notification.objects.all().delete()
    services.task_update(
        actor=coordinator,
        task=task,
        reason="Bổ sung cơ quan phối hợp",
        supporting_agencies=[task.supporting_agencies.get(), newcomer],
    )
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("dung", Notification.Kind.TASK_ASSIGNED)
    ]
