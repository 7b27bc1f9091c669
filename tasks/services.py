"""The task workflow: every write that carries a business rule, one function per rule.

Each service takes the acting user, asks ``agencies.scoping`` whether they may act, validates, writes
in one transaction and leaves one history record with the user and a reason. Pages, admin actions and
the API call these functions; none of them re-implements a rule.

Errors:
- ``django.core.exceptions.PermissionDenied`` when the actor may not act (message in Vietnamese);
- ``django.core.exceptions.ValidationError`` with a field → message dict for bad values and
  transitions that the task's state does not allow;
- ``config.audit.StaleVersionError`` when an edit was based on an outdated version.
Nothing is written when any of them is raised.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agencies import scoping
from config.audit import check_version, record_save

from .models import Attachment, ExtensionRequest, ProgressReport, Task, local_today
from .notifications import events
from .uploads import validate_uploads

# The fields of a task record a coordinator may edit; the deadline, status and completion move only
# through the workflow below.
TASK_RECORD_FIELDS = (
    "group",
    "code",
    "title",
    "description",
    "expected_output",
    "lead_agency",
    "supporting_agencies",
    "clusters",
    "responsible_user",
    "start_date",
    "due_date",
    "priority",
    "source_document",
)
M2M_TASK_FIELDS = ("supporting_agencies", "clusters")


# --- helpers ---------------------------------------------------------------------------------------


def _deny(message):
    raise PermissionDenied(message)


def _invalid(field, message):
    raise ValidationError({field: [message]})


def _require_reason(reason, field="reason"):
    reason = (reason or "").strip()
    if not reason:
        _invalid(field, "Cần nêu lý do.")
    return reason


def _require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        _invalid(field, message)
    return value


def _as_date(value, field):
    if value is None or isinstance(value, datetime.date):
        return value
    _invalid(field, "Ngày không hợp lệ.")


def _not_in_future(value, field, label):
    if value and value > local_today():
        _invalid(field, f"{label} không được sau ngày hôm nay.")


def _lock(task, expected_version=None):
    """Re-read the task under a row lock so concurrent actions queue instead of overwriting each other."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    check_version(locked, expected_version)
    return locked


def _save_task(task, *, actor, reason, m2m=None, created=False):
    task.full_clean(exclude=list(M2M_TASK_FIELDS))
    if not created:
        task.version += 1
    try:
        with transaction.atomic():
            record_save(task, actor=actor, reason=reason, m2m=m2m, created=created)
    except IntegrityError as exc:
        raise ValidationError({"__all__": ["Dữ liệu vi phạm ràng buộc của hệ thống; hãy kiểm tra lại."]}) from exc
    return task


def _attach(task, files, *, actor, purpose, progress_report=None, extension_request=None):
    for upload, name, content_type in files:
        Attachment.objects.create(
            task=task,
            progress_report=progress_report,
            extension_request=extension_request,
            purpose=purpose,
            file=upload,
            original_name=name,
            content_type=content_type,
            size_bytes=upload.size,
            uploaded_by=actor,
        )


def _validate_agencies(lead_agency, supporting_agencies):
    if lead_agency is None:
        _invalid("lead_agency", "Cần chọn cơ quan chủ trì.")
    if not lead_agency.is_active:
        _invalid("lead_agency", "Cơ quan chủ trì đã ngừng hoạt động.")
    if any(a.pk == lead_agency.pk for a in supporting_agencies):
        _invalid("supporting_agencies", "Cơ quan chủ trì không đồng thời là cơ quan phối hợp.")


def _validate_dates(start_date, due_date):
    if start_date and due_date and due_date < start_date:
        _invalid("due_date", "Thời hạn không được trước ngày bắt đầu.")


# --- task record -----------------------------------------------------------------------------------


def task_create(
    *,
    actor,
    group,
    code,
    title,
    lead_agency,
    supporting_agencies=(),
    clusters=(),
    description="",
    expected_output="",
    start_date=None,
    due_date=None,
    priority=Task.Priority.NORMAL,
    source_document="",
    responsible_user=None,
    reason="Giao nhiệm vụ",
):
    """Assign a new task (coordinators). The deadline given here is also the original deadline, for good."""
    if not scoping.is_coordinator(actor):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được giao nhiệm vụ.")
    supporting_agencies, clusters = list(supporting_agencies), list(clusters)
    start_date, due_date = _as_date(start_date, "start_date"), _as_date(due_date, "due_date")
    _validate_agencies(lead_agency, supporting_agencies)
    _validate_dates(start_date, due_date)
    task = Task(
        group=group,
        code=(code or "").strip(),
        title=(title or "").strip(),
        description=description or "",
        expected_output=expected_output or "",
        lead_agency=lead_agency,
        responsible_user=responsible_user,
        start_date=start_date,
        due_date=due_date,
        priority=priority,
        source_document=source_document or "",
    )
    with transaction.atomic():
        _save_task(
            task,
            actor=actor,
            reason=_require_reason(reason),
            m2m={"supporting_agencies": supporting_agencies, "clusters": clusters},
            created=True,
        )
        events.task_assigned(task, actor)
    return task


def task_update(*, actor, task, reason, version=None, **changes):
    """Edit a task's record (coordinators). A deadline already set moves only through an extension.

    ``version`` is the version the editor loaded; when it is stale the edit is refused.
    """
    if not scoping.can_edit_task(actor, task):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa nhiệm vụ.")
    unknown = set(changes) - set(TASK_RECORD_FIELDS)
    if unknown:
        raise ValidationError({name: ["Trường này không sửa được ở đây."] for name in sorted(unknown)})
    reason = _require_reason(reason)
    with transaction.atomic():
        task = _lock(task, version)
        if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
            _invalid("status", "Nhiệm vụ đã hoàn thành hoặc đã hủy, không sửa được.")
        if "due_date" in changes:
            new_due = _as_date(changes["due_date"], "due_date")
            if task.due_date is not None and new_due != task.due_date:
                _invalid("due_date", "Thời hạn chỉ thay đổi qua đề nghị gia hạn được chấp thuận.")
            # A first deadline becomes the original one when the task is saved (Task.save).
        involved_before = {task.lead_agency_id, *task.supporting_agencies.values_list("pk", flat=True)}
        m2m = {name: list(changes.pop(name)) for name in M2M_TASK_FIELDS if name in changes}
        for name, value in changes.items():
            setattr(task, name, value.strip() if isinstance(value, str) and name in ("code", "title") else value)
        supporting = (
            m2m["supporting_agencies"] if "supporting_agencies" in m2m else list(task.supporting_agencies.all())
        )
        _validate_agencies(task.lead_agency, supporting)
        _validate_dates(task.start_date, task.due_date)
        _save_task(task, actor=actor, reason=reason, m2m=m2m or None)
        newly_involved = {task.lead_agency_id, *(a.pk for a in supporting)} - involved_before
        if newly_involved:
            events.task_assigned(task, actor, agency_ids=newly_involved)
    return task


# --- progress --------------------------------------------------------------------------------------


def progress_report_create(*, actor, task, text, progress_percent, reported_on=None, files=()):
    """A dated progress entry (officers of the lead or a supporting agency, coordinators).

    The task's percent follows the lead agency's latest entry; the first entry starts the task.
    """
    if not scoping.can_report_progress(actor, task):
        _deny(
            "Bạn chỉ được báo cáo tiến độ nhiệm vụ mà cơ quan mình chủ trì hoặc phối hợp, khi nhiệm vụ chưa kết thúc."
        )
    text = _require_text(text, "text", "Cần nhập nội dung báo cáo.")
    if isinstance(progress_percent, bool) or not isinstance(progress_percent, int):
        _invalid("progress_percent", "Tiến độ phải là số nguyên từ 0 đến 100.")
    if not 0 <= progress_percent <= 100:
        _invalid("progress_percent", "Tiến độ phải từ 0 đến 100%.")
    reported_on = _as_date(reported_on, "reported_on") or local_today()
    _not_in_future(reported_on, "reported_on", "Ngày báo cáo")
    uploads = _validated_files(files)
    agency = scoping.agency_of(actor) or task.lead_agency
    with transaction.atomic():
        task = _lock(task)
        if not scoping.can_report_progress(actor, task):
            _deny("Nhiệm vụ đã kết thúc, không nhận thêm báo cáo tiến độ.")
        report = ProgressReport(
            task=task,
            agency=agency,
            author=actor,
            reported_on=reported_on,
            text=text,
            progress_percent=progress_percent,
        )
        report.full_clean()
        record_save(report, actor=actor, reason=f"Báo cáo tiến độ {progress_percent}%", created=True)
        _attach(task, uploads, actor=actor, purpose=Attachment.Purpose.PROGRESS, progress_report=report)
        changed = False
        if agency.pk == task.lead_agency_id:
            latest = (
                task.progress_reports.filter(agency_id=task.lead_agency_id)
                .order_by("-reported_on", "-created_at", "-pk")
                .first()
            )
            if latest and task.progress_percent != latest.progress_percent:
                task.progress_percent = latest.progress_percent
                changed = True
        if task.status == Task.Status.NOT_STARTED:
            task.status = Task.Status.IN_PROGRESS
            changed = True
        if changed:
            _save_task(task, actor=actor, reason=f"Cập nhật theo báo cáo tiến độ ngày {reported_on:%d/%m/%Y}")
        events.progress_reported(task, report, actor)
    return report


def _validated_files(files):
    try:
        return validate_uploads(files)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc


# --- deadline extensions ---------------------------------------------------------------------------


def extension_request_create(*, actor, task, proposed_due_date, reason, letter_number="", letter_date=None, files=()):
    """Ask to move the deadline (officers of the lead agency, coordinators). One pending request per task."""
    if not scoping.can_request_extension(actor, task):
        _deny("Chỉ cơ quan chủ trì được đề nghị gia hạn, khi nhiệm vụ đang thực hiện và có thời hạn.")
    proposed_due_date = _as_date(proposed_due_date, "proposed_due_date")
    if proposed_due_date is None:
        _invalid("proposed_due_date", "Cần nhập thời hạn đề nghị.")
    reason = _require_reason(reason)
    letter_date = _as_date(letter_date, "letter_date")
    _not_in_future(letter_date, "letter_date", "Ngày công văn")
    uploads = _validated_files(files)
    with transaction.atomic():
        task = _lock(task)
        if not scoping.can_request_extension(actor, task):
            _deny("Nhiệm vụ không còn ở trạng thái được đề nghị gia hạn.")
        if proposed_due_date <= task.due_date:
            _invalid("proposed_due_date", f"Thời hạn đề nghị phải sau thời hạn hiện tại ({task.due_date:%d/%m/%Y}).")
        if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
            _invalid("task", "Nhiệm vụ này đã có một đề nghị gia hạn đang chờ xem xét.")
        extension = ExtensionRequest(
            task=task,
            requested_by=actor,
            previous_due_date=task.due_date,
            proposed_due_date=proposed_due_date,
            reason=reason,
            letter_number=(letter_number or "").strip(),
            letter_date=letter_date,
        )
        extension.full_clean()
        record_save(extension, actor=actor, reason=f"Đề nghị gia hạn: {reason}", created=True)
        _attach(task, uploads, actor=actor, purpose=Attachment.Purpose.EXTENSION, extension_request=extension)
        events.extension_requested(task, extension, actor)
    return extension


def _lock_pending_extension(actor, extension_request):
    if not scoping.can_decide(actor):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được xử lý đề nghị gia hạn.")
    extension = ExtensionRequest.objects.select_for_update().select_related("task").get(pk=extension_request.pk)
    if extension.requested_by_id == actor.pk:
        _deny("Không được tự xử lý đề nghị gia hạn do chính mình gửi.")
    if extension.status != ExtensionRequest.Status.PENDING:
        _invalid("status", f"Đề nghị này đã được xử lý ({extension.get_status_display().lower()}).")
    return extension


def _decide(extension, *, actor, status, note, document):
    now = timezone.now()
    extension.status = status
    extension.decided_by = actor
    extension.decided_at = now
    extension.decided_on = timezone.localdate(now)
    extension.decision_note = note
    extension.decision_document = document
    extension.full_clean()


def extension_request_approve(*, actor, extension_request, decision_note="", decision_document=""):
    """Approve (coordinators, never their own request): the deadline in force moves; the original stays."""
    decision_note, decision_document = (decision_note or "").strip(), (decision_document or "").strip()
    with transaction.atomic():
        extension = _lock_pending_extension(actor, extension_request)
        task = _lock(extension.task)
        if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
            _invalid("status", "Nhiệm vụ đã hoàn thành hoặc đã hủy, không gia hạn được.")
        _decide(
            extension,
            actor=actor,
            status=ExtensionRequest.Status.APPROVED,
            note=decision_note,
            document=decision_document,
        )
        record_save(extension, actor=actor, reason=decision_note or "Chấp thuận gia hạn")
        old_due = task.due_date
        task.due_date = extension.proposed_due_date
        reference = f" ({decision_document})" if decision_document else ""
        _save_task(
            task,
            actor=actor,
            reason=f"Gia hạn từ {old_due:%d/%m/%Y} đến {task.due_date:%d/%m/%Y} theo đề nghị #{extension.pk}{reference}",
        )
        events.extension_decided(task, extension, actor)
    extension.task = task
    return extension


def extension_request_reject(*, actor, extension_request, decision_note, decision_document=""):
    """Reject (coordinators, never their own request, with a note): the deadline stays."""
    decision_note = _require_text(decision_note, "decision_note", "Cần nêu lý do không chấp thuận.")
    with transaction.atomic():
        extension = _lock_pending_extension(actor, extension_request)
        _decide(
            extension,
            actor=actor,
            status=ExtensionRequest.Status.REJECTED,
            note=decision_note,
            document=(decision_document or "").strip(),
        )
        record_save(extension, actor=actor, reason=decision_note)
        events.extension_decided(extension.task, extension, actor)
    return extension


# --- completion ------------------------------------------------------------------------------------


def task_report_completion(*, actor, task, completed_on, evidence, files=(), version=None):
    """The lead agency reports the task done: it then awaits the Department's acceptance."""
    if not scoping.can_report_completion(actor, task):
        _deny("Chỉ cơ quan chủ trì được báo cáo hoàn thành nhiệm vụ đang thực hiện.")
    completed_on = _as_date(completed_on, "completed_on")
    if completed_on is None:
        _invalid("completed_on", "Cần nhập ngày hoàn thành.")
    _not_in_future(completed_on, "completed_on", "Ngày hoàn thành")
    evidence = _require_text(evidence, "evidence", "Cần nêu kết quả, sản phẩm hoặc minh chứng hoàn thành.")
    uploads = _validated_files(files)
    with transaction.atomic():
        task = _lock(task, version)
        if not scoping.can_report_completion(actor, task):
            _deny("Nhiệm vụ không còn ở trạng thái được báo cáo hoàn thành.")
        if task.start_date and completed_on < task.start_date:
            _invalid("completed_on", "Ngày hoàn thành không được trước ngày bắt đầu.")
        task.status = Task.Status.AWAITING_ACCEPTANCE
        task.completed_on = completed_on
        task.completion_evidence = evidence
        task.completion_reported_at = timezone.now()
        task.completion_reported_by = actor
        _attach(task, uploads, actor=actor, purpose=Attachment.Purpose.COMPLETION)
        _save_task(task, actor=actor, reason=f"Báo cáo hoàn thành ngày {completed_on:%d/%m/%Y}")
        events.completion_reported(task, actor)
    return task


def task_accept_completion(*, actor, task, note="", version=None):
    """Accept a reported completion (coordinators). On time is judged against the deadline in force
    on the completion date, which is kept on the task."""
    if not scoping.can_decide(actor, task):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được xác nhận hoàn thành.")
    note = (note or "").strip()
    with transaction.atomic():
        task = _lock(task, version)
        if task.status != Task.Status.AWAITING_ACCEPTANCE:
            _invalid("status", "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành.")
        task.status = Task.Status.DONE
        task.completion_deadline = deadline_in_force_on(task, task.completed_on)
        task.accepted_by = actor
        task.accepted_at = timezone.now()
        task.progress_percent = 100
        _save_task(task, actor=actor, reason="Xác nhận hoàn thành" + (f": {note}" if note else ""))
        events.completion_accepted(task, actor)
    return task


def task_return(*, actor, task, reason, version=None):
    """Send a reported completion back for more work (coordinators, with a reason)."""
    if not scoping.can_decide(actor, task):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được trả lại nhiệm vụ.")
    reason = _require_reason(reason)
    with transaction.atomic():
        task = _lock(task, version)
        if task.status != Task.Status.AWAITING_ACCEPTANCE:
            _invalid("status", "Chỉ trả lại được nhiệm vụ đang chờ xác nhận hoàn thành.")
        task.status = Task.Status.IN_PROGRESS
        task.completed_on = None
        task.completion_reported_at = None
        task.completion_reported_by = None
        task.completion_deadline = None
        _save_task(task, actor=actor, reason=f"Trả lại, yêu cầu thực hiện tiếp: {reason}")
        events.completion_returned(task, actor, reason)
    return task


def task_cancel(*, actor, task, reason, version=None):
    """Cancel a task (coordinators, with a reason). A pending extension request is closed with it."""
    if not scoping.can_decide(actor, task):
        _deny("Chỉ cán bộ điều phối của cơ quan đầu mối mới được hủy nhiệm vụ.")
    reason = _require_reason(reason)
    with transaction.atomic():
        task = _lock(task, version)
        if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
            _invalid("status", "Nhiệm vụ đã hoàn thành hoặc đã hủy.")
        for extension in task.extension_requests.select_for_update().filter(status=ExtensionRequest.Status.PENDING):
            _decide(
                extension, actor=actor, status=ExtensionRequest.Status.REJECTED, note="Nhiệm vụ đã bị hủy.", document=""
            )
            record_save(extension, actor=actor, reason="Đóng đề nghị gia hạn do nhiệm vụ bị hủy")
        task.status = Task.Status.CANCELLED
        _save_task(task, actor=actor, reason=f"Hủy nhiệm vụ: {reason}")
        events.task_cancelled(task, actor, reason)
    return task


# --- rules shared by the services above ------------------------------------------------------------


def deadline_in_force_on(task, day):
    """The deadline that applied on ``day``: the original, moved by each extension approved by then."""
    deadline = task.original_due_date
    approved = task.extension_requests.filter(status=ExtensionRequest.Status.APPROVED, decided_on__lte=day).order_by(
        "decided_at", "pk"
    )
    for extension in approved:
        deadline = extension.proposed_due_date
    return deadline if deadline is not None else task.due_date
