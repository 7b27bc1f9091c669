"""How each target of the plan is measured: one function per measure, read from the register as of a day.

Every measure asks ``clusters.register`` (the one module that says, for any day, which clusters are in the register,
established, operating, infrastructure-complete, filled) for the register at the end of the day measured — today for
the dashboard, the target's page and the API, the cut-off day for the plan report — and counts what happened to the
clusters of the target's list inside the target's window, the window ending at that day. A fact counts on its
*effective* date (a decision's date, the acceptance record's, the close of a periodic figure's data window), never
on the day it was typed, and a past day never reads today's state.

``measure(target, register)`` returns one ``Measurement``: each cluster looked at, with the date it counts from (or
why it does not count), its counted list and its figure; the dashboard's number, the target's page and the API's
``counted_clusters`` all read that one list. ``misfits`` says which clusters do not belong on a target's list
(``tasks.services.target_clusters_set`` and the admin refuse them).
"""

import datetime
import functools
import operator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters import register as cluster_register
from clusters.models import Cluster, ClusterDecision, ClusterReport, occupancy_of
from clusters.periods import period_label, window_end_number

from .models import Target

Measure = Target.Measure
NO_DATA = gettext_lazy("chưa có dữ liệu")
# The plan's sentence behind the wastewater share, and what "new cluster" means in it (shown on the target's page).
NEW_CLUSTER_DEFINITION = gettext_lazy(
    "Cụm xây dựng mới: cụm có quyết định thành lập trong kỳ tính. Chỉ tiêu của kế hoạch: “100% cụm công nghiệp xây "
    "dựng mới phải có hệ thống xử lý nước thải đạt tiêu chuẩn quốc gia”; cụm mở rộng là cụm đã có nên không thuộc "
    "“xây dựng mới”. Trạm đạt quy chuẩn: trạm đã hoặc đang đầu tư, đạt QCVN 40:2025/BTNMT từ ngày có minh chứng."
)


@dataclass(frozen=True)
class TargetProgress:
    """Where a target stands: the value measured against the value (or range) the plan sets."""

    current: Decimal | None  # None: a share of no clusters yet ("chưa có dữ liệu")
    target_min: Decimal
    target_max: Decimal | None
    unit: str

    @property
    def percent(self):
        """Progress towards the lower bound, capped at 100 (0 while there is no data)."""
        if self.current is None:
            return Decimal(0)
        if not self.target_min:
            return Decimal(100)
        return min(Decimal(100), (self.current * 100 / self.target_min).quantize(Decimal("0.1")))

    @property
    def achieved(self):
        return self.current is not None and self.current >= self.target_min

    def __str__(self):
        goal = (
            _figure(self.target_min)
            if self.target_max is None
            else f"{_figure(self.target_min)}–{_figure(self.target_max)}"
        )
        if self.current is None:
            return f"{NO_DATA} ({goal} {self.unit})".replace(" )", ")")
        return f"{_figure(self.current)}/{goal} {self.unit}".strip()


def _figure(value):
    """26.00 → "26", 33.30 → "33,3": a figure as a Vietnamese reader writes it."""
    return number_format(Decimal(value).normalize(), use_l10n=True)


def _date(value):
    return date_format(value, "d/m/Y") if value else ""


@dataclass(frozen=True)
class Row:
    """One cluster a target looks at: its state on the day measured, the date it counts from (None: it does not
    count) and, when it does not, why."""

    state: cluster_register.ClusterState
    counted_on: datetime.date | None
    why: object = ""  # the reason, or a function giving it: worded only when a page shows it

    @property
    def reason(self):
        return self.why() if callable(self.why) else self.why

    @property
    def pk(self):
        return self.state.id

    @property
    def name(self):
        return self.state.name

    @property
    def code(self):
        return self.state.code

    @property
    def area(self):
        return self.state.area

    @property
    def stage_label(self):
        return Cluster.Status(self.state.stage).label


@dataclass
class Measurement:
    """A target measured on a day: the clusters it looks at (its base for a share, else its list), each a ``Row``."""

    target: Target
    day: datetime.date
    window: tuple
    rows: list = field(default_factory=list)
    share: bool = False

    @property
    def counted(self):
        """The rows that count: the figure is their number (or their share of ``rows``)."""
        return [row for row in self.rows if row.counted_on is not None]

    @property
    def pending(self):
        return [row for row in self.rows if row.counted_on is None]

    @property
    def value(self):
        counted = len(self.counted)
        if not self.share:
            return Decimal(counted)
        if not self.rows:
            return None  # no new clusters in the window: "chưa có dữ liệu", not 0%
        return (Decimal(counted) * 100 / len(self.rows)).quantize(Decimal("0.1"))

    @property
    def progress(self):
        target = self.target
        return TargetProgress(
            current=self.value, target_min=target.target_min, target_max=target.target_max, unit=target.unit
        )


def window(target, day):
    """The dates the target counts events between: its window, ending at ``day`` when that comes first."""
    start, end = target.window
    return start, min(end, day)


def named_ids(target):
    """The ids of the target's cluster list (empty: the whole register). Read from ``read_named_ids`` or a prefetch
    when there is one."""
    read = getattr(target, "_named_ids", None)
    if read is not None:
        return read
    return {cluster.pk for cluster in target.clusters.all()}


def read_named_ids(plan_targets):
    """Read the cluster lists of ``plan_targets`` for ``named_ids``, in one query of the list's own table: the ids
    are all a measure reads of the list (a prefetch of the clusters joins them, and cost the dashboard three times
    as much)."""
    named = {target.pk: set() for target in plan_targets}
    listed = Target.clusters.through.objects.filter(target__in=list(named)).values_list("target_id", "cluster_id")
    for target_id, cluster_id in listed:
        named[target_id].add(cluster_id)
    for target in plan_targets:
        target._named_ids = named[target.pk]


def scope(target, register):
    """The states the target is measured on: those of its list, else every cluster in the register that day."""
    ids = named_ids(target)
    if not ids:
        return register.in_register
    return [state for state in register if state.id in ids]


# --- the measures: each gives a Row for one state, in the window [start, end] -----------------------


def _ended(state):
    return Row(state, None, lambda: _("Cụm không còn trong sổ đăng ký (đã bãi bỏ hoặc đưa ra khỏi phương án)."))


def _infrastructure_completed(target, state, start, end):
    """Infrastructure completed and accepted in the window (operating is not completion)."""
    done = state.infrastructure_completed_on
    if state.infrastructure_complete and start <= done <= end:
        return Row(state, done)
    if not state.infrastructure_complete:
        return Row(state, None, lambda: _("Chưa hoàn thành hạ tầng."))
    return Row(state, None, lambda: _("Hoàn thành hạ tầng ngày %(date)s, ngoài kỳ tính.") % {"date": _date(done)})


def _occupancy(state, fact):
    return occupancy_of(state.industrial_land, fact.leased, fact.committed)


def _filled(target, state, start, end):
    """The first periodic figure whose data window closed in the window at or above the threshold, counted on that
    close date, unless the last one closed before the window already was."""
    threshold = target.fill_threshold_pct
    if not state.industrial_land:
        return Row(state, None, lambda: _("Chưa rõ diện tích đất công nghiệp."))
    before = [fact for fact in state.land_history if fact.closed_on < start]
    inside = [fact for fact in state.land_history if start <= fact.closed_on <= end]
    if before:
        last = _occupancy(state, before[-1])
        if last is not None and last >= threshold:
            return Row(
                state,
                None,
                lambda: (
                    _("Đã lấp đầy trước kỳ tính (số liệu %(period)s: %(pct)s%%).")
                    % {"period": period_label(before[-1].year, before[-1].period), "pct": _figure(last)}
                ),
            )
    for fact in inside:
        occupancy = _occupancy(state, fact)
        if occupancy is not None and occupancy >= threshold:
            return Row(state, fact.closed_on)
    latest = next((fact for fact in reversed(inside) if _occupancy(state, fact) is not None), None)
    if latest is None:
        return Row(state, None, lambda: _("Chưa có số liệu định kỳ về đất của kỳ báo cáo khép lại trong kỳ tính."))
    return Row(
        state,
        None,
        lambda: (
            _("Tỷ lệ lấp đầy %(pct)s%% (số liệu %(period)s) chưa đạt ngưỡng %(threshold)s%%.")
            % {
                "pct": _figure(_occupancy(state, latest)),
                "period": period_label(latest.year, latest.period),
                "threshold": _figure(threshold),
            }
        ),
    )


def _established_or_expanded(target, state, start, end):
    """An establishment or an expansion decision in the window (the plan: "thành lập hoặc mở rộng")."""
    decided = state.established_or_expanded_between(start, end)
    if decided is not None:
        return Row(state, decided)
    return Row(state, None, lambda: _("Không có quyết định thành lập hoặc mở rộng trong kỳ tính."))


def _with_compliant_wastewater(target, state, start, end):
    """A new cluster (established in the window) whose plant is compliant by the end of the window, counted from the
    later of its establishment and the compliance."""
    since = state.wastewater_compliant_since
    if state.wastewater_compliant_now and since <= end:
        return Row(state, max(since, state.established_on))
    if not state.wastewater_built:
        return Row(state, None, lambda: _("Chưa đầu tư trạm xử lý nước thải tập trung."))
    return Row(state, None, lambda: _("Trạm xử lý nước thải chưa đạt quy chuẩn (QCVN 40:2025/BTNMT)."))


def _wastewater_handed_over(target, state, start, end):
    """A plant handed over in the window."""
    handed = state.wastewater_handed_over_on
    if state.wastewater_handed_over and start <= handed <= end:
        return Row(state, handed)
    if not state.wastewater_handed_over:
        return Row(state, None, lambda: _("Chưa bàn giao trạm xử lý nước thải."))
    return Row(state, None, lambda: _("Bàn giao ngày %(date)s, ngoài kỳ tính.") % {"date": _date(handed)})


def _new_clusters(states, start, end):
    """The base of the wastewater share: the clusters established in the window (the plan's "xây dựng mới")."""
    return [state for state in states if state.established_between(start, end)]


# measure -> (the Row of one state; the base of a share from the scope's states, or None for a count)
MEASURES = {
    Measure.INFRASTRUCTURE_COMPLETED: (_infrastructure_completed, None),
    Measure.FILLED: (_filled, None),
    Measure.NEWLY_ESTABLISHED: (_established_or_expanded, None),
    Measure.NEW_WASTEWATER_COMPLIANT_SHARE: (_with_compliant_wastewater, _new_clusters),
    Measure.WASTEWATER_HANDED_OVER: (_wastewater_handed_over, None),
}


def is_measured(target):
    """Whether the register measures the target (a manual target is entered by hand)."""
    return target.measure in MEASURES


def is_share(target):
    """Whether the target's figure is a share of a base (else a count)."""
    return MEASURES[target.measure][1] is not None


def measure(target, register=None):
    """``target`` measured on the register at the end of ``register.day`` (default: today's register, read for the
    target's list only when it names one: each cluster's state depends on its own facts alone)."""
    if register is None:
        ids = named_ids(target)
        register = cluster_register.as_of(clusters=Cluster.objects.filter(pk__in=ids) if ids else None)
    start, end = window(target, register.day)
    row_of, base_of = MEASURES[target.measure]
    states = scope(target, register)
    if base_of is not None:
        states = base_of(states, start, end)
    rows = [row_of(target, state, start, end) if state.in_register else _ended(state) for state in states]
    return Measurement(target=target, day=register.day, window=(start, end), rows=rows, share=base_of is not None)


# --- which clusters can count: the progress of many targets without the whole register ---------------


def _day_number(day):
    return day.year * 10000 + day.month * 100 + day.day


def _decided_in(kinds, start, end):
    return Q(pk__in=ClusterDecision.objects.filter(kind__in=kinds, date__range=(start, end)).values("cluster_id"))


def might_count(target, day):
    """The clusters that may count towards ``target`` on ``day``, or be in the base of its share, as a condition on
    ``Cluster``: for each measure, a fact the measure's own rule (above) needs dated inside the window. Only a
    narrowing: the rules above still decide, on the states of these clusters, and each state depends on its own
    facts alone, so the progress measured on them is the progress measured on the whole register (a test holds
    the two equal). None for a target the register does not measure."""
    start, end = window(target, day)
    if target.measure == Measure.INFRASTRUCTURE_COMPLETED:
        condition = Q(infrastructure_completed_on__range=(start, end))
    elif target.measure == Measure.FILLED:
        # A periodic figure whose data window closed inside the window (``_filled`` counts on no other).
        closed = ClusterReport.objects.alias(closed=window_end_number()).filter(
            closed__range=(_day_number(start), _day_number(end))
        )
        condition = Q(pk__in=closed.values("cluster_id"))
    elif target.measure == Measure.NEWLY_ESTABLISHED:
        condition = _decided_in((ClusterDecision.Kind.ESTABLISH, ClusterDecision.Kind.EXPAND), start, end)
    elif target.measure == Measure.NEW_WASTEWATER_COMPLIANT_SHARE:
        # The base (``_new_clusters``): an establishment decision dated in the window; the counted are among them.
        condition = _decided_in((ClusterDecision.Kind.ESTABLISH,), start, end)
    elif target.measure == Measure.WASTEWATER_HANDED_OVER:
        condition = Q(wastewater_handed_over_on__range=(start, end))
    else:
        return None
    ids = named_ids(target)
    return condition & Q(pk__in=ids) if ids else condition


def progress_of(plan_targets, day, covering=None):
    """{target id: progress} of ``plan_targets`` on ``day``, from one register read over the clusters that may
    count towards one of them (``might_count``): the dashboard's figures, a few rows instead of the whole
    register. The targets' pages and the API still measure on the whole register: they list every cluster.
    ``covering(condition)``: a register on ``day`` holding at least the clusters that meet ``condition``, when the
    page reads it with its other figures (``clusters.selectors.PageRegister``); the others it holds count
    towards no target (``might_count`` is only a narrowing), so the progress is the same."""
    conditions = [(target, might_count(target, day)) for target in plan_targets]
    measured = [(target, condition) for target, condition in conditions if condition is not None]
    result = {target.pk: progress(target) for target, condition in conditions if condition is None}
    if measured:
        either = functools.reduce(operator.or_, (condition for _target, condition in measured))
        register = None if covering is None else covering(either)
        if register is None:
            # The few ids first: the register's four queries then each name them, instead of each compiling the
            # conditions and their subqueries again (most of the targets' Python on a small register).
            ids = list(Cluster.objects.filter(either).values_list("pk", flat=True))
            register = cluster_register.as_of(day, clusters=Cluster.objects.filter(pk__in=ids), communes=False)
        result.update((target.pk, measure(target, register).progress) for target, _condition in measured)
    return result


def progress(target, register=None):
    """Where ``target`` stands on the day of ``register`` (default today): its value against the plan's."""
    if not is_measured(target):
        return TargetProgress(
            current=target.manual_value or Decimal(0),
            target_min=target.target_min,
            target_max=target.target_max,
            unit=target.unit,
        )
    return measure(target, register).progress


def course(target, dates):
    """The target's course by month over its window: for each month, how many of ``dates`` (the counted
    clusters' ``counted_on``) fall on or before its end — the points of the target page's chart."""
    start, end = target.window
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points = []
    for year, month in months:
        count = sum(1 for day in dates if (day.year, day.month) <= (year, month))
        points.append({"label": f"{month:02d}/{year}", "count": count})
    return points


# --- which clusters belong on a target's list -------------------------------------------------------


def _misfit_reason(target, state):
    """Why ``state`` (a cluster on the day the list is set) does not belong on ``target``'s list, or None."""
    if not state.in_register:
        return _("không còn trong sổ đăng ký (đã bãi bỏ hoặc đưa ra khỏi phương án)")
    start, _end = target.window
    measure_ = target.measure
    if measure_ == Measure.INFRASTRUCTURE_COMPLETED:
        if not state.established:
            return _("chưa có quyết định thành lập, chưa thể hoàn thành hạ tầng trong kỳ")
        done = state.infrastructure_completed_on
        if state.infrastructure_complete and done < start:
            return _("đã hoàn thành hạ tầng ngày %(date)s, trước kỳ tính") % {"date": _date(done)}
    elif measure_ == Measure.FILLED:
        if not state.operating:
            return _("chưa hoạt động (chưa có dự án thứ cấp), chưa thể lấp đầy")
    elif measure_ == Measure.WASTEWATER_HANDED_OVER:
        if not state.operating:
            return _("chưa hoạt động (chưa có dự án thứ cấp)")
        if not state.wastewater_built:
            return _("chưa có trạm xử lý nước thải tập trung đã hoặc đang đầu tư")
    return None


def misfits(target, clusters, day=None):
    """The messages refusing the clusters of ``clusters`` that do not belong on ``target``'s list as the register
    stands at the end of ``day`` (default today): one sentence per cluster, naming it and why. Empty: all fit."""
    if not is_measured(target):
        return []
    ids = [cluster.pk for cluster in clusters]
    if not ids:
        return []
    states = cluster_register.as_of(day, clusters=Cluster.objects.filter(pk__in=ids))
    messages = []
    for state in states:
        reason = _misfit_reason(target, state)
        if reason:
            messages.append(
                _("Cụm %(cluster)s không phù hợp với chỉ tiêu này: %(reason)s.")
                % {"cluster": state.label, "reason": reason}
            )
    return messages
