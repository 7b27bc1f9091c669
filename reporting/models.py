"""The Circular 14/2024/TT-BCT reporting cycle: the forms and their indicators (data, loaded by
``load_reference_data``), the half-year and annual periods, the submissions of investors (Biểu 02) and
commune People's Committees (Biểu 03), and the Department's Biểu 04, frozen when issued.

The rules of the cycle are in ``reporting.rules`` (what a value may be) and ``reporting.services`` (who may
do which step, and what each step writes); the figures of Biểu 03/04 in ``reporting.bieu``.
"""

import datetime
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from clusters.models import Cluster
from clusters.periods import PeriodKind, chronological, data_window, period_label, window_label
from core.audit import AuditedManager, AuditedQuerySet, history
from core.dates import validate_business_date
from department import letterhead
from department.models import Capacity

# How the forms' file (reporting/data/circular14-forms.csv) names the province's People's Committee.
PROVINCE_COMMITTEE = "Ủy ban nhân dân Thành phố"


class ReportForm(models.Model):
    """One of the circular's forms (Biểu 01–04): who sends it, to whom, who signs, when it is due."""

    class Reporter(models.TextChoices):
        TENANT = "tenant", _("Dự án đầu tư trong cụm")
        INVESTOR = "investor", _("Chủ đầu tư hạ tầng")
        COMMUNE = "commune", _("UBND xã, phường")
        DEPARTMENT = "department", _("Sở Công Thương")

    code = models.CharField(_("mã biểu"), max_length=8, unique=True, help_text=_("Ví dụ: 02."))
    title = models.CharField(_("tên biểu"), max_length=255)
    reporter = models.CharField(_("đơn vị báo cáo"), max_length=20, choices=Reporter.choices)
    result_column = models.CharField(_("tên cột kết quả"), max_length=100)
    sender = models.CharField(_("đơn vị gửi báo cáo"), max_length=255)
    recipients = models.CharField(_("đơn vị nhận báo cáo"), max_length=500)
    signer_title = models.CharField(_("người ký"), max_length=150)
    due_half_year = models.CharField(_("hạn báo cáo 6 tháng (tháng-ngày)"), max_length=5)
    due_annual = models.CharField(_("hạn báo cáo năm (tháng-ngày)"), max_length=5)
    collected = models.BooleanField(
        _("thu nhận trên hệ thống"), default=False, help_text=_("Biểu do đơn vị báo cáo nộp qua hệ thống.")
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("biểu báo cáo")
        verbose_name_plural = _("biểu báo cáo")
        ordering = ["code"]

    def __str__(self):
        return str(_("Biểu %(code)s: %(title)s") % {"code": self.code, "title": self.title})

    def recipient_names(self):
        """The recipients ("A; B" in ``recipients``) as this installation's documents name them: the forms' file
        writes the province's People's Committee (Circular 14: "cấp tỉnh") as the first province's documents did,
        "Ủy ban nhân dân Thành phố"; it is printed as the Department's governing body in full ("Ủy ban nhân dân tỉnh Tuyên Quang")."""
        body = letterhead.current().governing_body_name
        names = [name.strip() for name in self.recipients.split(";") if name.strip()]
        return [body if name == PROVINCE_COMMITTEE and body else name for name in names]

    @property
    def printed_recipients(self):
        """ "Ủy ban nhân dân tỉnh Tuyên Quang; Sở Công Thương": the recipients' line of a document."""
        return "; ".join(self.recipient_names())

    def due_on(self, period):
        """The form's due date in ``period`` (the last day it is on time)."""
        month, day = (int(part) for part in (self.due_half_year if period.is_half_year else self.due_annual).split("-"))
        return datetime.date(period.year, month, day)


class Indicator(models.Model):
    """A row of a form: its number, label, unit and nature, and the rules that tie it to other rows."""

    class Nature(models.TextChoices):
        CUMULATIVE = "cumulative", _("Lũy kế")
        IN_PERIOD = "in_period", _("Trong kỳ báo cáo")
        STOCK = "stock", _("Tại thời điểm báo cáo")
        FLAG = "flag", _("Có (1) / không (0)")

    form = models.ForeignKey(ReportForm, verbose_name=_("biểu"), on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("mã chỉ tiêu"), max_length=64, help_text=_("Mã ổn định, không đổi khi đánh số lại."))
    row = models.CharField(_("số thứ tự (TT)"), max_length=8)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    section = models.CharField(_("mục"), max_length=255, blank=True)
    label = models.TextField(_("chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=64)
    nature = models.CharField(_("tính chất"), max_length=20, choices=Nature.choices)
    not_above = models.SlugField(
        _("không lớn hơn chỉ tiêu"), max_length=64, blank=True, help_text=_("Mã chỉ tiêu cùng biểu.")
    )
    sum_of = models.CharField(
        _("bằng tổng các chỉ tiêu"),
        max_length=255,
        blank=True,
        help_text=_("Các mã chỉ tiêu cùng biểu, cách nhau dấu cách."),
    )
    cluster_field = models.CharField(
        _("trường của sổ đăng ký (điền sẵn)"), max_length=64, blank=True, help_text=_("Tên trường của cụm công nghiệp.")
    )
    report_field = models.CharField(_("trường của báo cáo định kỳ (khi chấp nhận)"), max_length=64, blank=True)
    scale = models.DecimalField(
        _("hệ số quy đổi sang sổ đăng ký"),
        max_digits=20,
        decimal_places=0,
        default=1,
        help_text=_("Ví dụ: 1.000.000.000 khi sổ đăng ký ghi đồng và biểu ghi tỷ đồng."),
    )

    objects = AuditedManager()
    history = history()

    class Meta:
        verbose_name = _("chỉ tiêu báo cáo")
        verbose_name_plural = _("chỉ tiêu báo cáo")
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="indicator_key_unique_per_form"),
            models.UniqueConstraint(fields=["form", "row"], name="indicator_row_unique_per_form"),
        ]

    def __str__(self):
        return f"{self.row}. {self.label}"

    @property
    def sum_keys(self):
        return self.sum_of.split()


class ReportingPeriod(models.Model):
    """A half-year or annual reporting period of one year, with its data window (Circular 14 Art. 3.2)."""

    Kind = PeriodKind  # the Circular 14 periods (clusters.periods), shared with the register's periodic figures

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Kind.choices)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "kind"]  # the annual period (later in the year) first
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                name="one_reporting_period_per_year_and_kind",
                violation_error_message=_("Kỳ báo cáo này đã có."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="reporting_period_year_range",
                violation_error_message=_("Năm báo cáo phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return str(_("Báo cáo %(period)s") % {"period": self.label})

    @property
    def label(self):
        """ "6 tháng năm 2026" or "năm 2026": the period as reports, letters and pages name it."""
        return period_label(self.year, self.kind)

    @property
    def is_half_year(self):
        return self.kind == self.Kind.HALF_YEAR

    @property
    def data_start(self):
        """The data window opens on 15 December of the year before, for both periods (``clusters.periods``)."""
        return data_window(self.year, self.kind)[0]

    @property
    def data_end(self):
        return data_window(self.year, self.kind)[1]

    @property
    def window_label(self):
        return window_label(self.year, self.kind)

    @property
    def chronological(self):
        """A sort key: periods in the order their data windows close."""
        return chronological(self.year, self.kind)


def paper_scan_path(instance, filename):
    # A random name on disk, outside any served folder: the original name is kept for the download only.
    return f"reporting-paper/{instance.period_id}/{uuid.uuid4().hex}"


class SubmissionQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """Circular 14 submissions: all for coordinators and viewers; an investor's Biểu 02; a commune's Biểu 03
        and the Biểu 02 of the clusters in the commune (they are sent to the commune too)."""
        if scoping.reads_everything(user):
            return self
        investor_id, commune_id = scoping.reporter_scope(user)
        if investor_id is not None:
            return self.filter(cluster__investor_id=investor_id)
        if commune_id is not None:
            return self.filter(
                Q(commune_id=commune_id, cluster__isnull=True)
                | Q(cluster__in=Cluster.objects.visible_to(user).values("pk"))
            )
        return self.none()


class Submission(models.Model):
    """One expected report of a period: Biểu 02 of a cluster (by its investor) or Biểu 03 of a commune (by its
    People's Committee). It exists from the first draft or reminder; its values are ``SubmissionValue`` rows."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa lập")
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    # Sent by its reporter (waiting for the Department, or accepted): neither late nor owed any more.
    SENT_STATES = (State.SUBMITTED, State.ACCEPTED)

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="submissions"
    )
    form = models.ForeignKey(ReportForm, verbose_name=_("biểu"), on_delete=models.PROTECT, related_name="submissions")
    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cụm công nghiệp"),
        on_delete=models.PROTECT,
        related_name="submissions",
        null=True,
        blank=True,
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="submissions",
        null=True,
        blank=True,
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.NOT_STARTED)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận, trả lại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("tiếp nhận, trả lại lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("số lần đã nhắc"), default=0)
    last_reminded_on = models.DateField(_("nhắc lần cuối ngày"), null=True, blank=True)
    escalated_on = models.DateField(_("chuyển đôn đốc ngày"), null=True, blank=True)
    # A report received on paper, entered and accepted by a coordinator on its reporter's behalf.
    received_on_paper = models.BooleanField(_("nhận bản giấy"), default=False)
    paper_letter_number = models.CharField(_("số công văn (bản giấy)"), max_length=100, blank=True)
    paper_received_on = models.DateField(
        _("ngày nhận bản giấy"), null=True, blank=True, validators=[validate_business_date]
    )
    paper_scan = models.FileField(
        _("bản chụp công văn"), upload_to=paper_scan_path, max_length=255, blank=True, editable=False
    )
    paper_scan_name = models.CharField(_("tên tệp bản chụp"), max_length=255, blank=True, editable=False)
    paper_scan_type = models.CharField(_("loại tệp bản chụp"), max_length=100, blank=True, editable=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager.from_queryset(SubmissionQuerySet)()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo định kỳ đã nộp")
        verbose_name_plural = _("báo cáo định kỳ đã nộp")
        ordering = ["period", "form", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "form", "cluster"],
                condition=Q(cluster__isnull=False),
                name="one_submission_per_cluster_and_period",
                violation_error_message=_("Cụm này đã có báo cáo trong kỳ."),
            ),
            models.UniqueConstraint(
                fields=["period", "form", "commune"],
                condition=Q(cluster__isnull=True),
                name="one_submission_per_commune_and_period",
                violation_error_message=_("Xã, phường này đã có báo cáo trong kỳ."),
            ),
            models.CheckConstraint(
                condition=Q(cluster__isnull=False) | Q(commune__isnull=False),
                name="submission_has_a_subject",
                violation_error_message=_("Báo cáo phải thuộc một cụm hoặc một xã, phường."),
            ),
            models.CheckConstraint(
                condition=Q(received_on_paper=False)
                | (~Q(paper_letter_number="") & Q(paper_received_on__isnull=False)),
                name="submission_paper_has_letter",
                violation_error_message=_("Báo cáo nhận bản giấy phải có số công văn và ngày nhận."),
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="submission_period_state")]

    def __str__(self):
        return str(
            _("Biểu %(form)s — %(subject)s — %(period)s")
            % {"form": self.form.code, "subject": self.subject, "period": self.period}
        )

    @property
    def subject(self):
        """The cluster or commune the submission reports on."""
        return self.cluster if self.cluster_id else self.commune

    @property
    def due_on(self):
        return self.form.due_on(self.period)

    @property
    def is_open(self):
        """Whether its reporter may still change it: not yet sent, or sent back."""
        return self.state in (self.State.NOT_STARTED, self.State.DRAFT, self.State.RETURNED)


class SubmissionValue(models.Model):
    """The figure a submission gives for one indicator, with an optional note (column "Ghi chú")."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("kết quả"), max_digits=20, decimal_places=3, null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = AuditedManager()
    history = history()

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["submission", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="one_value_per_indicator"),
        ]

    def __str__(self):
        return f"{self.indicator.row}: {self.value}"


def bieu04_file_path(instance, filename):
    # A random name on disk, outside any served folder: the download view names the file.
    return f"bieu-04/{uuid.uuid4().hex}"


class Bieu04QuerySet(AuditedQuerySet):
    def current(self):
        """The issued Biểu 04 in force of each period: not replaced by a corrected one."""
        return self.filter(is_current=True)


class Bieu04(models.Model):
    """The city's Biểu 04 of a period, issued with its number, date and signer, and never edited afterwards:
    its rows (``figures``: value and sources per indicator) and documents are what was signed.

    An issued Biểu 04 is corrected by issuing another that ``replaces`` it: the first stays frozen as it was signed
    (only ``is_current`` turns off), both link to each other, and one per period is current. Issued while reporters
    were still missing or rows had no source, it keeps what was missing (``gaps``) and the reason given."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="bieu04s"
    )
    number = models.CharField(_("số hiệu"), max_length=64, unique=True, help_text=_("Ví dụ: 456/BC-SCT."))
    issued_on = models.DateField(_("ngày ban hành"))
    # Who signs: the Signatory chosen, in which capacity, and the name and title as printed (kept as signed when
    # the Signatory's row is edited later).
    signatory = models.ForeignKey(
        "department.Signatory",
        verbose_name=_("người ký (danh sách)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(_("thẩm quyền ký"), max_length=8, choices=Capacity.choices, blank=True)
    signer = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    figures = models.JSONField(_("số liệu"), encoder=DjangoJSONEncoder, editable=False)
    xlsx_file = models.FileField(_("tệp .xlsx"), upload_to=bieu04_file_path, max_length=255, editable=False)
    docx_file = models.FileField(_("tệp .docx"), upload_to=bieu04_file_path, max_length=255, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)
    is_current = models.BooleanField(_("đang có hiệu lực"), default=True, editable=False)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế Biểu 04"),
        on_delete=models.PROTECT,
        related_name="replaced_by",
        null=True,
        blank=True,
        editable=False,
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True, editable=False)
    gaps = models.JSONField(_("số liệu còn thiếu khi ban hành"), default=dict, blank=True, editable=False)
    gaps_reason = models.TextField(_("lý do ban hành khi còn thiếu số liệu"), blank=True, editable=False)

    objects = AuditedManager.from_queryset(Bieu04QuerySet)()
    history = history()

    class Meta:
        verbose_name = _("Biểu 04 đã ban hành")
        verbose_name_plural = _("Biểu 04 đã ban hành")
        ordering = ["-period__year", "-period__kind", "-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(is_current=True),
                name="one_current_bieu04_per_period",
                violation_error_message=_("Kỳ này đã có Biểu 04 đang có hiệu lực."),
            )
        ]

    def __str__(self):
        return str(_("Biểu 04 số %(number)s — %(period)s") % {"number": self.number, "period": self.period})
