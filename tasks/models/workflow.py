"""What happens to a task: progress reports with attachments, and deadline-extension requests."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.audit import AuditedManager, AuditedQuerySet, history, refresh_derived
from core.dates import validate_business_date

from .tasks import Task


class ProgressReport(models.Model):
    """A dated progress entry by an agency on a task; the lead agency's latest sets the task's percent."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    reported_on = models.DateField(_("ngày báo cáo"), validators=[validate_business_date])
    text = models.TextField(_("nội dung"))
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_on", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100),
                name="progress_report_percent_0_100",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%."),
            )
        ]

    def __str__(self):
        return f"{self.task.code} — {self.reported_on:%d/%m/%Y} — {self.progress_percent}%"

    @classmethod
    def refresh_tasks(cls, task_ids):
        """Set ``Task.last_reported_on`` of the tasks ``task_ids`` to their latest report's date: called after every
        write of reports (a report saved or deleted: the signals in ``tasks.signals``; many created or changed: the
        audited bulk helpers, through ``refresh_after_bulk``)."""
        latest = cls.objects.filter(task=OuterRef("pk")).order_by().values("task").annotate(on=Max("reported_on"))
        refresh_derived(Task.objects.filter(pk__in=task_ids), last_reported_on=Subquery(latest.values("on")))

    @classmethod
    def refresh_after_bulk(cls, objs):
        cls.refresh_tasks({obj.task_id for obj in objs})


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A file of a progress report or a completion goes with the task, which every member sees; a file of an
        extension request goes with the deadline history."""
        if not scoping.is_member(user):
            return self.none()
        if scoping.reads_everything(user):
            return self
        history = Task.objects.history_visible_to(user).values("pk")
        return self.filter(Q(extension_request__isnull=True) | Q(task__in=history))


def attachment_path(instance, filename):
    # A random name on disk: the original name is kept in the database and only used for download.
    return f"attachments/{instance.task_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to a task (a progress report, an extension request or a completion report).

    Stored outside any served folder; only the download view, which checks who may see the task,
    sends it.
    """

    class Purpose(models.TextChoices):
        PROGRESS = "progress", _("Báo cáo tiến độ")
        EXTENSION = "extension", _("Đề nghị gia hạn")
        COMPLETION = "completion", _("Báo cáo hoàn thành")

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="attachments"
    )
    progress_report = models.ForeignKey(
        "tasks.ProgressReport",
        verbose_name=_("báo cáo tiến độ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    extension_request = models.ForeignKey(
        "tasks.ExtensionRequest",
        verbose_name=_("đề nghị gia hạn"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices, default=Purpose.PROGRESS)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size_bytes = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ExtensionRequestQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """Extension requests belong to a task's deadline history: readable where that history is."""
        if scoping.reads_everything(user):
            return self
        return self.filter(task__in=Task.objects.history_visible_to(user).values("pk"))

    def pending(self):
        """Requests not yet decided (approved or rejected)."""
        return self.filter(status=ExtensionRequest.Status.PENDING)


class ExtensionRequest(models.Model):
    """A request to move a task's deadline (gia hạn), decided by the focal agency's coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        APPROVED = "approved", _("Đã chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    previous_due_date = models.DateField(_("thời hạn trước khi đề nghị"), validators=[validate_business_date])
    proposed_due_date = models.DateField(_("thời hạn đề nghị"), validators=[validate_business_date])
    reason = models.TextField(_("lý do"))
    letter_number = models.CharField(_("số công văn đề nghị"), max_length=100, blank=True)
    letter_date = models.DateField(
        _("ngày công văn đề nghị"), null=True, blank=True, validators=[validate_business_date]
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến xử lý"), blank=True)
    decision_document = models.CharField(_("văn bản chấp thuận"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager.from_queryset(ExtensionRequestQuerySet)()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status="pending"),
                name="one_pending_extension_per_task",
                violation_error_message=_("Nhiệm vụ này đã có một đề nghị gia hạn đang chờ xem xét."),
            ),
            models.CheckConstraint(
                condition=Q(proposed_due_date__gt=models.F("previous_due_date")),
                name="extension_moves_deadline_later",
                violation_error_message=_("Thời hạn đề nghị phải sau thời hạn hiện tại."),
            ),
        ]

    def __str__(self):
        return f"{self.task.code}: {self.previous_due_date:%d/%m/%Y} → {self.proposed_due_date:%d/%m/%Y}"
