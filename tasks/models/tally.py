"""Counts kept per task group and lead agency, so that the dashboard and the agencies table read a few hundred
rows instead of every task of the plan.

A task's deadline status changes with the date and its fields: the counts are worked out by the same query as
ever (``tasks.tally``), for one day and one setting of "due soon" and "not updated" (``basis``), and kept. The
database itself notes which pairs a write touched: triggers on the tasks' table (migration tasks/0017) add a
``TallyChange`` for the old and the new (group, lead agency) of every task inserted, deleted or changed in a field
the counts read, whatever wrote it (a form, a bulk helper, the admin, an import, SQL typed by hand). The next reader
counts those pairs again, and every pair on a new day. Neither table is audited: both are worked out from the
tasks, whose history is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .plans import TaskGroup
from .tasks import DEADLINE_STATUS_FIELDS, Task

# The task columns the counts read (the pair, what decides a deadline status, the date of the latest report): an
# update that changes none of them leaves the counts as they are. The triggers watch these (tasks.triggers; a
# migration freezes the list it installs, and tests/tasks/test_tally.py changes each column and asks for a note).
COUNTED_COLUMNS = tuple(
    Task._meta.get_field(name).column for name in ("group", "lead_agency", *DEADLINE_STATUS_FIELDS, "last_reported_on")
)


class TaskTally(models.Model):
    """The tasks of one (task group, lead agency): the counted ones by deadline status, the cancelled, and the open
    tasks with those reported on recently, as judged on ``basis``."""

    # Plain references (no constraint, nothing cascades): a row outlives nothing it counts, since a group or an
    # agency with tasks cannot be deleted (PROTECT), and a row of zeros left behind is skipped by its readers.
    group = models.ForeignKey(TaskGroup, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    lead_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The day the statuses were judged on and the settings they read: "2026-12-07/7/30" (tasks.tally.basis).
    basis = models.CharField(max_length=40)
    # One column per deadline status (DeadlineStatus values), the cancelled tasks left out.
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    no_deadline = models.PositiveIntegerField(default=0)
    # The tasks no figure counts (cancelled): with the six above, every task of the pair (the lists' counts).
    cancelled = models.PositiveIntegerField(default=0)
    # The update rate's terms: open tasks (not started, in progress), and those of them reported on recently.
    open = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu nhiệm vụ theo nhóm và cơ quan chủ trì")
        constraints = [models.UniqueConstraint(fields=["group", "lead_agency"], name="task_tally_pair")]

    def __str__(self):
        return f"{self.group_id}/{self.lead_agency_id} ({self.basis})"


class TallyChange(models.Model):
    """A (group, lead agency) whose counts a write to the tasks may have changed: written by the database's
    triggers only, read and deleted by ``tasks.tally``."""

    group = models.BigIntegerField(db_column="group_id")
    lead_agency = models.BigIntegerField(db_column="lead_agency_id")

    class Meta:
        verbose_name = _("thay đổi chờ đếm lại")

    def __str__(self):
        return f"{self.group}/{self.lead_agency}"
