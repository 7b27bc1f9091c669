"""tasks.targets measures each target from the register as of a day (clusters.register): every fact counts on its
effective date — a decision's, an acceptance record's, the close of a periodic figure's data window — never on the
day it was typed, and a past day never reads today's state."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters import register
from clusters.models import Cluster, ClusterDecision, ClusterReport
from tasks import targets
from tasks.models import Target
from tests.factories import ClusterDecisionFactory, ClusterFactory, ClusterReportFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db
Measure, Kind = Target.Measure, ClusterDecision.Kind
HALF, ANNUAL = ClusterReport.PeriodKind.HALF_YEAR, ClusterReport.PeriodKind.ANNUAL
END_OF_YEAR = datetime.date(2026, 12, 31)


@pytest.fixture
def plan():
    return PlanFactory()  # period 01/01/2026 – 31/12/2026


def on(day, clusters=None):
    """The register at the end of ``day``."""
    return register.as_of(day, clusters=clusters)


def established(day=datetime.date(2020, 5, 1), **fields):
    """A cluster with its establishment decision of ``day``."""
    cluster = ClusterFactory(**fields)
    ClusterDecisionFactory(cluster=cluster, date=day)
    return cluster


def counted(target, day=END_OF_YEAR):
    return {row.pk: row.counted_on for row in targets.measure(target, on(day)).counted}


def reasons(target, day=END_OF_YEAR):
    return {row.pk: row.reason for row in targets.measure(target, on(day)).pending}


def test_infrastructure_completed_counts_the_listed_clusters_completed_in_the_window(plan):
    in_window = established(infrastructure_completed_on=datetime.date(2026, 3, 1))
    before_window = established(infrastructure_completed_on=datetime.date(2025, 11, 30))
    operating_only = established(operating_since=datetime.date(2024, 1, 1))  # operating is not completion
    established(infrastructure_completed_on=datetime.date(2026, 5, 1))  # not on the list
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)
    target.clusters.set([in_window, before_window, operating_only])

    assert targets.progress(target, on(END_OF_YEAR)).current == 1
    assert counted(target) == {in_window.pk: datetime.date(2026, 3, 1)}
    assert reasons(target) == {
        before_window.pk: "Hoàn thành hạ tầng ngày 30/11/2025, ngoài kỳ tính.",
        operating_only.pk: "Chưa hoàn thành hạ tầng.",
    }


def test_a_completion_counts_from_its_acceptance_date_not_before(plan):
    """Typed today with a date of 10/09/2026: the register as of 31/08 does not know it, as of 30/09 it does."""
    cluster = established(infrastructure_completed_on=datetime.date(2026, 9, 10))
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED)

    assert counted(target, datetime.date(2026, 8, 31)) == {}
    assert reasons(target, datetime.date(2026, 8, 31)) == {cluster.pk: "Chưa hoàn thành hạ tầng."}
    assert counted(target, datetime.date(2026, 9, 30)) == {cluster.pk: datetime.date(2026, 9, 10)}


def test_a_target_without_a_list_counts_the_clusters_in_the_register_that_day(plan):
    established(infrastructure_completed_on=datetime.date(2026, 1, 1))
    established(infrastructure_completed_on=datetime.date(2026, 12, 31))
    removed = established(infrastructure_completed_on=datetime.date(2026, 2, 1))
    ClusterDecisionFactory(cluster=removed, kind=Kind.REMOVE, date=datetime.date(2026, 4, 1))
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)

    progress = targets.progress(target, on(END_OF_YEAR))

    assert progress.current == 2 and progress.achieved
    # Before its removal, the third cluster was in the register and counted.
    assert targets.progress(target, on(datetime.date(2026, 3, 31))).current == 2


def test_a_targets_own_window_replaces_the_plan_year(plan):
    established(infrastructure_completed_on=datetime.date(2026, 3, 1))
    late = established(infrastructure_completed_on=datetime.date(2026, 9, 1))
    target = TargetFactory(
        plan=plan,
        measure=Measure.INFRASTRUCTURE_COMPLETED,
        window_start=datetime.date(2026, 7, 1),
        window_end=datetime.date(2026, 12, 31),
    )

    assert counted(target) == {late.pk: datetime.date(2026, 9, 1)}


def operating(**fields):
    return established(operating_since=datetime.date(2022, 1, 1), industrial_land_ha=10, **fields)


def figures(cluster, year, period, leased, committed=None):
    return ClusterReportFactory(
        cluster=cluster, year=year, period=period, leased_land_ha=leased, committed_land_ha=committed
    )


def test_filled_counts_the_first_periodic_figure_of_the_window_at_the_threshold_on_its_periods_close(plan):
    full_since_2025 = operating()
    figures(full_since_2025, 2025, ANNUAL, 10)
    filling = operating()
    figures(filling, 2025, ANNUAL, 4)
    figures(filling, 2026, HALF, 10)
    committed = operating()
    figures(committed, 2026, HALF, 4, committed=6)
    half = operating()
    figures(half, 2026, HALF, 5)
    target = TargetFactory(plan=plan, measure=Measure.FILLED, target_min=6)

    assert counted(target) == {filling.pk: datetime.date(2026, 6, 14), committed.pk: datetime.date(2026, 6, 14)}
    assert reasons(target) == {
        full_since_2025.pk: "Đã lấp đầy trước kỳ tính (số liệu năm 2025: 100%).",
        half.pk: "Tỷ lệ lấp đầy 50% (số liệu 6 tháng năm 2026) chưa đạt ngưỡng 100%.",
    }
    target.fill_threshold_pct = Decimal("40")
    assert set(counted(target)) == {committed.pk, half.pk}  # the other two were at 40% or more before the window


def test_a_figure_typed_later_for_an_earlier_period_counts_at_its_periods_close(plan, coordinator, hanoi_clock):
    """The half-year 2026 figures, typed on 20/09/2026, fill the cluster from 14/06/2026 (their window's close):
    a report as of 30/06 made after the typing counts it; the typing date counts for nothing."""
    from clusters import services

    cluster = operating()
    target = TargetFactory(plan=plan, measure=Measure.FILLED, target_min=6)
    hanoi_clock.move_to(datetime.date(2026, 9, 20))
    services.cluster_report_save(
        actor=coordinator, cluster=cluster, reason="Số liệu 6 tháng gửi muộn", year=2026, period=HALF, leased_land_ha=10
    )

    assert counted(target, datetime.date(2026, 6, 30)) == {cluster.pk: datetime.date(2026, 6, 14)}
    assert counted(target, datetime.date(2026, 6, 13)) == {}  # the period's window had not closed yet


def test_filled_says_when_the_industrial_land_or_the_figures_are_missing(plan):
    no_land = established(operating_since=datetime.date(2022, 1, 1), industrial_land_ha=None)
    no_figures = operating()
    target = TargetFactory(plan=plan, measure=Measure.FILLED, target_min=6)

    assert reasons(target) == {
        no_land.pk: "Chưa rõ diện tích đất công nghiệp.",
        no_figures.pk: "Chưa có số liệu định kỳ về đất của kỳ báo cáo khép lại trong kỳ tính.",
    }


def test_new_clusters_count_an_establishment_or_an_expansion_decided_in_the_window(plan):
    first = established(datetime.date(2026, 2, 1))
    last = established(datetime.date(2026, 12, 31))
    established(datetime.date(2025, 12, 31))
    expanded = established(datetime.date(2020, 5, 1))
    ClusterDecisionFactory(cluster=expanded, kind=Kind.EXPAND, date=datetime.date(2026, 6, 1))
    adjusted = established(datetime.date(2020, 5, 1))
    ClusterDecisionFactory(cluster=adjusted, kind=Kind.ADJUST, date=datetime.date(2026, 6, 1))
    target = TargetFactory(plan=plan, measure=Measure.NEWLY_ESTABLISHED, target_min=5, target_max=10)

    progress = targets.progress(target, on(END_OF_YEAR))

    assert progress.current == 3 and progress.target_max == 10
    assert counted(target) == {
        first.pk: datetime.date(2026, 2, 1),
        expanded.pk: datetime.date(2026, 6, 1),
        last.pk: datetime.date(2026, 12, 31),
    }
    assert reasons(target)[adjusted.pk] == "Không có quyết định thành lập hoặc mở rộng trong kỳ tính."
    # As of 31/05 the expansion had not been decided yet.
    assert set(counted(target, datetime.date(2026, 5, 31))) == {first.pk}


def plant(day=datetime.date(2026, 3, 1), compliant_since=None, **fields):
    """A cluster established on ``day`` whose plant was built in 2026, compliant from ``compliant_since``."""
    return established(
        day,
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_built_on=datetime.date(2026, 4, 1),
        wastewater_compliant=compliant_since is not None,
        wastewater_compliant_since=compliant_since,
        **fields,
    )


def test_the_wastewater_share_is_of_the_clusters_established_in_the_window(plan, client_for, viewer):
    compliant = plant(compliant_since=datetime.date(2026, 8, 1))
    plant()
    plant(day=datetime.date(2024, 1, 1), compliant_since=datetime.date(2024, 6, 1))  # not new in the window
    expanded = plant(day=datetime.date(2019, 1, 1), compliant_since=datetime.date(2026, 5, 1))
    ClusterDecisionFactory(cluster=expanded, kind=Kind.EXPAND, date=datetime.date(2026, 6, 1))  # not "xây dựng mới"
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    assert targets.progress(target, on(END_OF_YEAR)).current == Decimal("50.0")
    assert counted(target) == {compliant.pk: datetime.date(2026, 8, 1)}
    assert targets.progress(target, on(datetime.date(2026, 7, 31))).current == Decimal("0.0")
    # The target's page says what a new cluster is, in the plan's words.
    from django.urls import reverse

    page = client_for(viewer).get(reverse("tasks:target_detail", args=[target.pk])).content.decode()
    assert "Cụm xây dựng mới: cụm có quyết định thành lập trong kỳ tính." in page


def test_the_wastewater_share_has_no_data_when_no_cluster_was_established(plan):
    plant(day=datetime.date(2019, 1, 1), compliant_since=datetime.date(2026, 2, 1))
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    progress = targets.progress(target, on(END_OF_YEAR))

    assert progress.current is None
    assert not progress.achieved and progress.percent == 0
    assert "chưa có dữ liệu" in str(progress)


def test_wastewater_handed_over_counts_plants_handed_over_in_the_window(plan):
    handed = plant(day=datetime.date(2019, 1, 1), wastewater_handed_over_on=datetime.date(2026, 4, 1))
    earlier = plant(day=datetime.date(2019, 1, 1), wastewater_handed_over_on=datetime.date(2025, 4, 1))
    waiting = plant(day=datetime.date(2019, 1, 1))
    target = TargetFactory(plan=plan, measure=Measure.WASTEWATER_HANDED_OVER, target_min=11)

    assert targets.progress(target, on(END_OF_YEAR)).current == 1
    assert counted(target) == {handed.pk: datetime.date(2026, 4, 1)}
    assert reasons(target) == {
        earlier.pk: "Bàn giao ngày 01/04/2025, ngoài kỳ tính.",
        waiting.pk: "Chưa bàn giao trạm xử lý nước thải.",
    }


def test_the_course_by_month_accumulates_the_counted_dates(plan):
    target = TargetFactory(plan=plan)
    points = targets.course(target, [datetime.date(2026, 2, 3), datetime.date(2026, 2, 28), datetime.date(2026, 7, 1)])

    assert [p["count"] for p in points] == [0, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]
    assert points[0]["label"] == "01/2026"


def test_a_manual_target_reports_the_value_entered_by_hand(plan):
    target = TargetFactory(plan=plan, measure=Measure.MANUAL, target_min=10, manual_value=Decimal("12"))

    progress = targets.progress(target)

    assert progress.current == 12
    assert progress.percent == 100  # capped
    assert progress.achieved


def test_a_manual_target_needs_a_value():
    target = TargetFactory.build(plan=PlanFactory(), measure=Measure.MANUAL, target_min=10, manual_value=None)

    with pytest.raises(ValidationError, match="Chỉ tiêu nhập tay cần có giá trị hiện tại."):
        target.full_clean()
