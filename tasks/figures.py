"""The figures of the dashboard and of the agency pages, each computed by an aggregate query.

Counts by deadline status come from ``TaskQuerySet.with_deadline_status()`` (the one home of "on time",
"due soon" and "overdue") with ``Count(filter=Q(deadline_status=…))``: the database counts, Python never
loops over tasks. Every figure carries the query string of the list behind it, so each number on the
dashboard links to the tasks or clusters it counts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import chain

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core import cache as core_cache
from core.figures import list_path, list_url, percent, with_each

from . import tally, targets
from .models import DeadlineStatus, Target, Task, TaskGroup, local_today
from .models.tasks import COUNTED_STATUSES, deadline_status_expression, updated_expression

# The order in which statuses are shown: the most urgent first, then the finished ones.
STATUS_ORDER = [
    DeadlineStatus.OVERDUE,
    DeadlineStatus.DUE_SOON,
    DeadlineStatus.ON_TRACK,
    DeadlineStatus.NO_DEADLINE,
    DeadlineStatus.DONE_ON_TIME,
    DeadlineStatus.DONE_LATE,
]
STATUS_VALUES = [status.value for status in STATUS_ORDER]
# Task lists read by deadline, tasks without one last (databases disagree on where NULLs sort).
DEADLINE_ORDER = F("due_date").asc(nulls_last=True)
# Statuses in which a deadline has "come due": the task is finished, or its deadline has passed.
CAME_DUE = (DeadlineStatus.DONE_ON_TIME, DeadlineStatus.DONE_LATE, DeadlineStatus.OVERDUE)


def plan_register_figures(plan):
    """The province's own figures as ``plan`` states them (``Plan.register_figures``): {key: (Decimal, approximate)};
    a key the plan does not give, or no plan, is left out."""
    found = {}
    for key, given in ((plan.register_figures or {}) if plan is not None else {}).items():
        value, approximate = (
            (given.get("value"), bool(given.get("approximate"))) if isinstance(given, dict) else (given, False)
        )
        if value is not None:
            found[key] = (Decimal(str(value)), approximate)
    return found


@dataclass
class StatusCounts:
    """Tasks counted by deadline status (cancelled tasks left out), with the filters that list them."""

    counts: dict
    total: int
    filters: dict = field(default_factory=dict)

    def add(self, status, n):
        """Count ``n`` more tasks in ``status`` (building the counts from grouped rows)."""
        self.counts[DeadlineStatus(status)] += n
        self.total += n

    @property
    def overdue_share(self):
        return percent(self.counts[DeadlineStatus.OVERDUE], self.total)

    @property
    def on_time_rate(self):
        """Done on time ÷ tasks whose deadline has come due (done, on time or late, or overdue)."""
        return percent(self.counts[DeadlineStatus.DONE_ON_TIME], sum(self.counts[s] for s in CAME_DUE))

    @property
    def done(self):
        return self.counts[DeadlineStatus.DONE_ON_TIME] + self.counts[DeadlineStatus.DONE_LATE]

    def url(self, status=None, ordering=None):
        """The list behind a figure: tasks of ``status`` (a deadline status), or every counted task."""
        if status is None:
            return list_url("tasks:task_list", **self.filters, status=COUNTED_STATUSES, ordering=ordering)
        return list_url("tasks:task_list", **self.filters, deadline_status=status, ordering=ordering)

    @property
    def overdue_url(self):
        """The overdue tasks, the longest overdue first."""
        return self.url(DeadlineStatus.OVERDUE.value, ordering="due_date")

    @property
    def due_soon_url(self):
        return self.url(DeadlineStatus.DUE_SOON.value, ordering="due_date")

    @cached_property
    def cells(self):
        """(status, label, count, url, share of total) in display order, for tables and stacked bars. Worked
        out once per figure (a table row and its bar read it three times; the agencies page has 50 rows)."""
        rows = []
        offset = Decimal(0)
        urls = with_each(list_path("tasks:task_list"), "deadline_status", STATUS_VALUES, **self.filters)
        for status, url in zip(STATUS_ORDER, urls, strict=True):
            count = self.counts[status]
            share = percent(count, self.total) or Decimal(0)
            rows.append(
                {
                    "status": status.value,
                    "label": status.label,
                    "count": count,
                    "url": url,
                    "share": share,
                    # Position in a 100-wide SVG stacked bar, as plain strings (never localised).
                    "x": f"{offset:.2f}",
                    "width": f"{share:.2f}",
                }
            )
            offset += share
        return rows


def empty_counts(**filters):
    return StatusCounts(counts=dict.fromkeys(DeadlineStatus, 0), total=0, filters=filters)


def counted_with_status(tasks, today=None):
    """The counted tasks of ``tasks`` with their ``deadline_status`` judged on ``today``: ``tasks`` is a task
    queryset, or the tasks' history as of a past day (``Task.history.as_of``) for the plan report."""
    return tasks.annotate(deadline_status=deadline_status_expression(today)).filter(status__in=COUNTED_STATUSES)


def status_counts(tasks, today=None, **filters):
    """One query over ``tasks`` (any task queryset without duplicate rows, or their history as of a day), the
    statuses judged on ``today`` (default: today): grouped by the status, so the CASE is judged once a task (a
    ``COUNT(*) FILTER (WHERE CASE … = status)`` per status wrote, and evaluated, it six times)."""
    counts = empty_counts(**filters)
    for status, n in counted_with_status(tasks, today).order_by().values_list("deadline_status").annotate(n=Count("*")):
        counts.add(status, n)
    return counts


def status_tables(tasks, keys, today=None, updates_by=None, **filters):
    """(all, {key: {value: StatusCounts}}, {value: UpdateRate}) from one query grouped by ``keys`` and the deadline
    status, so the CASE is judged once a task and one pass gives every table (the dashboard's: by group and by lead
    agency). With ``updates_by`` (one of ``keys``), the same pass also gives the update rates by that key: the open
    tasks, and those reported on recently (``recently_updated_q``), read from the same index entries."""
    rows = counted_with_status(tasks, today).order_by()
    grouped = [*keys, "deadline_status"]
    if updates_by is not None:
        rows = rows.annotate(updated=updated_expression(today))
        grouped.append("updated")
    # COUNT(*): read from the covering index task_figures_idx where it serves.
    rows = rows.values_list(*grouped).annotate(n=Count("*"))
    width = len(keys)
    at = keys.index(updates_by) if updates_by is not None else None

    def summed():
        for row in rows:
            status, n = row[width], row[-1]
            updated = row[width + 1] if at is not None else None  # None: not open, or no rates asked for
            if updated is None:
                yield row[:width], {status: n}, None, 0, 0
            else:
                yield row[:width], {status: n}, row[at], n, n * updated

    return _made_tables(_summed(keys, summed()), updates_by, filters)


def _summed(keys, rows):
    """(all_sums, sums, updates) from ``rows`` of (the value of each key, {status code: n}, the value the update rate
    is kept under or None, open tasks, of them updated): summed in plain dicts keyed by the status's code, made
    StatusCounts once per value by ``_made_tables``. At national scale the rows are thousands, and an enum made per row
    and table cost the dashboard more than its query."""
    statuses = [status.value for status in DeadlineStatus]
    sums = {key: {} for key in keys}
    all_sums = dict.fromkeys(statuses, 0)
    updates = {}  # value of ``updates_by``: [open, updated]
    for values, counts, rate_key, open_, updated in rows:
        for key, value in zip(keys, values, strict=True):
            table = sums[key].get(value)
            if table is None:
                table = sums[key][value] = dict.fromkeys(statuses, 0)
            for status, n in counts.items():
                table[status] += n
        for status, n in counts.items():
            all_sums[status] += n
        if open_:
            rate = updates.setdefault(rate_key, [0, 0])
            rate[0] += open_
            rate[1] += updated
    return all_sums, sums, updates


def _made_tables(summed, updates_by, filters):
    """(all, tables, rates) as ``status_tables`` gives them, from ``_summed``'s plain sums."""
    all_sums, sums, updates = summed

    def made(counts, **more):
        return StatusCounts(
            counts={status: counts[status.value] for status in DeadlineStatus},
            total=sum(counts.values()),
            filters={**filters, **more},
        )

    tables = {
        key: {value: made(counts, **{key: value}) for value, counts in table.items()} for key, table in sums.items()
    }
    rates = {
        value: UpdateRate(updated=updated, open=open_, filters={**filters, updates_by: value})
        for value, (open_, updated) in updates.items()
    }
    return made(all_sums), tables, rates


def tally_tables(plan_pk, today=None):
    """What ``status_tables`` gives for every task of the plan by group and lead agency, with the update rates by
    lead agency, read from the counts kept per pair (``tasks.tally``) instead of from the tasks."""
    statuses = tally.STATUS_COLUMNS
    width = len(statuses)

    def summed():
        for group, agency, *numbers in tally.current(
            groups=TaskGroup.objects.filter(plan=plan_pk).values("pk"), today=today
        ):
            counts = dict(zip(statuses, numbers[:width], strict=True))
            if any(counts.values()):  # else only cancelled tasks, or none left
                _cancelled, open_, updated = numbers[width:]
                yield (group, agency), counts, agency, open_, updated

    return _made_tables(_summed(["group", "lead_agency"], summed()), "lead_agency", {"plan": plan_pk})


def status_counts_by(tasks, key, today=None, **filters):
    """One grouped query: {value of ``key``: StatusCounts}, e.g. per group or per lead agency."""
    return status_tables(tasks, [key], today, **filters)[1][key]


@dataclass
class UpdateRate:
    """Open tasks with a progress report within STALE_PROGRESS_DAYS, of all open tasks ("tỷ lệ cập nhật")."""

    updated: int
    open: int
    filters: dict = field(default_factory=dict)

    @property
    def not_updated_url(self):
        return list_url("tasks:task_list", **self.filters, not_updated="true")

    @property
    def rate(self):
        return percent(self.updated, self.open)

    @property
    def not_updated(self):
        return self.open - self.updated


# --- the dashboard's aggregates, cached ----------------------------------------------------------------

# The dashboard's figures, the agencies table and the targets' progress are cached (``core.cache``) under the
# domains they read: a write there (bulk writes included) drops them, in every process sharing the cache; a login,
# a notification read or a webhook attempt does not.

# Task figures read the plan's tasks and, through what the user may see, the agencies and their memberships.
TASK_FIGURE_DOMAINS = (core_cache.TASKS, core_cache.AGENCIES)
# A target's progress reads the target (its named clusters) and the register with its history.
TARGET_DOMAINS = (core_cache.TASKS, core_cache.REGISTER)


@dataclass
class PlanFigures:
    """The dashboard's aggregates over a plan's tasks, and when they were computed."""

    counts: StatusCounts
    by_group: dict
    by_agency: dict
    updates: dict
    computed_at: object


def _compute_plan_figures(tasks, plan_pk):
    if tasks.query.has_filters():
        # Some tasks only (what a user may see, when that is not every task): one pass over them gives the three
        # tables and the update rates.
        counts, tables, updates = status_tables(
            tasks.filter(group__plan=plan_pk), ["group", "lead_agency"], updates_by="lead_agency", plan=plan_pk
        )
    else:
        # Every task: the counts kept per group and lead agency, where grouping the plan's tasks read every one
        # (at 100,000 tasks, 40–80 ms of PostgreSQL and 30 ms of Python on every view).
        counts, tables, updates = tally_tables(plan_pk)
    return PlanFigures(
        counts=counts,
        by_group=tables["group"],
        by_agency=tables["lead_agency"],
        updates=updates,
        computed_at=timezone.now(),
    )


def _cached_over(name, tasks, compute, *parts):
    """``compute()``, figures over ``tasks``, cached (``TASK_FIGURE_DOMAINS``) under a key holding the day (deadline statuses
    change at midnight), the SQL of ``tasks`` (what the user may see) and ``parts``, so a cached figure is never
    another user's or another day's."""
    try:
        sql = str(tasks.query)
    except EmptyResultSet:  # a user who may see nothing: nothing to cache
        return compute()
    return core_cache.cached(
        TASK_FIGURE_DOMAINS, [name, *parts, local_today(), sql], compute, settings.TASK_FIGURES_CACHE_SECONDS
    )


def plan_figures(tasks, plan_pk):
    """Counts by deadline status (all, by group, by lead agency) and update rates by lead agency, over the tasks of
    plan ``plan_pk`` among ``tasks`` (what the user may see): from the counts kept per pair when that is every
    task, else one grouped query over them; cached for ``TASK_FIGURES_CACHE_SECONDS`` (0: never) and
    dropped on every write to the tasks or the agencies (``TASK_FIGURE_DOMAINS``)."""
    return _cached_over("plan", tasks, lambda: _compute_plan_figures(tasks, plan_pk), plan_pk)


@dataclass
class AgencyFigures:
    """The agencies table's figures: each agency's led tasks by deadline status, its supported tasks."""

    led: dict
    supported: dict
    computed_at: object


# The rows of a page's supported-task counts in the agencies' grouped query (no deadline status is either word):
# the links of an agency, and those of them whose task is uncounted, to take away.
SUPPORTED = "supported"
UNCOUNTED_SUPPORTED = "supported-uncounted"


def _compute_agency_figures(tasks, agency_ids):
    # The supported tasks by agency and, where ``tasks`` is not every task, (UNION ALL) the led tasks by agency and
    # deadline status: one grouped query, for the page's agencies only (at national scale, every agency's figures
    # cost the page more than the page itself).
    led = (
        counted_with_status(tasks.filter(lead_agency__in=agency_ids))
        .order_by()
        .values_list("lead_agency", "deadline_status")
        .annotate(n=Count("*"))
    )
    links = Task.supporting_agencies.through.objects.filter(agency__in=agency_ids).order_by()
    if tasks.query.has_filters():  # ``tasks`` is not every task (what a user may see): only those, if counted
        # A link counts unless its task is uncounted: an anti-join that reads the few cancelled tasks, where "task_id
        # IN (the counted tasks)" hashed every task (migration tasks/0014).
        supported = _grouped_links(
            links.filter(task__in=tasks).exclude(Exists(Task.objects.uncounted().filter(pk=OuterRef("task_id")))),
            SUPPORTED,
        )
        grouped = led.union(supported, all=True)
    else:
        # Every task: the led tasks from the counts kept per group and lead agency (``tasks.tally``), which read
        # a row per group of each agency where grouping their tasks read every one. The supported ones: every link
        # of the agencies, counted from the agency index alone (no row read), less the links of the few uncounted
        # tasks; the anti-join above read and hashed each of the 27,000 links of a page at national scale (12 ms,
        # this 4).
        kept = (
            (agency_id, status, n)
            for _group, agency_id, *numbers in tally.current(agencies=agency_ids)
            for status, n in zip(tally.STATUS_COLUMNS, numbers, strict=False)  # the statuses, then other counts
            if n
        )
        uncounted = _grouped_links(links.filter(task__in=Task.objects.uncounted()), UNCOUNTED_SUPPORTED)
        grouped = chain(kept, _grouped_links(links, SUPPORTED).union(uncounted, all=True))
    by_agency, supported_by_agency = {}, defaultdict(int)
    for agency_id, status, n in grouped:
        if status == SUPPORTED:
            supported_by_agency[agency_id] += n
            continue
        if status == UNCOUNTED_SUPPORTED:
            supported_by_agency[agency_id] -= n
            continue
        if agency_id not in by_agency:
            by_agency[agency_id] = empty_counts(lead_agency=agency_id)
        by_agency[agency_id].add(status, n)
    return AgencyFigures(led=by_agency, supported=dict(supported_by_agency), computed_at=timezone.now())


def _grouped_links(links, kind):
    """(agency, ``kind``, how many of ``links``) per agency: a row of the agencies' grouped query."""
    return links.values_list("agency").annotate(kind=Value(kind, output_field=CharField()), n=Count("*"))


def agency_figures(tasks, agency_ids):
    """The figures of the agencies ``agency_ids`` (a page of the agencies table) over ``tasks``, each agency counted
    over all its tasks: one grouped query, cached like the dashboard's."""
    agency_ids = sorted(agency_ids)
    return _cached_over("agencies", tasks, lambda: _compute_agency_figures(tasks, agency_ids), *agency_ids)


# --- targets -----------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: Target
    progress: object
    url: str


def target_rows(plan, register=None):
    """Each target of the plan with its progress (``tasks.targets``, on the register as of today) and its page,
    which lists the clusters that make its figure. The progress is measured over the whole register (not what a
    user may see) but reads only the clusters that may count (``targets.progress_of``); it is cached per plan and
    day like the task figures, and dropped with them on any write to the register. ``register``: the page's
    ``clusters.selectors.PageRegister``, to read those clusters with the register figures (on its day)."""
    # Each target's plan is ``plan`` itself, set by the related manager (its window reads the plan's period): no
    # join to the plan's row, and its columns, to compile and convert again.
    plan_targets = list(plan.targets.select_related("responsible_agency"))
    today = local_today() if register is None else register.day

    def measure_all():
        # The targets' lists, read only when measuring, and only for their ids (``targets.named_ids``).
        targets.read_named_ids(plan_targets)
        return targets.progress_of(plan_targets, today, None if register is None else register.covering)

    progress = core_cache.cached(
        TARGET_DOMAINS,
        [f"tasks.figures.targets:{plan.pk}:{today}"],
        measure_all,
        settings.TASK_FIGURES_CACHE_SECONDS,
    )
    return [
        TargetRow(
            target=target,
            progress=progress.get(target.pk) or targets.progress(target),
            url=reverse("tasks:target_detail", args=[target.pk]) if targets.is_measured(target) else "",
        )
        for target in plan_targets
    ]


def comparison_rows(register, plan=None):
    """The register beside the province's figures as ``plan`` states them (``Plan.register_figures``; None where the
    plan gives none): label, register value, link, the plan's value ("city"), unit."""
    status = Cluster.Status
    given = plan_register_figures(plan)
    city = {key: value for key, (value, _approximate) in given.items()}
    approximate = {key: flag for key, (_value, flag) in given.items()}  # the plan writes "khoảng 80.000 người"
    return [
        {
            "label": _("Cụm công nghiệp đang hoạt động"),
            "register": register["operating"],
            "url": list_url("clusters:cluster_list", register="operating"),
            "city": city.get("operating_clusters"),
            "approximate": approximate.get("operating_clusters", False),
            "unit": _("cụm"),
            "is_count": True,
        },
        {
            "label": _("Diện tích các cụm đang hoạt động"),
            "register": register["operating_area"],
            "url": list_url("clusters:cluster_list", register="operating"),
            "city": city.get("operating_area_ha"),
            "approximate": approximate.get("operating_area_ha", False),
            "unit": "ha",
        },
        {
            "label": _("Hộ, doanh nghiệp sản xuất (dự án thứ cấp)"),
            "register": register["tenants"],
            "url": "",
            "city": city.get("enterprises"),
            "approximate": approximate.get("enterprises", False),
            "unit": "",
        },
        {
            "label": _("Lao động"),
            "register": register["workers"],
            "url": "",
            "city": city.get("workers"),
            "approximate": approximate.get("workers", False),
            "unit": _("người"),
        },
        {
            "label": _("Nộp ngân sách"),
            "register": register["budget_billion"],
            "url": "",
            "city": city.get("budget_billion_vnd_per_year"),
            "approximate": approximate.get("budget_billion_vnd_per_year", False),
            "unit": _("tỷ đồng/năm"),
        },
        {
            "label": _("Cụm đang đầu tư xây dựng hạ tầng"),
            "register": register["building"],
            "url": list_url("clusters:cluster_list", register="building"),
            "city": city.get("building_clusters"),
            "approximate": approximate.get("building_clusters", False),
            "unit": _("cụm"),
            "is_count": True,
        },
        {
            "label": _("Cụm mới đang thẩm định, thành lập"),
            "register": register["under_appraisal"],
            "url": list_url("clusters:cluster_list", stage=status.UNDER_APPRAISAL),
            "city": city.get("new_clusters"),
            "approximate": approximate.get("new_clusters", False),
            "unit": _("cụm"),
            "is_count": True,
        },
        {
            "label": _("Diện tích cụm mới đang thẩm định"),
            "register": register["new_area"],
            "url": list_url("clusters:cluster_list", stage=status.UNDER_APPRAISAL),
            "city": city.get("new_area_ha"),
            "approximate": approximate.get("new_area_ha", False),
            "unit": "ha",
        },
        {
            "label": _("Định hướng đến năm 2030: số cụm"),
            "register": register["total"],
            "url": list_url("clusters:cluster_list", register="in_register"),
            "city": city.get("clusters_2030"),
            "approximate": approximate.get("clusters_2030", False),
            "unit": _("cụm"),
            "is_count": True,
        },
        {
            "label": _("Định hướng đến năm 2030: diện tích"),
            "register": register["total_area"],
            "url": list_url("clusters:cluster_list", register="in_register"),
            "city": city.get("area_2030_ha"),
            "approximate": approximate.get("area_2030_ha", False),
            "unit": "ha",
        },
    ]
