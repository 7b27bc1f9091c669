"""A varied register for tests that hold a figure computed two ways equal: clusters at every stage, with and without
decisions (establishment, expansion, adjustment, revocation, removal; some dated after the day measured), periodic
figures of several periods (some with only leased or only committed land, some with neither), plants built,
compliant and handed over on dates around the plan's year, facts left empty. Drawn from a fixed seed."""

import datetime
import random
from decimal import Decimal

from clusters.models import Cluster, ClusterDecision, ClusterReport
from tests.factories import ClusterDecisionFactory, ClusterFactory, ClusterReportFactory

Kind = ClusterDecision.Kind
DAYS = [datetime.date(2024, 6, 1) + datetime.timedelta(days=61 * n) for n in range(20)]  # 06/2024 – 04/2027


def _day(rng, empty=0.35):
    return None if rng.random() < empty else rng.choice(DAYS)


def varied_register(count=60, seed=305, dated=True, prefix="V"):
    """``count`` clusters with their decisions and periodic figures (none when not ``dated``: clusters whose own
    columns decide their state); returns them."""
    rng = random.Random(seed)
    clusters = []
    for n in range(count):
        total = Decimal(rng.choice([None, 8, 20, 35, 75]) or 0) or None
        industrial = None if total is None or rng.random() < 0.2 else (total * Decimal("0.7")).quantize(Decimal("0.01"))
        if industrial is not None and rng.random() < 0.1:
            industrial = Decimal(0)
        cluster = ClusterFactory(
            code=f"CCN-{prefix}{n:03d}",
            name=f"CCN đa dạng {n}",
            total_area_ha=total,
            industrial_land_ha=industrial,
            leased_land_ha=None,
            status=rng.choice(list(Cluster.Status)),
            investor_kind=rng.choice(list(Cluster.InvestorKind)),
            site_clearance_percent=rng.choice([None, 0, 40, 100]),
            detailed_plan_date=_day(rng),
            infrastructure_project_date=_day(rng),
            construction_started_on=_day(rng, 0.5),
            infrastructure_completed_on=_day(rng, 0.5),
            operating_since=_day(rng, 0.4),
            wastewater_started_on=_day(rng, 0.5),
            wastewater_built_on=_day(rng, 0.6),
            wastewater_compliant=rng.random() < 0.5,
            wastewater_compliant_since=_day(rng, 0.4),
            wastewater_handed_over_on=_day(rng, 0.5),
        )
        clusters.append(cluster)
        kinds = rng.choice(
            [
                [],
                [Kind.ESTABLISH],
                [Kind.ESTABLISH, Kind.EXPAND],
                [Kind.EXPAND],
                [Kind.ESTABLISH, Kind.ADJUST],
                [Kind.ESTABLISH, Kind.REVOKE],
                [Kind.REMOVE],
                [Kind.ESTABLISH, Kind.EXPAND, Kind.REMOVE],
            ]
        )
        if not dated:
            continue
        days = sorted(rng.sample(DAYS, len(kinds)))
        for number, (kind, day) in enumerate(zip(kinds, days, strict=True)):
            ClusterDecisionFactory(
                cluster=cluster,
                kind=kind,
                number=f"{n}-{number}/QĐ-UBND",
                date=day,
                area_before_ha=rng.choice([None, Decimal(10), Decimal("12.5")]),
                area_after_ha=rng.choice([None, Decimal(15), Decimal("22.75")]),
            )
        for year, period in rng.sample(
            [(year, period) for year in (2024, 2025, 2026, 2027) for period in ClusterReport.PeriodKind],
            rng.randint(0, 4),
        ):
            ClusterReportFactory(
                cluster=cluster,
                year=year,
                period=period,
                leased_land_ha=rng.choice([None, Decimal(2), Decimal("7.5"), Decimal(14)]),
                committed_land_ha=rng.choice([None, None, Decimal(1), Decimal("3.25")]),
                tenant_projects=rng.choice([None, 0, 3, 12]),
                workers=rng.choice([None, 40, 900]),
                budget_paid_vnd=rng.choice([None, 0, 2_500_000_000]),
            )
    return clusters
