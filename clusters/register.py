"""The register over time: what the cluster register says on any day, read from dated facts only.

Every figure about clusters (Biểu 03 and 04, the plan's targets, the plan report, the national export, the
dashboard and the register page) asks this module, and nothing else, "which clusters, on this day, are in the
register, established, operating, …". Each answer reads facts by their *effective* date — the date of a decision,
of an acceptance record, the close of the data window a periodic figure belongs to — never the day a value was
typed, and never today's state for a past day. The rules and their legal sources are the properties of
``ClusterState`` below; docs/reporting.md maps every Biểu 04 row onto them.

Two facts have no date in the register and are read as they stand: the cluster's type and its infrastructure
investor (neither changes without a decision that is itself recorded), and a cluster's planned area before any
decision gives one (the area of the development scheme).

One ``Register`` is four queries (clusters, their communes, decisions, periodic figures; three for a figure that
reads no commune) and a pass in Python, so the same day always gives the same answer, whichever surface asks.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Case, CharField, Count, F, Max, Q, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.functional import cached_property

from core.dates import local_today

from .models import Cluster, ClusterDecision, ClusterReport, occupancy_of
from .periods import data_window

HUNDREDTH = Decimal("0.01")
Kind = ClusterDecision.Kind
# The decisions that presuppose an establishment: an expansion or an adjustment is made to an established cluster.
ESTABLISHING = (Kind.ESTABLISH, Kind.EXPAND, Kind.ADJUST)


@dataclass(frozen=True)
class Decision:
    kind: str
    number: str
    date: datetime.date
    area_before: Decimal | None
    area_after: Decimal | None


@dataclass(frozen=True)
class LandFact:
    """A cluster's periodic figures (``ClusterReport``), effective at the close of their data window."""

    report_id: int
    year: int
    period: str
    closed_on: datetime.date
    leased: Decimal | None
    committed: Decimal | None
    tenant_projects: int | None
    foreign_projects: int | None
    active_projects: int | None
    workers: int | None


def _on_or_before(date, day):
    return date is not None and date <= day


@dataclass
class ClusterState:
    """One cluster as the register knew it at the end of ``day``. Its facts are worked out once each (cached): a
    state is read, never changed."""

    day: datetime.date
    id: int
    code: str
    name: str
    type: str
    recorded_status: str
    investor_kind: str
    has_investor: bool
    scheme_area: Decimal | None
    industrial_land_ha: Decimal | None
    approved_investment_vnd: Decimal | None
    site_clearance_percent: int | None
    detailed_plan_date: datetime.date | None
    infrastructure_project_date: datetime.date | None
    construction_started_on: datetime.date | None
    infrastructure_completed_on: datetime.date | None
    operating_since: datetime.date | None
    wastewater_started_on: datetime.date | None
    wastewater_built_on: datetime.date | None
    wastewater_compliant: bool
    wastewater_compliant_since: datetime.date | None
    wastewater_handed_over_on: datetime.date | None
    decisions: tuple = ()  # every decision about the cluster, dated or not yet in force, in date order
    land_history: tuple = ()  # its periodic figures whose window closed by ``day``, oldest first
    commune_ids: tuple = ()

    @cached_property
    def label(self):
        return f"{self.code} — {self.name}"

    @cached_property
    def known_decisions(self):
        return [decision for decision in self.decisions if decision.date <= self.day]

    @cached_property
    def ended(self):
        """Decree 32 Art. 12.2 (bãi bỏ the establishment decision) and Art. 6 (removed from the development scheme):
        the latest decision in force ends the cluster. A cluster recorded as ended with no decision on file (an old
        record) counts as ended on every day."""
        known = self.known_decisions
        if known:
            return known[-1].kind in ClusterDecision.ENDING
        has_ending = any(decision.kind in ClusterDecision.ENDING for decision in self.decisions)
        return self.recorded_status == Cluster.Status.REVOKED and not has_ending

    @cached_property
    def in_register(self):
        """In the development scheme (Decree 32 Art. 2.8, 4–5; Biểu 03/04 row 1) and not ended by a decision."""
        return not self.ended

    @cached_property
    def established(self):
        """Established (Decree 32 Art. 10.4, 12; Biểu 03/04 row 3): an establishment decision in force by the day — or
        an expansion or adjustment decision, which the People's Committee only makes to an established cluster (an
        old cluster whose establishment decision is not on file) — and not ended since."""
        return self.in_register and any(decision.kind in ESTABLISHING for decision in self.known_decisions)

    @cached_property
    def established_on(self):
        """The date of the establishment decision (None when it predates the records: see ``established``)."""
        return next((d.date for d in self.known_decisions if d.kind == Kind.ESTABLISH), None)

    def established_between(self, start, end):
        """An establishment decision dated in [start, end] (Biểu 03/04 rows 5–6: "thành lập trong kỳ báo cáo")."""
        return self.established and self.established_on is not None and start <= self.established_on <= end

    def established_or_expanded_between(self, start, end):
        """The first establishment or expansion decision dated in [start, end] (the plan's "thành lập hoặc mở
        rộng"), or None."""
        return next(
            (
                d.date
                for d in self.known_decisions
                if d.kind in (Kind.ESTABLISH, Kind.EXPAND) and start <= d.date <= end
            ),
            None,
        )

    @cached_property
    def area(self):
        """The area in force (ha): the area the latest decision in force gives; before any decision, the area the
        next decision records as "before", else the area of the development scheme."""
        known = [d for d in self.known_decisions if d.area_after is not None]
        if known:
            return known[-1].area_after
        later = [d for d in self.decisions if d.date > self.day and d.area_before is not None]
        return later[0].area_before if later else self.scheme_area

    @cached_property
    def enterprise_investor(self):
        """Established, with an enterprise as infrastructure investor (Biểu 03/04 rows 7–8)."""
        return self.established and self.investor_kind == Cluster.InvestorKind.ENTERPRISE

    @cached_property
    def detailed_plan(self):
        """Detailed plan approved by the day (Decree 32 Art. 14.2, 15; Biểu 03/04 rows 9–10)."""
        return self.in_register and _on_or_before(self.detailed_plan_date, self.day)

    @cached_property
    def industrial_land(self):
        """The industrial land of the approved detailed plan (Decree 32 Art. 2.6), once the plan is approved (a
        figure kept without a plan date is an old record and counts as known)."""
        if self.detailed_plan_date is not None and self.detailed_plan_date > self.day:
            return None
        return self.industrial_land_ha

    @cached_property
    def infrastructure_project(self):
        """Infrastructure investment project approved by the day (Decree 32 Art. 14.3; Biểu 03/04 rows 11–13)."""
        return self.in_register and _on_or_before(self.infrastructure_project_date, self.day)

    @cached_property
    def approved_investment(self):
        """The project's approved total investment (đồng), once the project is approved (Biểu 03/04 row 13)."""
        return self.approved_investment_vnd if self.infrastructure_project else None

    @cached_property
    def under_construction(self):
        """Construction of the infrastructure started by the day (Decree 32 Art. 16)."""
        return self.in_register and _on_or_before(self.construction_started_on, self.day)

    @cached_property
    def infrastructure_complete(self):
        """Infrastructure completed and accepted by the day (the acceptance record's date; Decree 32 Art. 16.4)."""
        return self.in_register and _on_or_before(self.infrastructure_completed_on, self.day)

    @cached_property
    def operating(self):
        """Operating: "đã có dự án đầu tư trong cụm" (Biểu 03/04 row 15), from the day its first tenant project
        started. Established or not (row 15.1 / 15.2)."""
        return self.in_register and _on_or_before(self.operating_since, self.day)

    @cached_property
    def wastewater_built(self):
        """A central wastewater plant built or being built by the day (Biểu 03/04 row 26: "đã và đang đầu tư")."""
        return self.in_register and (
            _on_or_before(self.wastewater_started_on, self.day) or _on_or_before(self.wastewater_built_on, self.day)
        )

    @cached_property
    def wastewater_compliant_now(self):
        """The plant meets QCVN 40:2025/BTNMT by the day (Biểu 03/04 row 27; the date of the evidence)."""
        return (
            self.wastewater_built
            and self.wastewater_compliant
            and _on_or_before(self.wastewater_compliant_since, self.day)
        )

    @cached_property
    def wastewater_handed_over(self):
        return self.in_register and _on_or_before(self.wastewater_handed_over_on, self.day)

    @cached_property
    def land(self):
        """The periodic figures in force: the latest whose data window closed by the day (a stock keeps its last
        reported value until a later period reports it); None when there are none."""
        return self.land_history[-1] if self.land_history else None

    @cached_property
    def occupancy(self):
        """Tỷ lệ lấp đầy (Decree 32 Art. 2.7): land leased or committed to approved projects over the industrial land
        of the approved detailed plan, from the periodic figures in force; None when either is unknown."""
        land = self.land
        if land is None:
            return None
        return occupancy_of(self.industrial_land, land.leased, land.committed)

    def filled(self, threshold):
        return self.occupancy is not None and self.occupancy >= threshold

    @cached_property
    def stage(self):
        """The stage of the lifecycle the dated facts give (``Cluster.Status``); before the establishment decision,
        the stage recorded by hand (in the scheme, or under appraisal)."""
        status = Cluster.Status
        if not self.in_register:
            return status.REVOKED
        if self.operating:
            return status.OPERATING
        if self.infrastructure_complete:
            return status.INFRASTRUCTURE_COMPLETED
        if self.under_construction:
            return status.UNDER_CONSTRUCTION
        building = self.infrastructure_project or self.established
        if building and self.site_clearance_percent is not None and 0 < self.site_clearance_percent < 100:
            return status.SITE_CLEARANCE
        if self.infrastructure_project:
            return status.INFRASTRUCTURE_PROJECT_APPROVED
        if self.detailed_plan:
            return status.DETAILED_PLAN_APPROVED
        if self.established:
            return status.ESTABLISHED
        return self.recorded_status if self.recorded_status in Cluster.RECORDED_STATUSES else status.IN_SCHEME


CLUSTER_FIELDS = (
    "id",
    "code",
    "name",
    "type",
    "status",
    "investor_kind",
    "investor_id",
    "investor_name",
    "total_area_ha",
    "industrial_land_ha",
    "approved_investment_vnd",
    "site_clearance_percent",
    "detailed_plan_date",
    "infrastructure_project_date",
    "construction_started_on",
    "infrastructure_completed_on",
    "operating_since",
    "wastewater_started_on",
    "wastewater_built_on",
    "wastewater_compliant",
    "wastewater_compliant_since",
    "wastewater_handed_over_on",
)
REPORT_FIELDS = (
    "id",
    "cluster_id",
    "year",
    "period",
    "leased_land_ha",
    "committed_land_ha",
    "tenant_projects",
    "foreign_projects",
    "active_projects",
    "workers",
)


def _state(row, day, decisions, land, communes):
    return ClusterState(
        day=day,
        id=row["id"],
        code=row["code"],
        name=row["name"],
        type=row["type"],
        recorded_status=row["status"],
        investor_kind=row["investor_kind"],
        has_investor=bool(row["investor_id"] or row["investor_name"].strip()),
        scheme_area=row["total_area_ha"],
        industrial_land_ha=row["industrial_land_ha"],
        approved_investment_vnd=row["approved_investment_vnd"],
        site_clearance_percent=row["site_clearance_percent"],
        detailed_plan_date=row["detailed_plan_date"],
        infrastructure_project_date=row["infrastructure_project_date"],
        construction_started_on=row["construction_started_on"],
        infrastructure_completed_on=row["infrastructure_completed_on"],
        operating_since=row["operating_since"],
        wastewater_started_on=row["wastewater_started_on"],
        wastewater_built_on=row["wastewater_built_on"],
        wastewater_compliant=row["wastewater_compliant"],
        wastewater_compliant_since=row["wastewater_compliant_since"],
        wastewater_handed_over_on=row["wastewater_handed_over_on"],
        decisions=tuple(decisions),
        land_history=tuple(land),
        commune_ids=tuple(communes),
    )


@dataclass
class Register:
    """The register at the end of ``day``: a ``ClusterState`` per cluster of the scope (in the register or not)."""

    day: datetime.date
    states: list = field(default_factory=list)

    def __iter__(self):
        return iter(self.states)

    def where(self, name, states=None):
        """The states (of the register, or of ``states``) for which the property ``name`` holds."""
        pool = self.in_register if states is None else states
        return [state for state in pool if getattr(state, name)]

    @cached_property
    def in_register(self):
        # Read by every figure of a page (several times on the dashboard): a register is never changed once read.
        return [state for state in self.states if state.in_register]

    def get(self, cluster_id):
        return next((state for state in self.states if state.id == cluster_id), None)

    def occupancy(self, states=None):
        """The area-weighted occupancy (Decree 32 Art. 2.7) of ``states`` (default: the operating clusters): the land
        leased or committed over the industrial land, summed over the clusters where both are known; with the
        clusters it counts. ``(percent or None, [state, …])``."""
        pool = self.where("operating") if states is None else states
        counted = [state for state in pool if state.occupancy is not None]
        industrial = sum((state.industrial_land for state in counted), Decimal(0))
        if not counted or not industrial:
            return None, []
        land = sum(
            (Decimal(state.land.leased or 0) + Decimal(state.land.committed or 0) for state in counted), Decimal(0)
        )
        return (land * 100 / industrial).quantize(HUNDREDTH), counted


# The most clusters a scoped ``as_of`` names by id in its other queries (below SQLite's 999 parameters).
IDS_AT_MOST = 500


@lru_cache(maxsize=1024)
def _closed_on(year, kind):
    # A handful of (year, period) pairs for thousands of reports.
    return data_window(year, kind)[1]


def as_of(day=None, *, clusters=None, communes=True, holds_dated=False):
    """The register at the end of ``day`` (default: today in Vietnam time), over ``clusters`` (a queryset; default: every
    cluster). ``communes=False``: the states without their communes (``commune_ids`` empty), one query fewer, for a
    figure that reads none (no rule of ``ClusterState`` does). ``holds_dated``: ``clusters`` holds every cluster
    ``dated(day)`` (``clusters.selectors.PageRegister``), so every decision and every periodic figure up to the day
    is one of theirs, and both are read without naming the clusters."""
    day = day or local_today()
    whole = clusters is None
    clusters = Cluster.objects.all() if whole else clusters
    rows = list(clusters.order_by("code").values(*CLUSTER_FIELDS))

    def of_scope(queryset):
        # The whole register reads every row; a small scope names its clusters' ids, read above (compiling the
        # scope's conditions again, twice or three times, cost more than the queries: the dashboard's dated
        # clusters are two subqueries); a large one asks the database for them (a subquery, not a list of
        # thousands of ids). An empty scope keeps its subquery: its queries still run, as many whatever the data.
        if whole:
            return queryset
        if 0 < len(rows) <= IDS_AT_MOST:
            return queryset.filter(cluster_id__in=[row["id"] for row in rows])
        return queryset.filter(cluster_id__in=clusters.order_by().values("pk"))

    # The facts of dated clusters: all there are when ``clusters`` holds every dated cluster.
    of_dated = (lambda queryset: queryset) if holds_dated else of_scope
    decisions, land, communes_of = {}, {}, {}
    for cluster_id, kind, number, date, before, after in (
        of_dated(ClusterDecision.objects.all())
        .order_by("date", "pk")
        .values_list("cluster_id", "kind", "number", "date", "area_before_ha", "area_after_ha")
    ):
        decisions.setdefault(cluster_id, []).append(Decision(kind, number, date, before, after))
    reports = of_dated(ClusterReport.objects.filter(year__lte=day.year)).values(*REPORT_FIELDS)
    for report in reports:
        closed = _closed_on(report["year"], report["period"])
        if closed <= day:
            land.setdefault(report["cluster_id"], []).append(
                LandFact(
                    report_id=report["id"],
                    year=report["year"],
                    period=report["period"],
                    closed_on=closed,
                    leased=report["leased_land_ha"],
                    committed=report["committed_land_ha"],
                    tenant_projects=report["tenant_projects"],
                    foreign_projects=report["foreign_projects"],
                    active_projects=report["active_projects"],
                    workers=report["workers"],
                )
            )
    for history in land.values():
        history.sort(key=lambda fact: (fact.closed_on, fact.report_id))
    if communes:
        through = of_scope(Cluster.communes.through.objects.all()).order_by("commune_id")
        for cluster_id, commune_id in through.values_list("cluster_id", "commune_id"):
            communes_of.setdefault(cluster_id, []).append(commune_id)
    states = [
        _state(row, day, decisions.get(row["id"], ()), land.get(row["id"], ()), communes_of.get(row["id"], ()))
        for row in rows
    ]
    return Register(day=day, states=states)


def for_period(period, *, clusters=None):
    """The register at the close of a reporting period's data window (Circular 14 Art. 3.2): what a Biểu of the
    period and its national export report."""
    year, kind = (period.year, period.kind) if not isinstance(period, tuple) else period
    return as_of(_closed_on(year, kind), clusters=clusters)


def state_of(cluster, day=None):
    """One cluster's state at the end of ``day`` (default today)."""
    return as_of(day, clusters=Cluster.objects.filter(pk=cluster.pk)).get(cluster.pk)


def state_for(cluster, day=None):
    """The state of ``cluster`` as it stands in memory (saved or about to be), with its decisions and periodic
    figures from the database: what the services check and derive the stage from before they save."""
    day = day or local_today()
    row = {name: getattr(cluster, name) for name in CLUSTER_FIELDS}
    row["id"] = cluster.pk
    if cluster.pk is None:
        return _state(row, day, (), (), ())
    saved = as_of(day, clusters=Cluster.objects.filter(pk=cluster.pk)).get(cluster.pk)
    return _state(row, day, saved.decisions, saved.land_history, saved.commune_ids)


def _first_of_each_cluster(decisions, *order):
    """The ids of the first of ``decisions`` of each cluster in ``order``: one pass over the decisions (a window),
    not a subquery per cluster (at national scale, 3,086 of them per figure cost the register page most of its
    time)."""
    rank = Window(RowNumber(), partition_by=F("cluster_id"), order_by=order)
    return decisions.annotate(rank=rank).filter(rank=1).values("pk")


def in_register_on(day=None, clusters=None):
    """The clusters in the register at the end of ``day`` as one queryset (for lists and filters that need no other
    fact): the rule of ``ClusterState.in_register`` — the latest decision in force does not end the cluster, and an
    old record marked ended with no decision on file stays out. A test holds the two equal."""
    day = day or local_today()
    clusters = Cluster.objects.all() if clusters is None else clusters
    ending = [str(kind) for kind in ClusterDecision.ENDING]
    known = ClusterDecision.objects.filter(date__lte=day)
    latest = _first_of_each_cluster(known, F("date").desc(), F("pk").desc())
    ended = ClusterDecision.objects.filter(pk__in=latest, kind__in=ending).values("cluster_id")
    # A cluster with a decision in force is kept when its latest does not end it (``ended``); one with none, when it
    # is not recorded as ended, or the decision that ends it is dated later (not an old record).
    kept_on_record = (
        Q(pk__in=known.values("cluster_id"))
        | ~Q(status=Cluster.Status.REVOKED)
        | Q(pk__in=ClusterDecision.objects.filter(kind__in=ending).values("cluster_id"))
    )
    return clusters.exclude(pk__in=ended).filter(kept_on_record)


def with_area_on(clusters, day):
    """``clusters`` with ``area_in_force``, their area in force at the end of ``day`` (``ClusterState.area``) in SQL,
    for a sum over many: the area the latest decision in force gives; before any, the area the next decision records
    as "before", else the area of the development scheme. Read in one pass over the clusters' decisions, grouped by
    cluster: of each cluster's decisions, at most one is its latest with an area in force and one its next with an
    area before. A test holds the two equal."""
    known = ClusterDecision.objects.filter(date__lte=day, area_after_ha__isnull=False)
    later = ClusterDecision.objects.filter(date__gt=day, area_before_ha__isnull=False)
    latest_known = _first_of_each_cluster(known, F("date").desc(), F("pk").desc())
    first_later = _first_of_each_cluster(later, F("date").asc(), F("pk").asc())
    return clusters.annotate(
        area_in_force=Coalesce(
            Max("decisions__area_after_ha", filter=Q(decisions__pk__in=latest_known)),
            Max("decisions__area_before_ha", filter=Q(decisions__pk__in=first_later)),
            F("total_area_ha"),
        )
    )


def may_fill(day, clusters):
    """The clusters of ``clusters`` that may count in ``Register.occupancy()`` at the end of ``day``: operating by the
    day, with a periodic figure of a year up to the day's (a figure in force). Only a narrowing: the register's rules
    decide on their states (a test holds the occupancy equal to the whole register's)."""
    reported = ClusterReport.objects.filter(year__lte=day.year).values("cluster_id")
    return clusters.filter(operating_since__lte=day, pk__in=reported)


def dated(day):
    """The clusters whose state on ``day`` rests on more than their own columns: those with a decision (in force or
    not yet) or a periodic figure of a year up to the day's. The rest are ``undated_tallies``' to count in SQL."""
    decided = ClusterDecision.objects.values("cluster_id")
    reported = ClusterReport.objects.filter(year__lte=day.year).values("cluster_id")
    return Q(pk__in=decided) | Q(pk__in=reported)


def undated_tallies(day, clusters=None, *, rest_of=None):
    """The register's rules (``ClusterState``) for the clusters of ``clusters`` (a queryset; default every cluster)
    with no decision and no periodic figure (``~dated(day)``) at the end of ``day``, counted in SQL by stage:
    [{"stage", "count", "area", "wastewater_built", "wastewater_compliant"}]. With no decision a cluster is ended
    only as an old record marked so, never established, its area that of the development scheme; its stage follows
    its dated columns as ``stage`` reads them. At national scale most clusters are such, and their 3,000 states in
    Python cost the dashboard more than its queries; a test holds these tallies equal to the states'.

    ``rest_of``: instead of ``clusters``, a condition (a ``Q`` on ``Cluster``) met by every dated cluster on ``day``
    (those of a register already read, ``clusters.selectors.PageRegister``): the clusters counted are the others,
    undated by that alone, so neither ``dated(day)`` nor a scope is compiled again (half the dashboard's tallies)."""
    status = Cluster.Status

    def by(name):
        return Q(**{f"{name}__lte": day})

    stage = Case(
        When(status=status.REVOKED, then=Value(status.REVOKED)),
        When(by("operating_since"), then=Value(status.OPERATING)),
        When(by("infrastructure_completed_on"), then=Value(status.INFRASTRUCTURE_COMPLETED)),
        When(by("construction_started_on"), then=Value(status.UNDER_CONSTRUCTION)),
        When(
            by("infrastructure_project_date") & Q(site_clearance_percent__gt=0, site_clearance_percent__lt=100),
            then=Value(status.SITE_CLEARANCE),
        ),
        When(by("infrastructure_project_date"), then=Value(status.INFRASTRUCTURE_PROJECT_APPROVED)),
        When(by("detailed_plan_date"), then=Value(status.DETAILED_PLAN_APPROVED)),
        When(status__in=Cluster.RECORDED_STATUSES, then=F("status")),
        default=Value(status.IN_SCHEME),
        output_field=CharField(),
    )
    built = by("wastewater_started_on") | by("wastewater_built_on")
    compliant = built & Q(wastewater_compliant=True) & by("wastewater_compliant_since")
    if rest_of is not None:
        undated = Cluster.objects.exclude(rest_of)
    else:
        # A scope by id: its own joins and annotations stay out of the count (the whole register needs none).
        scope = (
            Cluster.objects.all()
            if clusters is None
            else Cluster.objects.filter(pk__in=clusters.order_by().values("pk"))
        )
        undated = scope.exclude(dated(day))
    return list(
        undated.annotate(register_stage=stage)
        .values("register_stage")
        .annotate(
            count=Count("pk"),
            area=Sum("total_area_ha"),
            wastewater_built=Count("pk", filter=built),
            wastewater_compliant=Count("pk", filter=compliant),
        )
        .values("register_stage", "count", "area", "wastewater_built", "wastewater_compliant")
        .order_by()
    )
