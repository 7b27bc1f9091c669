"""Webhook endpoints (where other systems hear of the workflow) and the queue of deliveries to them."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbound
from core.audit import AuditedManager, history

from .events import CATALOGUE


def new_secret():
    return secrets.token_urlsafe(32)


def validate_endpoint_url(value):
    """What sending would refuse (``core.outbound``: https to a public address only) is refused here already."""
    message = outbound.validation_message(value)
    if message is not None:
        raise ValidationError(message, code="outbound")


def validate_events(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Cần chọn ít nhất một sự kiện."), code="required")
    unknown = [name for name in value if name not in CATALOGUE]
    if unknown:
        raise ValidationError(
            _("Sự kiện không có trong danh mục: %(names)s.") % {"names": ", ".join(map(str, unknown))}, code="unknown"
        )


class Endpoint(models.Model):
    """An address another system registered to hear of chosen workflow events, signed with its own secret.

    The secret is shown once (on creation and on rotation) and is kept out of the history tables."""

    url = models.URLField(_("địa chỉ nhận"), max_length=500, validators=[validate_endpoint_url])
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    events = models.JSONField(_("sự kiện"), default=list, validators=[validate_events])
    secret = models.CharField(_("khóa bí mật"), max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    objects = AuditedManager()
    history = history(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("điểm nhận webhook")
        verbose_name_plural = _("điểm nhận webhook")
        ordering = ["url", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                name="webhook_endpoint_url_unique",
                violation_error_message=_("Địa chỉ nhận này đã được đăng ký."),
            )
        ]

    def __str__(self):
        return self.url

    def event_labels(self):
        return [str(CATALOGUE.get(name, name)) for name in self.events]

    def listens_to(self, event):
        return self.is_active and event in self.events


class Delivery(models.Model):
    """One event to send to one endpoint: queued in the action's transaction, sent by ``send_webhooks``.

    Its ``uuid`` is the ``X-CCN-Delivery`` header and the body's ``id``: a replay sends the same id again,
    so a receiver can recognise a delivery it has already handled."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SUCCEEDED = "succeeded", _("Đã gửi")
        FAILED = "failed", _("Thất bại")

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("điểm nhận"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("sự kiện"), max_length=50)
    uuid = models.UUIDField(_("mã lần gửi"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(_("mã phản hồi gần nhất"), null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("lần gửi webhook")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.uuid})"

    def event_label(self):
        return str(CATALOGUE.get(self.event, self.event))

    def error_label(self):
        """What went wrong with the last attempt, in words: one of ``core.outbound``'s; anything else stored there
        (a receiver's text kept before it was refused) is not shown."""
        if not self.last_error:
            return ""
        label = outbound.ERROR_LABELS.get(self.last_error)
        return str(label) if label is not None else str(_("lỗi (không hiển thị chi tiết)"))

    error_label.short_description = _("lỗi gần nhất")
