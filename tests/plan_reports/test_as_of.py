"""A report as of a past day shows what the dashboard showed that day: the tasks' figures come from their history,
with the deadline statuses judged on the cut-off date; the register's figures and the targets from the register as
of the cut-off (clusters.register), every fact on its effective date, so a fact dated after the cut-off never shows
and a figure typed later for a period that closed before the cut-off does."""

import datetime
from decimal import Decimal

from clusters import services as cluster_services
from plan_reports.services import plan_report_issue
from tasks import services as task_services
from tasks.models import ExtensionRequest, Task
from tests.factories import TaskFactory

from .conftest import D1, D2


def _decimal(value):
    return None if value is None else Decimal(str(value))


def dashboard_figures(client):
    """What the dashboard shows a coordinator: counts by status overall, per group, per lead agency; the targets;
    the register's figures."""
    response = client.get("/")
    assert response.status_code == 200, response
    context = response.context
    counts = context["counts"]
    return {
        "totals": ({s.value: n for s, n in counts.counts.items()}, counts.total),
        "groups": {
            group.pk: ({s.value: n for s, n in c.counts.items()}, c.total) for group, c in context["group_rows"]
        },
        "agencies": {
            agency.pk: ({s.value: n for s, n in c.counts.items()}, c.total) for agency, c in context["agency_rows"]
        },
        "targets": {row.target.pk: _decimal(row.progress.current) for row in context["targets"]},
        "register": [_decimal(row["register"]) for row in context["comparison"]]
        + [_decimal(context["register"][key]) for key in REGISTER_KEYS],
    }


# The report's register lines after the comparison with the city's figures, and the dashboard's figure of each.
REGISTER_KEYS = ["total", "established", "occupancy", "wastewater_built", "wastewater_compliant"]


def report_figures(figures):
    def counts(item):
        return (item["counts"], item["total"])

    return {
        "totals": counts(figures["totals"]),
        "groups": {group["id"]: counts(group) for group in figures["groups"]},
        "agencies": {agency["id"]: counts(agency) for agency in figures["agencies"]},
        "targets": {target["id"]: _decimal(target["value"]) for target in figures["targets"]},
        "register": [_decimal(line["value"]) for line in figures["register"]],
    }


def change_everything(world, coordinator, second_coordinator, officer, hanoi_clock):
    """On 15/07: a deadline extended, a task completed, a cluster's infrastructure completed, a cluster filled, a
    cluster's report updated."""
    hanoi_clock.move_to(D2)
    tasks = world.tasks
    request = task_services.extension_request_create(
        actor=officer,
        task=tasks["to_extend"],
        proposed_due_date=datetime.date(2026, 8, 31),
        reason="Chờ quy hoạch phân khu",
    )
    task_services.extension_request_approve(actor=coordinator, extension_request=request, decision_note="Đồng ý")
    task_services.task_report_completion(
        actor=officer,
        task=tasks["to_complete"],
        completed_on=datetime.date(2026, 7, 14),
        evidence="Biên bản nghiệm thu",
    )
    task_services.task_accept_completion(actor=coordinator, task=tasks["to_complete"])
    building = world.clusters["building"]
    cluster_services.cluster_update(
        actor=coordinator,
        cluster=building,
        reason="Hoàn thành hạ tầng",
        infrastructure_completed_on=datetime.date(2026, 7, 10),
        operating_since=datetime.date(2026, 7, 12),
    )
    cluster_services.cluster_decision_create(
        actor=coordinator,
        cluster=world.clusters["half_full"],
        reason="Mở rộng cụm",
        kind="expand",
        number="77/QĐ-UBND",
        date=datetime.date(2026, 7, 1),
    )


def test_a_report_as_of_a_past_day_equals_what_the_dashboard_showed_that_day(
    world, client_for, coordinator, second_coordinator, officer, hanoi_clock
):
    client = client_for(coordinator)
    on_d1 = dashboard_figures(client)
    assert on_d1["totals"][0]["overdue"] == 2  # KH-1 and KH-2 on 20/06
    assert on_d1["targets"][world.targets["infrastructure"].pk] == 0

    change_everything(world, coordinator, second_coordinator, officer, hanoi_clock)
    now = dashboard_figures(client_for(coordinator))  # a new session: the first one idled out
    assert now != on_d1  # the data did move

    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="01/BC-SCT", issued_on=D2, signer="Nguyễn Văn A"
    )
    assert report_figures(report.figures) == on_d1
    assert [task["code"] for task in report.figures["overdue"]] == ["KH-1", "KH-2"]
    assert report.figures["overdue"][0]["latest_report"] == "Chờ góp ý của Sở Tư pháp"
    assert report.figures["extended"] == []  # the extension was approved after 20/06


def test_a_reports_counts_and_overdue_tasks_equal_the_dashboards_on_the_same_day(
    world, client_for, coordinator, agency
):
    # Reported done after its deadline and awaiting acceptance: overdue on the dashboard, so in the report too.
    TaskFactory(
        code="KH-7",
        group=world.groups[0],
        lead_agency=agency,
        due_date=datetime.date(2026, 6, 1),
        status=Task.Status.AWAITING_ACCEPTANCE,
        completed_on=datetime.date(2026, 6, 19),
    )
    response = client_for(coordinator).get("/")
    on_the_dashboard = [(task.code, task.days_overdue) for task in response.context["overdue"]]
    assert on_the_dashboard == [("KH-7", 19), ("KH-1", 10), ("KH-2", 5)]

    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="03/BC-SCT", issued_on=D1, signer="Nguyễn Văn A"
    )
    assert report_figures(report.figures) == dashboard_figures(client_for(coordinator))
    assert [(task["code"], task["days_overdue"]) for task in report.figures["overdue"]] == on_the_dashboard


def test_a_report_as_of_today_shows_today(world, client_for, coordinator, second_coordinator, officer, hanoi_clock):
    client = client_for(coordinator)
    on_d1 = dashboard_figures(client)
    change_everything(world, coordinator, second_coordinator, officer, hanoi_clock)
    now = dashboard_figures(client_for(coordinator))  # a new session: the first one idled out

    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D2, number="02/BC-SCT", issued_on=D2, signer="Nguyễn Văn A"
    )
    assert report_figures(report.figures) == now != on_d1
    assert report.figures["targets"][0]["value"] == "1"  # the infrastructure completed on 10/07
    [extended] = report.figures["extended"]
    assert (extended["code"], extended["previous_due_date"], extended["due_date"], extended["reason"]) == (
        "KH-2",
        "2026-06-15",
        "2026-08-31",
        "Chờ quy hoạch phân khu",
    )
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.APPROVED


def test_a_figure_typed_after_the_cut_off_for_a_period_closed_before_it_counts_at_its_period(
    world, client_for, coordinator, hanoi_clock
):
    """On 15/07 the half-year 2026 figures (window closed 14/06) are corrected to full: a report as of 20/06 made
    afterwards counts the cluster filled on 14/06, though the dashboard of 20/06 could not know it yet."""
    filled = world.targets["filled"]
    assert dashboard_figures(client_for(coordinator))["targets"][filled.pk] == 0

    hanoi_clock.move_to(D2)
    cluster_services.cluster_report_save(
        actor=coordinator,
        cluster=world.clusters["half_full"],
        year=2026,
        period="half_year",
        reason="Số liệu 6 tháng được chủ đầu tư sửa",
        leased_land_ha=Decimal("10"),
    )
    report = plan_report_issue(actor=coordinator, plan=world.plan, cut_off=D1, number="4/BC", issued_on=D2, signer="A")

    assert next(t["value"] for t in report.figures["targets"] if t["id"] == filled.pk) == "1"
    occupancy = next(line for line in report.figures["register"] if line["unit"] == "%")
    assert occupancy == {
        "label": "Tỷ lệ lấp đầy bình quân (theo diện tích) của các cụm đã hoạt động",
        "value": "100.00",
        "unit": "%",
    }
    # Before the period's window closed, the figures were not in force: a report as of 13/06 counts nothing.
    early = plan_report_issue(
        actor=coordinator,
        plan=world.plan,
        cut_off=datetime.date(2026, 6, 13),
        number="5/BC",
        issued_on=D2,
        signer="A",
    )
    assert next(t["value"] for t in early.figures["targets"] if t["id"] == filled.pk) == "0"


def test_a_target_is_measured_on_its_cluster_list_as_it_stands(world, coordinator, hanoi_clock):
    """A target's list names the clusters the plan means (the 26, the 6): like a cluster's type it has no date, so
    a report as of any cut-off measures the list as it stands, and the facts of the register as of the cut-off."""
    from core.audit import record_save

    half_full, building = world.clusters["half_full"], world.clusters["building"]
    cluster_services.cluster_update(
        actor=coordinator, cluster=half_full, reason="Ghi ngày", infrastructure_completed_on=datetime.date(2026, 3, 1)
    )
    target = world.targets["infrastructure"]
    record_save(target, actor=coordinator, reason="Danh sách 26 cụm", m2m={"clusters": [building]})

    hanoi_clock.move_to(D2)
    record_save(target, actor=coordinator, reason="Bổ sung danh sách", m2m={"clusters": [building, half_full]})

    def value(cut_off, number):
        report = plan_report_issue(
            actor=coordinator, plan=world.plan, cut_off=cut_off, number=number, issued_on=D2, signer="A"
        )
        return next(t["value"] for t in report.figures["targets"] if t["id"] == target.pk)

    assert value(datetime.date(2026, 2, 28), "1/BC") == "0"  # before the acceptance of 01/03
    assert value(D1, "2/BC") == "1"  # the listed cluster completed on 01/03


def test_the_dashboard_the_targets_the_report_and_the_register_agree_on_the_same_day(
    world, client_for, coordinator, hanoi_clock
):
    """On one day, every surface reads the one register (clusters.register.as_of): the dashboard's register figures
    and targets, each target's page and the API, and a plan report with that day as its cut-off."""
    from django.urls import reverse

    from clusters import register
    from clusters.selectors import register_figures
    from tasks import targets

    cluster_services.cluster_update(
        actor=coordinator,
        cluster=world.clusters["building"],
        reason="Nghiệm thu hạ tầng",
        infrastructure_completed_on=datetime.date(2026, 5, 20),
    )
    on_the_day = register.as_of(D1)
    occupancy, counted = on_the_day.occupancy()
    assert (occupancy, [state.code for state in counted]) == (Decimal("50.00"), ["CCN-B"])
    expected_targets = {t.pk: targets.progress(t, on_the_day).current for t in world.plan.targets.all()}
    assert expected_targets == {world.targets["infrastructure"].pk: 1, world.targets["filled"].pk: 0}

    client = client_for(coordinator)
    response = client.get("/")
    shown = response.context["register"]
    assert shown == register_figures(on_the_day)
    assert shown["occupancy"] == occupancy
    assert {row.target.pk: row.progress.current for row in response.context["targets"]} == expected_targets
    for pk, value in expected_targets.items():
        page = client.get(reverse("tasks:target_detail", args=[pk]))
        assert page.context["progress"].current == value == len(page.context["counted"])
    api = {item["id"]: item for item in client.get("/api/v1/targets/").json()["results"]}
    assert {pk: Decimal(api[pk]["progress"]["current"]) for pk in expected_targets} == expected_targets
    assert api[world.targets["infrastructure"].pk]["counted_clusters"] == [world.clusters["building"].pk]

    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="6/BC", issued_on=D1, signer="Nguyễn Văn A"
    )
    assert report_figures(report.figures) == dashboard_figures(client)
    assert {t["id"]: Decimal(t["value"]) for t in report.figures["targets"]} == expected_targets
    lines = {line["label"]: line["value"] for line in report.figures["register"]}
    assert lines["Tỷ lệ lấp đầy bình quân (theo diện tích) của các cụm đã hoạt động"] == str(occupancy)
    assert lines["Cụm trong sổ đăng ký"] == len(on_the_day.in_register) == 2
    assert lines["Cụm đã thành lập"] == len(on_the_day.where("established")) == 2
    assert lines["Cụm công nghiệp đang hoạt động"] == len(on_the_day.where("operating")) == 1
