"""A report as of a past day shows what the dashboard showed that day: its figures come from history, with the
deadline statuses judged on the cut-off date, whatever changed since."""

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
        + [_decimal(context["register"]["occupancy"])],
    }


def report_figures(figures):
    def counts(item):
        return (item["counts"], item["total"])

    return {
        "totals": counts(figures["totals"]),
        "groups": {group["id"]: counts(group) for group in figures["groups"]},
        "agencies": {agency["id"]: counts(agency) for agency in figures["agencies"]},
        "targets": {target["id"]: _decimal(target["value"]) for target in figures["targets"]},
        "register": [_decimal(line["value"]) for line in figures["register"][:-1]],
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
        status=building.Status.OPERATING,
        infrastructure_completed_on=datetime.date(2026, 7, 10),
    )
    cluster_services.cluster_update(
        actor=coordinator, cluster=world.clusters["half_full"], reason="Lấp đầy", leased_land_ha=Decimal("10")
    )
    cluster_services.cluster_report_save(
        actor=coordinator,
        cluster=world.clusters["half_full"],
        year=2026,
        period="half_year",
        tenant_projects=20,
        workers=1500,
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


def test_a_target_is_measured_on_its_cluster_list_as_it_was_on_the_cut_off(world, coordinator, hanoi_clock):
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

    assert value(D1, "1/BC") == "0"  # on 20/06 the list held only the cluster still under construction
    assert value(D2, "2/BC") == "1"
