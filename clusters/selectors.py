"""Reading the register: a cluster's story, and the register in figures."""

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.dates import local_today
from core.figures import list_url
from core.history import change_events, history_model

from . import decree32, register
from .models import Cluster, ClusterDecision, ClusterReport


def warnings_for(cluster):
    """What Decree 32/2024/NĐ-CP asks of ``cluster`` that it does not meet, as warnings, never refusals (clusters
    formed before the decree may lawfully fall outside). The one home of these rules: the cluster page, the admin
    and the API show this list. The decree's numbers live in ``clusters.decree32``, which also decides from the
    communes' data whether a cluster lies in a mountain area. An expansion is judged by the occupancy recorded just
    before its decision's date (``occupancy_before_expression``), not today's. Reads ``established_on`` and the
    expansion facts from ``with_legal_history()`` when annotated, else asks the database."""
    warnings = []
    bounds = decree32.area_warning_bounds(cluster)
    if bounds is not None:
        low, high = bounds
        warnings.append(
            _("Diện tích %(area)s ha nằm ngoài khoảng %(low)s–%(high)s ha của Nghị định 32/2024/NĐ-CP.")
            % {"area": number_format(cluster.total_area_ha, use_l10n=True), "low": low, "high": high}
        )
    decisions = ClusterDecision.objects.filter(cluster_id=cluster.pk)
    expansion = _expansion_facts(cluster)
    minimum = decree32.EXPANSION_MIN_OCCUPANCY_PCT
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
                % {"date": date_format(decree32.LEGACY_DEADLINE, "SHORT_DATE_FORMAT")}
            )
    return warnings


EXPANSION_FACTS = ("expansion_date", "expansion_number", "expansion_occupancy_pct")


def _expansion_facts(cluster):
    """The latest expansion decision's date and number and the occupancy recorded just before it
    (``ClusterQuerySet.with_legal_history``): read from the annotations when present, else none for a cluster
    without expansion (``with_decisions``), else one query."""
    if all(name in cluster.__dict__ for name in EXPANSION_FACTS):
        return {name: cluster.__dict__[name] for name in EXPANSION_FACTS}
    if cluster.pk is None or getattr(cluster, "has_expansion", None) is False:
        return dict.fromkeys(EXPANSION_FACTS)
    row = Cluster.objects.with_legal_history().filter(pk=cluster.pk).values(*EXPANSION_FACTS).first()
    return row or dict.fromkeys(EXPANSION_FACTS)


def cluster_timeline(cluster):
    """The register record's changes, its periodic reports and its decisions, newest first."""
    records = history_model(Cluster).objects.filter(id=cluster.pk).order_by("-history_date", "-history_id")
    events = change_events(Cluster, records)
    reports = history_model(ClusterReport).objects.filter(cluster_id=cluster.pk).order_by("-history_date")
    events += change_events(ClusterReport, reports, kind="report")
    decisions = history_model(ClusterDecision).objects.filter(cluster_id=cluster.pk).order_by("-history_date")
    events += change_events(ClusterDecision, decisions, kind="decision")
    events.sort(key=lambda e: e.at, reverse=True)
    return events


def land_figures(clusters, count, day=None):
    """The register page's figures over the clusters shown (``clusters``, the filtered list; ``count``, how many:
    the paginator's count), on ``day`` (default today): their area in force summed over those in the register
    (``register.with_area_on``, in SQL), and the one occupancy, ``Register.occupancy()`` over those that operate, with
    the land it sums, measured on the register of the clusters that may count only (``register.may_fill``): at
    national scale the whole register (3,086 clusters) cost the page more than its list."""
    day = day or local_today()
    # The shown clusters by id: the filter's own annotations and joins stay out of the sum's query.
    in_register = register.in_register_on(day, Cluster.objects.filter(pk__in=clusters.order_by().values("pk")))
    total_area = register.with_area_on(in_register, day).aggregate(area=Sum("area_in_force"))["area"]
    occupancy, counted = register.as_of(day, clusters=register.may_fill(day, clusters), communes=False).occupancy()
    return {
        "count": count,
        "total_area": total_area,
        "leased_land": _sum(state.land.leased for state in counted),
        "occupancy": occupancy,
        "occupancy_clusters": len(counted),
    }


def _sum(values):
    """The sum of the known values, None when none is known (the pages show "—")."""
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


def register_figures(register, undated=()):
    """The register in figures on the day of ``register`` (``clusters.register.as_of``): the dashboard's today, the
    plan report's cut-off. Every count asks the register's own terms (in the register, established, operating,
    building, the stage), the occupancy is ``Register.occupancy()``; the tenants and workers come from the periodic
    figures in force, the budget from those figures' annual reports (one query). ``undated``: the clusters left out
    of ``register`` because their own columns decide their state, counted in SQL (``register.undated_tallies``,
    ``register_figures_on``); they add to the counts and areas, never to the periodic figures (they have none)."""
    status = Cluster.Status
    states = register.in_register
    operating = register.where("operating")
    by_stage = {s.value: 0 for s in status}
    for state in register.states:
        by_stage[state.stage] += 1
    for row in undated:
        by_stage[row["register_stage"]] += row["count"]
    # The undated clusters in the register, by stage (an ended one is a "revoked" row).
    kept = [row for row in undated if row["register_stage"] != status.REVOKED]

    def undated_areas(*stages):
        return [row["area"] for row in kept if not stages or row["register_stage"] in stages]

    def undated_count(name="count", *stages):
        return sum(row[name] for row in kept if not stages or row["register_stage"] in stages)

    occupancy, counted = register.occupancy()
    in_force = [state.land for state in states if state.land is not None]
    annual = [fact.report_id for fact in in_force if fact.period == ClusterReport.PeriodKind.ANNUAL]
    budget = (
        ClusterReport.objects.filter(id__in=annual).aggregate(budget=Sum("budget_paid_vnd"))["budget"]
        if annual
        else None
    )
    appraised = [state for state in states if state.stage == status.UNDER_APPRAISAL]
    by_status = [
        {
            "status": s.value,
            "label": s.label,
            "count": by_stage[s.value],
            "url": list_url("clusters:cluster_list", stage=s.value),
        }
        for s in status
    ]
    biggest = max((item["count"] for item in by_status), default=0) or 1
    for item in by_status:
        item["width"] = f"{Decimal(item['count']) * 100 / biggest:.1f}"
    return {
        "day": register.day,
        "total": len(states) + undated_count(),
        "total_area": _sum([*(state.area for state in states), *undated_areas()]),
        "established": len(register.where("established")),
        "operating": len(operating) + undated_count("count", status.OPERATING),
        "operating_area": _sum([*(state.area for state in operating), *undated_areas(status.OPERATING)]),
        "building": sum(1 for state in states if state.stage in Cluster.BUILDING_STATUSES)
        + undated_count("count", *Cluster.BUILDING_STATUSES),
        "under_appraisal": len(appraised) + undated_count("count", status.UNDER_APPRAISAL),
        "new_area": _sum([*(state.area for state in appraised), *undated_areas(status.UNDER_APPRAISAL)]),
        "occupancy": occupancy,
        "occupancy_clusters": len(counted),
        "wastewater_built": len(register.where("wastewater_built")) + undated_count("wastewater_built"),
        "wastewater_compliant": len(register.where("wastewater_compliant_now")) + undated_count("wastewater_compliant"),
        "by_status": by_status,
        "reported_clusters": len(in_force),
        "tenants": _sum(fact.tenant_projects for fact in in_force),
        "workers": _sum(fact.workers for fact in in_force),
        "budget_billion": (budget / Decimal(10**9)).quantize(Decimal("0.1")) if budget is not None else None,
    }


def register_figures_on(day=None, clusters=None):
    """``register_figures`` of the register at the end of ``day`` (default today) over ``clusters`` (default every
    cluster), as the dashboard reads it on every view: the clusters with a decision or a periodic figure as states
    (``register.as_of``), the others, whose own columns decide, counted in SQL (``register.undated_tallies``). At
    national scale that is a few states instead of 3,000. A test holds it equal to ``register_figures`` of the
    whole register."""
    day = day or local_today()
    scope = Cluster.objects.all() if clusters is None else clusters
    states = register.as_of(day, clusters=scope.filter(register.dated(day)), communes=False)  # no figure reads them
    return register_figures(states, register.undated_tallies(day, clusters))


class PageRegister:
    """The register at the end of ``day`` (default today) over ``clusters`` (default every cluster), read once for
    the figures of one page: a register covering the clusters another figure measures (``covering``: the
    dashboard's targets, ``tasks.targets.progress_of``), then the register figures (``figures``, as
    ``register_figures_on`` gives them). Asked to cover those clusters first, it reads them together with the dated
    clusters in one register (three queries, not six or seven); the clusters it read, dated or not, are states of
    the figures, and only the others are counted in SQL (a cluster's state depends on its own facts alone, so the
    split does not change a figure). Over a part of the register (what a user may see), or asked in the other
    order, each reads on its own."""

    def __init__(self, day=None, clusters=None):
        self.day = day or local_today()
        self.clusters = clusters
        self._read = None  # the register of the dated clusters and those covered
        self._figured = False  # the figures given: nothing left to share a read with
        self._covered = None  # the condition of the clusters read

    def covering(self, condition):
        """A register on the day holding (at least) every cluster that meets ``condition`` (a ``Q`` on ``Cluster``),
        without their communes: the dated clusters besides, for a figure whose other clusters count for nothing
        (``tasks.targets.might_count``); None when the page cannot share its read (``progress_of`` reads its own)."""
        if self.clusters is not None or self._read is not None or self._figured:
            return None
        self._covered = register.dated(self.day) | condition
        self._read = register.as_of(
            self.day, clusters=Cluster.objects.filter(self._covered), communes=False, holds_dated=True
        )
        return self._read

    def figures(self):
        """``register_figures_on(day, clusters)``, from the register already read when there is one."""
        self._figured = True
        if self._read is None:
            return register_figures_on(self.day, self.clusters)
        # The clusters not read: by the ids read when they are few (their conditions compiled once more cost
        # more), else by the conditions they were read by.
        read_ids = [state.id for state in self._read]
        read = Q(pk__in=read_ids) if len(read_ids) <= register.IDS_AT_MOST else self._covered
        # Every dated cluster was read (``covering``): the others are undated by that alone.
        return register_figures(self._read, register.undated_tallies(self.day, rest_of=read))
