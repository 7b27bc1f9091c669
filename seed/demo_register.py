"""DEMO facts of the cluster register, for ``load_demo_data``: each on its own day.

On the day the system is set up (the plan's issue date) the Department records what the sources leave out of the
sourced register (``seed/demo_clusters.py``: establishment decisions, detailed plans, projects, works, acceptance,
first tenants, plants, periodic reports), each fact with its own date, through the services with the reason
"Nạp dữ liệu mẫu"; the stage of each cluster follows from those facts. Reports arrive on the 20th after their
data window closes. The targets' cluster lists are named just after the plan is issued; in 2026 infrastructure is
completed, land leased, plants found compliant and handed over, new clusters established, each on
the date the fact carries (never after yesterday: the demo may be loaded early in the year). So the dashboard's
targets show progress, and the plan report as of a past day shows the progress of that day.

Every fact goes through the services, and only when its result is missing (looked up when it is played), so a
second run, even on a later day, changes nothing.
"""

import datetime
from decimal import Decimal
from functools import partial

from clusters import services as cluster_services
from clusters.models import Cluster, ClusterDecision, ClusterReport
from clusters.periods import PeriodKind, data_window
from places.models import Commune, Province
from seed import reference_data as ref
from tasks import services

from .cluster_register import cluster_decisions, cluster_values, sourced_rows
from .demo_clock import Event
from .demo_clusters import COMPLETED_2026, HANDED_OVER_2026, TO_FILL, Profile, demo_cluster, figures, received_after

DEMO_CLUSTER_PREFIX = "MAU-"
BACKFILL_REASON = "Nạp dữ liệu mẫu"
CENT = Decimal("0.01")
# The targets' lists are named a week after the plan is issued.
LISTS_NAMED_AFTER = datetime.timedelta(days=8)
INFRASTRUCTURE_COMPLETED_2026 = [
    datetime.date(2026, 3, 31),
    datetime.date(2026, 5, 15),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 9, 10),
    datetime.date(2026, 10, 20),
]
# When each of the six clusters to fill reported its leased land; the first FILLED_IN_2026 reach 100%, both before
# the half-year data window closes (14/06), so the half-year report counts them.
LEASED_2026 = [
    datetime.date(2026, 4, 20),
    datetime.date(2026, 5, 25),
    datetime.date(2026, 3, 10),
    datetime.date(2026, 6, 5),
    datetime.date(2026, 9, 18),
    datetime.date(2026, 10, 30),
]
FILLED_IN_2026 = 2
# (plant built, compliant since, handed over)
HANDOVERS_2026 = [
    (datetime.date(2025, 6, 30), datetime.date(2026, 2, 15), datetime.date(2026, 4, 1)),
    (datetime.date(2025, 9, 30), datetime.date(2026, 3, 20), datetime.date(2026, 7, 15)),
    (datetime.date(2025, 12, 15), datetime.date(2026, 5, 5), datetime.date(2026, 9, 30)),
]
# (code, name, area ha, establishment decision, plant compliant since or None, commune). Each is in the development
# scheme already and recorded on the day the system is set up: the register dates no entry into the scheme, so a
# cluster recorded later would count on every past day too (and a report as of a past day would not be what the
# dashboard showed that day).
NEW_CLUSTERS_2026 = [
    ("MAU-01", "CCN mẫu Phú Xuyên 2", Decimal("45"), datetime.date(2026, 2, 10), datetime.date(2026, 8, 1), "10273"),
    ("MAU-02", "CCN mẫu Ứng Hòa", Decimal("38.5"), datetime.date(2026, 5, 20), datetime.date(2026, 10, 1), "10402"),
    ("MAU-03", "CCN mẫu Sóc Sơn", Decimal("52"), datetime.date(2026, 9, 5), None, "00376"),
]


def demo_clusters():
    """The demo facts of every sourced cluster, by code, in code order."""
    clusters = {}
    for code, row in sourced_rows():
        values, _communes, _warnings = cluster_values(row, None, {})
        clusters[code] = demo_cluster(code, row, (values, cluster_decisions(row)))
    return clusters


class RegisterStory:
    """The register's demo facts as events, played by ``demo_clock.replay``."""

    def __init__(self, *, coordinator, plan, last_day):
        self.coordinator = coordinator
        self.plan = plan
        self.last_day = last_day
        self.events = []

    def on(self, day, action, *args, **kwargs):
        """Plan ``action`` on ``day``, or on the last day of the story when ``day`` is after it."""
        self.events.append(Event(min(day, self.last_day), partial(action, *args, **kwargs)))

    def plan_events(self):
        targets = {target.order: target for target in self.plan.targets.all()}
        demo = demo_clusters()
        set_up = min(self.plan.issued_on, self.last_day)
        for code, cluster in demo.items():
            self.on(set_up, self.backfill, code, cluster)
            for report in cluster.reports:
                self.receive(code, report.year, report.period, report.values, max(report.received_on, set_up))
        named_on = self.plan.issued_on + LISTS_NAMED_AFTER

        # Target 1: the clusters whose works started in 2021-2025 and are not complete; five completed in 2026.
        started = [code for code, cluster in demo.items() if cluster.profile == Profile.BUILDING]
        self.on(named_on, self.name_list, targets.get(1), started, "DỮ LIỆU MẪU: danh sách 26 cụm hoàn thành hạ tầng")
        for code, day in zip(COMPLETED_2026, INFRASTRUCTURE_COMPLETED_2026, strict=True):
            day = min(day, self.last_day)
            values = {
                "infrastructure_completed_on": day,
                "infrastructure_acceptance": f"Biên bản nghiệm thu số DEMO-{code[-3:]}/BB-NT ngày {day:%d/%m/%Y} "
                "(DỮ LIỆU MẪU)",
            }
            if demo[code].industrial:
                values["serviced_land_ha"] = demo[code].industrial
            self.on(day, self.update, code, "DỮ LIỆU MẪU: nghiệm thu hoàn thành hạ tầng", **values)

        # Target 2: six operating clusters (infrastructure in place, tenants in), not full; two of them filled (100%)
        # in 2026, as the half-year report says.
        self.on(named_on, self.name_list, targets.get(2), TO_FILL, "DỮ LIỆU MẪU: danh sách 6 cụm cần lấp đầy")
        leased_2026 = {}
        for index, (code, day) in enumerate(zip(TO_FILL, LEASED_2026, strict=True)):
            cluster, day = demo[code], min(day, self.last_day)
            if index < FILLED_IN_2026:
                leased, committed = cluster.industrial, Decimal(0)
            else:
                committed = cluster.committed
                leased = min(
                    cluster.industrial - committed, cluster.leased + (cluster.industrial * 8 / 100).quantize(CENT)
                )
            leased_2026[code] = (day, leased)
            self.on(
                day,
                self.update,
                code,
                "DỮ LIỆU MẪU: cập nhật diện tích đất đã cho thuê",
                leased_land_ha=leased,
                committed_land_ha=committed,
            )

        # Target 5: the eleven operating clusters' plants; three found compliant, then handed over, in 2026.
        operating = [code for code, cluster in demo.items() if cluster.profile == Profile.OPERATING]
        self.on(
            named_on,
            self.name_list,
            targets.get(5),
            operating,
            "DỮ LIỆU MẪU: danh sách 11 cụm bàn giao trạm xử lý nước thải",
        )
        compliant_2026 = {}
        for code, (built, compliant, handed) in zip(HANDED_OVER_2026, HANDOVERS_2026, strict=True):
            compliant_2026[code] = min(compliant, self.last_day)
            self.on(
                compliant,
                self.update,
                code,
                "DỮ LIỆU MẪU: trạm xử lý nước thải đạt quy chuẩn",
                wastewater_status=Cluster.Wastewater.OPERATING,
                wastewater_built_on=built,
                wastewater_compliant=True,
                wastewater_compliant_since=min(compliant, self.last_day),
            )
            self.on(
                handed,
                self.update,
                code,
                "DỮ LIỆU MẪU: bàn giao trạm xử lý nước thải",
                wastewater_handed_over_on=min(handed, self.last_day),
            )

        # The plan year's reports, once their data window has closed: land as leased at its close.
        for kind in (PeriodKind.HALF_YEAR, PeriodKind.ANNUAL):
            closed = data_window(self.plan.year, kind)[1]
            if closed >= self.last_day:
                continue
            for code, cluster in demo.items():
                if not cluster.reports:
                    continue
                leased = cluster.leased
                day, filled = leased_2026.get(code, (None, None))
                if day is not None and day <= closed:
                    leased = filled
                values = figures(cluster, Decimal(0), leased=leased, closed=closed)
                values["wastewater_compliant"] = code in compliant_2026 and compliant_2026[code] <= closed
                received = min(received_after(self.plan.year, kind), self.last_day)
                self.receive(code, self.plan.year, kind, values, received)

        # Targets 3 and 4: new clusters established in 2026, two of three with a plant built and compliant.
        for code, name, area, day, compliant, commune in NEW_CLUSTERS_2026:
            self.on(set_up, self.register_new, code, name, area, commune)
            self.on(day, self.establish, code, area, min(day, self.last_day))
            if compliant:
                # The plant is started with the cluster and built by the day it is found compliant, each fact
                # recorded on its own date (the register counts a plant from them).
                self.on(
                    day,
                    self.update,
                    code,
                    "DỮ LIỆU MẪU: khởi công trạm xử lý nước thải",
                    wastewater_status=Cluster.Wastewater.UNDER_CONSTRUCTION,
                    wastewater_started_on=min(day, self.last_day),
                )
                self.on(
                    compliant,
                    self.update,
                    code,
                    "DỮ LIỆU MẪU: trạm xử lý nước thải đạt quy chuẩn",
                    wastewater_status=Cluster.Wastewater.OPERATING,
                    wastewater_built_on=min(compliant, self.last_day),
                    wastewater_compliant=True,
                    wastewater_compliant_since=min(compliant, self.last_day),
                )
        return self.events

    # --- the steps, each done only when its result is missing -------------------------------------------

    def backfill(self, code, demo):
        """Record what the sources leave out of the cluster ``code``: its establishment decision, unless one is
        recorded, and each of its demo fields that is still empty (a coordinator's value is kept)."""
        cluster = Cluster.objects.filter(code=code).first()
        if cluster is None:
            return
        if demo.establishment and not cluster.decisions.filter(kind=ClusterDecision.Kind.ESTABLISH).exists():
            cluster_services.cluster_decision_create(
                actor=self.coordinator, cluster=cluster, reason=BACKFILL_REASON, **demo.establishment
            )
            cluster.refresh_from_db()
        changes = {name: value for name, value in demo.values.items() if _empty(cluster, name)}
        if changes:
            cluster_services.cluster_update(actor=self.coordinator, cluster=cluster, reason=BACKFILL_REASON, **changes)

    def receive(self, code, year, kind, values, day):
        """The cluster's report of a period, received on ``day`` (when the story reaches it)."""
        if day <= self.last_day:
            self.on(day, self.save_report, code, year, kind, values)

    def save_report(self, code, year, kind, values):
        cluster = Cluster.objects.filter(code=code).first()
        if cluster is None or ClusterReport.objects.filter(cluster=cluster, year=year, period=kind).exists():
            return
        cluster_services.cluster_report_save(
            actor=self.coordinator, cluster=cluster, year=year, period=kind, reason=BACKFILL_REASON, **values
        )

    def update(self, code, reason, **values):
        """Record the demo fact ``values`` unless the story recorded it before (the cluster's history has a record
        with ``reason``): a second run, even on a later day, leaves the register as the first run (or a
        coordinator) left it."""
        cluster = Cluster.objects.filter(code=code).first()
        if cluster is None or cluster.history.filter(history_change_reason=reason).exists():
            return
        changes = {name: value for name, value in values.items() if getattr(cluster, name) != value}
        if changes:
            cluster_services.cluster_update(actor=self.coordinator, cluster=cluster, reason=reason, **changes)

    def name_list(self, target, codes, reason):
        clusters = list(Cluster.objects.filter(code__in=codes))
        if target is not None and clusters and not target.clusters.exists():
            services.target_clusters_set(actor=self.coordinator, target=target, clusters=clusters, reason=reason)

    def register_new(self, code, name, area, commune):
        if Cluster.objects.filter(code=code).exists():
            return
        cluster_services.cluster_create(
            actor=self.coordinator,
            reason="DỮ LIỆU MẪU: cụm mới trong phương án phát triển",
            code=code,
            name=name,
            province=Province.objects.get(code=ref.PROVINCE["code"]),
            communes=Commune.objects.filter(code=commune),
            status=Cluster.Status.IN_SCHEME,
            is_new_in_plan=True,
            total_area_ha=area,
            data_source="DỮ LIỆU MẪU — không phải số liệu thật.",
        )

    def establish(self, code, area, day):
        cluster = Cluster.objects.get(code=code)
        if cluster.decisions.filter(kind=ClusterDecision.Kind.ESTABLISH).exists():
            return
        cluster_services.cluster_decision_create(
            actor=self.coordinator,
            cluster=cluster,
            reason="DỮ LIỆU MẪU: quyết định thành lập cụm",
            kind=ClusterDecision.Kind.ESTABLISH,
            number=f"DEMO-{day:%d%m}/QĐ-UBND",
            date=day,
            area_after_ha=area,
        )


# The values a field holds before anyone records it: the demo fills these only.
UNSET = {"status": Cluster.Status.IN_SCHEME, "wastewater_status": Cluster.Wastewater.NONE}


def _empty(cluster, name):
    value = getattr(cluster, name)
    return value is None or value is False or value == "" or value == UNSET.get(name)
