"""Who owes which report: one list (``reporting.obligations``) behind the tracker, a reporter's own reports, the
reminders and the coordinators' digest."""

import datetime

import pytest
from django.urls import reverse

from reporting import obligations, reminders, services
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


# --- who is expected: every infrastructure investor, every commune with a cluster, account or not -----------------


@pytest.fixture
def register(cluster, sibling_cluster, far_cluster, commune, other_commune, investor, commune_reporter):
    """Beside the cast (A with a user, B an agency without one): a cluster whose investor is only a name in the
    register, a cluster without any investor, and a revoked cluster, each in a commune of its own."""
    from clusters.models import Cluster
    from tests.factories import ClusterFactory, CommuneFactory

    def made(code, commune_code, **values):
        place = CommuneFactory(code=commune_code, name=f"Xã {commune_code}")
        cluster = ClusterFactory(code=code, name=f"CCN {code}", **values)
        cluster.communes.set([place])
        return cluster, place

    named, named_commune = made("CCN-D", "10301", investor_name="Công ty TNHH Hạ tầng D")
    bare, bare_commune = made("CCN-E", "10302", investor_name="")
    revoked, revoked_commune = made("CCN-F", "10303", investor_name="Công ty Hạ tầng F", status=Cluster.Status.REVOKED)
    return {
        "named": named,
        "named_commune": named_commune,
        "bare_commune": bare_commune,
        "revoked": revoked,
        "revoked_commune": revoked_commune,
    }


def test_every_investor_cluster_and_every_commune_with_a_cluster_owes_a_report_account_or_not(
    half_year, register, commune, other_commune
):
    expected = {
        (form.code, (cluster or commune_).code) for form, cluster, commune_ in obligations.expected_subjects(half_year)
    }
    assert expected == {
        ("02", "CCN-A"),  # investor A, with a user
        ("02", "CCN-B"),  # investor B: an agency without a user
        ("02", "CCN-C"),
        ("02", "CCN-D"),  # only the investor's name in the register
        ("03", commune.code),
        ("03", other_commune.code),
        ("03", register["named_commune"].code),
        ("03", register["bare_commune"].code),  # its cluster has no investor: the commune still reports
    }
    # A revoked cluster is out of the register: neither it nor its commune (no other cluster there) is expected.
    assert ("02", "CCN-F") not in expected and ("03", register["revoked_commune"].code) not in expected


def test_only_the_subjects_with_an_active_reporter_are_reminded_the_others_send_on_paper(
    client_for, coordinator, half_year, register, commune, other_commune
):
    accounts = {(o.form.code, o.subject_label): o.has_account for o in obligations.of_period(half_year)}
    assert accounts[("02", "CCN-A — CCN Thử Nghiệm A")] is True
    assert accounts[("03", str(commune))] is True
    assert accounts[("02", "CCN-B — CCN Thử Nghiệm B")] is False  # its investor has no user
    assert accounts[("02", "CCN-D — CCN CCN-D")] is False
    assert accounts[("03", str(other_commune))] is False

    reminded = {(o.form.code, o.subject_label) for o in reminders.to_remind() if o.period == half_year}
    assert reminded == {("02", "CCN-A — CCN Thử Nghiệm A"), ("03", str(commune))}
    # The coordinators' digest still counts every late report, paper or not.
    assert len([o for o in obligations.owed(days_before=366) if o.period == half_year]) == 8

    html = client_for(coordinator).get(reverse("reporting:tracker", args=[half_year.pk])).content.decode()
    assert html.count("data-no-account") == 6  # B, C, D, and the three communes without a reporter


def test_a_reporter_who_leaves_is_no_longer_reminded(half_year, cluster, investor):
    investor.is_active = False
    investor.save()
    assert not [o for o in reminders.to_remind() if o.cluster == cluster]
    assert [o.has_account for o in obligations.of_period(half_year) if o.cluster == cluster] == [False]


# --- each period's row joins that period's own report --------------------------------------------------------


def test_an_accepted_half_year_report_does_not_stand_for_the_annual_one(
    client_for, investor, second_coordinator, half_year, report_forms, cluster
):
    annual = services.ensure_periods(2026)[1]
    services.submission_accept(actor=second_coordinator, submission=send(investor, half_year, report_forms, cluster))

    joined = {
        (period.kind, o.state, o.url)
        for period in (half_year, annual)
        # Every submission of the year handed in, as the reporter's home does.
        for o in obligations.of_period(period, Submission.objects.all())
        if o.cluster == cluster
    }
    assert joined == {
        ("half_year", "accepted", reverse("reporting:submission_cluster", args=[half_year.pk, cluster.pk])),
        ("annual", "not_started", reverse("reporting:submission_cluster", args=[annual.pk, cluster.pk])),
    }

    client = client_for(investor)
    mine = dict(client.get(reverse("reporting:home")).context["mine"])
    (annual_row,) = mine[annual]
    assert annual_row.state == "not_started" and annual_row.can_edit
    annual_page = client.get(annual_row.url)
    assert annual_page.status_code == 200 and annual_page.context["can_edit"]
    assert annual_page.context["submission"].period == annual


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
