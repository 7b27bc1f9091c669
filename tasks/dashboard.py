"""The figures of the dashboard and of the agency pages, each computed by an aggregate query.

Counts by deadline status come from ``TaskQuerySet.with_deadline_status()`` (the one home of "on time",
"due soon" and "overdue") with ``Count(filter=Q(deadline_status=…))``: the database counts, Python never
loops over tasks. Every figure carries the query string of the list behind it, so each number on the
dashboard links to the tasks or clusters it counts.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, ClusterReport

from .models import DeadlineStatus, ProgressReport, Target, Task, local_today
from .models.tasks import OPEN_STATUSES

# The order in which statuses are shown: the most urgent first, then the finished ones.
STATUS_ORDER = [
    DeadlineStatus.OVERDUE,
    DeadlineStatus.DUE_SOON,
    DeadlineStatus.ON_TRACK,
    DeadlineStatus.NO_DEADLINE,
    DeadlineStatus.DONE_ON_TIME,
    DeadlineStatus.DONE_LATE,
]
# Task lists read by deadline, tasks without one last (databases disagree on where NULLs sort).
DEADLINE_ORDER = F("due_date").asc(nulls_last=True)
# Statuses in which a deadline has "come due": the task is finished, or its deadline has passed.
CAME_DUE = (DeadlineStatus.DONE_ON_TIME, DeadlineStatus.DONE_LATE, DeadlineStatus.OVERDUE)

# The city's own figures, as the plan's article states them (seed-article.vi.txt).
CITY_FIGURES = {
    "operating_clusters": Decimal("70"),
    "operating_area_ha": Decimal("1686"),
    "enterprises": Decimal("3864"),
    "workers": Decimal("80000"),
    "budget_billion_vnd_per_year": Decimal("1100"),
    "building_clusters": Decimal("44"),
    "new_clusters": Decimal("25"),
    "new_area_ha": Decimal("288"),
    "clusters_2030": Decimal("174"),
    "area_2030_ha": Decimal("5824"),
}

BUILDING_STATUSES = [
    Cluster.Status.ESTABLISHED,
    Cluster.Status.DETAILED_PLAN_APPROVED,
    Cluster.Status.SITE_CLEARANCE,
    Cluster.Status.UNDER_CONSTRUCTION,
]


def percent(part, whole):
    """part ÷ whole × 100 rounded to one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def list_url(name, **params):
    """The URL of a list page with the given filters (lists become repeated parameters)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return reverse(name) + (f"?{query}" if query else "")


@dataclass
class StatusCounts:
    """Tasks counted by deadline status (cancelled tasks left out), with the filters that list them."""

    counts: dict
    total: int
    filters: dict = field(default_factory=dict)

    @property
    def overdue_share(self):
        return percent(self.counts[DeadlineStatus.OVERDUE], self.total)

    @property
    def on_time_rate(self):
        """Done on time ÷ tasks whose deadline has come due (done, on time or late, or overdue)."""
        return percent(self.counts[DeadlineStatus.DONE_ON_TIME], sum(self.counts[s] for s in CAME_DUE))

    @property
    def done(self):
        return self.counts[DeadlineStatus.DONE_ON_TIME] + self.counts[DeadlineStatus.DONE_LATE]

    def url(self, status=None, ordering=None):
        return list_url("tasks:task_list", **self.filters, deadline_status=status, ordering=ordering)

    @property
    def overdue_url(self):
        """The overdue tasks, the longest overdue first."""
        return self.url(DeadlineStatus.OVERDUE.value, ordering="due_date")

    @property
    def due_soon_url(self):
        return self.url(DeadlineStatus.DUE_SOON.value, ordering="due_date")

    @property
    def cells(self):
        """(status, label, count, url, share of total) in display order, for tables and stacked bars."""
        rows = []
        offset = Decimal(0)
        for status in STATUS_ORDER:
            count = self.counts[status]
            share = percent(count, self.total) or Decimal(0)
            rows.append(
                {
                    "status": status.value,
                    "label": status.label,
                    "count": count,
                    "url": self.url(status.value),
                    "share": share,
                    # Position in a 100-wide SVG stacked bar, as plain strings (never localised).
                    "x": f"{offset:.2f}",
                    "width": f"{share:.2f}",
                }
            )
            offset += share
        return rows


def _count_kwargs():
    return {
        "total": Count("pk"),
        **{status.value: Count("pk", filter=Q(deadline_status=status.value)) for status in DeadlineStatus},
    }


def _from_row(row, filters):
    return StatusCounts(counts={s: row[s.value] or 0 for s in DeadlineStatus}, total=row["total"] or 0, filters=filters)


def empty_counts(**filters):
    return StatusCounts(counts=dict.fromkeys(DeadlineStatus, 0), total=0, filters=filters)


def status_counts(tasks, **filters):
    """One aggregate query over ``tasks`` (any task queryset without duplicate rows)."""
    row = tasks.with_deadline_status().counted().aggregate(**_count_kwargs())
    return _from_row(row, filters)


def status_counts_by(tasks, key, **filters):
    """One grouped query: {value of ``key``: StatusCounts}, e.g. per group or per lead agency."""
    rows = tasks.with_deadline_status().counted().order_by().values(key).annotate(**_count_kwargs())
    return {row[key]: _from_row(row, {**filters, key: row[key]}) for row in rows}


def involving(agency):
    """Tasks the agency leads or supports, without the duplicate rows a join would give (for aggregates)."""
    supported = Task.supporting_agencies.through.objects.filter(agency=agency).values("task_id")
    return Task.objects.filter(Q(lead_agency=agency) | Q(pk__in=supported))


def stale_cutoff():
    """Progress reported before this day is stale: the task is flagged "chưa cập nhật"."""
    return local_today() - datetime.timedelta(days=settings.STALE_PROGRESS_DAYS)


@dataclass
class UpdateRate:
    """Open tasks with a progress report within STALE_PROGRESS_DAYS, of all open tasks ("tỷ lệ cập nhật")."""

    updated: int
    open: int

    @property
    def rate(self):
        return percent(self.updated, self.open)

    @property
    def not_updated(self):
        return self.open - self.updated


def update_rates_by(tasks, key):
    """One grouped query: {value of ``key``: UpdateRate}, e.g. per lead agency."""
    recent = ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__gte=stale_cutoff())
    open_now = Q(status__in=OPEN_STATUSES)
    rows = (
        tasks.order_by()
        .annotate(recently_updated=Exists(recent))
        .values(key)
        .annotate(open=Count("pk", filter=open_now), updated=Count("pk", filter=open_now & Q(recently_updated=True)))
    )
    return {row[key]: UpdateRate(updated=row["updated"], open=row["open"]) for row in rows}


def with_last_report(tasks):
    """Annotate ``last_reported_on``: the date of the latest progress report, to flag "chưa cập nhật"."""
    return tasks.annotate(last_reported_on=Max("progress_reports__reported_on"))


# --- targets -----------------------------------------------------------------------------------------

TARGET_LINKS = {
    Target.Measure.INFRASTRUCTURE_COMPLETED: {"status": Cluster.Status.OPERATING},
    Target.Measure.FILLED: {},
    Target.Measure.NEWLY_ESTABLISHED: {"status": Cluster.statuses_at_or_after(Cluster.Status.ESTABLISHED)},
    Target.Measure.NEW_WASTEWATER_COMPLIANT_SHARE: {"wastewater_compliant": "true"},
    Target.Measure.WASTEWATER_HANDED_OVER: {"wastewater_status": Cluster.Wastewater.OPERATING},
}


@dataclass
class TargetRow:
    target: Target
    progress: object
    url: str

    @property
    def bar_width(self):
        return f"{self.progress.percent:.1f}"


def target_rows(plan):
    """Each target of the plan with its progress, measured from the register (Target.progress())."""
    rows = []
    for target in plan.targets.select_related("responsible_agency"):
        params = dict(TARGET_LINKS.get(target.measure, {}))
        if target.measure == Target.Measure.FILLED:
            params["occupancy_min"] = f"{target.fill_threshold_pct.normalize():f}"
        url = list_url("clusters:cluster_list", **params) if target.measure != Target.Measure.MANUAL else ""
        rows.append(TargetRow(target=target, progress=target.progress(), url=url))
    return rows


# --- the register --------------------------------------------------------------------------------------


def register_figures(clusters):
    """The register (``clusters``) in figures, in two queries: the clusters, and their latest reports."""
    status = Cluster.Status
    not_revoked = ~Q(status=status.REVOKED)
    known_land = Q(industrial_land_ha__gt=0, leased_land_ha__isnull=False)
    row = clusters.aggregate(
        total=Count("pk", filter=not_revoked),
        total_area=Sum("total_area_ha", filter=not_revoked),
        industrial_land=Sum("industrial_land_ha", filter=not_revoked & known_land),
        leased_land=Sum("leased_land_ha", filter=not_revoked & known_land),
        operating_area=Sum("total_area_ha", filter=Q(status=status.OPERATING)),
        building=Count("pk", filter=Q(status__in=BUILDING_STATUSES)),
        new_area=Sum("total_area_ha", filter=Q(status=status.UNDER_APPRAISAL)),
        wastewater_operating=Count("pk", filter=Q(wastewater_status=Cluster.Wastewater.OPERATING)),
        wastewater_compliant=Count(
            "pk", filter=Q(wastewater_status=Cluster.Wastewater.OPERATING, wastewater_compliant=True)
        ),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s.value)) for s in status},
    )
    latest = ClusterReport.objects.filter(cluster=OuterRef("cluster")).order_by("-year", "period", "-pk")
    reports = ClusterReport.objects.filter(cluster__in=clusters, pk=Subquery(latest.values("pk")[:1])).aggregate(
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
        "occupancy": percent(row["leased_land"] or 0, row["industrial_land"]),
        "by_status": by_status,
        "reported_clusters": reports["clusters"],
        "tenants": reports["tenants"],
        "workers": reports["workers"],
        "budget_billion": (budget / Decimal(10**9)).quantize(Decimal("0.1")) if budget is not None else None,
        "wastewater_compliant_share": percent(row["wastewater_compliant"], row["wastewater_operating"]),
    }


def comparison_rows(register):
    """The register beside the city's figures from the plan: (label, register value, link, city value, unit)."""
    status = Cluster.Status
    city = CITY_FIGURES
    return [
        {
            "label": _("Cụm công nghiệp đang hoạt động"),
            "register": register[f"status_{status.OPERATING}"],
            "url": list_url("clusters:cluster_list", status=status.OPERATING),
            "city": city["operating_clusters"],
            "unit": _("cụm"),
        },
        {
            "label": _("Diện tích các cụm đang hoạt động"),
            "register": register["operating_area"],
            "url": list_url("clusters:cluster_list", status=status.OPERATING),
            "city": city["operating_area_ha"],
            "unit": "ha",
        },
        {
            "label": _("Hộ, doanh nghiệp sản xuất (dự án thứ cấp)"),
            "register": register["tenants"],
            "url": "",
            "city": city["enterprises"],
            "unit": "",
        },
        {
            "label": _("Lao động"),
            "register": register["workers"],
            "url": "",
            "city": city["workers"],
            "unit": _("người (khoảng)"),
        },
        {
            "label": _("Nộp ngân sách"),
            "register": register["budget_billion"],
            "url": "",
            "city": city["budget_billion_vnd_per_year"],
            "unit": _("tỷ đồng/năm"),
        },
        {
            "label": _("Cụm đang đầu tư xây dựng hạ tầng"),
            "register": register["building"],
            "url": list_url("clusters:cluster_list", status=BUILDING_STATUSES),
            "city": city["building_clusters"],
            "unit": _("cụm"),
        },
        {
            "label": _("Cụm mới đang thẩm định, thành lập"),
            "register": register[f"status_{status.UNDER_APPRAISAL}"],
            "url": list_url("clusters:cluster_list", status=status.UNDER_APPRAISAL),
            "city": city["new_clusters"],
            "unit": _("cụm"),
        },
        {
            "label": _("Diện tích cụm mới đang thẩm định"),
            "register": register["new_area"],
            "url": list_url("clusters:cluster_list", status=status.UNDER_APPRAISAL),
            "city": city["new_area_ha"],
            "unit": "ha",
        },
        {
            "label": _("Định hướng đến năm 2030: số cụm"),
            "register": register["total"],
            "url": list_url("clusters:cluster_list"),
            "city": city["clusters_2030"],
            "unit": _("cụm"),
        },
        {
            "label": _("Định hướng đến năm 2030: diện tích"),
            "register": register["total_area"],
            "url": list_url("clusters:cluster_list"),
            "city": city["area_2030_ha"],
            "unit": "ha",
        },
    ]
