"""The dashboard: targets, deadline figures by group and agency, due and overdue lists, the register, each
figure linking to the list behind it, all counted by the database."""

import datetime
import html
import html.parser
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.models import Cluster, ClusterDecision
from tasks import figures as dashboard
from tasks.models import DeadlineStatus, Target, Task
from tests.factories import (
    ClusterDecisionFactory,
    ClusterFactory,
    ClusterReportFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
)
from tests.helpers import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_tasks(group, agency, other_agency):
    second = TaskGroupFactory(plan=group.plan, number=2, name="Quản lý, vận hành hiệu quả các cụm")
    made = [
        TaskFactory(group=group, code="T-1", lead_agency=agency, due_date=days(-10), title="Quá hạn lâu"),
        TaskFactory(group=group, code="T-2", lead_agency=agency, due_date=days(-2), title="Quá hạn ít"),
        TaskFactory(group=group, code="T-3", lead_agency=other_agency, due_date=days(3), title="Sắp đến hạn"),
        TaskFactory(group=second, code="T-4", lead_agency=other_agency, due_date=days(60)),
        TaskFactory(group=second, code="T-5", lead_agency=agency, due_date=None, original_due_date=None),
        TaskFactory(
            group=second,
            code="T-6",
            lead_agency=other_agency,
            due_date=days(-20),
            status=Task.Status.DONE,
            completed_on=days(-25),
        ),
        TaskFactory(group=second, code="T-7", lead_agency=agency, due_date=days(-3), status=Task.Status.CANCELLED),
    ]
    return made


def get(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def test_counts_by_deadline_status_leave_out_cancelled_tasks(client_for, viewer, plan_tasks):
    counts = get(client_for(viewer)).context["counts"]
    assert counts.total == 6
    assert counts.counts[DeadlineStatus.OVERDUE] == 2
    assert counts.counts[DeadlineStatus.DUE_SOON] == 1
    assert counts.counts[DeadlineStatus.NO_DEADLINE] == 1
    assert counts.counts[DeadlineStatus.DONE_ON_TIME] == 1
    assert counts.overdue_share == Decimal("33.3")


def test_each_figure_links_to_the_filtered_list_behind_it(client_for, viewer, plan_tasks, group):
    page = get(client_for(viewer)).content.decode()
    plan = group.plan.pk
    assert f'href="/tasks/?plan={plan}&amp;deadline_status=overdue"' in page
    assert f'href="/tasks/?plan={plan}&amp;group={group.pk}&amp;deadline_status=overdue"' in page
    list_page = client_for(viewer).get(f"/tasks/?plan={plan}&deadline_status=overdue").context["tasks"]
    assert {t.code for t in list_page} == {"T-1", "T-2"}


def test_the_share_overdue_is_the_headline(client_for, viewer, plan_tasks):
    page = get(client_for(viewer)).content.decode()
    assert "33,3%" in page


def test_overdue_tasks_are_listed_oldest_first_and_due_soon_ones_by_date(client_for, viewer, plan_tasks):
    context = get(client_for(viewer)).context
    assert [t.code for t in context["overdue"]] == ["T-1", "T-2"]
    assert [t.code for t in context["due_soon"]] == ["T-3"]
    assert "Quá 10 ngày" in get(client_for(viewer)).content.decode()


def test_groups_and_lead_agencies_are_tabled_by_deadline_status(client_for, viewer, plan_tasks, agency):
    context = get(client_for(viewer)).context
    first_group = context["group_rows"][0][1]
    assert (first_group.total, first_group.counts[DeadlineStatus.OVERDUE]) == (3, 2)
    rows = dict(context["agency_rows"])
    assert rows[agency].counts[DeadlineStatus.OVERDUE] == 2
    assert context["agency_rows"][0][0] == agency, "the agency with the most overdue tasks comes first"


def test_on_time_rate_counts_done_on_time_over_tasks_that_came_due(client_for, viewer, plan_tasks, other_agency):
    rows = dict(get(client_for(viewer)).context["agency_rows"])
    assert rows[other_agency].on_time_rate == Decimal("100.0")  # one done on time, none overdue
    assert get(client_for(viewer)).context["counts"].on_time_rate == Decimal("33.3")  # 1 of 3 that came due


def test_targets_show_their_progress_as_a_fraction(client_for, viewer, group):
    TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)
    for n in range(3):
        ClusterFactory(
            code=f"OP-{n}", status=Cluster.Status.OPERATING, infrastructure_completed_on=datetime.date(2026, 3, n + 1)
        )
    page = get(client_for(viewer)).content.decode()
    assert "3/26 cụm" in page
    assert "Đạt 11,5% mức tối thiểu" in page


def test_a_plan_that_states_no_figures_leaves_the_plan_column_empty(client_for, viewer, group):
    group.plan.register_figures = {"clusters_2030": 12}
    group.plan.save()

    response = get(client_for(viewer))

    by_label = {str(row["label"]): row for row in response.context["comparison"]}
    assert by_label["Định hướng đến năm 2030: số cụm"]["city"] == 12
    assert by_label["Lao động"]["city"] is None and ">80.000<" not in response.content.decode()


def test_register_figures_sit_beside_the_plans_own_figures_from_the_plan(client_for, viewer, group):
    operating = ClusterFactory(code="OP-1", total_area_ha=Decimal("1686.5"), operating_since=datetime.date(2020, 1, 1))
    ClusterReportFactory(cluster=operating, year=2025, period="annual", workers=1200, tenant_projects=40)
    response = get(client_for(viewer))
    page = response.content.decode()
    assert "1.686,5" in page
    assert ">1.686<" in page and ">80.000<" in page and ">5.824<" in page
    register = response.context["register"]
    assert (register["operating"], register["operating_area"]) == (1, Decimal("1686.5"))
    assert "Tỷ lệ lấp đầy bình quân (theo diện tích) của các cụm đã hoạt động" in page
    assert (register["workers"], register["tenants"]) == (1200, 40)


def test_the_register_counts_by_dated_facts_not_by_the_stage_stored_at_the_last_write(client_for, viewer, group):
    """A cluster whose first tenant started on a date still to come is not yet operating, whatever was written."""
    from tests.helpers import days

    ClusterFactory(code="SOON", status=Cluster.Status.OPERATING, operating_since=days(10))
    register = get(client_for(viewer)).context["register"]
    assert register["operating"] == 0
    assert register["total"] == 1


def test_status_counts_are_one_aggregate_query(plan_tasks, django_assert_num_queries):
    with django_assert_num_queries(1):
        dashboard.status_counts(Task.objects.all())
    with django_assert_num_queries(1):
        dashboard.status_counts_by(Task.objects.all(), "lead_agency")


def test_a_dashboard_without_a_plan_says_so(client_for, viewer):
    page = get(client_for(viewer)).content.decode()
    assert "Chưa có kế hoạch nào" in page


class Links(html.parser.HTMLParser):
    """The dashboard's counted figures (``data-count``) and targets (``data-target-figure``) with their links;
    a list page's total (``data-total``), its rows (``data-row``) and a target page's counted rows."""

    def __init__(self):
        super().__init__()
        self.figures, self.targets, self.total, self.rows, self.counted = [], [], None, 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-count" in attrs:
            self.figures.append((int(attrs["data-count"]), attrs["href"]))
        if "data-target-figure" in attrs:
            figure = attrs["data-target-figure"]
            self.targets.append((Decimal(figure) if figure else None, attrs["href"]))
        if "data-total" in attrs:
            self.total = int(attrs["data-total"])
        self.rows += "data-row" in attrs
        self.counted += attrs.get("data-counted") == "true"


def parse(response):
    assert response.status_code == 200
    parser = Links()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def register_and_targets(group):
    """Clusters in every state the figures tell apart, from dated facts, and one target of each measure."""
    day = datetime.date(2020, 5, 1)
    Kind = ClusterDecision.Kind

    def cluster(index, *, decisions=(), industrial=None, **fields):
        made = ClusterFactory(code=f"C-{index}", total_area_ha=50, industrial_land_ha=industrial, **fields)
        for kind, date in decisions:
            ClusterDecisionFactory(cluster=made, kind=kind, date=date)
        return made

    full = cluster(
        0,
        decisions=[(Kind.ESTABLISH, day)],
        industrial=10,
        operating_since=datetime.date(2021, 1, 1),
        infrastructure_completed_on=datetime.date(2026, 2, 1),
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_built_on=datetime.date(2021, 6, 1),
        wastewater_compliant=True,
        wastewater_compliant_since=datetime.date(2022, 1, 1),
    )
    ClusterReportFactory(cluster=full, year=2026, leased_land_ha=10)
    quarter = cluster(1, decisions=[(Kind.ESTABLISH, day)], industrial=20, operating_since=datetime.date(2022, 1, 1))
    ClusterReportFactory(cluster=quarter, year=2026, leased_land_ha=5)
    cluster(
        2, decisions=[(Kind.ESTABLISH, datetime.date(2026, 3, 1))], construction_started_on=datetime.date(2026, 4, 1)
    )
    cluster(3, status=Cluster.Status.UNDER_APPRAISAL)
    cluster(4, decisions=[(Kind.ESTABLISH, day), (Kind.REVOKE, datetime.date(2025, 1, 1))], industrial=10)
    for measure in Target.Measure:
        target = TargetFactory(plan=group.plan, measure=measure, manual_value=Decimal(3), target_min=2)
        if measure == Target.Measure.INFRASTRUCTURE_COMPLETED:
            target.clusters.set([full])


def test_every_figure_on_the_dashboard_counts_the_rows_of_the_list_its_link_opens(
    plan_tasks, register_and_targets, client_for, coordinator, officer
):
    """The figure beside a link and the list behind it are one rule: the count shown is the list's length."""
    from tasks import services

    services.progress_report_create(actor=officer, task=plan_tasks[1], text="Đang làm", progress_percent=20)
    client = client_for(coordinator)
    dashboard_page = parse(client.get(reverse("dashboard")))
    assert len(dashboard_page.figures) > 30
    for figure, url in dashboard_page.figures:
        listed = parse(client.get(url))
        assert (listed.total or 0, listed.rows) == (figure, figure), url


def test_each_target_counts_the_clusters_its_page_lists(register_and_targets, client_for, viewer, group):
    client = client_for(viewer)
    targets = parse(client.get(reverse("dashboard"))).targets
    measured = [m for m in Target.Measure if m != Target.Measure.MANUAL]
    assert len(targets) == len(measured)  # a manual target has no list behind it
    for figure, url in targets:
        page = parse(client.get(url))
        target = page_target(url)
        if target.measure == Target.Measure.NEW_WASTEWATER_COMPLIANT_SHARE:
            share = Decimal(page.counted * 100 / page.rows).quantize(Decimal("0.1")) if page.rows else None
            assert share == figure, url
        else:
            assert page.counted == page.rows == page.total == figure, url


def page_target(url):
    return Target.objects.get(pk=int(url.strip("/").split("/")[-1]))


def test_a_coordinator_can_write_a_follow_up_letter_to_each_lead_agency_from_the_dashboard(
    plan_tasks, client_for, coordinator, viewer, agency
):
    letter_link = f"{reverse('notifications:letter_create')}?agency={agency.pk}"
    assert letter_link in client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert letter_link not in client_for(viewer).get(reverse("dashboard")).content.decode()


def test_each_lead_agency_shows_its_update_rate(client_for, coordinator, officer, group, agency):
    """Of SXD's two open tasks, one had progress reported this week: 50% updated, 1 not updated."""
    from tasks import services

    reported = TaskFactory(group=group, code="U-1", lead_agency=agency, due_date=days(30))
    TaskFactory(group=group, code="U-2", lead_agency=agency, due_date=days(30))
    services.progress_report_create(actor=officer, task=reported, text="Đang làm", progress_percent=20)

    rates = dashboard.status_tables(Task.objects.all(), ["lead_agency"], updates_by="lead_agency")[2]
    assert (rates[agency.pk].updated, rates[agency.pk].open, rates[agency.pk].rate) == (1, 2, Decimal("50.0"))
    page = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert "Tỷ lệ cập nhật" in page and "1 chưa cập nhật" in page


def test_cached_figures_change_after_a_task_write_and_show_their_time(client_for, viewer, plan_tasks, group, agency):
    client = client_for(viewer)
    before = get(client)
    assert before.context["counts"].total == 6
    assert "Số liệu lúc" in before.content.decode()
    assert get(client).context["counts"].total == 6  # from the cache
    TaskFactory(group=group, code="T-8", lead_agency=agency, due_date=days(-1))
    after = get(client).context["counts"]
    assert after.total == 7
    assert after.counts[DeadlineStatus.OVERDUE] == 3


def test_cached_target_figures_follow_a_write_to_the_register(client_for, viewer, coordinator, group):
    """The targets are measured over the register once per minute at most, but a write to the register (or to
    a target's list) shows on the next view."""
    from clusters import services as cluster_services
    from tasks import services as task_services

    target = TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)
    done = ClusterFactory(code="OP-1", infrastructure_completed_on=datetime.date(2026, 3, 1))
    later = ClusterFactory(code="OP-2")
    for cluster in (done, later):
        ClusterDecisionFactory(cluster=cluster, date=datetime.date(2020, 5, 1))
    client = client_for(viewer)
    assert "1/26 cụm" in get(client).content.decode()
    assert "1/26 cụm" in get(client).content.decode()  # from the cache
    cluster_services.cluster_update(
        actor=coordinator,
        cluster=later,
        reason="Nghiệm thu hạ tầng",
        infrastructure_completed_on=datetime.date(2026, 4, 1),
    )
    assert "2/26 cụm" in get(client).content.decode()
    task_services.target_clusters_set(actor=coordinator, target=target, clusters=[done], reason="Danh sách 26 cụm")
    assert "1/26 cụm" in get(client).content.decode()
