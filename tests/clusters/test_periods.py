"""The Circular 14 periods have one home (``clusters.periods``): the register's periodic figures and the reporting
cycle name the same kinds and read the same data windows, in Python and in SQL."""

import datetime

import pytest

from clusters import periods
from clusters.models import ClusterReport
from reporting.models import ReportingPeriod
from tests.factories import ClusterReportFactory


def test_the_register_and_the_reporting_cycle_share_one_period_kind():
    assert ClusterReport.PeriodKind is ReportingPeriod.Kind is periods.PeriodKind
    assert periods.PeriodKind.values == ["half_year", "annual"]  # stored values: never to change


@pytest.mark.parametrize(
    ("kind", "window", "label"),
    [
        ("half_year", (datetime.date(2025, 12, 15), datetime.date(2026, 6, 14)), "15/12/2025 – 14/06/2026"),
        ("annual", (datetime.date(2025, 12, 15), datetime.date(2026, 12, 14)), "15/12/2025 – 14/12/2026"),
    ],
)
def test_a_periods_data_window_is_the_same_for_the_register_and_the_reporting_cycle(kind, window, label):
    period = ReportingPeriod(year=2026, kind=kind)
    assert (period.data_start, period.data_end) == window
    assert period.window_label == ClusterReport(year=2026, period=kind).period_label == label


def test_the_half_year_period_comes_before_the_annual_one_and_after_last_years():
    half, annual = ReportingPeriod(year=2026, kind="half_year"), ReportingPeriod(year=2026, kind="annual")
    assert ReportingPeriod(year=2025, kind="annual").chronological < half.chronological < annual.chronological


@pytest.mark.django_db
def test_the_sql_window_end_agrees_with_the_python_one():
    for kind in periods.PeriodKind:
        ClusterReportFactory(year=2026, period=kind)
    closes = dict(ClusterReport.objects.annotate(closes=periods.window_end_number()).values_list("period", "closes"))
    for kind, number in closes.items():
        assert number == int(f"{periods.data_window(2026, kind)[1]:%Y%m%d}")
    assert len(closes) == 2
