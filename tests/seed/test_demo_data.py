"""load_demo_data: clearly demo, about sixty tasks in every deadline status, four demo users, repeatable, and a
history that unfolds over the plan's life up to yesterday."""

import datetime
import shutil
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from agencies import scoping
from clusters import register
from clusters.models import Cluster, ClusterDecision, ClusterReport
from clusters.periods import data_window
from notifications.models import Notification
from reporting.models import Submission
from seed.cluster_register import sourced_rows
from seed.demo_clusters import Profile
from seed.demo_register import demo_clusters
from tasks.figures import status_tables
from tasks.models import DeadlineStatus, ExtensionRequest, ProgressReport, Target, Task, local_today
from tests.seed.conftest import run_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded today once per module (per xdist worker) inside a transaction that is never committed:
    each test reads it in a transaction of its own, rolled back after it."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with pytest.MonkeyPatch.context() as patch, override_settings(PASSWORD_HASHERS=fast_hasher):
        patch.setenv("DEMO_PASSWORD", "mật-khẩu-demo-2026")
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                yield run_command("load_demo_data")
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def test_demo_data_says_it_is_demo_and_loads_the_reference_data_first(demo):
    assert "DỮ LIỆU MẪU" in demo
    assert "Đã nạp dữ liệu tham chiếu" in demo


def test_demo_data_creates_about_sixty_tasks_across_the_five_groups(demo):
    tasks = Task.objects.filter(code__startswith="KH305-")

    assert tasks.count() == 60
    assert set(tasks.values_list("group__number", flat=True)) == {1, 2, 3, 4, 5}
    assert tasks.values("lead_agency").distinct().count() >= 6
    assert tasks.filter(supporting_agencies__isnull=False).exists()
    assert tasks.filter(clusters__isnull=False).exists()
    assert all(task.original_due_date == task.due_date for task in tasks.filter(extension_requests__isnull=True))


def test_demo_data_covers_every_deadline_status(demo):
    statuses = set(Task.objects.with_deadline_status().values_list("deadline_status", flat=True))

    assert statuses == {*DeadlineStatus.values, None}  # None: the cancelled ones
    assert Task.objects.filter(status=Task.Status.AWAITING_ACCEPTANCE).exists()
    assert ProgressReport.objects.exists()
    assert ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).count() in (1, 2)


def test_the_four_demo_users_have_their_roles_and_the_given_password(demo):
    users = get_user_model().objects.in_bulk(
        ["sct.dieuphoi", "sxd.canbo", "stc.canbo", "lanhdao.xem"], field_name="username"
    )

    assert {name: scoping.role_of(user) for name, user in users.items()} == {
        "sct.dieuphoi": "coordinator",
        "sxd.canbo": "officer",
        "stc.canbo": "officer",
        "lanhdao.xem": "viewer",
    }
    assert scoping.agency_of(users["sxd.canbo"]).code == "SXD"
    assert scoping.agency_of(users["lanhdao.xem"]).code == "SCT"
    assert scoping.can(users["sct.dieuphoi"], "admin.use")
    assert all(user.check_password("mật-khẩu-demo-2026") for user in users.values())


def test_the_demo_history_is_written_by_the_workflow_with_users_and_reasons(demo):
    task = Task.objects.filter(status=Task.Status.DONE).first()
    records = list(task.history.order_by("history_date"))

    assert records[0].history_user.username == "sct.dieuphoi"
    assert "DỮ LIỆU MẪU" in records[0].history_change_reason
    assert records[-1].status == Task.Status.DONE


def test_running_demo_data_again_changes_nothing(demo):
    counts = {model.__name__: model.objects.count() for model in apps.get_models()}

    output = run_command("load_demo_data")

    assert "bỏ qua" in output
    assert {model.__name__: model.objects.count() for model in apps.get_models()} == counts


# --- a believable past -------------------------------------------------------------------------------------


def test_the_demo_unfolds_over_the_plans_life_and_nothing_is_in_the_future(demo):
    now = timezone.now()
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    dates = [d for model in history if "history_date" in {f.name for f in model._meta.fields}
             for d in model.objects.values_list("history_date", flat=True)]  # fmt: skip
    assert max(dates) < now
    assert timezone.localdate(min(dates)) == datetime.date(2025, 11, 12)  # the plan's issue date
    assert (max(dates) - min(dates)).days > 180
    assert max(Notification.objects.values_list("created_at", flat=True)) < now
    # The bell shows the last days' news; what came before was read the day it came.
    unread = Notification.objects.filter(read_at__isnull=True).values_list("created_at", flat=True)
    assert unread and min(timezone.localdate(day) for day in unread) >= local_today() - datetime.timedelta(days=3)
    assert all(n.read_at < now for n in Notification.objects.exclude(read_at=None))

    # Every task is assigned on the plan's issue date or on its start date, and its timeline spans months.
    for task in Task.objects.all():
        assigned = task.history.earliest("history_date")
        assert timezone.localdate(assigned.history_date) in (datetime.date(2025, 11, 12), task.start_date)
        assert "DỮ LIỆU MẪU" in assigned.history_change_reason
    done = Task.objects.filter(status=Task.Status.DONE).first()
    assert (
        done.history.latest("history_date").history_date - done.history.earliest("history_date").history_date
    ).days > 60
    # Progress reports are recorded on their report dates; completions reported before they are accepted.
    assert all(timezone.localdate(r.created_at) == r.reported_on for r in ProgressReport.objects.all())
    assert all(t.completion_reported_at < t.accepted_at for t in Task.objects.filter(status=Task.Status.DONE))
    assert Task.history.filter(history_change_reason__startswith="Trả lại").exists()
    assert set(ExtensionRequest.objects.values_list("status", flat=True)) == set(ExtensionRequest.Status.values)
    for extension in ExtensionRequest.objects.all():
        assert extension.letter_number and extension.letter_date <= timezone.localdate(extension.requested_at)
        assert extension.decided_at is None or (extension.decided_at - extension.requested_at).days >= 3


def test_some_agencies_report_regularly_and_some_fell_silent(demo):
    rates = {
        code: rate.rate
        for code, rate in status_tables(Task.objects.all(), ["lead_agency__code"], updates_by="lead_agency__code")[
            2
        ].items()
    }

    assert rates["CATP"] == rates["UBND-10015"] == 0  # silent for over STALE_PROGRESS_DAYS
    assert rates["SXD"] >= 50 and rates["SCT"] >= 50
    assert ProgressReport.objects.filter(reported_on__gte=local_today() - datetime.timedelta(days=7)).exists()


# --- a believable register ---------------------------------------------------------------------------------


def test_every_sourced_cluster_sits_in_the_commune_its_official_code_names(demo):
    for code, row in sourced_rows():
        communes = list(Cluster.objects.get(code=code).communes.values_list("code", flat=True))
        assert communes == ([row["new_commune_code"]] if row["new_commune_code"] else []), code


def test_every_status_is_the_stage_the_dated_facts_give(demo):
    statuses = set()
    for cluster in Cluster.objects.all():
        assert cluster.status == register.state_of(cluster).stage, cluster.code
        statuses.add(cluster.status)
    # In the scheme, under appraisal, established, planned, projects, clearance, works, completed, operating.
    assert statuses == set(Cluster.LIFECYCLE)
    history = Cluster.history.filter(history_change_reason="Nạp dữ liệu mẫu")
    assert history.exists() and set(history.values_list("history_user__username", flat=True)) == {"sct.dieuphoi"}


def test_every_cluster_reported_established_or_later_has_its_establishment_decision(demo):
    for code, cluster in demo_clusters().items():
        decisions = ClusterDecision.objects.filter(cluster__code=code, kind=ClusterDecision.Kind.ESTABLISH)
        if cluster.profile in (Profile.PLANNED, Profile.APPRAISAL):
            assert not decisions.exists(), code
            continue
        decision = decisions.get()
        sourced = Cluster.objects.get(code=code).notes
        assert decision.number.startswith("DEMO-") or decision.number.split("/")[0] in sourced, code
    # Numbers the sources give are kept; the missing ones are marked as demo.
    assert ClusterDecision.objects.get(cluster__code="HN-CCN-006", kind="establish").number == "4584/QĐ-UBND"
    assert ClusterDecision.objects.get(cluster__code="HN-CCN-019", kind="establish").date == datetime.date(2017, 7, 20)
    assert ClusterDecision.objects.get(cluster__code="HN-CCN-036", kind="establish").date == datetime.date(2025, 3, 11)
    expansion = ClusterDecision.objects.get(cluster__code="HN-CCN-002", kind="expand")
    assert (expansion.number, expansion.date) == ("1406/QĐ-UBND", datetime.date(2025, 3, 12))
    assert Cluster.objects.get(code="HN-CCN-002").total_area_ha == Decimal("47.51")


def test_every_periodic_report_fits_its_cluster(demo):
    reports = ClusterReport.objects.select_related("cluster")
    assert reports.filter(leased_land_ha__gt=0).count() >= 30
    for report in reports:
        cluster = report.cluster
        land = (report.leased_land_ha or 0) + (report.committed_land_ha or 0)
        if cluster.industrial_land_ha is None:
            assert report.leased_land_ha in (None, 0) and report.committed_land_ha in (None, 0), cluster.code
        else:
            assert land <= cluster.industrial_land_ha <= cluster.total_area_ha, cluster.code
            # About one tenant per half hectare leased, at most a hundred workers a hectare.
            assert report.tenant_projects <= 3 * cluster.industrial_land_ha + 1, cluster.code
            assert report.workers <= 100 * cluster.total_area_ha, cluster.code
        assert report.foreign_projects <= report.tenant_projects and report.active_projects <= report.tenant_projects
        assert register.state_of(cluster, data_window(report.year, report.period)[1]).established, cluster.code


def test_the_accepted_form_02_says_what_the_register_says(demo):
    accepted = Submission.objects.filter(form__code="02", state="accepted").select_related("cluster")
    assert accepted.exists()
    for submission in accepted:
        values = {row.indicator.key: row.value for row in submission.values.select_related("indicator")}
        cluster = submission.cluster
        assert values["leased_land"] <= values["serviced_land"] <= (cluster.industrial_land_ha or 0)
        assert (cluster.industrial_land_ha or 0) <= (cluster.total_area_ha or 0)
        assert values["active_projects"] <= values["tenant_projects"]


def test_the_target_lists_fit_the_states_at_the_window_start(demo):
    targets = {target.order: target for target in Target.objects.all()}

    def states(order):
        target = targets[order]
        eve = target.window[0] - datetime.timedelta(days=1)
        return [register.state_of(cluster, eve) for cluster in target.clusters.all()]

    started = states(1)
    assert len(started) == 26
    assert all(s.established and s.under_construction and not s.infrastructure_complete for s in started)
    assert all(datetime.date(2021, 1, 1) <= s.construction_started_on <= datetime.date(2025, 12, 31) for s in started)
    to_fill = states(2)
    assert len(to_fill) == 6
    assert all(s.infrastructure_complete and not s.filled(100) for s in to_fill)
    plants = states(5)
    assert len(plants) == 11
    assert all(s.operating and s.wastewater_built and not s.wastewater_handed_over for s in plants)


def test_the_demo_holds_a_plan_report_written_issued_and_signed_with_a_test_certificate_marked_as_such(
    demo, client_for
):
    from plan_reports.models import PlanReport
    from seed.demo_signatures import DEMO_NUMBER, DEMO_ROOT_NAME

    report = PlanReport.objects.get(number=DEMO_NUMBER)
    # Written before it was issued: the staff's sections, and the Deputy signing in the Director's place.
    assert report.status == PlanReport.Status.ISSUED and report.shortcomings and report.recommendations
    assert report.general_assessment.strip()  # worded from the figures
    assert (report.signer, report.signer_title, report.capacity) == ("Trần Thị Thử (mẫu)", "Phó Giám đốc", "kt")
    DEMO_SIGNER = report.signer
    if not shutil.which("soffice"):
        pytest.skip("without LibreOffice the demo report is issued unsigned: `make browser` installs it")
    copy = report.signed_copy
    assert copy.signer_name == DEMO_SIGNER
    assert copy.trusted_root.is_test and copy.trusted_root.name == DEMO_ROOT_NAME
    assert "không có giá trị pháp lý" in DEMO_ROOT_NAME
    coordinator = get_user_model().objects.get(username="sct.dieuphoi")
    page = client_for(coordinator).get(f"/plan-reports/{report.pk}/").content.decode()
    assert f"Đã ký số bởi {DEMO_SIGNER} lúc" in page and "không có giá trị pháp lý" in page
