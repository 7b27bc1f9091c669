"""Who is chased for a Circular 14 report, and who hears it: the reads behind the daily reminder run
(``notifications.reminders``), the coordinators' digest, the dashboard flag and the follow-up letter.

An *obligation* is an expected report (``selectors.expected_subjects``) of a period whose Biểu 04 is not yet
issued, still not sent (or sent back), whose due date is at most ``REPORTING_REMINDER_DAYS_BEFORE`` days away
or past. Its reporters are the active users of the investor agency of the cluster (Biểu 02, role "investor") or
of the commune's People's Committee (Biểu 03, role "commune_reporter"). Each reminder the run sends is counted on
the submission (``services.submission_remind``, once a day); after ``REPORTING_ESCALATE_AFTER`` reminders a late
report is escalated.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from agencies.models import Membership
from core.dates import local_today

from . import selectors
from .models import ReportForm, ReportingPeriod, Submission

DONE = Submission.SENT_STATES


def reminder_days_before():
    return max(0, int(settings.REPORTING_REMINDER_DAYS_BEFORE))


def escalate_after():
    return max(1, int(settings.REPORTING_ESCALATE_AFTER))


def subject_label(cluster, commune):
    """A cluster by its code and name, a commune by its full name: how a reminder or a letter names the subject."""
    return f"{cluster.code} — {cluster.name}" if cluster is not None else str(commune)


@dataclass
class Obligation:
    """One report still owed: its period, form and subject, its submission when one exists, and how late it is."""

    period: ReportingPeriod
    form: ReportForm
    cluster: object
    commune: object
    submission: Submission | None
    due_on: datetime.date
    today: datetime.date

    @property
    def subject(self):
        return subject_label(self.cluster, self.commune)

    @property
    def state_label(self):
        return (self.submission.get_state_display() if self.submission else Submission.State.NOT_STARTED.label).lower()

    @property
    def days_late(self):
        return selectors.days_late(self.due_on, self.submission.state if self.submission else None, self.today)

    @property
    def days_left(self):
        return max((self.due_on - self.today).days, 0)

    @property
    def reminders_sent(self):
        return self.submission.reminders_sent if self.submission else 0

    @property
    def escalated_on(self):
        return self.submission.escalated_on if self.submission else None

    @property
    def reminded_today(self):
        return self.submission is not None and self.submission.last_reminded_on == self.today


def _open_periods():
    return list(ReportingPeriod.objects.filter(bieu04__isnull=True).order_by("year", "kind"))


def obligations(today=None, *, days_before=None):
    """The reports owed today whose due date is at most ``days_before`` days away (default
    ``REPORTING_REMINDER_DAYS_BEFORE``) or past: Biểu 02 first, each period's most urgent first. None before the
    forms are loaded. A few queries per open period."""
    today = today or local_today()
    days_before = reminder_days_before() if days_before is None else days_before
    if ReportForm.objects.filter(code__in=["02", "03"]).count() < 2:
        return []
    owed = []
    for period in _open_periods():
        expected = [
            (form, cluster, commune)
            for form, cluster, commune in selectors.expected_subjects(period)
            if (form.due_on(period) - today).days <= days_before
        ]
        if not expected:
            continue
        submissions = {
            (s.form_id, s.cluster_id, None if s.cluster_id else s.commune_id): s
            for s in Submission.objects.filter(period=period).select_related("form", "period")
        }
        for form, cluster, commune in expected:
            submission = submissions.get((form.pk, cluster.pk if cluster else None, commune.pk if commune else None))
            if submission is not None and submission.state in DONE:
                continue
            owed.append(Obligation(period, form, cluster, commune, submission, form.due_on(period), today))
    return owed


def late(today=None):
    """The reports owed and past due (escalated first, then the latest), for the coordinators' digest."""
    lines = [o for o in obligations(today, days_before=0) if o.days_late > 0]
    return sorted(lines, key=lambda o: (o.escalated_on is None, -o.days_late, o.form.code, str(o.subject)))


def reporters(owed):
    """{id(obligation): [user, …]} the active reporter users of each obligation, by username. One query."""
    investor_ids = {o.cluster.investor_id for o in owed if o.cluster is not None}
    commune_ids = {o.commune.pk for o in owed if o.cluster is None}
    memberships = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(role=Membership.Role.INVESTOR, agency_id__in=investor_ids)
            | Q(role=Membership.Role.COMMUNE_REPORTER, agency__commune_id__in=commune_ids)
        )
        .select_related("agency", "user")
        .order_by("user__username")
    )
    by_investor, by_commune = {}, {}
    for membership in memberships:
        if membership.role == Membership.Role.INVESTOR:
            by_investor.setdefault(membership.agency_id, []).append(membership)
        else:
            by_commune.setdefault(membership.agency.commune_id, []).append(membership)
    return {
        id(o): by_investor.get(o.cluster.investor_id, []) if o.cluster is not None else by_commune.get(o.commune.pk, [])
        for o in owed
    }


def tracker_path():
    """Where the coordinators' digest sends them to follow the reports up: the reporting pages' home."""
    return reverse("reporting:home")


def escalation_summary():
    """(how many reports are escalated and still not sent, the tracker to follow them up on): the tracker of the
    latest period holding one, else the reporting home. One query."""
    by_period = list(escalated().order_by().values("period_id", "period__year", "period__kind").annotate(n=Count("pk")))
    if not by_period:
        return 0, reverse("reporting:home")
    # The annual period is later in its year than the half-year one.
    latest = max(by_period, key=lambda row: (row["period__year"], row["period__kind"] == "annual"))
    return sum(row["n"] for row in by_period), reverse("reporting:tracker", args=[latest["period_id"]])


def escalated(queryset=None):
    """Escalated submissions still not sent: what the dashboard flags and the follow-up letters list."""
    queryset = Submission.objects.all() if queryset is None else queryset
    return queryset.filter(escalated_on__isnull=False).exclude(state__in=DONE)


def escalated_in_commune(period, commune):
    """The escalated reports of ``period`` the commune is chased for: its Biểu 03 and the Biểu 02 of the clusters
    in it, Biểu 02 first."""
    in_commune = Q(commune=commune, cluster__isnull=True) | Q(cluster__communes=commune)
    return (
        escalated(Submission.objects.filter(in_commune, period=period))
        .select_related("form", "period", "cluster", "commune")
        .distinct()
        .order_by("form__code", "cluster__code", "pk")
    )
