"""Who owes which Circular 14 report for which period: the one home of the obligations.

``expected_subjects(period)`` is the one rule of who must report: Biểu 02 from every cluster in the register (not
revoked) that has an investor account, Biểu 03 from every commune with such a cluster; none before the forms are
loaded. An ``Obligation`` is one of those reports joined with its submission (when one exists): its due date,
state and lateness. Every surface reads them here:

- the reporting home (a reporter's own reports) and the tracker of a period: ``of_period``;
- the daily reminders to the reporters (``notifications.reminders``): ``owed``;
- the coordinators' digest: ``late``;
- the API and the follow-up letter: ``days_late`` of a submission.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from clusters.models import Cluster
from core.dates import local_today
from places.models import Commune

from .models import ReportForm, ReportingPeriod, Submission

# Sent by its reporter (waiting for the Department, or accepted): no longer owed.
DONE = Submission.SENT_STATES


def expected_subjects(period):
    """[(form, cluster or None, commune or None)] every report the period expects, Biểu 02 first, by code; none
    before the forms are loaded (``load_reference_data``)."""
    forms = {form.code: form for form in ReportForm.objects.filter(code__in=["02", "03"])}
    if not {"02", "03"} <= set(forms):
        return []
    clusters = list(
        Cluster.objects.exclude(status=Cluster.Status.REVOKED)
        .filter(investor__isnull=False)
        .prefetch_related("communes")
        .order_by("code")
    )
    expected = [(forms["02"], cluster, None) for cluster in clusters]
    communes = Commune.objects.filter(clusters__in=clusters).distinct().order_by("code")
    expected += [(forms["03"], None, commune) for commune in communes]
    return expected


def days_late(due_on, state, today=None):
    """How many days past its due date a report still not sent (or sent back) is; 0 when it is not late."""
    today = today or local_today()
    if state in DONE:
        return 0
    return max((today - due_on).days, 0)


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


def _key(form_id, cluster_id, commune_id):
    # A Biểu 02 is found by its cluster alone (its commune is the cluster's, set when it was opened).
    return (form_id, cluster_id, None if cluster_id else commune_id)


def _joined(period, expected, submissions, today):
    found = {_key(s.form_id, s.cluster_id, s.commune_id): s for s in submissions if s.period_id == period.pk}
    return [
        Obligation(
            period=period,
            form=form,
            cluster=cluster,
            commune=commune,
            submission=found.get(_key(form.pk, cluster.pk if cluster else None, commune.pk if commune else None)),
            due_on=form.due_on(period),
            today=today,
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
        ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods], bieu04__isnull=True).values_list("pk", flat=True)
    )


def owed(today=None, *, days_before):
    """The reports still owed (not sent, or sent back) of the periods whose Biểu 04 is not issued, due at most
    ``days_before`` days from ``today`` or past: Biểu 02 first, each period's in the expected order. A few queries
    per open period."""
    today = today or local_today()
    owing = []
    for period in ReportingPeriod.objects.filter(bieu04__isnull=True).order_by("year", "kind"):
        expected = [
            (form, cluster, commune)
            for form, cluster, commune in expected_subjects(period)
            if (form.due_on(period) - today).days <= days_before
        ]
        if not expected:
            continue
        submissions = Submission.objects.filter(period=period).select_related("form", "period")
        owing += [o for o in _joined(period, expected, submissions, today) if is_owed(o, days_before=days_before)]
    return owing


def late(today=None):
    """The reports owed and past due (escalated first, then the latest), for the coordinators' digest."""
    lines = [o for o in owed(today, days_before=0) if o.days_late > 0]
    return sorted(lines, key=lambda o: (o.escalated_on is None, -o.days_late, o.form.code, o.subject_label))
