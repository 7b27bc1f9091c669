"""The daily reminder run: who gets a digest, what it lists, and that no message is ever sent twice."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies.models import Membership
from notifications import reminders
from notifications.links import task_path
from notifications.models import Notification, NotificationPreference, ReminderDelivery
from tasks import services
from tasks.models import DeadlineStatus, Task
from tests.factories import AgencyFactory, ExtensionRequestFactory, MembershipFactory, TaskFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 6, 22)


def run(*args):
    call_command("send_deadline_reminders", *args)


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) <= 1, f"{address} received {len(found)} messages"
    return found[0] if found else None


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


# --- windows and boundaries ------------------------------------------------------------------------


def test_agency_digest_lists_due_in_exactly_seven_days_today_and_overdue_by_one_day(officer, due_in):
    in_seven = due_in(7, code="T-7")
    due_in(6, code="T-6")
    due_in(8, code="T-8")
    in_one = due_in(1, code="T-1")
    today = due_in(0, code="T-0")
    late = due_in(-1, code="T-LATE")

    run()

    body = mail_to("sxd@example.gov.vn").body
    for task in (in_seven, in_one, today, late):
        assert task.code in body
    assert "T-6" not in body and "T-8" not in body
    assert "quá hạn 1 ngày" in body
    assert "còn 7 ngày" in body and "còn 1 ngày" in body
    assert "ĐẾN HẠN HÔM NAY (1)" in body


def test_overdue_tasks_are_listed_every_day_with_their_days_overdue(officer, due_in):
    due_in(-12, code="T-LATE12")

    run()

    message = mail_to("sxd@example.gov.vn")
    assert "T-LATE12" in message.body and "quá hạn 12 ngày" in message.body
    assert "1 nhiệm vụ quá hạn" in message.subject


def test_today_is_the_hanoi_date_just_after_midnight_utc_evening(officer, due_in, clock):
    # 17:30 UTC on 19/06 is 00:30 on 20/06 in Hanoi: the task due 27/06 is 7 days away, not 8.
    clock(datetime.datetime(2026, 6, 19, 17, 30, tzinfo=datetime.UTC))
    due_in(7, code="T-7")

    run()

    assert "T-7" in mail_to("sxd@example.gov.vn").body
    assert set(ReminderDelivery.objects.values_list("run_date", flat=True)) == {TODAY}


def test_the_hanoi_day_ends_at_five_pm_utc(officer, due_in, clock):
    due_in(7, code="T-7")
    clock(datetime.datetime(2026, 6, 20, 17, 0, tzinfo=datetime.UTC))  # 00:00 on 21/06 in Hanoi

    run()

    assert mail_to("sxd@example.gov.vn") is None, "on 21/06 the task is 6 days away: not a window"


def test_a_users_own_windows_decide_their_digest(officer, due_in):
    NotificationPreference.objects.create(user=officer, reminder_windows_days="3")
    due_in(3, code="T-3")

    run()

    assert "T-3" in mail_to("bob@example.gov.vn").body
    assert mail_to("sxd@example.gov.vn") is None, "the contact address reads with the default windows, 7 and 1"


def test_the_date_option_runs_the_reminders_of_another_day(officer, due_in):
    due_in(8, code="T-8")

    run("--date", "2026-06-21")

    assert "T-8" in mail_to("sxd@example.gov.vn").body
    assert ReminderDelivery.objects.filter(run_date=datetime.date(2026, 6, 21)).exists()


# --- who receives a digest -------------------------------------------------------------------------


def test_digest_goes_to_the_agency_contact_and_each_active_member(officer, agency, due_in):
    colleague = UserFactory(username="dung")
    MembershipFactory(user=colleague, agency=agency)
    due_in(1)

    run()

    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.gov.vn", "dung@example.gov.vn", "sxd@example.gov.vn"]
    assert "Kính gửi: Lê Bob" in mail_to("bob@example.gov.vn").body
    assert "Kính gửi: Sở Xây dựng" in mail_to("sxd@example.gov.vn").body


def test_no_mail_to_a_user_who_opted_out_but_the_agency_contact_still_gets_it(officer, due_in):
    NotificationPreference.objects.create(user=officer, receive_digests=False)
    due_in(1)

    run()

    assert mail_to("bob@example.gov.vn") is None
    assert mail_to("sxd@example.gov.vn") is not None


def test_no_mail_to_inactive_users_inactive_memberships_or_users_without_email(officer, agency, due_in):
    officer.is_active = False
    officer.save()
    former = UserFactory(username="former")
    MembershipFactory(user=former, agency=agency, is_active=False)
    MembershipFactory(user=UserFactory(username="noaddress", email=""), agency=agency)
    due_in(1)

    run()

    assert [m.to for m in mail.outbox] == [["sxd@example.gov.vn"]]


def test_no_mail_for_an_inactive_agency(officer, agency, due_in):
    agency.is_active = False
    agency.save()
    due_in(1)

    run()

    assert mail.outbox == []


def test_a_member_whose_address_is_the_agency_contact_receives_one_digest(agency, due_in):
    user = UserFactory(username="vanthu", email="SXD@example.gov.vn")
    MembershipFactory(user=user, agency=agency)
    due_in(1)

    run()

    assert [m.to for m in mail.outbox] == [["sxd@example.gov.vn"]]


# --- what a digest lists ---------------------------------------------------------------------------


def test_each_agency_digest_lists_its_own_tasks_lead_or_supporting(
    officer, other_officer, agency, other_agency, due_in
):
    led = due_in(1, code="SXD-LEADS")
    supported = due_in(1, code="SXD-SUPPORTS", lead_agency=other_agency, supporting_agencies=[agency])
    foreign = due_in(1, code="STC-ONLY", lead_agency=other_agency)

    run()

    sxd = mail_to("sxd@example.gov.vn").body
    assert led.code in sxd and supported.code in sxd and foreign.code not in sxd
    assert "Phối hợp" in sxd and "Chủ trì" in sxd
    stc = mail_to("stc@example.gov.vn").body
    assert supported.code in stc and foreign.code in stc and led.code not in stc


def test_digest_has_plain_text_and_html_with_absolute_links_to_tasks(officer, due_in, settings):
    settings.SITE_URL = "https://ccn.example.gov.vn"
    task = due_in(0)

    run()

    message = mail_to("sxd@example.gov.vn")
    link = "https://ccn.example.gov.vn" + task_path(task.pk)
    assert link in message.body
    assert f'href="{link}"' in html_of(message)
    assert message.subject.startswith("[Nhắc hạn 20/06/2026] Sở Xây dựng:")


def test_done_cancelled_and_in_time_reported_tasks_are_not_in_agency_digests(officer, due_in):
    due_in(-3, code="DONE", status=Task.Status.DONE, completed_on=TODAY)
    due_in(-3, code="CANCELLED", status=Task.Status.CANCELLED)
    # Reported done before its deadline: on track while the Department decides, not overdue.
    due_in(-3, code="AWAITING", status=Task.Status.AWAITING_ACCEPTANCE, completed_on=TODAY - datetime.timedelta(days=4))

    run()

    assert mail.outbox == [], "nothing open is due: no digest at all"


def test_a_task_reported_done_after_its_deadline_is_overdue_on_the_dashboard_and_in_the_digests(
    client_for, coordinator, officer, due_in
):
    due_in(-3, code="REPORTED-LATE", status=Task.Status.AWAITING_ACCEPTANCE, completed_on=TODAY)
    due_in(-1, code="OPEN-LATE")

    dashboard = client_for(coordinator).get(reverse("dashboard")).context
    assert [task.code for task in dashboard["overdue"]] == ["REPORTED-LATE", "OPEN-LATE"]
    assert dashboard["counts"].counts[DeadlineStatus.OVERDUE] == 2

    run()

    city = mail_to("alice@example.gov.vn").body
    assert "QUÁ HẠN CHƯA HOÀN THÀNH (2)" in city and "Tỷ lệ nhiệm vụ quá hạn: 100,0% (2/2" in city
    assert city.index("REPORTED-LATE") < city.index("OPEN-LATE"), "most overdue first"
    agency = mail_to("sxd@example.gov.vn").body
    assert "QUÁ HẠN CHƯA HOÀN THÀNH (2)" in agency and "REPORTED-LATE" in agency


def test_no_empty_digests(officer, other_officer, due_in, other_agency):
    due_in(10)  # no window today
    due_in(-2, code="STC-LATE", lead_agency=other_agency)

    run()

    assert sorted(m.to[0] for m in mail.outbox) == ["carol@example.gov.vn", "stc@example.gov.vn"]
    assert ReminderDelivery.objects.count() == 2


def test_tasks_without_deadline_are_listed_on_mondays_only(officer, due_in, group, agency, clock):
    TaskFactory(group=group, lead_agency=agency, code="NO-DEADLINE", due_date=None)

    run()  # Saturday
    assert mail.outbox == []

    clock(datetime.datetime(2026, 6, 22, 1, 0, tzinfo=datetime.UTC))  # Monday 08:00 in Hanoi
    run()
    body = mail_to("sxd@example.gov.vn").body
    assert "CHƯA CÓ THỜI HẠN" in body and "NO-DEADLINE" in body


# --- the coordinators' digest ----------------------------------------------------------------------


def test_coordinators_get_a_city_wide_digest_of_overdue_and_pending_decisions(
    coordinator, officer, other_officer, agency, other_agency, due_in
):
    due_in(-5, code="SXD-LATE")
    due_in(-1, code="STC-LATE", lead_agency=other_agency)
    asking = due_in(30, code="ASKING")
    ExtensionRequestFactory(task=asking, requested_by=officer)
    due_in(30, code="REPORTED", status=Task.Status.AWAITING_ACCEPTANCE, completed_on=TODAY)
    due_in(30, code="QUIET")

    run()

    message = mail_to("alice@example.gov.vn")
    assert "QUÁ HẠN CHƯA HOÀN THÀNH (2)" in message.body
    assert message.body.index("SXD-LATE") < message.body.index("STC-LATE"), "most overdue first"
    assert "ĐỀ NGHỊ GIA HẠN CHỜ XỬ LÝ (1)" in message.body and "ASKING" in message.body
    assert "BÁO CÁO HOÀN THÀNH CHỜ XÁC NHẬN (1)" in message.body and "REPORTED" in message.body
    assert "QUIET" not in message.body
    assert "Tỷ lệ nhiệm vụ quá hạn: 40,0% (2/5" in message.body
    delivery = ReminderDelivery.objects.get(kind=ReminderDelivery.Kind.COORDINATOR_DIGEST)
    assert len(delivery.task_ids) == 4


def test_no_coordinator_digest_when_nothing_is_late_or_waiting(coordinator, officer, due_in):
    due_in(30)

    run()

    assert mail.outbox == []


def test_a_coordinator_who_opted_out_gets_no_city_wide_digest(coordinator, due_in):
    NotificationPreference.objects.create(user=coordinator, receive_digests=False)
    due_in(-1)

    run()

    assert mail_to("alice@example.gov.vn") is None


# --- idempotence -----------------------------------------------------------------------------------


def test_a_second_run_on_the_same_day_sends_nothing(coordinator, officer, due_in):
    due_in(-1)

    run()
    first = len(mail.outbox)
    run()

    assert first == 3  # SXD contact, bob, alice's city-wide digest
    assert len(mail.outbox) == first
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 3


def test_every_message_sent_is_recorded_with_recipient_tasks_and_time(officer, due_in):
    late, soon = due_in(-1), due_in(7)

    run()

    delivery = ReminderDelivery.objects.get(recipient="bob@example.gov.vn")
    assert delivery.kind == ReminderDelivery.Kind.AGENCY_DIGEST
    assert (delivery.run_date, delivery.user, delivery.agency.code) == (TODAY, officer, "SXD")
    assert sorted(delivery.task_ids) == sorted([late.pk, soon.pk])
    assert delivery.sent_at is not None
    assert delivery.subject == mail_to("bob@example.gov.vn").subject


class FailingForBob(EmailBackend):
    """Delivers like locmem, but the SMTP server refuses bob's address."""

    def send_messages(self, messages):
        if any("bob@example.gov.vn" in message.to for message in messages):
            raise ConnectionRefusedError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_a_failed_send_is_retried_by_the_next_run_and_nothing_else_is_resent(officer, agency, due_in, settings):
    MembershipFactory(user=UserFactory(username="dung"), agency=agency)
    due_in(1)
    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.FailingForBob"

    with pytest.raises(CommandError, match="1 thư chưa gửi được"):
        run()

    assert sorted(m.to[0] for m in mail.outbox) == ["dung@example.gov.vn", "sxd@example.gov.vn"]
    assert not ReminderDelivery.objects.filter(recipient="bob@example.gov.vn").exists(), "the claim was released"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()

    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.gov.vn", "dung@example.gov.vn", "sxd@example.gov.vn"]


def test_a_run_killed_between_send_and_record_leaves_the_claim_unconfirmed_and_the_next_run_fails_loudly(
    officer, due_in, monkeypatch, clock
):
    due_in(1)
    real_mark_sent = reminders._mark_sent

    def killed(delivery):
        raise SystemExit("killed after sending, before recording")

    monkeypatch.setattr(reminders, "_mark_sent", killed)
    with pytest.raises(SystemExit):
        run()
    assert [m.to for m in mail.outbox] == [["sxd@example.gov.vn"]]

    monkeypatch.setattr(reminders, "_mark_sent", real_mark_sent)
    # Straight after: the claim may still belong to a running process; not resent, but the run fails so
    # cron and systemd alert.
    with pytest.raises(CommandError, match="1 thư chưa xác nhận"):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.gov.vn", "sxd@example.gov.vn"]
    assert ReminderDelivery.objects.get(recipient="sxd@example.gov.vn").sent_at is None


def test_the_next_run_recovers_a_claim_no_running_process_holds(officer, due_in, clock):
    due_in(1)
    ReminderDelivery.objects.create(
        run_date=TODAY, kind=ReminderDelivery.Kind.AGENCY_DIGEST, recipient="sxd@example.gov.vn"
    )  # claimed at 10:00 by a run that was killed before sending
    clock(datetime.datetime(2026, 6, 20, 4, 0, tzinfo=datetime.UTC))  # an hour later

    run()

    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.gov.vn", "sxd@example.gov.vn"]
    assert ReminderDelivery.objects.get(recipient="sxd@example.gov.vn").sent_at is not None


def test_retry_unconfirmed_resends_a_young_claim_on_request(officer, due_in):
    due_in(1)
    ReminderDelivery.objects.create(
        run_date=TODAY, kind=ReminderDelivery.Kind.AGENCY_DIGEST, recipient="sxd@example.gov.vn"
    )  # claimed a moment ago
    with pytest.raises(CommandError):
        run()
    assert [m.to for m in mail.outbox] == [["bob@example.gov.vn"]]

    run("--retry-unconfirmed")
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.gov.vn", "sxd@example.gov.vn"]


def test_dry_run_sends_and_records_nothing(officer, due_in, capsys):
    due_in(1)

    run("--dry-run")

    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()
    assert not Notification.objects.exists()
    assert "2 thư sẽ được gửi" in capsys.readouterr().out


# --- the bell: "deadline approaching" ---------------------------------------------------------------


def test_members_get_a_deadline_approaching_notification_once(officer, agency, due_in):
    NotificationPreference.objects.create(user=officer, receive_digests=False)  # email only
    task = due_in(7)
    due_in(-1)  # overdue: the digest, not the bell

    run()
    run()

    notification = Notification.objects.get(recipient=officer)
    assert notification.kind == Notification.Kind.DEADLINE_APPROACHING
    assert notification.task == task
    assert notification.message == f"Nhiệm vụ {task.code} còn 7 ngày đến hạn (27/06/2026)"


def test_an_extended_deadline_gives_a_new_reminder(coordinator, officer, due_in):
    task = due_in(1)
    run()
    extension = services.extension_request_create(
        actor=officer, task=task, proposed_due_date=TODAY + datetime.timedelta(days=7), reason="Chờ thẩm định"
    )
    services.extension_request_approve(actor=coordinator, extension_request=extension)

    run("--date", "2026-06-20")

    messages = set(
        Notification.objects.filter(recipient=officer, kind=Notification.Kind.DEADLINE_APPROACHING).values_list(
            "message", flat=True
        )
    )
    assert messages == {
        f"Nhiệm vụ {task.code} còn 1 ngày đến hạn (21/06/2026)",
        f"Nhiệm vụ {task.code} còn 7 ngày đến hạn (27/06/2026)",
    }


def test_an_agency_with_many_members_costs_a_constant_number_of_queries(
    django_assert_max_num_queries, agency, other_agency, due_in
):
    for n in range(6):
        MembershipFactory(user=UserFactory(username=f"m{n}"), agency=agency, role=Membership.Role.OFFICER)
        due_in(1, lead_agency=AgencyFactory(), supporting_agencies=[agency, other_agency])
    report = reminders.send_deadline_reminders(dry_run=True)
    assert len(report.planned) == 6 + 1 + 1 + 6  # SXD members and contact, STC contact, six other contacts

    # the Circular 14 forms (no report is owed before they are loaded), the windows readers chose (which upcoming
    # tasks to read), tasks, supporting agencies, memberships, coordinators
    with django_assert_max_num_queries(6):
        reminders.send_deadline_reminders(dry_run=True)
