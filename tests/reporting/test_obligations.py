"""Who owes which report: one list (``reporting.obligations``) behind the tracker, a reporter's own reports, the
reminders and the coordinators' digest."""

import datetime

import pytest
from django.urls import reverse

from reporting import obligations, services
from reporting.models import Submission

from .conftest import BIEU02
from .test_pages import send

pytestmark = pytest.mark.django_db


def test_the_tracker_and_the_reminders_name_the_same_reports_owed(
    client_for, coordinator, investor, half_year, report_forms, cluster, sibling_cluster, far_cluster
):
    send(investor, half_year, report_forms, cluster)
    tracked = client_for(coordinator).get(reverse("reporting:tracker", args=[half_year.pk])).context["rows"]
    owed_on_tracker = {(row.form.code, row.subject_label) for row in tracked if row.state not in Submission.SENT_STATES}
    reminded = {(o.form.code, o.subject_label) for o in obligations.owed(days_before=366) if o.period == half_year}
    assert reminded == owed_on_tracker
    assert ("02", "CCN-B — CCN Thử Nghiệm B") in reminded and ("02", "CCN-A — CCN Thử Nghiệm A") not in reminded


def test_a_reporters_own_rows_show_each_periods_own_report(client_for, investor, half_year, report_forms, cluster):
    annual = services.ensure_periods(2026)[1]
    send(investor, half_year, report_forms, cluster)
    services.submission_save(
        actor=investor,
        period=annual,
        form=report_forms["02"],
        cluster=cluster,
        values={"leased_land": BIEU02["leased_land"]},
    )
    mine = client_for(investor).get(reverse("reporting:home")).context["mine"]
    assert [(period.kind, [row.state for row in rows]) for period, rows in mine] == [
        ("half_year", ["submitted"]),
        ("annual", ["draft"]),
    ]


def test_no_report_is_expected_before_the_forms_are_loaded(half_year, cluster):
    from reporting.models import ReportForm

    ReportForm.objects.filter(code="03").delete()
    assert obligations.of_period(half_year) == []
    assert obligations.owed(days_before=366) == []


def test_a_report_sent_late_still_shows_how_late_once_accepted(
    client_for, coordinator, investor, half_year, report_forms, cluster, hanoi_clock
):
    hanoi_clock.move_to(half_year_due(half_year, report_forms) + datetime.timedelta(days=3))
    submission = send(investor, half_year, report_forms, cluster)
    services.submission_accept(actor=coordinator, submission=submission)

    (row,) = [r for r in obligations.of_period(half_year) if r.cluster == cluster]
    assert (row.state, row.days_late, row.days_sent_late) == ("accepted", 0, 3)  # no reminder, but late on record
    for client, url in (
        (client_for(investor), reverse("reporting:home")),
        (client_for(coordinator), reverse("reporting:tracker", args=[half_year.pk])),
        (client_for(investor), reverse("reporting:submission_cluster", args=[half_year.pk, cluster.pk])),
    ):
        assert "Gửi trễ 3 ngày" in client.get(url).content.decode(), url


def test_a_report_sent_on_time_is_not_marked_late(client_for, coordinator, investor, half_year, report_forms, cluster):
    services.submission_accept(actor=coordinator, submission=send(investor, half_year, report_forms, cluster))
    (row,) = [r for r in obligations.of_period(half_year) if r.cluster == cluster]
    assert row.days_sent_late == 0
    assert "Gửi trễ" not in client_for(investor).get(reverse("reporting:home")).content.decode()


def half_year_due(period, report_forms):
    return report_forms["02"].due_on(period)
