"""Agencies of the plan and who works for which agency in which role (their duties in a plan: ``tasks``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedManager, AuditedQuerySet, history
from core.search import Searchable, Vietnamese, listed_order

# The administrative order agencies are listed in (by kind): the city, its departments, the police, the
# boards, then the communes; the focal point (the Department of Industry and Trade) comes first of all.
AGENCY_KIND_ORDER = (
    "ministry",
    "city_committee",
    "department",
    "police",
    "project_board",
    "commune_committee",
    "investor",
    "other",
)


class AgencyQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """The agencies of the plan (``PLAN_AGENCIES``) for any member; none for a reporter or an outsider."""
        from . import scoping  # scoping reads Membership, defined below

        return self.filter(PLAN_AGENCIES) if scoping.is_member(user) else self.none()


class Agency(Searchable):
    """A body that leads or supports plan tasks: a department, the police, a board, a People's Committee."""

    SEARCH_FIELDS = ("code", "name", "short_name")
    # What ``__str__`` reads: a history naming many agencies loads only these (``core.history``).
    NAME_FIELDS = ("id", "short_name", "name")

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ngành")
        POLICE = "police", _("Công an")
        PROJECT_BOARD = "project_board", _("Ban quản lý dự án")
        COMMUNE_COMMITTEE = "commune_committee", _("UBND xã, phường")
        CITY_COMMITTEE = "city_committee", _("UBND Thành phố")
        MINISTRY = "ministry", _("Bộ, ngành trung ương")
        INVESTOR = "investor", _("Chủ đầu tư hạ tầng cụm công nghiệp")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã"), max_length=32, unique=True, help_text=_("Ví dụ: SCT, SXD, UBND-10231."))
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=32, choices=Kind.choices, default=Kind.DEPARTMENT)
    is_focal_point = models.BooleanField(
        _("cơ quan đầu mối"), default=False, help_text=_("Cơ quan chủ trì theo dõi, đôn đốc kế hoạch.")
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="agencies",
        null=True,
        blank=True,
        help_text=_("Chỉ dùng cho UBND xã, phường."),
    )
    email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager.from_queryset(AgencyQuerySet)()
    history = history(excluded_fields=["search_text", "updated_at"])  # derived, and bookkeeping

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["-is_focal_point", listed_order("kind", AGENCY_KIND_ORDER), Vietnamese("name"), "code"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def formal_name(self):
        """The name a document writes in full after "Kính gửi" (Decree 30 spells out the abbreviations): a
        commune's committee as "Ủy ban nhân dân phường Chương Mỹ", "UBND …" as "Ủy ban nhân dân …"."""
        if self.kind == self.Kind.COMMUNE_COMMITTEE and self.commune_id:
            commune = self.commune
            words = " ".join(part for part in (str(commune.get_kind_display()).lower(), commune.name) if part)
            return _("Ủy ban nhân dân %(commune)s") % {"commune": words}
        return committee_in_full(self.name)

    @property
    def takes_plan_tasks(self):
        """An infrastructure investor reports on its clusters (Circular 14) but leads or supports no plan task."""
        return self.kind != self.Kind.INVESTOR

    def clean(self):
        if self.kind == self.Kind.COMMUNE_COMMITTEE and not self.commune_id:
            raise ValidationError({"commune": _("UBND xã, phường phải gắn với một xã, phường.")})
        if self.kind != self.Kind.COMMUNE_COMMITTEE and self.commune_id:
            raise ValidationError({"commune": _("Chỉ UBND xã, phường mới gắn với xã, phường.")})


def committee_in_full(name):
    """ "UBND Tỉnh Bắc Ninh" → "Ủy ban nhân dân Tỉnh Bắc Ninh"; any other name as it is."""
    for short in ("UBND ", "Ủy ban ND "):
        if name.startswith(short):
            return "Ủy ban nhân dân " + name[len(short) :]
    return name


# The agencies of the plan's work: every kind but the infrastructure investors (``Agency.takes_plan_tasks``).
PLAN_AGENCIES = ~Q(kind=Agency.Kind.INVESTOR)


class Membership(models.Model):
    """A user's agency and role. Exactly one active membership per user decides what they may do."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Điều phối (cơ quan đầu mối)")
        OFFICER = "officer", _("Cán bộ cơ quan")
        VIEWER = "viewer", _("Chỉ xem")
        # The reporters of the Circular 14 cycle (``reporting``): they see only their own clusters' reports.
        INVESTOR = "investor", _("Chủ đầu tư hạ tầng (báo cáo Biểu 02)")
        COMMUNE_REPORTER = "commune_reporter", _("UBND xã, phường (báo cáo Biểu 03)")

    # The roles of the plan's work (tasks, register, reports); the reporters' roles see only their reports.
    PLAN_ROLES = (Role.COORDINATOR, Role.OFFICER, Role.VIEWER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager()
    history = history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("phân công người dùng")
        verbose_name_plural = _("phân công người dùng")
        ordering = ["agency__code", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_active=True),
                name="one_active_membership_per_user",
                violation_error_message=_("Mỗi người dùng chỉ có một phân công đang hiệu lực."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.agency} ({self.get_role_display()})"

    def clean(self):
        if self.role == self.Role.COORDINATOR and self.agency_id and not self.agency.is_focal_point:
            raise ValidationError({"role": _("Chỉ cán bộ của cơ quan đầu mối mới có vai trò điều phối.")})
        if self.agency_id and (self.role == self.Role.INVESTOR) != (self.agency.kind == Agency.Kind.INVESTOR):
            raise ValidationError(
                {"role": _("Vai trò chủ đầu tư hạ tầng dành cho (và chỉ dành cho) người dùng của chủ đầu tư hạ tầng.")}
            )
        if (
            self.role == self.Role.COMMUNE_REPORTER
            and self.agency_id
            and self.agency.kind != Agency.Kind.COMMUNE_COMMITTEE
        ):
            raise ValidationError({"role": _("Vai trò báo cáo Biểu 03 chỉ dành cho cán bộ UBND xã, phường.")})
