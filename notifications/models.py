"""How people hear of deadlines: in-app notifications, reminder digests and each user's choices about them,
letters and calendar feeds."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import validate_business_date


class Notification(models.Model):
    """An in-app notification for one user (the bell in the navigation)."""

    class Kind(models.TextChoices):
        TASK_ASSIGNED = "task_assigned", _("Được giao nhiệm vụ")
        EXTENSION_REQUESTED = "extension_requested", _("Có đề nghị gia hạn")
        EXTENSION_DECIDED = "extension_decided", _("Đề nghị gia hạn đã được xử lý")
        COMPLETION_REPORTED = "completion_reported", _("Có báo cáo hoàn thành chờ xác nhận")
        COMPLETION_ACCEPTED = "completion_accepted", _("Hoàn thành được xác nhận")
        COMPLETION_RETURNED = "completion_returned", _("Nhiệm vụ bị trả lại")
        PROGRESS_REPORTED = "progress_reported", _("Có báo cáo tiến độ mới")
        DEADLINE_APPROACHING = "deadline_approaching", _("Sắp đến hạn")
        TASK_CANCELLED = "task_cancelled", _("Nhiệm vụ bị hủy")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    message = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message


class ReminderDelivery(models.Model):
    """One reminder digest sent (or claimed for sending) to one address on one day: the idempotence key."""

    class Kind(models.TextChoices):
        AGENCY_DIGEST = "agency_digest", _("Thư nhắc hạn của cơ quan")
        COORDINATOR_DIGEST = "coordinator_digest", _("Thư tổng hợp cho cơ quan đầu mối")
        REPORTING_REMINDER = "reporting_reminder", _("Thư nhắc hạn báo cáo định kỳ")

    run_date = models.DateField(_("ngày nhắc"))
    kind = models.CharField(_("loại thư"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("địa chỉ nhận"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    task_ids = models.JSONField(_("các nhiệm vụ"), default=list)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thư nhắc hạn đã gửi")
        verbose_name_plural = _("thư nhắc hạn đã gửi")
        ordering = ["-run_date", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["run_date", "kind", "recipient"],
                name="one_digest_per_recipient_per_day",
                violation_error_message=_("Thư nhắc hạn này đã được gửi hôm nay."),
            )
        ]

    def __str__(self):
        return f"{self.run_date:%d/%m/%Y} — {self.recipient}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's private iCalendar feed URL; regenerating it makes the old URL 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mã lịch cá nhân")
        verbose_name_plural = _("mã lịch cá nhân")
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)


class FollowUpLetter(models.Model):
    """A follow-up letter (công văn đôn đốc) generated for an agency, listing its late and due-soon tasks."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan nhận"), on_delete=models.PROTECT, related_name="follow_up_letters"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    number = models.CharField(_("số công văn"), max_length=100, blank=True)
    letter_date = models.DateField(_("ngày công văn"), null=True, blank=True, validators=[validate_business_date])
    tasks = models.ManyToManyField("tasks.Task", verbose_name=_("nhiệm vụ"), related_name="follow_up_letters")

    class Meta:
        verbose_name = _("công văn đôn đốc")
        verbose_name_plural = _("công văn đôn đốc")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.agency} — {self.created_at:%d/%m/%Y}"


class NotificationPreference(models.Model):
    """A user's own choices for reminder digests: which windows, or none at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    receive_digests = models.BooleanField(_("nhận thư nhắc hạn"), default=True)
    reminder_windows_days = models.CharField(
        _("nhắc trước (ngày)"),
        max_length=50,
        blank=True,
        help_text=_("Các số ngày trước hạn, cách nhau bởi dấu phẩy, ví dụ 7,1. Để trống: theo mặc định."),
    )

    class Meta:
        verbose_name = _("tùy chọn nhắc hạn")
        verbose_name_plural = _("tùy chọn nhắc hạn")
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)

    @property
    def windows(self):
        """The windows in force for this user, falling back to the configured default."""
        if not self.reminder_windows_days.strip():
            return list(settings.REMINDER_WINDOWS_DAYS)
        return sorted({int(part) for part in self.reminder_windows_days.split(",") if part.strip()}, reverse=True)

    def clean(self):
        try:
            days = [int(p) for p in self.reminder_windows_days.split(",") if p.strip()]
        except ValueError:
            raise ValidationError(
                {"reminder_windows_days": _("Chỉ nhập các số nguyên, cách nhau bởi dấu phẩy.")}
            ) from None
        if any(d < 1 or d > 60 for d in days):
            raise ValidationError({"reminder_windows_days": _("Mỗi số ngày phải từ 1 đến 60.")})
