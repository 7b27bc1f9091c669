"""The completions waiting for the Department's acceptance, first reported first, read in order from an index.

"Chờ tôi xử lý" on the dashboard shows the first five (``tasks.selectors.completions_to_accept``: ``status =
'awaiting_acceptance' ORDER BY completion_reported_at, code``). At 100,000 tasks (generate_scale_data, 5,814 of
them awaiting acceptance, PostgreSQL 15), ``LIMIT 5``:

Before, with ``btree (status, due_date)``::

    Limit (actual time=26.855..26.859 rows=5 loops=1)
      ->  Sort (actual time=26.853..26.855 rows=5 loops=1)
            Sort Method: top-N heapsort
            ->  Bitmap Heap Scan on tasks_task (actual time=0.648..13.090 rows=5814 loops=1)
    Execution Time: 26.920 ms

After, with ``btree (status, completion_reported_at, code)``::

    Limit (actual time=0.067..0.077 rows=5 loops=1)
      ->  Index Scan using task_acceptance_queue_idx on tasks_task (actual time=0.066..0.075 rows=5 loops=1)
            Index Cond: ((status)::text = 'awaiting_acceptance'::text)
    Execution Time: 0.134 ms
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0013_plan_register_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["status", "completion_reported_at", "code"], name="task_acceptance_queue_idx"),
        ),
    ]
