"""How each target of the plan is measured: one function per measure, returning the clusters that count.

A target's figure is the number of clusters its function returns (for a share, that number over the
number in its base), and the target's page lists exactly those clusters: the figure on the dashboard and
the list behind its link are one queryset, counted once and listed once.

Every measure reads the register through ``rows`` (``clusters.selectors.RegisterRows``): the live tables by
default, or the register as recorded at the end of a past day, with the window ending at that day (the plan
report at a cut-off date). The same functions measure both.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster, ClusterDecision, occupancy_expression
from clusters.selectors import LIVE

from .models import Target

Measure = Target.Measure
NO_DATA = gettext_lazy("chưa có dữ liệu")


@dataclass(frozen=True)
class TargetProgress:
    """Where a target stands: the value measured now against the value (or range) the plan sets."""

    current: Decimal | None  # None: a share of no clusters yet ("chưa có dữ liệu")
    target_min: Decimal
    target_max: Decimal | None
    unit: str

    @property
    def percent(self):
        """Progress towards the lower bound, capped at 100 (0 while there is no data)."""
        if self.current is None:
            return Decimal(0)
        if not self.target_min:
            return Decimal(100)
        return min(Decimal(100), (self.current * 100 / self.target_min).quantize(Decimal("0.1")))

    @property
    def achieved(self):
        return self.current is not None and self.current >= self.target_min

    def __str__(self):
        goal = (
            _figure(self.target_min)
            if self.target_max is None
            else f"{_figure(self.target_min)}–{_figure(self.target_max)}"
        )
        if self.current is None:
            return f"{NO_DATA} ({goal} {self.unit})".replace(" )", ")")
        return f"{_figure(self.current)}/{goal} {self.unit}".strip()


def _figure(value):
    """26.00 → "26", 33.30 → "33,3": a figure as a Vietnamese reader writes it."""
    return number_format(Decimal(value).normalize(), use_l10n=True)


def scope(target, rows=LIVE):
    """The clusters the target is measured on: its named set, or the whole register when the set is empty (as
    named at ``rows.as_of``, for the register as it was then)."""
    if rows.as_of is None:
        named = Cluster.objects.filter(targets=target)
        return named if named.exists() else Cluster.objects.all()
    record = Target.history.filter(id=target.pk, history_date__lte=rows.as_of).order_by("-history_date", "-history_id")
    members = Target.history.model.clusters.model.objects.filter(history_id=Subquery(record.values("history_id")[:1]))
    named = rows.clusters.filter(id__in=members.values("cluster_id"))
    return named if named.exists() else rows.clusters


def window(target, rows=LIVE):
    """The dates the target counts events between: its window, ending at the cut-off when ``rows`` is the
    register as of a past day."""
    start, end = target.window
    if rows.until is not None:
        end = min(end, rows.until)
    return start, end


def _in_window(dates, field):
    start, end = dates
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _infrastructure_completed(target, clusters, rows, dates):
    """Clusters whose infrastructure was completed in the window (operation is not completion)."""
    return clusters.annotate(
        counted_on=Case(
            When(_in_window(dates, "infrastructure_completed_on"), then=F("infrastructure_completed_on")),
            default=None,
            output_field=DateField(),
        )
    )


def _filled(target, clusters, rows, dates):
    """Clusters whose occupancy reached the threshold in the window, read from the register's history: the
    first record in the window at or above the threshold, unless the last record before it was already."""
    start, end = dates
    records = Cluster.history.model.objects.filter(id=OuterRef("id")).annotate(occupancy=occupancy_expression())
    reached = records.filter(
        history_date__date__gte=start, history_date__date__lte=end, occupancy__gte=target.fill_threshold_pct
    ).order_by("history_date")
    before = records.filter(history_date__date__lt=start).order_by("-history_date")
    return clusters.annotate(
        filled_on=Subquery(reached.annotate(day=TruncDate("history_date")).values("day")[:1]),
        occupancy_before=Subquery(before.values("occupancy")[:1]),
        counted_on=Case(
            When(occupancy_before__gte=target.fill_threshold_pct, then=Value(None)),
            default=F("filled_on"),
            output_field=DateField(),
        ),
    )


def _establishments_in_window(rows, dates):
    return rows.decisions.filter(
        _in_window(dates, "date"), cluster_id=OuterRef("id"), kind=ClusterDecision.Kind.ESTABLISH
    ).order_by("date")


def _newly_established(target, clusters, rows, dates):
    """Clusters with an establishment decision in the window; an expansion is not an establishment."""
    return clusters.annotate(counted_on=Subquery(_establishments_in_window(rows, dates).values("date")[:1]))


def _with_compliant_wastewater(target, clusters, rows, dates):
    """New clusters of the window whose plant is compliant (by the end of the window, when the date is known)."""
    _start, end = dates
    compliant = Q(wastewater_compliant=True) & (
        Q(wastewater_compliant_since__isnull=True) | Q(wastewater_compliant_since__lte=end)
    )
    return _newly_established(target, clusters, rows, dates).annotate(
        counted_on=Case(
            When(compliant & Q(counted_on__isnull=False), then=Coalesce("wastewater_compliant_since", "counted_on")),
            default=None,
            output_field=DateField(),
        )
    )


def _new_clusters(target, rows=LIVE):
    return scope(target, rows).filter(Exists(_establishments_in_window(rows, window(target, rows))))


def _wastewater_handed_over(target, clusters, rows, dates):
    """Plants handed over in the window."""
    return clusters.annotate(
        counted_on=Case(
            When(_in_window(dates, "wastewater_handed_over_on"), then=F("wastewater_handed_over_on")),
            default=None,
            output_field=DateField(),
        )
    )


# measure -> (the clusters annotated with ``counted_on``, the date they count from, or NULL; the base of a
# share, or None)
MEASURES = {
    Measure.INFRASTRUCTURE_COMPLETED: (_infrastructure_completed, None),
    Measure.FILLED: (_filled, None),
    Measure.NEWLY_ESTABLISHED: (_newly_established, None),
    Measure.NEW_WASTEWATER_COMPLIANT_SHARE: (_with_compliant_wastewater, _new_clusters),
    Measure.WASTEWATER_HANDED_OVER: (_wastewater_handed_over, None),
}


def _date(value):
    return date_format(value, "d/m/Y") if value else ""


def not_counted_reason(target, cluster):
    """Why ``cluster`` (from ``measured(target)``) does not count yet, in a sentence."""
    start, end = target.window
    measure = target.measure
    if measure == Measure.INFRASTRUCTURE_COMPLETED:
        done = cluster.infrastructure_completed_on
        if done is None:
            return _("Chưa hoàn thành hạ tầng.")
        return _("Hoàn thành hạ tầng ngày %(date)s, ngoài kỳ tính.") % {"date": _date(done)}
    if measure == Measure.FILLED:
        if cluster.occupancy_before is not None and cluster.occupancy_before >= target.fill_threshold_pct:
            return _("Đã lấp đầy trước kỳ tính.")
        if cluster.occupancy_pct is None:
            return _("Chưa rõ diện tích đất công nghiệp.")
        return _("Tỷ lệ lấp đầy %(pct)s%% chưa đạt ngưỡng %(threshold)s%%.") % {
            "pct": _figure(cluster.occupancy_pct),
            "threshold": _figure(target.fill_threshold_pct),
        }
    if measure == Measure.NEWLY_ESTABLISHED:
        return _("Không có quyết định thành lập trong kỳ tính (quyết định mở rộng không tính).")
    if measure == Measure.NEW_WASTEWATER_COMPLIANT_SHARE:
        return _("Chưa có trạm xử lý nước thải đạt quy chuẩn.")
    if cluster.wastewater_handed_over_on is None:
        return _("Chưa bàn giao trạm xử lý nước thải.")
    return _("Bàn giao ngày %(date)s, ngoài kỳ tính.") % {"date": _date(cluster.wastewater_handed_over_on)}


def is_measured(target):
    """Whether the register measures the target (a manual target is entered by hand)."""
    return target.measure in MEASURES


def measured(target, rows=LIVE):
    """The clusters the target looks at (its base for a share, else its scope), each annotated with
    ``counted_on``: the date it counts from, NULL when it does not count."""
    annotate, base_of = MEASURES[target.measure]
    clusters = base_of(target, rows) if base_of else scope(target, rows).annotate(occupancy_pct=occupancy_expression())
    return annotate(target, clusters, rows, window(target, rows))


def counted(target, rows=LIVE):
    """The clusters that count towards ``target``: its figure is their number (or their share of ``base``)."""
    return measured(target, rows).filter(counted_on__isnull=False)


def is_share(target):
    """Whether the target's figure is a share of a base (else a count)."""
    return MEASURES[target.measure][1] is not None


def base(target, rows=LIVE):
    """The clusters a share is taken of (None for a target that counts)."""
    function = MEASURES[target.measure][1]
    return function(target, rows) if function else None


def measured_value(target, rows=LIVE):
    """The target's value (now, or as of ``rows``): one aggregate query (two with a named set); None for a share
    of nothing."""
    if not is_measured(target):
        return target.manual_value or Decimal(0)
    whole = base(target, rows)
    if whole is None:
        return Decimal(counted(target, rows).count())
    figures = whole.aggregate(
        total=Count("id"), counted=Count("id", filter=Q(id__in=counted(target, rows).values("id")))
    )
    if not figures["total"]:
        return None  # no new clusters in the window: "chưa có dữ liệu", not 0%
    return (Decimal(figures["counted"]) * 100 / figures["total"]).quantize(Decimal("0.1"))


def progress(target, rows=LIVE):
    """Where ``target`` stands: its measured value against the value (or range) the plan sets."""
    return TargetProgress(
        current=measured_value(target, rows),
        target_min=target.target_min,
        target_max=target.target_max,
        unit=target.unit,
    )


def course(target, dates):
    """The target's course by month over its window: for each month, how many of ``dates`` (the counted
    clusters' ``counted_on``) fall on or before its end — the points of the target page's chart."""
    start, end = target.window
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points = []
    for year, month in months:
        count = sum(1 for day in dates if (day.year, day.month) <= (year, month))
        points.append({"label": f"{month:02d}/{year}", "count": count})
    return points
