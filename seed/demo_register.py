"""DEMO facts of the plan year 2026 in the cluster register, for ``load_demo_data``: each on its own day.

The targets' cluster lists are named just after the plan is issued; infrastructure is completed, land leased,
plants found compliant and handed over, new clusters registered and established, each on the date the fact
carries (never after yesterday: the demo may be loaded early in the year). So the dashboard's targets show
progress, and the plan report as of a past day shows the progress of that day.

Every fact goes through the services with a DỮ LIỆU MẪU reason, and only when its result is missing (looked up
when it is played), so a second run, even on a later day, changes nothing.
"""

import datetime
from decimal import Decimal
from functools import partial

from clusters import services as cluster_services
from clusters.models import Cluster, ClusterDecision
from places.models import Province
from seed import reference_data as ref
from tasks import services

from .demo_clock import Event

DEMO_CLUSTER_PREFIX = "MAU-"
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
# When each of the six clusters to fill reported its leased land; the first FILLED_IN_2026 reach 100%.
LEASED_2026 = [
    datetime.date(2026, 4, 20),
    datetime.date(2026, 8, 25),
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
# (code, name, area ha, establishment decision, plant compliant since or None); each enters the register a
# month before its decision.
NEW_CLUSTERS_2026 = [
    ("MAU-01", "CCN mẫu Phú Xuyên 2", Decimal("45"), datetime.date(2026, 2, 10), datetime.date(2026, 8, 1)),
    ("MAU-02", "CCN mẫu Ứng Hòa", Decimal("38.5"), datetime.date(2026, 5, 20), datetime.date(2026, 10, 1)),
    ("MAU-03", "CCN mẫu Sóc Sơn", Decimal("52"), datetime.date(2026, 9, 5), None),
]
REGISTERED_BEFORE_DECISION = datetime.timedelta(days=30)


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
        register = list(
            Cluster.objects.exclude(code__startswith=DEMO_CLUSTER_PREFIX)
            .exclude(status=Cluster.Status.REVOKED)
            .order_by("code")
        )
        operating = [c for c in register if c.status == Cluster.Status.OPERATING]
        building = [c for c in register if c.status != Cluster.Status.OPERATING]
        with_area = [c for c in register if c.total_area_ha]
        named_on = self.plan.issued_on + LISTS_NAMED_AFTER

        # Target 1: the clusters started in 2021-2025 (those not yet operating); some completed in 2026.
        started = building[:26]
        self.on(named_on, self.name_list, targets.get(1), started, "DỮ LIỆU MẪU: danh sách 26 cụm hoàn thành hạ tầng")
        for cluster, day in zip(started, INFRASTRUCTURE_COMPLETED_2026, strict=False):
            day = min(day, self.last_day)
            self.on(
                day,
                self.update,
                cluster.pk,
                "DỮ LIỆU MẪU: nghiệm thu hoàn thành hạ tầng",
                "infrastructure_completed_on",
                infrastructure_completed_on=day,
                infrastructure_acceptance=f"Biên bản nghiệm thu số {day:%d%m}/BB-NT ngày {day:%d/%m/%Y} (mẫu)",
            )

        # Target 2: six clusters with infrastructure in place, two of them filled (100%) in 2026.
        to_fill = [c for c in operating + started if c.total_area_ha][:6]
        self.on(named_on, self.name_list, targets.get(2), to_fill, "DỮ LIỆU MẪU: danh sách 6 cụm cần lấp đầy")
        for index, (cluster, day) in enumerate(zip(to_fill, LEASED_2026, strict=False)):
            industrial = cluster.industrial_land_ha or (cluster.total_area_ha * Decimal("0.7")).quantize(CENT)
            share = Decimal(1) if index < FILLED_IN_2026 else Decimal("0.6") + Decimal(index) / 20
            self.on(
                day,
                self.update,
                cluster.pk,
                "DỮ LIỆU MẪU: cập nhật diện tích đất đã cho thuê",
                "leased_land_ha",
                industrial_land_ha=industrial,
                leased_land_ha=(industrial * share).quantize(CENT),
            )

        # Target 5: eleven operating clusters' plants, three found compliant, then handed over, in 2026.
        plants = (operating + [c for c in with_area if c not in operating])[:11]
        self.on(
            named_on,
            self.name_list,
            targets.get(5),
            plants,
            "DỮ LIỆU MẪU: danh sách 11 cụm bàn giao trạm xử lý nước thải",
        )
        for cluster, (built, compliant, handed) in zip(plants, HANDOVERS_2026, strict=False):
            self.on(
                compliant,
                self.update,
                cluster.pk,
                "DỮ LIỆU MẪU: trạm xử lý nước thải đạt quy chuẩn",
                "wastewater_compliant_since",
                wastewater_status=Cluster.Wastewater.OPERATING,
                wastewater_built_on=built,
                wastewater_compliant=True,
                wastewater_compliant_since=min(compliant, self.last_day),
            )
            self.on(
                handed,
                self.update,
                cluster.pk,
                "DỮ LIỆU MẪU: bàn giao trạm xử lý nước thải",
                "wastewater_handed_over_on",
                wastewater_handed_over_on=min(handed, self.last_day),
            )

        # Targets 3 and 4: new clusters established in 2026, two of three with a compliant plant.
        for code, name, area, day, compliant in NEW_CLUSTERS_2026:
            self.on(day - REGISTERED_BEFORE_DECISION, self.register_new, code, name, area)
            self.on(day, self.establish, code, area, min(day, self.last_day))
            if compliant:
                self.on(
                    compliant,
                    self.update_new,
                    code,
                    "DỮ LIỆU MẪU: trạm xử lý nước thải đạt quy chuẩn",
                    "wastewater_compliant",
                    wastewater_status=Cluster.Wastewater.OPERATING,
                    wastewater_compliant=True,
                    wastewater_compliant_since=min(compliant, self.last_day),
                )
        return self.events

    # --- the steps, each done only when its result is missing -------------------------------------------

    def update(self, pk, reason, key, **values):
        """Record the demo fact ``values`` unless the cluster already has one (its ``key`` field is set): a
        second run, even on a later day, leaves the register as the first run (or a coordinator) left it."""
        cluster = Cluster.objects.get(pk=pk)
        if getattr(cluster, key) not in (None, "", False):
            return
        changes = {name: value for name, value in values.items() if getattr(cluster, name) != value}
        if changes:
            cluster_services.cluster_update(actor=self.coordinator, cluster=cluster, reason=reason, **changes)

    def update_new(self, code, reason, key, **values):
        self.update(Cluster.objects.get(code=code).pk, reason, key, **values)

    def name_list(self, target, clusters, reason):
        if target is not None and clusters and not target.clusters.exists():
            services.target_clusters_set(actor=self.coordinator, target=target, clusters=clusters, reason=reason)

    def register_new(self, code, name, area):
        if Cluster.objects.filter(code=code).exists():
            return
        cluster_services.cluster_create(
            actor=self.coordinator,
            reason="DỮ LIỆU MẪU: cụm mới trong phương án phát triển",
            code=code,
            name=name,
            province=Province.objects.get(code=ref.PROVINCE["code"]),
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
            number=f"{day:%d%m}/QĐ-UBND (mẫu)",
            date=day,
            area_after_ha=area,
        )
