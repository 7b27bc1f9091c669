"""The due-date index carries each task's status and completion date, so a deadline-status filter is read
from the index alone.

"Overdue" is ``status IN ('not_started', 'in_progress') OR (status = 'awaiting_acceptance' AND (completed_on
IS NULL OR completed_on > due_date))``, with ``due_date < today`` (tasks.models.tasks.deadline_status_q). The
page of 50 walks the list-order index; the paginator's count had to read every task's row. At 100,000 tasks
(generate_scale_data, after VACUUM ANALYZE, PostgreSQL 15), ``SELECT COUNT(*) … overdue``:

Before, with ``btree (due_date)`` and ``btree (status, due_date)``::

    Aggregate (actual time=141.793..141.795 rows=1 loops=1)
      Buffers: shared hit=193 read=19593
      ->  Seq Scan on tasks_task (rows=24465) (actual time=0.046..131.855 rows=24360 loops=1)
            Rows Removed by Filter: 75640
    Execution Time: 142.329 ms

After, with ``btree (due_date) INCLUDE (status, completed_on)`` in place of ``btree (due_date)``::

    Aggregate (actual time=18.568..18.569 rows=1 loops=1)
      Buffers: shared hit=1 read=163
      ->  Index Only Scan using task_due_status_idx on tasks_task (actual time=0.046..9.175 rows=24360 loops=1)
            Index Cond: (due_date < '2026-12-02'::date)
            Rows Removed by Filter: 9528
            Heap Fetches: 0
    Execution Time: 18.606 ms

The new index serves everything the plain due-date index served (its first column is the same). SQLite has
no covering indexes: there it is a plain index on due_date, as before.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0008_updated_at"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="task",
            name="tasks_task_due_dat_bce847_idx",
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["due_date"], include=("status", "completed_on"), name="task_due_status_idx"),
        ),
    ]
