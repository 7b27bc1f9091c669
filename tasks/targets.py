"""How each target of the plan is measured: one function per measure, returning the clusters that count.

A target's figure is the number of clusters its function returns (for a share, that number over the
number in its base), and the target's page lists exactly those clusters: the figure on the dashboard and
the list behind its link are one queryset, counted once and listed once.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.formats import number_format

from clusters.models import Cluster, ClusterDecision

from .models import Target

Measure = Target.Measure


@dataclass(frozen=True)
class TargetProgress:
    """Where a target stands: the value measured now against the value (or range) the plan sets."""

    current: Decimal
    target_min: Decimal
    target_max: Decimal | None
    unit: str

    @property
    def percent(self):
        """Progress towards the lower bound, capped at 100."""
        if not self.target_min:
            return Decimal(100)
        return min(Decimal(100), (self.current * 100 / self.target_min).quantize(Decimal("0.1")))

    @property
    def achieved(self):
        return self.current >= self.target_min

    def __str__(self):
        goal = (
            _figure(self.target_min)
            if self.target_max is None
            else f"{_figure(self.target_min)}–{_figure(self.target_max)}"
        )
        return f"{_figure(self.current)}/{goal} {self.unit}".strip()


def _figure(value):
    """26.00 → "26", 33.30 → "33,3": a figure as a Vietnamese reader writes it."""
    return number_format(Decimal(value).normalize(), use_l10n=True)


def scope(target):
    """The clusters the target is measured on: its named set, or the whole register when the set is empty."""
    named = Cluster.objects.filter(targets=target)
    return named if named.exists() else Cluster.objects.all()


def _infrastructure_completed(target):
    return scope(target).filter(status=Cluster.Status.OPERATING)


def _filled(target):
    return scope(target).with_occupancy().filter(occupancy_pct__gte=target.fill_threshold_pct)


def _wastewater_handed_over(target):
    return scope(target).filter(wastewater_handed_over_on__isnull=False)


def _newly_established(target):
    """Clusters whose establishment decision falls in the plan's period; an expansion is not an establishment."""
    plan = target.plan
    return Cluster.objects.filter(
        decisions__kind=ClusterDecision.Kind.ESTABLISH,
        decisions__date__gte=plan.period_start,
        decisions__date__lte=plan.period_end,
    ).exclude(status=Cluster.Status.REVOKED)


def _new_clusters(target):
    return Cluster.objects.filter(is_new_in_plan=True)


def _new_with_compliant_wastewater(target):
    return _new_clusters(target).filter(wastewater_status=Cluster.Wastewater.OPERATING, wastewater_compliant=True)


# measure -> (the clusters that count, the base of a share or None)
MEASURES = {
    Measure.INFRASTRUCTURE_COMPLETED: (_infrastructure_completed, None),
    Measure.FILLED: (_filled, None),
    Measure.NEWLY_ESTABLISHED: (_newly_established, None),
    Measure.NEW_WASTEWATER_COMPLIANT_SHARE: (_new_with_compliant_wastewater, _new_clusters),
    Measure.WASTEWATER_HANDED_OVER: (_wastewater_handed_over, None),
}


def is_measured(target):
    """Whether the register measures the target (a manual target is entered by hand)."""
    return target.measure in MEASURES


def counted(target):
    """The clusters that count towards ``target``: its figure is their number (or their share of ``base``)."""
    return MEASURES[target.measure][0](target)


def base(target):
    """The clusters a share is taken of (None for a target that counts)."""
    function = MEASURES[target.measure][1]
    return function(target) if function else None


def measured_value(target):
    """The target's current value: one aggregate query (two with a named set)."""
    if not is_measured(target):
        return target.manual_value or Decimal(0)
    whole = base(target)
    if whole is None:
        return Decimal(counted(target).count())
    figures = whole.aggregate(total=Count("pk"), counted=Count("pk", filter=Q(pk__in=counted(target).values("pk"))))
    if not figures["total"]:
        return Decimal(0)
    return (Decimal(figures["counted"]) * 100 / figures["total"]).quantize(Decimal("0.1"))


def progress(target):
    """Where ``target`` stands: its measured value against the value (or range) the plan sets."""
    return TargetProgress(
        current=measured_value(target), target_min=target.target_min, target_max=target.target_max, unit=target.unit
    )
