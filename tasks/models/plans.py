"""A plan (kế hoạch), its task groups (as many as the plan has), the agencies' duties in it, and its targets
measured against the cluster register."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, history
from core.dates import validate_business_date
from department import letterhead


class Plan(models.Model):
    """An official plan document, e.g. a province's plan "12/KH-UBND" for 2026."""

    # What ``__str__`` reads: a history naming many plans loads only these (``core.history``).
    NAME_FIELDS = ("id", "number")

    number = models.CharField(_("số hiệu"), max_length=64, unique=True, help_text=_("Ví dụ: 12/KH-UBND."))
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"), validators=[validate_business_date])
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, default=letterhead.governing_body_name)
    year = models.PositiveSmallIntegerField(_("năm thực hiện"))
    period_start = models.DateField(_("bắt đầu kỳ kế hoạch"), validators=[validate_business_date])
    period_end = models.DateField(_("kết thúc kỳ kế hoạch"), validators=[validate_business_date])
    document = models.FileField(_("tệp văn bản"), upload_to="plans/", blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    # The province's own figures as the plan states them, beside which the dashboard and the plan report set the
    # register's (tasks.figures.comparison_rows): data of each plan, never of the code.
    register_figures = models.JSONField(
        _("số liệu hiện trạng và định hướng nêu trong kế hoạch"),
        default=dict,
        blank=True,
        help_text=_(
            "Theo khóa: operating_clusters, operating_area_ha, enterprises, workers, budget_billion_vnd_per_year, "
            "building_clusters, new_clusters, new_area_ha, clusters_2030, area_2030_ha. Giá trị là một số, hoặc "
            '{"value": số, "approximate": true} khi kế hoạch ghi “khoảng”. Khóa không có: ô để trống (—).'
        ),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_in_order",
                violation_error_message=_("Ngày kết thúc kỳ kế hoạch không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self):
        return f"Kế hoạch {self.number}"


class TaskGroup(models.Model):
    """One of the plan's task groups (nhóm nhiệm vụ trọng tâm), numbered from 1 in the plan's order; a plan has as
    many as its text lists (Plan 305 has five, another may have three or seven)."""

    # What ``__str__`` reads: a history naming many task groups loads only these (``core.history``).
    NAME_FIELDS = ("id", "number", "name")

    plan = models.ForeignKey(
        "tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="task_groups"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên nhóm nhiệm vụ"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="one_task_group_number_per_plan",
                violation_error_message=_("Kế hoạch đã có nhóm nhiệm vụ mang số này."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="task_group_number_from_1",
                violation_error_message=_("Số thứ tự nhóm nhiệm vụ bắt đầu từ 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def save(self, *args, **kwargs):
        created = self._state.adding
        super().save(*args, **kwargs)
        if not created:
            # Tasks keep a copy of their group's number (their lists' order): renumbering a group renumbers them.
            from core.audit import refresh_derived

            refresh_derived(self.tasks.exclude(group_number=self.number), group_number=self.number)


class Responsibility(models.Model):
    """An agency's duty in a plan, as the plan's text states it (the agency's page lists them)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    plan = models.ForeignKey(
        "tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    task_groups = models.ManyToManyField(
        "tasks.TaskGroup", verbose_name=_("nhóm nhiệm vụ"), related_name="responsibilities", blank=True
    )
    text = models.TextField(_("nội dung trách nhiệm"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = AuditedManager()
    history = history(m2m_fields=[task_groups])

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = _("trách nhiệm")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return f"{self.agency}: {self.text[:60]}"


class Target(models.Model):
    """A target (chỉ tiêu) of the plan, measured from the cluster register unless entered by hand."""

    class Measure(models.TextChoices):
        INFRASTRUCTURE_COMPLETED = "infrastructure_completed", _("Số cụm (trong danh sách) hoàn thành hạ tầng")
        FILLED = "filled", _("Số cụm (trong danh sách) được lấp đầy")
        NEWLY_ESTABLISHED = "newly_established", _("Số cụm thành lập, mở rộng mới trong kỳ kế hoạch")
        NEW_WASTEWATER_COMPLIANT_SHARE = (
            "new_wastewater_compliant_share",
            _("Tỷ lệ cụm xây dựng mới có trạm XLNT đạt quy chuẩn"),
        )
        WASTEWATER_HANDED_OVER = "wastewater_handed_over", _("Số cụm (trong danh sách) đã bàn giao trạm XLNT")
        MANUAL = "manual", _("Nhập tay")

    plan = models.ForeignKey("tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.CharField(_("chỉ tiêu"), max_length=500)
    measure = models.CharField(_("cách đo"), max_length=40, choices=Measure.choices)
    target_min = models.DecimalField(_("giá trị mục tiêu (tối thiểu)"), max_digits=9, decimal_places=2)
    target_max = models.DecimalField(
        _("giá trị mục tiêu tối đa"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị"), max_length=50, default="cụm")
    clusters = models.ManyToManyField(
        "clusters.Cluster",
        verbose_name=_("danh sách cụm được đo"),
        related_name="targets",
        blank=True,
        help_text=_("Để trống: đo trên toàn bộ sổ đăng ký cụm."),
    )
    fill_threshold_pct = models.DecimalField(
        _("ngưỡng lấp đầy (%)"), max_digits=5, decimal_places=2, default=Decimal("100")
    )
    window_start = models.DateField(
        _("tính từ ngày"),
        null=True,
        blank=True,
        validators=[validate_business_date],
        help_text=_("Để trống: ngày bắt đầu kỳ kế hoạch."),
    )
    window_end = models.DateField(
        _("tính đến ngày"),
        null=True,
        blank=True,
        validators=[validate_business_date],
        help_text=_("Để trống: ngày kết thúc kỳ kế hoạch."),
    )
    manual_value = models.DecimalField(_("giá trị nhập tay"), max_digits=9, decimal_places=2, null=True, blank=True)
    responsible_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan chịu trách nhiệm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"], m2m_fields=[clusters])

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gte=F("window_start")),
                name="target_window_in_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(target_min__gte=0),
                name="target_min_non_negative",
                violation_error_message=_("Giá trị mục tiêu không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(target_max__isnull=True) | Q(target_max__gte=models.F("target_min")),
                name="target_range_in_order",
                violation_error_message=_("Giá trị tối đa phải lớn hơn hoặc bằng giá trị tối thiểu."),
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def window(self):
        """The dates the target counts events between (inclusive): its own, else the plan's period."""
        return (self.window_start or self.plan.period_start, self.window_end or self.plan.period_end)

    def clean(self):
        if self.measure == self.Measure.MANUAL and self.manual_value is None:
            raise ValidationError({"manual_value": _("Chỉ tiêu nhập tay cần có giá trị hiện tại.")})
