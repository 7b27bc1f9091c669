"""Reading the Circular 14 cycle: what a submission holds and what a form starts with. Who is expected to report,
and how late, is ``reporting.obligations``."""

from decimal import Decimal

from .bieu import compute
from .models import Indicator, Submission, SubmissionValue


def saved_values(submission):
    """key → (value, note) of what the submission holds (empty for one not yet saved)."""
    if submission.pk is None:
        return {}
    return {
        key: (value, note)
        for key, value, note in SubmissionValue.objects.filter(submission=submission).values_list(
            "indicator__key", "value", "note"
        )
    }


def received_on_paper(sources):
    """The ids of the submissions among ``sources`` (Biểu 04 sources: dicts of type "cluster" or "submission") that
    were received on paper, entered and accepted by a coordinator. One query, none without a submission."""
    ids = {source["id"] for source in sources if source["type"] == "submission"}
    if not ids:
        return set()
    return set(Submission.objects.filter(pk__in=ids, received_on_paper=True).values_list("pk", flat=True))


def previous_submission(submission):
    """The same reporter's last accepted report of the same form, in an earlier period."""
    earlier = Submission.objects.filter(
        form=submission.form, state=Submission.State.ACCEPTED, period__year__lte=submission.period.year
    ).exclude(period=submission.period)
    if submission.cluster_id:
        earlier = earlier.filter(cluster_id=submission.cluster_id)
    else:
        earlier = earlier.filter(commune_id=submission.commune_id, cluster__isnull=True)
    now = submission.period.chronological
    earlier = [s for s in earlier.select_related("period") if s.period.chronological < now]
    return max(earlier, key=lambda s: s.period.chronological, default=None)


def previous_values(submission):
    """key → value of the reporter's last accepted report (for the cumulative rule and the pre-fill)."""
    previous = previous_submission(submission)
    return {key: value for key, (value, _note) in saved_values(previous).items()} if previous else {}


def _register_value(cluster, indicator):
    value = getattr(cluster, indicator.cluster_field, None)
    if value is None:
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    return (Decimal(value) / indicator.scale).quantize(Decimal("0.001")).normalize()


def initial_values(submission):
    """What the form starts with: the saved values; else, for a row that keeps its value from one period to the
    next (not in-period), the reporter's last accepted report; else the register (Biểu 02: the cluster's record;
    Biểu 03: the commune's figures computed from the register and the accepted Biểu 02)."""
    saved = saved_values(submission)
    if saved:
        return {key: value for key, (value, _note) in saved.items()}
    indicators = list(submission.form.indicators.order_by("order"))
    previous = previous_values(submission)
    computed = {}
    if submission.cluster_id is None and submission.commune_id:
        computed = {key: figure.value for key, figure in compute(submission.period, submission.commune).items()}
    values = {}
    for indicator in indicators:
        value = computed.get(indicator.key)
        if value is None and indicator.nature != Indicator.Nature.IN_PERIOD:
            value = previous.get(indicator.key)
        if value is None and submission.cluster_id and indicator.cluster_field:
            value = _register_value(submission.cluster, indicator)
        values[indicator.key] = value
    return values


def submissions_to_decide(user):
    """Reports sent and waiting for the Department to accept or return them, among those ``user`` may see; the first
    sent first."""
    return (
        Submission.objects.filter(state=Submission.State.SUBMITTED)
        .visible_to(user)
        .select_related("period", "form", "cluster", "commune")
        .order_by("submitted_at", "pk")
    )
