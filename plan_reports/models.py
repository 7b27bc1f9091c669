"""The periodic report on the plan (báo cáo tình hình thực hiện Kế hoạch), frozen when issued."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, history
from core.dates import validate_business_date


def report_file_path(instance, filename):
    # A random name on disk, outside any served folder: the download view names the file.
    return f"plan-reports/{uuid.uuid4().hex}"


class PlanReport(models.Model):
    """A report on the plan as of a cut-off date, issued with its number, date and signer.

    Issuing stores the figures (``figures``, computed from the history as of the end of the cut-off day) and the
    generated documents; the report is never edited afterwards, so opening it later shows what was signed.
    """

    plan = models.ForeignKey("tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="reports")
    cut_off = models.DateField(_("số liệu đến ngày"), validators=[validate_business_date])
    number = models.CharField(_("số hiệu"), max_length=64, help_text=_("Ví dụ: 123/BC-SCT."))
    issued_on = models.DateField(_("ngày ban hành"), validators=[validate_business_date])
    signer = models.CharField(_("người ký"), max_length=255)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("báo cáo kỳ trước"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Báo cáo đã ban hành có ngày chốt số liệu gần nhất trước kỳ này, để so sánh."),
    )
    figures = models.JSONField(_("số liệu"), encoder=DjangoJSONEncoder, editable=False)
    docx_file = models.FileField(_("tệp .docx"), upload_to=report_file_path, max_length=255, editable=False)
    xlsx_file = models.FileField(_("tệp .xlsx"), upload_to=report_file_path, max_length=255, editable=False)
    # The PDF of the .docx (core.pdf), the one the Department signs (signatures); blank when LibreOffice could not
    # make it at issue: it is made when first asked for.
    pdf_file = models.FileField(
        _("tệp .pdf"), upload_to=report_file_path, max_length=255, editable=False, blank=True, default=""
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo tình hình thực hiện kế hoạch")
        verbose_name_plural = _("báo cáo tình hình thực hiện kế hoạch")
        ordering = ["-cut_off", "-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="plan_report_number_unique",
                violation_error_message=_("Số hiệu này đã được dùng cho một báo cáo khác."),
            ),
        ]

    def __str__(self):
        return str(
            _("Báo cáo số %(number)s (số liệu đến %(date)s)")
            % {"number": self.number, "date": f"{self.cut_off:%d/%m/%Y}"}
        )
