"""The task workflow: every write that carries a business rule, one function per rule.

Each service takes the acting user, asks ``agencies.scoping`` whether they may act and ``tasks.rules``
whether the task's state allows it, validates, writes in one transaction and leaves one history record
with the user and a reason. Pages, the admin and the API call these functions; none of them re-implements
a rule. The error contract is ``core.services``'.

Rows are locked in one order everywhere, the task first and then its extension requests, so two
services running at once on the same task queue instead of deadlocking.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import scoping
from core import events
from core.audit import record_save
from core.services import as_date, check_fields, conflict, invalid, lock, require_reason, require_text, save
from core.uploads import removed_unless_saved, validate_uploads

from . import rules, targets
from .models import Attachment, ExtensionRequest, ProgressReport, Target, Task, local_today

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
# The fields of a progress report that can be corrected after it was made.
PROGRESS_REPORT_FIELDS = ("reported_on", "text", "progress_percent")


# --- helpers ---------------------------------------------------------------------------------------


def _not_in_future(value, field, label):
    if value and value > local_today():
        invalid(field, _("%(label)s không được sau ngày hôm nay.") % {"label": label})


def _lock_task(task, expected_version=None):
    """Re-read the task under a row lock so concurrent actions queue instead of overwriting each other."""
    return lock(Task, task.pk, expected_version)


def _save_task(task, *, actor, reason, m2m=None, created=False):
    return save(task, actor=actor, reason=reason, m2m=m2m, created=created, exclude=list(M2M_TASK_FIELDS))


def _attach(task, files, *, actor, purpose, stored, progress_report=None, extension_request=None):
    """Store ``files`` on ``task``; each stored file is added to ``stored`` (see ``uploads.removed_unless_saved``)."""
    for upload, name, content_type in files:
        attachment = Attachment.objects.create(
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
        stored.append(attachment.file)


def _validated_files(files):
    try:
        return validate_uploads(files)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc


def _validate_agencies(lead_agency, supporting_agencies):
    if lead_agency is None:
        invalid("lead_agency", _("Cần chọn cơ quan chủ trì."))
    if not lead_agency.is_active:
        invalid("lead_agency", _("Cơ quan chủ trì đã ngừng hoạt động."))
    for field, agencies in (("lead_agency", [lead_agency]), ("supporting_agencies", supporting_agencies)):
        if any(not agency.takes_plan_tasks for agency in agencies):
            invalid(field, _("Chủ đầu tư hạ tầng chỉ báo cáo về cụm của mình, không chủ trì hay phối hợp nhiệm vụ."))
    if any(a.pk == lead_agency.pk for a in supporting_agencies):
        invalid("supporting_agencies", _("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."))


def _validate_dates(start_date, due_date):
    if start_date and due_date and due_date < start_date:
        invalid("due_date", _("Thời hạn không được trước ngày bắt đầu."))


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
    reason=None,
):
    """Assign a new task (coordinators). The deadline given here is also the original deadline, for good."""
    scoping.require(actor, "task.create")
    supporting_agencies, clusters = list(supporting_agencies), list(clusters)
    start_date, due_date = as_date(start_date, "start_date"), as_date(due_date, "due_date")
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
            reason=require_reason(reason or _("Giao nhiệm vụ")),
            m2m={"supporting_agencies": supporting_agencies, "clusters": clusters},
            created=True,
        )
        events.emit(events.TASK_CREATED, obj=task, actor=actor)
        events.emit(
            events.TASK_ASSIGNED,
            obj=task,
            actor=actor,
            agency_ids={lead_agency.pk, *(a.pk for a in supporting_agencies)},
        )
    return task


def task_update(*, actor, task, reason, version=None, **changes):
    """Edit a task's record (coordinators). A deadline already set moves only through an extension.

    ``version`` is the version the editor loaded; when it is stale the edit is refused.
    """
    scoping.require(actor, "task.edit", task)
    check_fields(changes, TASK_RECORD_FIELDS)
    reason = require_reason(reason)
    with transaction.atomic():
        task = _lock_task(task, version)
        rules.require_state(task, "task.edit")
        if "due_date" in changes:
            new_due = as_date(changes["due_date"], "due_date")
            if task.due_date is not None and new_due != task.due_date:
                invalid("due_date", _("Thời hạn chỉ thay đổi qua đề nghị gia hạn được chấp thuận."))
            # A first deadline becomes the original one when the task is saved (Task.save).
        old_due = task.due_date
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
            events.emit(events.TASK_ASSIGNED, obj=task, actor=actor, agency_ids=newly_involved)
        if task.due_date != old_due:
            events.emit(
                events.TASK_DEADLINE_CHANGED, obj=task, actor=actor, old_due_date=old_due, new_due_date=task.due_date
            )
    return task


def task_delete(*, actor, task, reason):
    """Delete a task: a coordinator's fresh mistake, or a superuser's decision. History keeps every row."""
    scoping.require(actor, "task.delete", task)
    reason = require_reason(reason)
    with transaction.atomic():
        task = _lock_task(task)
        scoping.require(actor, "task.delete", task)
        # Children one by one, so each leaves its own history record with the user and the reason.
        for report in task.progress_reports.all():
            _delete(report, actor=actor, reason=reason)
        for extension in task.extension_requests.all():
            _delete(extension, actor=actor, reason=reason)
        _delete(task, actor=actor, reason=reason)


def _delete(instance, *, actor, reason):
    instance._history_user, instance._change_reason = actor, reason
    instance.delete()


# --- progress --------------------------------------------------------------------------------------


def _follow_lead_agency(task, *, actor, reason):
    """The task's percent is the lead agency's latest report; saved (with history) only when it moves."""
    latest = (
        task.progress_reports.filter(agency_id=task.lead_agency_id)
        .order_by("-reported_on", "-created_at", "-pk")
        .first()
    )
    percent = latest.progress_percent if latest else 0
    if task.progress_percent == percent or task.status == Task.Status.DONE:
        return False
    task.progress_percent = percent
    _save_task(task, actor=actor, reason=reason)
    return True


def _check_percent(progress_percent):
    if isinstance(progress_percent, bool) or not isinstance(progress_percent, int):
        invalid("progress_percent", _("Tiến độ phải là số nguyên từ 0 đến 100."))
    if not 0 <= progress_percent <= 100:
        invalid("progress_percent", _("Tiến độ phải từ 0 đến 100%."))


def progress_report_create(*, actor, task, text, progress_percent, reported_on=None, files=()):
    """A dated progress entry (officers of the lead or a supporting agency, coordinators).

    The task's percent follows the lead agency's latest entry; the first entry starts the task.
    """
    scoping.require(actor, "task.report_progress", task)
    text = require_text(text, "text", _("Cần nhập nội dung báo cáo."))
    _check_percent(progress_percent)
    reported_on = as_date(reported_on, "reported_on") or local_today()
    _not_in_future(reported_on, "reported_on", _("Ngày báo cáo"))
    uploads = _validated_files(files)
    agency = scoping.agency_of(actor) or task.lead_agency
    with removed_unless_saved() as stored, transaction.atomic():
        task = _lock_task(task)
        rules.require_state(task, "task.report_progress")
        report = ProgressReport(
            task=task,
            agency=agency,
            author=actor,
            reported_on=reported_on,
            text=text,
            progress_percent=progress_percent,
        )
        save(
            report, actor=actor, reason=_("Báo cáo tiến độ %(percent)s%%") % {"percent": progress_percent}, created=True
        )
        _attach(task, uploads, actor=actor, purpose=Attachment.Purpose.PROGRESS, progress_report=report, stored=stored)
        follows = _("Cập nhật theo báo cáo tiến độ ngày %(date)s") % {"date": f"{reported_on:%d/%m/%Y}"}
        if task.status == Task.Status.NOT_STARTED:
            task.status = Task.Status.IN_PROGRESS
            if not _follow_lead_agency(task, actor=actor, reason=follows):
                _save_task(task, actor=actor, reason=follows)
        else:
            _follow_lead_agency(task, actor=actor, reason=follows)
        events.emit(events.TASK_PROGRESS_REPORTED, obj=task, actor=actor, report=report)
    return report


def progress_report_update(*, actor, report, reason, **changes):
    """Correct a progress report (coordinators, with a reason); the task's percent follows the correction."""
    scoping.require(actor, "task.decide", report.task)
    check_fields(changes, PROGRESS_REPORT_FIELDS)
    reason = require_reason(reason)
    if "text" in changes:
        changes["text"] = require_text(changes["text"], "text", _("Cần nhập nội dung báo cáo."))
    if "progress_percent" in changes:
        _check_percent(changes["progress_percent"])
    if "reported_on" in changes:
        changes["reported_on"] = as_date(changes["reported_on"], "reported_on")
        if changes["reported_on"] is None:
            invalid("reported_on", _("Cần nhập ngày báo cáo."))
        _not_in_future(changes["reported_on"], "reported_on", _("Ngày báo cáo"))
    with transaction.atomic():
        task = _lock_task(report.task)
        report = lock(ProgressReport, report.pk)
        for name, value in changes.items():
            setattr(report, name, value)
        save(report, actor=actor, reason=reason)
        _follow_lead_agency(
            task, actor=actor, reason=_("Cập nhật theo báo cáo tiến độ đã sửa: %(reason)s") % {"reason": reason}
        )
    return report


def progress_report_delete(*, actor, report, reason):
    """Delete a progress report (superusers only); the task's percent follows what remains."""
    scoping.require(actor, "workflow_record.delete", report)
    reason = require_reason(reason)
    with transaction.atomic():
        task = _lock_task(report.task)
        report = lock(ProgressReport, report.pk)
        _delete(report, actor=actor, reason=reason)
        _follow_lead_agency(
            task, actor=actor, reason=_("Cập nhật do xóa báo cáo tiến độ: %(reason)s") % {"reason": reason}
        )


# --- deadline extensions ---------------------------------------------------------------------------


def extension_request_create(*, actor, task, proposed_due_date, reason, letter_number="", letter_date=None, files=()):
    """Ask to move the deadline (officers of the lead agency, coordinators). One pending request per task."""
    scoping.require(actor, "task.request_extension", task)
    proposed_due_date = as_date(proposed_due_date, "proposed_due_date")
    if proposed_due_date is None:
        invalid("proposed_due_date", _("Cần nhập thời hạn đề nghị."))
    reason = require_reason(reason)
    letter_date = as_date(letter_date, "letter_date")
    _not_in_future(letter_date, "letter_date", _("Ngày công văn"))
    uploads = _validated_files(files)
    with removed_unless_saved() as stored, transaction.atomic():
        task = _lock_task(task)
        rules.require_state(task, "task.request_extension")
        if proposed_due_date <= task.due_date:
            invalid(
                "proposed_due_date",
                _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(due)s).") % {"due": f"{task.due_date:%d/%m/%Y}"},
            )
        if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
            conflict("task", _("Nhiệm vụ này đã có một đề nghị gia hạn đang chờ xem xét."))
        extension = ExtensionRequest(
            task=task,
            requested_by=actor,
            previous_due_date=task.due_date,
            proposed_due_date=proposed_due_date,
            reason=reason,
            letter_number=(letter_number or "").strip(),
            letter_date=letter_date,
        )
        save(extension, actor=actor, reason=_("Đề nghị gia hạn: %(reason)s") % {"reason": reason}, created=True)
        _attach(
            task, uploads, actor=actor, purpose=Attachment.Purpose.EXTENSION, extension_request=extension, stored=stored
        )
        events.emit(events.TASK_EXTENSION_REQUESTED, obj=task, actor=actor, extension=extension)
    return extension


def _lock_pending_extension(actor, extension_request):
    """(task, extension) locked in the one order: the task, then the request; a decided request is refused."""
    scoping.require(actor, "extension.decide", extension_request)
    task = _lock_task(extension_request.task)
    extension = lock(ExtensionRequest, extension_request.pk)
    if extension.status != ExtensionRequest.Status.PENDING:
        conflict(
            "status",
            _("Đề nghị này đã được xử lý (%(status)s).") % {"status": extension.get_status_display().lower()},
        )
    return task, extension


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
        task, extension = _lock_pending_extension(actor, extension_request)
        rules.require_state(task, "task.decide_extension")
        _decide(
            extension,
            actor=actor,
            status=ExtensionRequest.Status.APPROVED,
            note=decision_note,
            document=decision_document,
        )
        record_save(extension, actor=actor, reason=decision_note or _("Chấp thuận gia hạn"))
        old_due = task.due_date
        task.due_date = extension.proposed_due_date
        reference = f" ({decision_document})" if decision_document else ""
        _save_task(
            task,
            actor=actor,
            reason=_("Gia hạn từ %(old)s đến %(new)s theo đề nghị #%(id)s%(reference)s")
            % {
                "old": f"{old_due:%d/%m/%Y}",
                "new": f"{task.due_date:%d/%m/%Y}",
                "id": extension.pk,
                "reference": reference,
            },
        )
        events.emit(events.TASK_EXTENSION_DECIDED, obj=task, actor=actor, extension=extension)
        events.emit(
            events.TASK_DEADLINE_CHANGED, obj=task, actor=actor, old_due_date=old_due, new_due_date=task.due_date
        )
    extension.task = task
    return extension


def extension_request_reject(*, actor, extension_request, decision_note, decision_document=""):
    """Reject (coordinators, never their own request, with a note): the deadline stays."""
    decision_note = require_text(decision_note, "decision_note", _("Cần nêu lý do không chấp thuận."))
    with transaction.atomic():
        task, extension = _lock_pending_extension(actor, extension_request)
        _decide(
            extension,
            actor=actor,
            status=ExtensionRequest.Status.REJECTED,
            note=decision_note,
            document=(decision_document or "").strip(),
        )
        record_save(extension, actor=actor, reason=decision_note)
        events.emit(events.TASK_EXTENSION_DECIDED, obj=task, actor=actor, extension=extension)
    extension.task = task
    return extension


def extension_request_delete(*, actor, extension_request, reason):
    """Delete an extension request (superusers only). An approved one is the ground of the deadline in force,
    so it stays as long as its task does."""
    scoping.require(actor, "workflow_record.delete", extension_request)
    reason = require_reason(reason)
    with transaction.atomic():
        _lock_task(extension_request.task)
        extension = lock(ExtensionRequest, extension_request.pk)
        if extension.status == ExtensionRequest.Status.APPROVED:
            invalid(
                "status",
                _("Đề nghị đã được chấp thuận là căn cứ của thời hạn hiện hành; không xóa được."),
            )
        _delete(extension, actor=actor, reason=reason)


# --- completion ------------------------------------------------------------------------------------


def task_report_completion(*, actor, task, completed_on, evidence, files=(), version=None):
    """The lead agency reports the task done: it then awaits the Department's acceptance."""
    scoping.require(actor, "task.report_completion", task)
    completed_on = as_date(completed_on, "completed_on")
    if completed_on is None:
        invalid("completed_on", _("Cần nhập ngày hoàn thành."))
    _not_in_future(completed_on, "completed_on", _("Ngày hoàn thành"))
    evidence = require_text(evidence, "evidence", _("Cần nêu kết quả, sản phẩm hoặc minh chứng hoàn thành."))
    uploads = _validated_files(files)
    with removed_unless_saved() as stored, transaction.atomic():
        task = _lock_task(task, version)
        rules.require_state(task, "task.report_completion")
        if task.start_date and completed_on < task.start_date:
            invalid("completed_on", _("Ngày hoàn thành không được trước ngày bắt đầu."))
        task.status = Task.Status.AWAITING_ACCEPTANCE
        task.completed_on = completed_on
        task.completion_evidence = evidence
        task.completion_reported_at = timezone.now()
        task.completion_reported_by = actor
        _attach(task, uploads, actor=actor, purpose=Attachment.Purpose.COMPLETION, stored=stored)
        _save_task(
            task, actor=actor, reason=_("Báo cáo hoàn thành ngày %(date)s") % {"date": f"{completed_on:%d/%m/%Y}"}
        )
        events.emit(events.TASK_COMPLETION_REPORTED, obj=task, actor=actor)
    return task


def task_accept_completion(*, actor, task, note="", version=None):
    """Accept a reported completion (coordinators). On time is judged against the deadline in force
    on the completion date, which is kept on the task. Never by the coordinator who reported it (four eyes).
    A pending extension request is closed with it: a done task has no deadline left to move."""
    scoping.require(actor, "completion.accept", task)
    note = (note or "").strip()
    with transaction.atomic():
        task = _lock_task(task, version)
        rules.require_state(task, "task.accept")
        scoping.require(actor, "completion.accept", task)  # who reported it, as the locked row says
        _close_pending_extensions(
            task,
            actor=actor,
            note=_("Nhiệm vụ đã hoàn thành."),
            reason=_("Đóng đề nghị gia hạn do nhiệm vụ đã hoàn thành"),
        )
        task.status = Task.Status.DONE
        task.completion_deadline = deadline_in_force_on(task, task.completed_on)
        task.accepted_by = actor
        task.accepted_at = timezone.now()
        task.progress_percent = 100
        _save_task(
            task,
            actor=actor,
            reason=_("Xác nhận hoàn thành: %(note)s") % {"note": note} if note else _("Xác nhận hoàn thành"),
        )
        events.emit(events.TASK_COMPLETION_ACCEPTED, obj=task, actor=actor)
    return task


def task_return(*, actor, task, reason, version=None):
    """Send a reported completion back for more work (coordinators, with a reason)."""
    scoping.require(actor, "task.decide", task)
    reason = require_reason(reason)
    with transaction.atomic():
        task = _lock_task(task, version)
        rules.require_state(task, "task.return")
        task.status = Task.Status.IN_PROGRESS
        task.completed_on = None
        task.completion_reported_at = None
        task.completion_reported_by = None
        task.completion_deadline = None
        _save_task(task, actor=actor, reason=_("Trả lại, yêu cầu thực hiện tiếp: %(reason)s") % {"reason": reason})
        events.emit(events.TASK_COMPLETION_RETURNED, obj=task, actor=actor, reason=reason)
    return task


def task_cancel(*, actor, task, reason, version=None):
    """Cancel a task (coordinators, with a reason). A pending extension request is closed with it."""
    scoping.require(actor, "task.decide", task)
    reason = require_reason(reason)
    with transaction.atomic():
        task = _lock_task(task, version)
        rules.require_state(task, "task.cancel")
        _close_pending_extensions(
            task, actor=actor, note=_("Nhiệm vụ đã bị hủy."), reason=_("Đóng đề nghị gia hạn do nhiệm vụ bị hủy")
        )
        task.status = Task.Status.CANCELLED
        _save_task(task, actor=actor, reason=_("Hủy nhiệm vụ: %(reason)s") % {"reason": reason})
        events.emit(events.TASK_CANCELLED, obj=task, actor=actor, reason=reason)
    return task


# --- rules shared by the services above ------------------------------------------------------------


def _close_pending_extensions(task, *, actor, note, reason):
    """Close (reject, with history) the task's pending extension request when the task ends; the task is
    already locked, so the lock order stays the task, then its requests."""
    for extension in task.extension_requests.select_for_update().filter(status=ExtensionRequest.Status.PENDING):
        _decide(extension, actor=actor, status=ExtensionRequest.Status.REJECTED, note=note, document="")
        record_save(extension, actor=actor, reason=reason)


def deadline_in_force_on(task, day):
    """The deadline that applied on ``day``: the original, moved by each extension approved by then."""
    deadline = task.original_due_date
    approved = task.extension_requests.filter(status=ExtensionRequest.Status.APPROVED, decided_on__lte=day).order_by(
        "decided_at", "pk"
    )
    for extension in approved:
        deadline = extension.proposed_due_date
    return deadline if deadline is not None else task.due_date


# --- the plan's targets ----------------------------------------------------------------------------


def target_clusters_set(*, actor, target, clusters, reason):
    """Name the clusters a target is measured on (the 26, the 6, the 11 of the plan), with a reason and
    history. An empty list measures the target on the whole register (``tasks.targets.scope``). A cluster whose
    state today does not suit the target (``tasks.targets.misfits``) is refused on ``clusters``, naming it and why,
    and nothing is saved."""
    scoping.require(actor, "target.edit", target)
    reason = require_reason(reason)
    clusters = list(clusters)
    with transaction.atomic():
        locked = lock(Target, target.pk)
        check_target_clusters(locked, clusters)
        if {c.pk for c in clusters} == set(locked.clusters.values_list("pk", flat=True)):
            return locked
        save(locked, actor=actor, reason=reason, m2m={"clusters": clusters})
    return locked


def check_target_clusters(target, clusters):
    """Refuse, on the ``clusters`` field, the clusters that do not belong on ``target``'s list today: the one check
    of the page, the admin's form and this module."""
    refusals = targets.misfits(target, clusters)
    if refusals:
        raise ValidationError({"clusters": refusals})
