"""The counts kept per (task group, lead agency) (``tasks.models.tally``): read up to date.

A reader asks for the pairs of some groups or some agencies (``current``). Before reading them, the pairs a write
has touched since they were counted (``TallyChange``, noted by the database's triggers) and those counted on
another day or with other settings (``basis``) are counted again, by one grouped query over their tasks, from the
covering index ``task_figures_idx``, and written back. So a reader pays for the pairs that changed, not for every
task: at 100,000 tasks the dashboard reads about 900 rows where it grouped every task.

The counts are the same ``tasks.figures`` gives from the tasks themselves (``deadline_status_expression``, the
update rate's ``updated_expression``): tests/tasks/test_tally.py holds them equal after every kind of write.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists

from .models import DeadlineStatus, TallyChange, Task, TaskGroup, TaskTally, local_today
from .models.tasks import deadline_status_expression, updated_expression

STATUS_COLUMNS = [status.value for status in DeadlineStatus]
COLUMNS = [*STATUS_COLUMNS, "cancelled", "open", "updated"]
# Changes deleted per statement once counted (after a bulk load they are hundreds of thousands).
DELETE_BATCH = 5000


def basis(today):
    """What a row's counts were judged with: the day and the two settings that move a task between statuses."""
    return f"{today.isoformat()}/{settings.DUE_SOON_DAYS}/{settings.STALE_PROGRESS_DAYS}"


def _scoped(queryset, groups, agencies):
    if groups is not None:
        queryset = queryset.filter(group__in=groups)
    if agencies is not None:
        queryset = queryset.filter(lead_agency__in=agencies)
    return queryset


def _noted_changes(groups, agencies):
    """The changes noted for the pairs of ``groups`` and ``agencies`` since they were counted."""
    return _scoped(TallyChange.objects.all(), groups, agencies)


def current(groups=None, agencies=None, today=None):
    """The counts of the pairs of ``groups`` (a queryset or list of TaskGroup ids) and/or ``agencies`` (lead agency
    ids), each up to date for ``today``: (group, lead agency, *counts in ``COLUMNS``' order) per pair. 1 query when
    nothing changed (the rows, and whether any change is noted), 5 when some pairs are counted again."""
    today = today or local_today()
    judged = basis(today)
    noted_changes = _noted_changes(groups, agencies)
    rows, stale = {}, set()
    noted = True  # no row at all: a noted change may be a new pair's
    for group, agency, row_basis, pending, *counts in (
        _scoped(TaskTally.objects.all(), groups, agencies)
        .annotate(pending=Exists(noted_changes))
        .values_list("group", "lead_agency", "basis", "pending", *COLUMNS)
    ):
        noted = pending
        if row_basis != judged:
            stale.add((group, agency))
        rows[group, agency] = counts
    changes = list(noted_changes.values_list("pk", "group", "lead_agency").order_by()) if noted else []
    stale.update((group, agency) for _pk, group, agency in changes)
    if stale:
        rows.update(_count_again(stale, judged, today))
        _forget([pk for pk, _group, _agency in changes])
    return [(group, agency, *counts) for (group, agency), counts in rows.items()]


def _count_again(pairs, judged, today):
    """Count ``pairs`` again and write their rows: {pair: TaskTally}. One grouped query over the tasks of their
    groups and agencies (a few more pairs are read than asked when several change at once; they are not kept)."""
    tasks = Task.objects.filter(
        group__in=sorted({group for group, _agency in pairs}),
        lead_agency__in=sorted({agency for _group, agency in pairs}),
    )
    # Every task, the cancelled too (the lists' counts): their deadline status is NULL (``deadline_status_expression``
    # judges no cancelled task; ``counted_with_status`` leaves them out of every figure).
    grouped = (
        tasks.annotate(deadline_status=deadline_status_expression(today))
        .order_by()
        .annotate(updated=updated_expression(today))
        .values_list("group", "lead_agency", "deadline_status", "updated")
        .annotate(n=Count("*"))
    )
    counts = {pair: dict.fromkeys(COLUMNS, 0) for pair in pairs}
    for group, agency, status, updated, n in grouped:
        pair_counts = counts.get((group, agency))
        if pair_counts is None:  # a pair read along with the asked ones
            continue
        pair_counts[status or "cancelled"] += n
        if updated is not None:
            pair_counts["open"] += n
            pair_counts["updated"] += n * updated
    rows = [
        TaskTally(group_id=group, lead_agency_id=agency, basis=judged, **pair_counts)
        for (group, agency), pair_counts in sorted(counts.items())
    ]
    # Written in the pairs' order: two readers counting at once take the rows' locks in the same order.
    TaskTally.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["group", "lead_agency"], update_fields=["basis", *COLUMNS]
    )
    return {(row.group_id, row.lead_agency_id): [getattr(row, column) for column in COLUMNS] for row in rows}


def _forget(pks):
    """Delete the changes just counted, by their ids: a change noted while counting stays for the next reader
    (deleting "every change of these pairs" could take one the count did not see)."""
    for start in range(0, len(pks), DELETE_BATCH):
        # A raw DELETE: no signal (the changes are nobody's data, and drop no cache), no row fetched first.
        TallyChange.objects.filter(pk__in=pks[start : start + DELETE_BATCH])._raw_delete(TallyChange.objects.db)


def count(groups=None, agencies=None, deadline_statuses=None, today=None, *, plan=None):
    """How many tasks the pairs of ``groups`` (a list of TaskGroup ids; or ``plan``, a plan's id, for its groups)
    and ``agencies`` (a list of lead agency ids) hold: every task, the cancelled included, or those in
    ``deadline_statuses`` (DeadlineStatus values) as judged on ``today``.

    Summed in SQL when every row is up to date (the usual read: one query, one row back, where at 100,000 tasks the
    900 rows to sum in Python took a list's count 3 ms); else ``current`` counts the stale pairs again first."""
    today = today or local_today()
    # The columns to add up: the six statuses and the cancelled (every task), or the statuses asked for.
    wanted = [str(status) for status in deadline_statuses or COLUMNS[: COLUMNS.index("cancelled") + 1]]
    rows, stale, noted, total = _summed(plan, groups, agencies, wanted, basis(today))
    if rows and not stale and not noted:
        return total
    # No row at all (a noted change may be a new pair's), or some to count again.
    if plan is not None:
        groups = TaskGroup.objects.filter(plan=plan).values("pk")
    at = [COLUMNS.index(column) for column in wanted]
    return sum(row[2 + index] for row in current(groups, agencies, today) for index in at)


def _summed(plan, groups, agencies, wanted, judged):
    """(how many kept rows the pairs asked have, how many of them were counted on another day or with other
    settings, whether a write to one of them is noted since, the sum of their ``wanted`` columns): ``count``'s one
    statement, written here. Built by the ORM (an aggregate over an ``Exists``) it took 2 of a list's count's
    2.6 ms at 100,000 tasks, for 0.6 in the database."""
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in TaskTally._meta.concrete_fields}
    scope, scope_params = [], []
    if plan is not None:
        group_id, group_table = quote(TaskGroup._meta.pk.column), quote(TaskGroup._meta.db_table)
        plan_id = quote(TaskGroup._meta.get_field("plan").column)
        scope.append(f"{column['group']} IN (SELECT {group_id} FROM {group_table} WHERE {plan_id} = %s)")
        scope_params.append(plan)
    for name, ids in (("group", None if plan is not None else groups), ("lead_agency", agencies)):
        if ids is not None:
            ids = [int(pk) for pk in ids]
            scope.append(f"{column[name]} IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0")
            scope_params.extend(ids)
    # The changes (``TallyChange``) name their pair by the same two columns as the kept rows.
    where = f" WHERE {' AND '.join(scope)}" if scope else ""
    sql = (
        f"SELECT COUNT(*), SUM(CASE WHEN {column['basis']} = %s THEN 0 ELSE 1 END), "
        f"EXISTS(SELECT 1 FROM {quote(TallyChange._meta.db_table)}{where}), "
        f"SUM({' + '.join(column[name] for name in wanted)}) FROM {quote(TaskTally._meta.db_table)}{where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [judged, *scope_params, *scope_params])
        return cursor.fetchone()


def sees_every_task(user):
    """Whether ``user`` may see every task (``TaskQuerySet.visible_to`` filters nothing): only then are a list's
    counts the kept ones."""
    return not Task.objects.visible_to(user).query.has_filters()
