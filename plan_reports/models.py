"""The periodic report on the plan (báo cáo tình hình thực hiện Kế hoạch), frozen when issued."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, history
from core.dates import validate_business_date
from department.models import Capacity


def report_file_path(instance, filename):
    # A random name on disk, outside any served folder: the download view names the file.
    return f"plan-reports/{uuid.uuid4().hex}"


class PlanReport(models.Model):
    """A report on the plan as of a cut-off date: drafted, written and previewed, then issued with its number, date
    and signer.

    A draft's figures (``figures``, computed from the history as of the end of the cut-off day) are computed again
    at each save; its narrative (the four sections the Department's staff write) and its signer may be edited,
    and the draft deleted. Issuing computes them one last time and stores them with the generated documents, the
    signer's printed name and title: the report is never edited afterwards, so opening it later shows what was
    signed.
    """

    # What ``__str__`` reads: a history naming many reports loads only these (``core.history``).
    NAME_FIELDS = ("id", "status", "cut_off", "number")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    plan = models.ForeignKey("tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    cut_off = models.DateField(_("số liệu đến ngày"), validators=[validate_business_date])
    number = models.CharField(_("số hiệu"), max_length=64, blank=True, help_text=_("Ví dụ: 123/BC-SCT."))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, validators=[validate_business_date])
    # The narrative: plain paragraphs (a blank line between them) and list items (lines starting with "- ").
    general_assessment = models.TextField(_("đánh giá chung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_tasks = models.TextField(_("nhiệm vụ, giải pháp thời gian tới"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # Who signs: the Signatory chosen and the capacity; at issue the name and title as printed are kept, so an
    # edit of the Signatory later does not change what was signed.
    signatory = models.ForeignKey(
        "department.Signatory",
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(_("thẩm quyền ký"), max_length=8, choices=Capacity.choices, blank=True)
    signer = models.CharField(_("họ tên người ký (như đã in)"), max_length=255, blank=True, editable=False)
    signer_title = models.CharField(_("chức vụ người ký (như đã in)"), max_length=100, blank=True, editable=False)
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
    docx_file = models.FileField(_("tệp .docx"), upload_to=report_file_path, max_length=255, blank=True, editable=False)
    xlsx_file = models.FileField(_("tệp .xlsx"), upload_to=report_file_path, max_length=255, blank=True, editable=False)
    # The PDF of the .docx (core.pdf), the one the Department signs (signatures); blank when LibreOffice could not
    # make it at issue: it is made when first asked for.
    pdf_file = models.FileField(
        _("tệp .pdf"), upload_to=report_file_path, max_length=255, editable=False, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo tình hình thực hiện kế hoạch")
        verbose_name_plural = _("báo cáo tình hình thực hiện kế hoạch")
        ordering = ["-cut_off", "-issued_at", "-pk"]
        constraints = [
            # A draft has no number yet, and two drafts may propose the same one: only issued numbers are unique.
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(status="issued"),
                name="plan_report_issued_number_unique",
                violation_error_message=_("Số hiệu này đã được dùng cho một báo cáo khác."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issued_on__isnull=False) & ~Q(signer="")),
                name="plan_report_issued_has_number_date_signer",
                violation_error_message=_("Báo cáo ban hành phải có số hiệu, ngày ban hành và người ký."),
            ),
        ]

    def __str__(self):
        day = f"{self.cut_off:%d/%m/%Y}"
        if self.status == self.Status.DRAFT:
            return str(_("Dự thảo báo cáo (số liệu đến %(date)s)") % {"date": day})
        return str(_("Báo cáo số %(number)s (số liệu đến %(date)s)") % {"number": self.number, "date": day})

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def narrative(self):
        """The four written sections, in the order the report prints them: (heading, text)."""
        return [
            (_("Đánh giá chung"), self.general_assessment),
            (_("Tồn tại, hạn chế và nguyên nhân"), self.shortcomings),
            (_("Nhiệm vụ, giải pháp thời gian tới"), self.next_tasks),
            (_("Kiến nghị, đề xuất"), self.recommendations),
        ]
