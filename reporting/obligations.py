"""Who owes which Circular 14 report for which period: the one home of the obligations.

``expected_subjects(period)`` is the one rule of who must report (Circular 14 Art. 3 binds every infrastructure
investor and every commune People's Committee with clusters): Biểu 02 from every cluster in the register that has an
infrastructure investor (an investor account, or only the investor's name in the register), Biểu 03 from every
commune with a cluster in the register, whether they have an account here or not; none before the forms are loaded.
"In the register" is asked of ``_in_register`` alone.

An ``Obligation`` is one of those reports joined with its submission of the same period, form and subject (when
one exists): its due date, state, lateness, and whether its reporter has an account (``has_account``: an active
user of the cluster's investor agency, or of the commune's People's Committee, ``reporter_memberships``). A
reporter without one sends the report on paper; a coordinator records it (``services.submission_receive_paper``).
Every surface reads them here:

- the reporting home (a reporter's own reports) and the tracker of a period: ``of_period``;
- the daily reminders to the reporters (``notifications.reminders``): ``owed`` with an account;
- the coordinators' digest: ``late`` (with or without an account);
- the API and the follow-up letter: ``days_late`` of a submission;
- the pages, once a late report is sent or accepted: ``days_sent_late``;
- Biểu 04's "reports due and received" (``returns``): ``expected_subjects``.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from clusters import register
from clusters.models import Cluster
from core.dates import local_today
from places.models import Commune

from .models import ReportForm, ReportingPeriod, Submission

# Sent by its reporter (waiting for the Department, or accepted): no longer owed.
DONE = Submission.SENT_STATES


def _in_register(period=None):
    """The clusters in the register at the close of the period's data window (``clusters.register``; today when no
    period is given): the one place this module asks."""
    return register.in_register_on(period.data_end if period is not None else None)


def expected_subjects(period):
    """[(form, cluster or None, commune or None)] every report the period expects, Biểu 02 first, by code; none
    before the forms are loaded (``load_reference_data``).

    Biểu 02: every cluster in the register with an infrastructure investor (an account or only a name); Biểu 03:
    every commune with a cluster in the register."""
    forms = {form.code: form for form in ReportForm.objects.filter(code__in=["02", "03"])}
    if not {"02", "03"} <= set(forms):
        return []
    in_register = _in_register(period)
    clusters = list(
        in_register.filter(Q(investor__isnull=False) | ~Q(investor_name=""))
        .select_related("investor")
        .prefetch_related("communes")
        .order_by("code")
    )
    expected = [(forms["02"], cluster, None) for cluster in clusters]
    communes = Commune.objects.filter(clusters__in=in_register.values("pk")).distinct().order_by("code")
    expected += [(forms["03"], None, commune) for commune in communes]
    return expected


def reporter_memberships(subjects):
    """{(cluster or commune): [membership, …]} the active reporters' memberships (active users) of each subject of
    ``subjects`` ((cluster, commune) pairs, one of them None): the investor agency's users of a cluster (role
    "investor"), the People's Committee's users of a commune (role "commune_reporter"), by username. One query."""
    subjects = list(subjects)
    investor_ids = {
        cluster.investor_id for cluster, _commune in subjects if cluster is not None and cluster.investor_id
    }
    commune_ids = {commune.pk for cluster, commune in subjects if cluster is None}
    by_investor, by_commune = {}, {}
    if investor_ids or commune_ids:
        memberships = (
            Membership.objects.filter(is_active=True, user__is_active=True)
            .filter(
                Q(role=Membership.Role.INVESTOR, agency_id__in=investor_ids)
                | Q(role=Membership.Role.COMMUNE_REPORTER, agency__commune_id__in=commune_ids)
            )
            .select_related("agency", "user")
            .order_by("user__username")
        )
        for membership in memberships:
            if membership.role == Membership.Role.INVESTOR:
                by_investor.setdefault(membership.agency_id, []).append(membership)
            else:
                by_commune.setdefault(membership.agency.commune_id, []).append(membership)
    found = {}
    for cluster, commune in subjects:
        if cluster is not None:
            found[subject_key(cluster, None)] = by_investor.get(cluster.investor_id, []) if cluster.investor_id else []
        else:
            found[subject_key(None, commune)] = by_commune.get(commune.pk, [])
    return found


def subject_key(cluster, commune):
    return ("cluster", cluster.pk) if cluster is not None else ("commune", commune.pk)


def days_late(due_on, state, today=None):
    """How many days past its due date a report still not sent (or sent back) is; 0 when it is not late."""
    today = today or local_today()
    if state in DONE:
        return 0
    return max((today - due_on).days, 0)


def days_sent_late(due_on, state, submitted_at):
    """How many days after its due date a sent report was sent (by its last sending, Vietnam date); 0 when it was sent
    on time or is not sent. Unlike ``days_late`` this stays once the report is sent or accepted: the record shows
    that it came late, while reminders and letters (which read ``days_late``) stop."""
    if state not in DONE or submitted_at is None:
        return 0
    return max((timezone.localdate(submitted_at) - due_on).days, 0)


def subject_label(cluster, commune):
    """A cluster by its code and name, a commune by its full name: how a reminder or a letter names the subject."""
    return f"{cluster.code} — {cluster.name}" if cluster is not None else str(commune)


def submission_url(submission, name="submission"):
    """The page (or its ``xlsx`` / ``upload``) of a submission, saved or not: by period and subject."""
    if submission.cluster_id:
        return reverse(f"reporting:{name}_cluster", args=[submission.period_id, submission.cluster_id])
    return reverse(f"reporting:{name}_commune", args=[submission.period_id, submission.commune_id])


@dataclass
class Obligation:
    """One expected report: its period, form and subject, its submission when one exists, and how late it is."""

    period: ReportingPeriod
    form: ReportForm
    cluster: Cluster | None
    commune: Commune | None
    submission: Submission | None
    due_on: datetime.date
    today: datetime.date
    # Whether its reporter has an active user here (reminded by email, sends on the page); else it comes on paper.
    has_account: bool = True

    @cached_property
    def record(self):
        """The saved submission, or an unsaved one standing for a report not started."""
        if self.submission is not None:
            return self.submission
        return Submission(period=self.period, form=self.form, cluster=self.cluster, commune=self.commune)

    @property
    def saved(self):
        return self.submission is not None

    @property
    def subject(self):
        return self.cluster or self.commune

    @property
    def subject_label(self):
        return subject_label(self.cluster, self.commune)

    @property
    def state(self):
        return self.record.state

    @property
    def state_label(self):
        return self.record.get_state_display().lower()

    @property
    def days_late(self):
        return days_late(self.due_on, self.state, self.today)

    @property
    def days_sent_late(self):
        return days_sent_late(self.due_on, self.state, self.record.submitted_at)

    @property
    def days_left(self):
        return max((self.due_on - self.today).days, 0)

    @property
    def reminders_sent(self):
        return self.record.reminders_sent

    @property
    def escalated_on(self):
        return self.record.escalated_on

    @property
    def reminded_today(self):
        return self.submission is not None and self.submission.last_reminded_on == self.today

    @property
    def url(self):
        return submission_url(self.record)


def _key(period_id, form_id, cluster_id, commune_id):
    # A report is its period, its form and its subject; a Biểu 02 is found by its cluster alone (its commune is
    # the cluster's, set when it was opened).
    return (period_id, form_id, cluster_id, None if cluster_id else commune_id)


def _joined(period, expected, submissions, today):
    found = {_key(s.period_id, s.form_id, s.cluster_id, s.commune_id): s for s in submissions}
    accounts = reporter_memberships((cluster, commune) for _form, cluster, commune in expected)
    return [
        Obligation(
            period=period,
            form=form,
            cluster=cluster,
            commune=commune,
            submission=found.get(
                _key(period.pk, form.pk, cluster.pk if cluster else None, commune.pk if commune else None)
            ),
            due_on=form.due_on(period),
            today=today,
            has_account=bool(accounts[subject_key(cluster, commune)]),
        )
        for form, cluster, commune in expected
    ]


def of_period(period, submissions=None, today=None):
    """Every report ``period`` expects, sent or not, joined with ``submissions`` (default: all the period's; a
    reporter's page passes those they may see, of this period or more): what the tracker and a reporter's own list
    show."""
    today = today or local_today()
    submissions = Submission.objects.filter(period=period) if submissions is None else submissions
    return _joined(period, expected_subjects(period), submissions, today)


def is_owed(obligation, *, days_before):
    """Whether ``obligation`` is still owed (not sent, or sent back) and due at most ``days_before`` days from its
    ``today``, or past: what a reminder names and what waits on a reporter ("Chờ tôi xử lý")."""
    return obligation.state not in DONE and (obligation.due_on - obligation.today).days <= days_before


def open_periods(periods):
    """The ids of ``periods`` whose Biểu 04 is not issued yet: their reports are still owed. One query."""
    return set(
        ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods], bieu04s__isnull=True).values_list(
            "pk", flat=True
        )
    )


def owed(today=None, *, days_before, with_account=False):
    """The reports still owed (not sent, or sent back) of the periods whose Biểu 04 is not issued, due at most
    ``days_before`` days from ``today`` or past: Biểu 02 first, each period's in the expected order; only those
    whose reporter has an account when ``with_account`` (the ones a reminder can reach). A few queries per open
    period."""
    today = today or local_today()
    owing = []
    for period in ReportingPeriod.objects.filter(bieu04s__isnull=True).order_by("year", "kind"):
        expected = [
            (form, cluster, commune)
            for form, cluster, commune in expected_subjects(period)
            if (form.due_on(period) - today).days <= days_before
        ]
        if not expected:
            continue
        submissions = Submission.objects.filter(period=period).select_related("form", "period")
        owing += [
            o
            for o in _joined(period, expected, submissions, today)
            if is_owed(o, days_before=days_before) and (o.has_account or not with_account)
        ]
    return owing


def late(today=None):
    """The reports owed and past due (escalated first, then the latest), for the coordinators' digest."""
    lines = [o for o in owed(today, days_before=0) if o.days_late > 0]
    return sorted(lines, key=lambda o: (o.escalated_on is None, -o.days_late, o.form.code, o.subject_label))


def returns(period):
    """{form code: (expected, accepted, [labels of the expected not accepted])} for Biểu 02 and 03: who had to
    report in the period (``expected_subjects``) and whose report was accepted."""
    accepted = set(
        Submission.objects.filter(period=period, state=Submission.State.ACCEPTED).values_list(
            "form__code", "cluster_id", "commune_id"
        )
    )
    accepted_subjects = {(code, cluster_id) for code, cluster_id, _commune in accepted if cluster_id} | {
        (code, commune_id) for code, cluster_id, commune_id in accepted if not cluster_id
    }
    result = {"02": [0, 0, []], "03": [0, 0, []]}
    for form, cluster, commune in expected_subjects(period):
        subject = cluster or commune
        entry = result[form.code]
        entry[0] += 1
        if (form.code, subject.pk) in accepted_subjects:
            entry[1] += 1
        else:
            entry[2].append(f"{cluster.code} — {cluster.name}" if cluster else str(commune))
    return {code: tuple(entry) for code, entry in result.items()}
