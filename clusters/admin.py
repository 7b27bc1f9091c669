"""Admin for the cluster register: clusters with their derived occupancy, periodic reports (the communes' admin is
``places.admin``)."""

from django.contrib import admin, messages
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ServiceModelAdmin

from . import services
from .models import Cluster, ClusterReport
from .selectors import warnings_for


def format_percent(value):
    return "—" if value is None else f"{number_format(value, 1, use_l10n=True)} %"


class ClusterReportInline(ReadOnlyInline):
    """The cluster's periodic figures, listed; each is edited on its own page (``cluster_report_save``)."""

    model = ClusterReport
    fields = [
        "year",
        "period",
        "tenant_projects",
        "foreign_projects",
        "active_projects",
        "workers",
        "leased_land_ha",
        "wastewater_built",
        "wastewater_compliant",
    ]
    readonly_fields = fields


@admin.register(Cluster)
class ClusterAdmin(ServiceModelAdmin):
    """The register's records, created and edited through ``clusters.services`` with a reason and the
    version the editor loaded."""

    list_display = [
        "code",
        "name",
        "type",
        "status",
        "commune_names",
        "former_district",
        "total_area_ha",
        "industrial_land_ha",
        "leased_land_ha",
        "occupancy",
        "wastewater_status",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["status", "type", "wastewater_status", "wastewater_compliant", "is_new_in_plan", "former_district"]
    list_select_related = ["province"]
    search_fields = ["code", "name", "former_district", "former_commune", "investor_name", "communes__name"]
    autocomplete_fields = ["communes"]
    readonly_fields = ["occupancy", "area_warning_list", "version", "updated_at"]
    inlines = [ClusterReportInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "type", "status", "status_decision", "status_decision_date"]}),
        (
            _("Vị trí"),
            {"fields": ["province", "communes", "former_district", "former_commune", "latitude", "longitude"]},
        ),
        (
            _("Diện tích"),
            {
                "fields": [
                    "total_area_ha",
                    "industrial_land_ha",
                    "serviced_land_ha",
                    "leased_land_ha",
                    "committed_land_ha",
                    "occupancy",
                    "area_warning_list",
                    "main_industries",
                ]
            },
        ),
        (
            _("Thành lập và quy hoạch"),
            {
                "fields": [
                    "detailed_plan_number",
                    "detailed_plan_date",
                    "detailed_plan_approver",
                    "environmental_permit",
                    "site_clearance_percent",
                    "is_new_in_plan",
                    "is_mountain_area",
                    "is_pre_2009_legacy",
                ]
            },
        ),
        (
            _("Đầu tư hạ tầng"),
            {
                "fields": [
                    "investor_name",
                    "investor_kind",
                    "investor",
                    "approved_investment_vnd",
                    "disbursed_investment_vnd",
                    "state_support_vnd",
                    "planned_completion_date",
                    "infrastructure_completed_on",
                    "infrastructure_acceptance",
                    "operating_since",
                ]
            },
        ),
        (
            _("Xử lý nước thải"),
            {
                "fields": [
                    "wastewater_status",
                    "wastewater_capacity_m3_per_day",
                    "wastewater_compliant",
                    "wastewater_built_on",
                    "wastewater_compliant_since",
                    "wastewater_handed_over_on",
                ]
            },
        ),
        (_("Nguồn số liệu"), {"fields": ["data_source", "data_as_of", "notes", "version", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_occupancy().with_legal_history().prefetch_related("communes")

    @admin.display(description=_("tỷ lệ lấp đầy"), ordering="occupancy_pct")
    def occupancy(self, obj):
        return format_percent(obj.occupancy_pct)

    @admin.display(description=_("xã, phường hiện nay"))
    def commune_names(self, obj):
        return ", ".join(commune.full_name for commune in obj.communes.all()) or "—"

    @admin.display(description=_("cảnh báo theo Nghị định 32/2024/NĐ-CP"))
    def area_warning_list(self, obj):
        return "; ".join(warnings_for(obj)) or "—"

    def create_object(self, request, values, reason):
        return self._warn(request, services.cluster_create(actor=request.user, reason=reason, **values))

    def update_object(self, request, obj, changes, reason, version):
        cluster = services.cluster_update(actor=request.user, cluster=obj, reason=reason, version=version, **changes)
        return self._warn(request, cluster)

    def delete_object(self, request, obj, reason):
        services.cluster_delete(actor=request.user, cluster=obj, reason=reason)

    def _warn(self, request, cluster):
        # Decree 32's rules are warnings: legacy clusters may lawfully fall outside them.
        for warning in warnings_for(cluster):
            self.message_user(request, warning, level=messages.WARNING)
        return cluster


@admin.register(ClusterReport)
class ClusterReportAdmin(ServiceModelAdmin):
    """A cluster's figures for one period, saved through ``cluster_report_save`` (one report per period)."""

    list_display = ["cluster", "year", "period", "tenant_projects", "workers", "leased_land_ha", "wastewater_compliant"]
    list_filter = ["year", "period", "wastewater_built", "wastewater_compliant"]
    list_select_related = ["cluster"]
    search_fields = ["cluster__code", "cluster__name", "source"]
    autocomplete_fields = ["cluster"]
    readonly_fields = ["period_label", "created_at"]

    @admin.display(description=_("kỳ số liệu"))
    def period_label(self, obj):
        return obj.period_label if obj.year else "—"

    def create_object(self, request, values, reason):
        return services.cluster_report_save(actor=request.user, reason=reason, **values)

    def get_readonly_fields(self, request, obj=None):
        # A report is a cluster's figures for one period: which cluster and period is fixed once saved.
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "cluster", "year", "period"]

    def update_object(self, request, obj, changes, reason, version):
        return services.cluster_report_save(
            actor=request.user, cluster=obj.cluster, year=obj.year, period=obj.period, reason=reason, **changes
        )

    def delete_object(self, request, obj, reason):
        services.cluster_report_delete(actor=request.user, report=obj, reason=reason)
