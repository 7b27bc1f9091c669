"""load_demo_data: clearly demo, about sixty tasks in every deadline status, four demo users, repeatable, and a
history that unfolds over the plan's life up to yesterday."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from agencies import scoping
from notifications.models import Notification
from tasks.figures import update_rates_by
from tasks.models import DeadlineStatus, ExtensionRequest, ProgressReport, Task, local_today
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
    rates = {code: rate.rate for code, rate in update_rates_by(Task.objects.all(), "lead_agency__code").items()}

    assert rates["CATP"] == rates["UBND-10015"] == 0  # silent for over STALE_PROGRESS_DAYS
    assert rates["SXD"] >= 50 and rates["SCT"] >= 50
    assert ProgressReport.objects.filter(reported_on__gte=local_today() - datetime.timedelta(days=7)).exists()
