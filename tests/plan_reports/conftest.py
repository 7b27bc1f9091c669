"""A plan on 20/06/2026 (the Hanoi clock's day): tasks in every deadline status across two groups and two
agencies, a cluster register of dated facts (one cluster building its infrastructure, one operating and half full by
its half-year 2026 figures), and two targets measured on it."""

import datetime
from dataclasses import dataclass

import pytest

from tasks.models import Target, Task
from tests.factories import (
    ClusterDecisionFactory,
    ClusterFactory,
    ClusterReportFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
)

D1 = datetime.date(2026, 6, 20)
D2 = datetime.date(2026, 7, 15)


@dataclass
class World:
    plan: object
    groups: list
    tasks: dict
    clusters: dict
    targets: dict


@pytest.fixture
def world(hanoi_clock, coordinator, officer, agency, other_agency):
    plan = PlanFactory()
    first = TaskGroupFactory(plan=plan, number=1, name="Hoàn thiện thể chế")
    second = TaskGroupFactory(plan=plan, number=2, name="Đầu tư hạ tầng")

    def task(code, group, lead, due, **values):
        values.setdefault("status", Task.Status.IN_PROGRESS)
        return TaskFactory(code=code, group=group, lead_agency=lead, due_date=due, **values)

    tasks = {
        "late": task("KH-1", first, agency, datetime.date(2026, 6, 10), title="Ban hành quy chế phối hợp"),
        "to_extend": task("KH-2", first, agency, datetime.date(2026, 6, 15), title="Rà soát quy hoạch chi tiết"),
        "soon": task("KH-3", second, other_agency, datetime.date(2026, 6, 25), title="Thẩm định dự án hạ tầng"),
        "to_complete": task("KH-4", second, agency, datetime.date(2026, 7, 10), title="Nghiệm thu hạ tầng"),
        "later": task("KH-5", second, other_agency, datetime.date(2026, 9, 30), title="Lập báo cáo năm"),
        "done": task(
            "KH-6",
            first,
            other_agency,
            datetime.date(2026, 5, 31),
            title="Công bố danh mục cụm",
            status=Task.Status.DONE,
            completed_on=datetime.date(2026, 5, 20),
            progress_percent=100,
        ),
    }
    ProgressReportFactory(
        task=tasks["late"], author=officer, reported_on=datetime.date(2026, 6, 18), text="Chờ góp ý của Sở Tư pháp"
    )
    clusters = {
        "building": ClusterFactory(
            code="CCN-A",
            name="CCN Phú Nghĩa mở rộng",
            construction_started_on=datetime.date(2025, 3, 1),
        ),
        "half_full": ClusterFactory(
            code="CCN-B",
            name="CCN Ngọc Hòa",
            operating_since=datetime.date(2021, 1, 1),
            industrial_land_ha=10,
            leased_land_ha=5,
        ),
    }
    for cluster in clusters.values():
        ClusterDecisionFactory(cluster=cluster, date=datetime.date(2020, 5, 1))
    # The half-year 2026 figures (their window closed on 14/06, before the 20/06 of the world): half full.
    ClusterReportFactory(cluster=clusters["half_full"], tenant_projects=12, workers=800, leased_land_ha=5)
    targets = {
        "infrastructure": TargetFactory(plan=plan, order=1, description="Hoàn thành hạ tầng 26 cụm", target_min=26),
        "filled": TargetFactory(
            plan=plan, order=2, description="Lấp đầy 6 cụm", measure=Target.Measure.FILLED, target_min=6
        ),
    }
    return World(plan=plan, groups=[first, second], tasks=tasks, clusters=clusters, targets=targets)
