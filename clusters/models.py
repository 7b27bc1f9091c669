"""The register of industrial clusters (cụm công nghiệp), where they are, the decisions behind them, and their
periodic figures."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, ExtractYear, Round
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.audit import AuditedManager, AuditedQuerySet, history
from core.dates import validate_business_date
from core.search import Searchable, Vietnamese
from department import letterhead

from .periods import PeriodKind, window_end_number, window_label


class ClusterQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """The whole register for members; a reporter's own clusters: an investor's, those of a commune."""
        if scoping.is_member(user):
            return self
        investor_id, commune_id = scoping.reporter_scope(user)
        if investor_id is not None:
            return self.filter(investor_id=investor_id)
        if commune_id is not None:
            return self.filter(
                pk__in=Cluster.communes.through.objects.filter(commune_id=commune_id).values("cluster_id")
            )
        return self.none()

    def with_legal_history(self):
        """``with_decisions()``, and ``expansion_occupancy_pct``: the occupancy recorded just before the latest
        expansion (``occupancy_before_expression``)."""
        return self.with_decisions().annotate(expansion_occupancy_pct=occupancy_before_expression("expansion_date"))

    def with_decisions(self):
        """Annotate what the cluster's decisions say: ``established_on`` and ``establishment_number`` (the first
        establishment decision: an expansion never replaces it), ``legal_kind`` (the kind of the latest decision,
        or NULL) and the latest expansion (``has_expansion``, ``expansion_date``, ``expansion_number``). The area a
        decision gives is written to the cluster by the decision's service. Without the occupancy before the
        expansion, which costs more to write than the rest (``warnings_for`` asks it of an expanded cluster)."""
        decisions = ClusterDecision.objects.filter(cluster=OuterRef("pk")).order_by()
        establishment = decisions.filter(kind=ClusterDecision.Kind.ESTABLISH).order_by("date", "pk")
        latest = decisions.order_by("-date", "-pk")
        expansion = decisions.filter(kind=ClusterDecision.Kind.EXPAND).order_by("-date", "-pk")
        return self.annotate(
            established_on=Subquery(establishment.values("date")[:1]),
            establishment_number=Subquery(establishment.values("number")[:1]),
            legal_kind=Subquery(latest.values("kind")[:1]),
            has_expansion=Exists(expansion),
            expansion_date=Subquery(expansion.values("date")[:1]),
            expansion_number=Subquery(expansion.values("number")[:1]),
        )

    def with_occupancy(self):
        """Annotate ``occupancy_pct`` (Decree 32 Art. 2.7): (leased + committed land) ÷ industrial land of the
        approved detailed plan × 100; NULL when the industrial land is unknown or neither land figure is."""
        return self.annotate(occupancy_pct=occupancy_expression())


def occupancy_expression(prefix="", industrial=None):
    """The occupancy of Decree 32 Art. 2.7 as SQL, over the fields of a cluster (``prefix``: the path to one;
    ``industrial``: another path to the industrial land, for a record that keeps only the leased and committed
    land, like a periodic report)."""
    industrial_path, leased, committed = (f"{prefix}{name}" for name in OCCUPANCY_FIELDS)
    industrial = industrial or industrial_path
    decimal = models.DecimalField(max_digits=9, decimal_places=2)
    as_float = models.FloatField()
    land = Coalesce(Cast(leased, as_float), 0.0) + Coalesce(Cast(committed, as_float), 0.0)
    return models.Case(
        models.When(
            Q(**{f"{industrial}__gt": 0}) & (Q(**{f"{leased}__isnull": False}) | Q(**{f"{committed}__isnull": False})),
            # Divided as floating point (SQLite would otherwise divide whole numbers as integers), then cast
            # back to two decimals, the precision the property gives.
            then=Round(Cast(land * 100.0 / Cast(industrial, as_float), decimal), 2, output_field=decimal),
        ),
        default=None,
        output_field=decimal,
    )


def occupancy_before_expression(date_field):
    """The cluster's occupancy as the register knew it just before the date annotated as ``date_field`` (an
    expansion decision's date; Decree 32 Art. 8 asks 60% when the expansion is decided): the last record of the
    cluster's history dated before that day, else its last periodic report whose data window (Circular 14:
    to 14/06 or 14/12) closed before it, over the cluster's industrial land; NULL when neither is known."""
    records = (
        Cluster.history.model.objects.filter(id=OuterRef("pk"), history_date__date__lt=OuterRef(date_field))
        .order_by("-history_date", "-history_id")
        .annotate(occupancy=occupancy_expression())
    )
    day = OuterRef(date_field)
    decided = ExtractYear(day) * 10000 + ExtractMonth(day) * 100 + ExtractDay(day)
    reports = (
        ClusterReport.objects.filter(cluster=OuterRef("pk"))
        .annotate(
            closed=window_end_number(),
            occupancy=occupancy_expression(industrial="cluster__industrial_land_ha"),
        )
        .filter(closed__lt=decided)
        .order_by("-closed", "-pk")
    )
    return Coalesce(Subquery(records.values("occupancy")[:1]), Subquery(reports.values("occupancy")[:1]))


# The land of the occupancy: industrial land of the approved detailed plan; leased or sub-leased; committed.
OCCUPANCY_FIELDS = ("industrial_land_ha", "leased_land_ha", "committed_land_ha")


def occupancy_of(industrial, leased, committed):
    """The occupancy of Decree 32 Art. 2.7 in Python, the twin of ``occupancy_expression`` (a test holds them
    equal): (leased + committed) ÷ industrial × 100 to two places; None when it cannot be known."""
    if not industrial or (leased is None and committed is None):
        return None
    land = Decimal(str(leased or 0)) + Decimal(str(committed or 0))
    return (land * 100 / Decimal(str(industrial))).quantize(Decimal("0.01"))


def cluster_document_path(instance, filename):
    # A random name on disk, outside any served folder: the original name is kept for the download only.
    return f"cluster-documents/{instance.pk}/{uuid.uuid4().hex}"


class Cluster(Searchable):
    """An industrial cluster: its place, land, legal status, investor, wastewater plant and sources."""

    SEARCH_FIELDS = ("code", "name", "former_district", "former_commune", "investor_name")
    # What ``__str__`` reads: a history naming many clusters loads only these (``core.history``).
    NAME_FIELDS = ("id", "name")

    class Type(models.TextChoices):
        GENERAL = "general", _("Cụm công nghiệp thông thường")
        CRAFT_VILLAGE = "craft_village", _("Cụm công nghiệp làng nghề")
        SPECIALISED = "specialised", _("Cụm công nghiệp chuyên ngành")

    class Status(models.TextChoices):
        """The stage of a cluster's legal and physical life (Decree 32/2024/NĐ-CP). Only the first two are recorded by
        hand; every later one follows from a dated fact of the register (``clusters.register.ClusterState.stage``)."""

        IN_SCHEME = "in_scheme", _("Trong phương án phát triển")
        UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định hồ sơ thành lập")
        ESTABLISHED = "established", _("Đã có quyết định thành lập")
        DETAILED_PLAN_APPROVED = "detailed_plan_approved", _("Đã phê duyệt quy hoạch chi tiết")
        INFRASTRUCTURE_PROJECT_APPROVED = "infrastructure_project_approved", _("Đã phê duyệt dự án đầu tư hạ tầng")
        SITE_CLEARANCE = "site_clearance", _("Đang giải phóng mặt bằng")
        UNDER_CONSTRUCTION = "under_construction", _("Đang xây dựng hạ tầng")
        INFRASTRUCTURE_COMPLETED = "infrastructure_completed", _("Đã hoàn thành, nghiệm thu hạ tầng")
        OPERATING = "operating", _("Đang hoạt động")
        REVOKED = "revoked", _("Đã bãi bỏ quyết định thành lập, đưa ra khỏi phương án")

    class Wastewater(models.TextChoices):
        NONE = "none", _("Chưa có")
        PLANNED = "planned", _("Đã có kế hoạch")
        UNDER_CONSTRUCTION = "under_construction", _("Đang xây dựng")
        OPERATING = "operating", _("Đang vận hành")

    class InvestorKind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        STATE_BOARD = "state_board", _("Ban quản lý dự án nhà nước")

    # The lifecycle in legal order.
    LIFECYCLE = [
        Status.IN_SCHEME,
        Status.UNDER_APPRAISAL,
        Status.ESTABLISHED,
        Status.DETAILED_PLAN_APPROVED,
        Status.INFRASTRUCTURE_PROJECT_APPROVED,
        Status.SITE_CLEARANCE,
        Status.UNDER_CONSTRUCTION,
        Status.INFRASTRUCTURE_COMPLETED,
        Status.OPERATING,
    ]
    # The stages recorded by hand: before the establishment decision, no dated fact tells them apart.
    RECORDED_STATUSES = [Status.IN_SCHEME, Status.UNDER_APPRAISAL]
    # Established and building its infrastructure: the city's "clusters under construction".
    BUILDING_STATUSES = [
        Status.ESTABLISHED,
        Status.DETAILED_PLAN_APPROVED,
        Status.INFRASTRUCTURE_PROJECT_APPROVED,
        Status.SITE_CLEARANCE,
        Status.UNDER_CONSTRUCTION,
    ]

    code = models.CharField(_("mã cụm"), max_length=32, unique=True)
    name = models.CharField(_("tên cụm công nghiệp"), max_length=255)
    type = models.CharField(_("loại cụm"), max_length=20, choices=Type.choices, default=Type.GENERAL)
    province = models.ForeignKey(
        "places.Province", verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="clusters"
    )
    communes = models.ManyToManyField(
        "places.Commune", verbose_name=_("xã, phường hiện nay"), related_name="clusters", blank=True
    )
    former_district = models.CharField(_("quận, huyện, thị xã cũ"), max_length=100, blank=True)
    former_commune = models.CharField(_("xã, phường cũ"), max_length=150, blank=True)

    total_area_ha = models.DecimalField(_("tổng diện tích (ha)"), max_digits=9, decimal_places=2, null=True, blank=True)
    industrial_land_ha = models.DecimalField(
        _("diện tích đất công nghiệp (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    serviced_land_ha = models.DecimalField(
        _("đất công nghiệp sẵn sàng cho thuê (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    leased_land_ha = models.DecimalField(
        _("đất công nghiệp đã cho thuê (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    committed_land_ha = models.DecimalField(
        _("đất công nghiệp đã giao cho dự án được chấp thuận (ha)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Đất đã giao cho dự án đầu tư được chấp thuận nhưng chưa ký hợp đồng thuê (Nghị định 32, Điều 2.7)."
        ),
    )
    main_industries = models.TextField(_("ngành nghề chính"), blank=True)

    status = models.CharField(_("tình trạng"), max_length=32, choices=Status.choices, default=Status.IN_SCHEME)
    status_decision = models.CharField(_("văn bản làm căn cứ tình trạng"), max_length=255, blank=True)
    status_decision_date = models.DateField(
        _("ngày văn bản tình trạng"), null=True, blank=True, validators=[validate_business_date]
    )

    investor_name = models.CharField(_("chủ đầu tư hạ tầng"), max_length=255, blank=True)
    investor_kind = models.CharField(_("loại chủ đầu tư"), max_length=20, choices=InvestorKind.choices, blank=True)
    investor = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("tài khoản chủ đầu tư"),
        on_delete=models.PROTECT,
        related_name="invested_clusters",
        null=True,
        blank=True,
        limit_choices_to={"kind": "investor"},
        help_text=_("Đơn vị chủ đầu tư có người dùng báo cáo Biểu 02 của cụm (Thông tư 14/2024/TT-BCT)."),
    )
    approved_investment_vnd = models.DecimalField(
        _("tổng mức đầu tư được duyệt (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    disbursed_investment_vnd = models.DecimalField(
        _("vốn đã giải ngân (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    state_support_vnd = models.DecimalField(
        _("hỗ trợ từ ngân sách (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    planned_completion_date = models.DateField(
        _("thời gian hoàn thành hạ tầng theo kế hoạch"), null=True, blank=True, validators=[validate_business_date]
    )
    infrastructure_project_number = models.CharField(
        _("số quyết định phê duyệt dự án đầu tư hạ tầng"), max_length=100, blank=True
    )
    infrastructure_project_date = models.DateField(
        _("ngày phê duyệt dự án đầu tư hạ tầng"),
        null=True,
        blank=True,
        validators=[validate_business_date],
        help_text=_("Biểu 03/04 dòng 11–13 tính cụm từ ngày này."),
    )
    construction_started_on = models.DateField(
        _("ngày khởi công xây dựng hạ tầng"), null=True, blank=True, validators=[validate_business_date]
    )
    infrastructure_completed_on = models.DateField(
        _("ngày hoàn thành hạ tầng"), null=True, blank=True, validators=[validate_business_date]
    )
    infrastructure_acceptance = models.CharField(
        _("văn bản nghiệm thu hoàn thành hạ tầng"),
        max_length=255,
        blank=True,
        help_text=_("Số, ngày biên bản nghiệm thu."),
    )
    infrastructure_acceptance_file = models.FileField(
        _("tệp văn bản nghiệm thu"), upload_to=cluster_document_path, max_length=255, blank=True, editable=False
    )
    infrastructure_acceptance_file_name = models.CharField(max_length=255, blank=True, editable=False)
    infrastructure_acceptance_file_type = models.CharField(max_length=100, blank=True, editable=False)
    operating_since = models.DateField(
        _("bắt đầu hoạt động (dự án thứ cấp đầu tiên)"), null=True, blank=True, validators=[validate_business_date]
    )

    detailed_plan_number = models.CharField(_("số quyết định QH chi tiết 1/500"), max_length=100, blank=True)
    detailed_plan_date = models.DateField(
        _("ngày phê duyệt QH chi tiết 1/500"), null=True, blank=True, validators=[validate_business_date]
    )
    detailed_plan_approver = models.CharField(_("cơ quan phê duyệt QH 1/500"), max_length=255, blank=True)
    environmental_permit = models.CharField(_("giấy phép môi trường"), max_length=255, blank=True)
    site_clearance_percent = models.PositiveSmallIntegerField(
        _("tiến độ giải phóng mặt bằng (%)"), null=True, blank=True
    )

    wastewater_status = models.CharField(
        _("trạm xử lý nước thải tập trung"), max_length=20, choices=Wastewater.choices, default=Wastewater.NONE
    )
    wastewater_capacity_m3_per_day = models.PositiveIntegerField(
        _("công suất xử lý nước thải (m³/ngày đêm)"), null=True, blank=True
    )
    wastewater_compliant = models.BooleanField(
        _("nước thải đạt QCVN 40:2025/BTNMT"), default=False, help_text=_("Đạt quy chuẩn kỹ thuật quốc gia.")
    )
    wastewater_started_on = models.DateField(
        _("ngày khởi công trạm XLNT"),
        null=True,
        blank=True,
        validators=[validate_business_date],
        help_text=_("Từ ngày này cụm được tính là đã hoặc đang đầu tư trạm xử lý nước thải tập trung."),
    )
    wastewater_built_on = models.DateField(
        _("ngày hoàn thành xây dựng trạm XLNT"), null=True, blank=True, validators=[validate_business_date]
    )
    wastewater_compliant_since = models.DateField(
        _("đạt quy chuẩn từ ngày"), null=True, blank=True, validators=[validate_business_date]
    )
    wastewater_handed_over_on = models.DateField(
        _("ngày bàn giao trạm xử lý nước thải"), null=True, blank=True, validators=[validate_business_date]
    )
    wastewater_evidence_file = models.FileField(
        _("minh chứng đạt quy chuẩn"), upload_to=cluster_document_path, max_length=255, blank=True, editable=False
    )
    wastewater_evidence_file_name = models.CharField(max_length=255, blank=True, editable=False)
    wastewater_evidence_file_type = models.CharField(max_length=100, blank=True, editable=False)

    is_new_in_plan = models.BooleanField(_("cụm mới trong kế hoạch"), default=False)
    is_mountain_area = models.BooleanField(
        _("cụm thuộc địa bàn miền núi"),
        default=False,
        help_text=_("Nghị định 32/2024/NĐ-CP cho phép diện tích từ 5 ha như cụm làng nghề."),
    )
    is_pre_2009_legacy = models.BooleanField(
        _("cụm hình thành trước 2009"), default=False, help_text=_("Phải hoàn thiện thủ tục trước 31/12/2026.")
    )
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    data_source = models.TextField(_("nguồn số liệu"), blank=True)
    data_as_of = models.DateField(
        _("số liệu tính đến ngày"), null=True, blank=True, validators=[validate_business_date]
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager.from_queryset(ClusterQuerySet)()
    history = history(m2m_fields=[communes], excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("cụm công nghiệp")
        verbose_name_plural = _("cụm công nghiệp")
        ordering = [Vietnamese("name"), "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_area_ha__isnull=True) | Q(total_area_ha__gte=0),
                name="cluster_total_area_non_negative",
                violation_error_message=_("Tổng diện tích không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(industrial_land_ha__isnull=True) | Q(industrial_land_ha__gte=0),
                name="cluster_industrial_land_non_negative",
                violation_error_message=_("Diện tích đất công nghiệp không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(serviced_land_ha__isnull=True) | Q(serviced_land_ha__gte=0),
                name="cluster_serviced_land_non_negative",
                violation_error_message=_("Diện tích đất sẵn sàng cho thuê không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(leased_land_ha__isnull=True) | Q(leased_land_ha__gte=0),
                name="cluster_leased_land_non_negative",
                violation_error_message=_("Diện tích đất đã cho thuê không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(industrial_land_ha__isnull=True)
                | Q(total_area_ha__isnull=True)
                | Q(industrial_land_ha__lte=F("total_area_ha")),
                name="cluster_industrial_within_total",
                violation_error_message=_("Diện tích đất công nghiệp không được lớn hơn tổng diện tích."),
            ),
            models.CheckConstraint(
                condition=Q(leased_land_ha__isnull=True)
                | Q(industrial_land_ha__isnull=True)
                | Q(leased_land_ha__lte=F("industrial_land_ha")),
                name="cluster_leased_within_industrial",
                violation_error_message=_("Diện tích đã cho thuê không được lớn hơn diện tích đất công nghiệp."),
            ),
            models.CheckConstraint(
                condition=Q(committed_land_ha__isnull=True) | Q(committed_land_ha__gte=0),
                name="cluster_committed_land_non_negative",
                violation_error_message=_("Diện tích đất đã giao cho dự án không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(site_clearance_percent__isnull=True) | Q(site_clearance_percent__lte=100),
                name="cluster_site_clearance_percent_range",
                violation_error_message=_("Tiến độ giải phóng mặt bằng phải từ 0 đến 100%."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def occupancy_pct(self):
        """Tỷ lệ lấp đầy (Decree 32 Art. 2.6–2.7): (leased + committed) ÷ industrial land × 100; None when unknown.

        A queryset annotated by ``with_occupancy()`` sets the same figure on the instance; this property
        computes it when the annotation is absent so both always agree.
        """
        if "_occupancy_pct" in self.__dict__:
            return self.__dict__["_occupancy_pct"]
        return occupancy_of(self.industrial_land_ha, self.leased_land_ha, self.committed_land_ha)

    @occupancy_pct.setter
    def occupancy_pct(self, value):
        self.__dict__["_occupancy_pct"] = value

    @property
    def wastewater_built(self):
        """Whether a central wastewater plant is built or being built (Biểu 02 row 13)."""
        return self.wastewater_status in (self.Wastewater.UNDER_CONSTRUCTION, self.Wastewater.OPERATING)

    @property
    def legal_status(self):
        """What the decisions make of the cluster (needs ``with_legal_history()``)."""
        return ClusterDecision.legal_status_of(self.legal_kind)

    def clean(self):
        errors = {}
        if self.wastewater_compliant and self.wastewater_status != self.Wastewater.OPERATING:
            errors["wastewater_compliant"] = _(
                "Chỉ trạm xử lý nước thải đang vận hành mới được đánh giá đạt quy chuẩn."
            )
        if self.wastewater_handed_over_on and self.wastewater_status != self.Wastewater.OPERATING:
            errors["wastewater_handed_over_on"] = _("Chỉ bàn giao được trạm xử lý nước thải đang vận hành.")
        if self.wastewater_compliant_since and not self.wastewater_compliant:
            errors["wastewater_compliant_since"] = _("Chỉ ghi ngày đạt quy chuẩn khi trạm đạt quy chuẩn.")
        if self.wastewater_built_on and self.wastewater_status not in (
            self.Wastewater.UNDER_CONSTRUCTION,
            self.Wastewater.OPERATING,
        ):
            errors["wastewater_built_on"] = _("Trạm chưa xây dựng thì chưa có ngày hoàn thành xây dựng.")
        land = [self.leased_land_ha, self.committed_land_ha]
        if self.industrial_land_ha is not None and None not in land and sum(land) > self.industrial_land_ha:
            errors["committed_land_ha"] = _(
                "Đất đã cho thuê và đất đã giao cho dự án không được vượt diện tích đất công nghiệp."
            )
        if self.investor_id and self.investor.kind != "investor":
            errors["investor"] = _("Chỉ chọn đơn vị thuộc loại chủ đầu tư hạ tầng.")
        for number, day, label in (
            ("detailed_plan_number", "detailed_plan_date", _("ngày phê duyệt quy hoạch chi tiết")),
            ("infrastructure_project_number", "infrastructure_project_date", _("ngày phê duyệt dự án")),
        ):
            if getattr(self, number) and getattr(self, day) is None:
                # The register counts a fact from its date: a number without one would count nowhere.
                errors[day] = _("Ghi %(label)s cùng số quyết định.") % {"label": label}
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Vĩ độ phải từ -90 đến 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Kinh độ phải từ -180 đến 180.")
        if errors:
            raise ValidationError(errors)


def decision_document_path(instance, filename):
    # A random name on disk, outside any served folder: the original name is kept for the download only.
    return f"cluster-decisions/{instance.cluster_id}/{uuid.uuid4().hex}"


class ClusterDecisionQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """A cluster's decisions (and their documents) go with the cluster: whoever sees the cluster sees them."""
        if scoping.is_member(user):
            return self
        return self.filter(cluster__in=Cluster.objects.visible_to(user).values("pk"))


class ClusterDecision(models.Model):
    """A decision of the City People's Committee about a cluster (Decree 32 Art. 10.4, 12, 6): its legal history.

    The cluster's establishment date, decided area and legal status follow from these records
    (``ClusterQuerySet.with_legal_history``); an expansion is a record of its own and never replaces the
    establishment. The document is stored outside any served folder and leaves only through the download
    view, which asks ``scoping``.
    """

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Thành lập")
        EXPAND = "expand", _("Mở rộng")
        ADJUST = "adjust", _("Điều chỉnh")
        REVOKE = "revoke", _("Bãi bỏ quyết định thành lập")
        REMOVE = "remove", _("Đưa ra khỏi phương án phát triển")

    # The kinds after which the cluster is no longer in the register.
    ENDING = (Kind.REVOKE, Kind.REMOVE)

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cụm công nghiệp"), on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("loại quyết định"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("số quyết định"), max_length=100)
    date = models.DateField(_("ngày quyết định"), validators=[validate_business_date])
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, default=letterhead.governing_body_name)
    area_before_ha = models.DecimalField(
        _("diện tích trước quyết định (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    area_after_ha = models.DecimalField(
        _("diện tích theo quyết định (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    document = models.FileField(_("văn bản quyết định"), upload_to=decision_document_path, max_length=255, blank=True)
    document_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    document_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = AuditedManager.from_queryset(ClusterDecisionQuerySet)()
    history = history()

    class Meta:
        verbose_name = _("quyết định về cụm")
        verbose_name_plural = _("quyết định về cụm")
        ordering = ["cluster", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "number"],
                name="one_cluster_decision_per_number",
                violation_error_message=_("Cụm này đã có quyết định mang số này."),
            ),
            models.CheckConstraint(
                condition=Q(area_before_ha__isnull=True) | Q(area_before_ha__gte=0),
                name="cluster_decision_area_before_non_negative",
                violation_error_message=_("Diện tích không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(area_after_ha__isnull=True) | Q(area_after_ha__gte=0),
                name="cluster_decision_area_after_non_negative",
                violation_error_message=_("Diện tích không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.number} ({self.date:%d/%m/%Y})"

    @classmethod
    def legal_status_of(cls, kind):
        """The legal status the latest decision of ``kind`` leaves the cluster in (None: no decision yet)."""
        if kind is None:
            return _("Chưa có quyết định thành lập")
        if kind == cls.Kind.REVOKE:
            return _("Đã bãi bỏ quyết định thành lập")
        if kind == cls.Kind.REMOVE:
            return _("Đã đưa ra khỏi phương án phát triển")
        return _("Đã thành lập")

    def clean(self):
        if (
            self.kind == self.Kind.EXPAND
            and None not in (self.area_before_ha, self.area_after_ha)
            and self.area_after_ha <= self.area_before_ha
        ):
            raise ValidationError({"area_after_ha": _("Quyết định mở rộng phải làm tăng diện tích.")})


class ClusterReport(models.Model):
    """A cluster's figures for one reporting period (Circular 14/2024/TT-BCT, Biểu 02/03)."""

    PeriodKind = PeriodKind  # the Circular 14 periods (clusters.periods), shared with the reporting cycle

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cụm công nghiệp"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    tenant_projects = models.PositiveIntegerField(_("số dự án thứ cấp"), null=True, blank=True)
    foreign_projects = models.PositiveIntegerField(_("số dự án FDI"), null=True, blank=True)
    active_projects = models.PositiveIntegerField(_("số dự án đang hoạt động"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    average_income_vnd = models.DecimalField(
        _("thu nhập bình quân (đồng/người/tháng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    revenue_vnd = models.DecimalField(_("doanh thu (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True)
    budget_paid_vnd = models.DecimalField(
        _("nộp ngân sách (đồng)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    leased_land_ha = models.DecimalField(
        _("đất đã cho thuê (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    committed_land_ha = models.DecimalField(
        _("đất đã giao cho dự án được chấp thuận (ha)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    wastewater_built = models.BooleanField(_("đã xây dựng trạm XLNT"), default=False)
    wastewater_compliant = models.BooleanField(_("trạm XLNT đạt quy chuẩn"), default=False)
    source = models.TextField(_("nguồn số liệu"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = AuditedManager()
    history = history()

    class Meta:
        verbose_name = _("báo cáo định kỳ của cụm")
        verbose_name_plural = _("báo cáo định kỳ của cụm")
        ordering = ["cluster", "-year", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "period"],
                name="one_cluster_report_per_period",
                violation_error_message=_("Cụm này đã có báo cáo cho kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="cluster_report_year_range",
                violation_error_message=_("Năm báo cáo phải từ 2000 đến 2100."),
            ),
            models.CheckConstraint(
                condition=Q(leased_land_ha__isnull=True) | Q(leased_land_ha__gte=0),
                name="cluster_report_leased_non_negative",
                violation_error_message=_("Diện tích đã cho thuê không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.get_period_display()} {self.year}"

    @property
    def period_label(self):
        """The Circular 14 data window: 15/12 of the year before to 14/6 (6 months) or 14/12 (annual)."""
        return window_label(self.year, self.period)

    def clean(self):
        if (
            self.foreign_projects is not None
            and self.tenant_projects is not None
            and self.foreign_projects > self.tenant_projects
        ):
            raise ValidationError({"foreign_projects": _("Số dự án FDI không được lớn hơn tổng số dự án.")})
        if (
            self.active_projects is not None
            and self.tenant_projects is not None
            and self.active_projects > self.tenant_projects
        ):
            raise ValidationError({"active_projects": _("Số dự án đang hoạt động không được lớn hơn tổng số dự án.")})
        if self.wastewater_compliant and not self.wastewater_built:
            raise ValidationError({"wastewater_compliant": _("Chưa xây dựng trạm XLNT thì không thể đạt quy chuẩn.")})
