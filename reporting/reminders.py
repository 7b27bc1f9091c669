"""Who is chased for a Circular 14 report, and who hears it: the reads behind the daily reminder run
(``notifications.reminders``), the dashboard flag and the follow-up letter.

The reports owed are ``obligations.owed`` (expected, of a period whose Biểu 04 is not yet issued, still not sent
or sent back); a reminder names those whose due date is at most ``REPORTING_REMINDER_DAYS_BEFORE`` days away or
past and whose reporter has an account (``to_remind``). Their reporters are the active users of the investor agency
of the cluster (Biểu 02, role "investor") or of the commune's People's Committee (Biểu 03, role "commune_reporter"),
as ``obligations.reporter_memberships`` finds them. Each reminder the run sends
is counted on the submission (``services.submission_remind``, once a day); after ``REPORTING_ESCALATE_AFTER``
reminders a late report is escalated.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from clusters.periods import chronological

from . import obligations
from .models import Submission
from .obligations import DONE


def reminder_days_before():
    return max(0, int(settings.REPORTING_REMINDER_DAYS_BEFORE))


def escalate_after():
    return max(1, int(settings.REPORTING_ESCALATE_AFTER))


def to_remind(today=None):
    """The reports owed whose due date is at most ``REPORTING_REMINDER_DAYS_BEFORE`` days away, or past, and whose
    reporter has an account: a subject without one sends on paper and is followed up by the Department."""
    return obligations.owed(today, days_before=reminder_days_before(), with_account=True)


def reporters(owed):
    """{id(obligation): [membership, …]} the active reporters of each obligation, by username
    (``obligations.reporter_memberships``). One query."""
    found = obligations.reporter_memberships((o.cluster, o.commune) for o in owed)
    return {id(o): found[obligations.subject_key(o.cluster, o.commune)] for o in owed}


def tracker_path():
    """Where the coordinators' digest sends them to follow the reports up: the reporting pages' home."""
    return reverse("reporting:home")


def escalation_summary():
    """(how many reports are escalated and still not sent, the tracker to follow them up on): the tracker of the
    latest period holding one, else the reporting home. One query."""
    by_period = list(escalated().order_by().values("period_id", "period__year", "period__kind").annotate(n=Count("pk")))
    if not by_period:
        return 0, reverse("reporting:home")
    latest = max(by_period, key=lambda row: chronological(row["period__year"], row["period__kind"]))
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
