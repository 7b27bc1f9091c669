"""Reading the register: a cluster's story, and the register in figures."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.figures import list_url, percent
from core.history import change_events

from .models import Cluster, ClusterDecision, ClusterReport

# The clusters whose land counts in the overall occupancy: in the register (not revoked), land known (the
# industrial land, and the leased or the committed land): those ``Cluster.occupancy_pct`` gives a figure for.
OCCUPANCY_COUNTED = (
    ~Q(status=Cluster.Status.REVOKED)
    & Q(industrial_land_ha__gt=0)
    & (Q(leased_land_ha__isnull=False) | Q(committed_land_ha__isnull=False))
)


@dataclass(frozen=True)
class RegisterRows:
    """The register's rows to measure: the live tables (``as_of`` None), or the register as recorded at the
    instant ``as_of`` (its history, ``Model.history.as_of``), with ``until`` the last day events count for.
    Figures (``register_figures``) and targets (``tasks.targets``) take them, so one rule measures now and
    a past day alike."""

    as_of: datetime.datetime | None = None
    until: datetime.date | None = None

    @property
    def clusters(self):
        return Cluster.objects.all() if self.as_of is None else Cluster.history.as_of(self.as_of)

    @property
    def decisions(self):
        return ClusterDecision.objects.all() if self.as_of is None else ClusterDecision.history.as_of(self.as_of)

    @property
    def reports(self):
        return ClusterReport.objects.all() if self.as_of is None else ClusterReport.history.as_of(self.as_of)


LIVE = RegisterRows()


def register_as_of(day):
    """The register as recorded by the end of ``day`` in Hanoi, events counted up to that day."""
    from django.utils import timezone

    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return RegisterRows(as_of=end - datetime.timedelta(microseconds=1), until=day)


def warnings_for(cluster):
    """What Decree 32/2024/NĐ-CP asks of ``cluster`` that it does not meet, as warnings, never refusals (clusters
    formed before the decree may lawfully fall outside). The one home of these rules: the cluster page, the admin
    and the API show this list. Thresholds are ``settings.DECREE_32_RULES``. An expansion is judged by the
    occupancy recorded just before its decision's date (``occupancy_before_expression``), not today's. Reads
    ``established_on`` and the expansion facts from ``with_legal_history()`` when annotated, else asks the
    database."""
    rules = settings.DECREE_32_RULES
    warnings = []
    if cluster.total_area_ha is not None:
        small = cluster.type == Cluster.Type.CRAFT_VILLAGE or cluster.is_mountain_area
        low, high = rules["area_ha_craft_village_or_mountain" if small else "area_ha"]
        if not low <= cluster.total_area_ha <= high:
            warnings.append(
                _("Diện tích %(area)s ha nằm ngoài khoảng %(low)s–%(high)s ha của Nghị định 32/2024/NĐ-CP.")
                % {"area": number_format(cluster.total_area_ha, use_l10n=True), "low": low, "high": high}
            )
    decisions = ClusterDecision.objects.filter(cluster_id=cluster.pk)
    expansion = _expansion_facts(cluster)
    minimum = rules["expansion_min_occupancy_pct"]
    occupancy = expansion["expansion_occupancy_pct"]
    if expansion["expansion_date"] is not None and occupancy is not None and occupancy < minimum:
        warnings.append(
            _(
                "Cụm có quyết định mở rộng khi tỷ lệ lấp đầy %(occupancy)s%% chưa đạt %(minimum)s%% "
                "theo Nghị định 32/2024/NĐ-CP (quyết định số %(number)s ngày %(date)s; tỷ lệ lấp đầy "
                "theo số liệu trước ngày quyết định)."
            )
            % {
                "occupancy": number_format(occupancy, 1, use_l10n=True),
                "minimum": minimum,
                "number": expansion["expansion_number"],
                "date": date_format(expansion["expansion_date"], "SHORT_DATE_FORMAT"),
            }
        )
    if cluster.is_pre_2009_legacy:
        if "established_on" in cluster.__dict__:
            established = cluster.established_on is not None
        else:
            established = cluster.pk is not None and decisions.filter(kind=ClusterDecision.Kind.ESTABLISH).exists()
        if not established:
            warnings.append(
                _("Cụm hình thành trước 2009 chưa có quyết định thành lập: phải hoàn thiện thủ tục trước %(date)s.")
                % {"date": date_format(rules["legacy_deadline"], "SHORT_DATE_FORMAT")}
            )
    return warnings


EXPANSION_FACTS = ("expansion_date", "expansion_number", "expansion_occupancy_pct")


def _expansion_facts(cluster):
    """The latest expansion decision's date and number and the occupancy recorded just before it
    (``ClusterQuerySet.with_legal_history``): read from the annotations when present, else one query."""
    if all(name in cluster.__dict__ for name in EXPANSION_FACTS):
        return {name: cluster.__dict__[name] for name in EXPANSION_FACTS}
    if cluster.pk is None or getattr(cluster, "has_expansion", None) is False:
        return dict.fromkeys(EXPANSION_FACTS)
    row = Cluster.objects.with_legal_history().filter(pk=cluster.pk).values(*EXPANSION_FACTS).first()
    return row or dict.fromkeys(EXPANSION_FACTS)


def cluster_timeline(cluster):
    """The register record's changes, its periodic reports and its decisions, newest first."""
    events = change_events(Cluster, cluster.history.order_by("-history_date", "-history_id"))
    reports = ClusterReport.history.model.objects.filter(cluster_id=cluster.pk).order_by("-history_date")
    events += change_events(ClusterReport, reports, kind="report")
    decisions = ClusterDecision.history.model.objects.filter(cluster_id=cluster.pk).order_by("-history_date")
    events += change_events(ClusterDecision, decisions, kind="decision")
    events.sort(key=lambda e: e.at, reverse=True)
    return events


def land_aggregates():
    """The aggregates of the overall occupancy, for ``clusters.aggregate(**land_aggregates())``."""
    return {
        "industrial_land": Sum("industrial_land_ha", filter=OCCUPANCY_COUNTED),
        "leased_land": Sum("leased_land_ha", filter=OCCUPANCY_COUNTED),
        "committed_land": Sum("committed_land_ha", filter=OCCUPANCY_COUNTED),
    }


def overall_occupancy(figures):
    """The clusters' overall occupancy (%) from ``land_aggregates`` (Decree 32 Art. 2.7): land leased or committed
    to approved projects over industrial land."""
    return percent((figures["leased_land"] or 0) + (figures["committed_land"] or 0), figures["industrial_land"])


def land_figures(clusters):
    """Count, total area, land and the overall occupancy of ``clusters`` (the register page's figures)."""
    figures = clusters.order_by().aggregate(
        count=Count("pk", distinct=True), total_area=Sum("total_area_ha"), **land_aggregates()
    )
    return {**figures, "occupancy": overall_occupancy(figures)}


def register_figures(clusters, reports=None):
    """The register (``clusters``) in figures, in two queries: the clusters, and their latest ``reports``
    (default: the live ones). For a past day both are the rows of ``RegisterRows`` as of that day."""
    status = Cluster.Status
    not_revoked = ~Q(status=status.REVOKED)
    row = clusters.aggregate(
        total=Count("id", filter=not_revoked),
        total_area=Sum("total_area_ha", filter=not_revoked),
        **land_aggregates(),
        operating_area=Sum("total_area_ha", filter=Q(status=status.OPERATING)),
        building=Count("pk", filter=Q(status__in=Cluster.BUILDING_STATUSES)),
        new_area=Sum("total_area_ha", filter=Q(status=status.UNDER_APPRAISAL)),
        wastewater_operating=Count("pk", filter=Q(wastewater_status=Cluster.Wastewater.OPERATING)),
        wastewater_compliant=Count(
            "pk", filter=Q(wastewater_status=Cluster.Wastewater.OPERATING, wastewater_compliant=True)
        ),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s.value)) for s in status},
    )
    reports = ClusterReport.objects.all() if reports is None else reports
    latest = reports.filter(cluster_id=OuterRef("cluster_id")).order_by("-year", "period", "-id")
    reports = reports.filter(cluster_id__in=clusters.values("id"), id=Subquery(latest.values("id")[:1])).aggregate(
        clusters=Count("pk"),
        tenants=Sum("tenant_projects"),
        workers=Sum("workers"),
        budget=Sum("budget_paid_vnd", filter=Q(period=ClusterReport.PeriodKind.ANNUAL)),
    )
    by_status = [
        {
            "status": s.value,
            "label": s.label,
            "count": row[f"status_{s.value}"],
            "url": list_url("clusters:cluster_list", status=s.value),
        }
        for s in status
    ]
    biggest = max((item["count"] for item in by_status), default=0) or 1
    for item in by_status:
        item["width"] = f"{Decimal(item['count']) * 100 / biggest:.1f}"
    budget = reports["budget"]
    return {
        **row,
        "occupancy": overall_occupancy(row),
        "in_register_url": list_url("clusters:cluster_list", status=Cluster.REGISTER_STATUSES),
        # The clusters whose land counts in the occupancy (OCCUPANCY_COUNTED): in the register, land known.
        "occupancy_url": list_url("clusters:cluster_list", status=Cluster.REGISTER_STATUSES, occupancy_min=0),
        "by_status": by_status,
        "reported_clusters": reports["clusters"],
        "tenants": reports["tenants"],
        "workers": reports["workers"],
        "budget_billion": (budget / Decimal(10**9)).quantize(Decimal("0.1")) if budget is not None else None,
        "wastewater_compliant_share": percent(row["wastewater_compliant"], row["wastewater_operating"]),
    }
