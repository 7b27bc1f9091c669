"""Tasks keep their group's number, and an index on (group_number, code) serves the lists' order.

Task lists are ordered by group number, then code (the plan's annex). Ordered through the join
(``group__number``), PostgreSQL scanned and sorted every task for a page of 25, at 100,000 tasks
(generate_scale_data; EXPLAIN ANALYZE of the task list page, 02/12/2026):

    Limit  (actual time=372.281..379.080 rows=25 loops=1)
      ->  Gather Merge ... ->  Sort  Sort Key: tasks_taskgroup.number, tasks_task.code
            Sort Method: top-N heapsort
            ->  Hash Join ... ->  Parallel Seq Scan on tasks_task  (rows=33333 loops=3)
    Execution Time: 379.224 ms

An index on (group_id, code) does not help (the sort key is the group's number, in another table: the same
plan, 390 ms). With the number copied on the task (``Task.group_number``, refreshed by Task.save, the audited
bulk helpers and TaskGroup.save) and this index, the page reads 25 index entries:

    Limit  (actual time=0.062..0.249 rows=25 loops=1)
      ->  Nested Loop ... ->  Index Scan using task_list_order_idx on tasks_task  (rows=25 loops=1)
    Execution Time: 0.378 ms

and a search (``?q=ha tang``, 12,509 of 100,000 tasks) walks the same index, filtering:
    Index Scan using task_list_order_idx on tasks_task (rows=25) Filter: (search_text ~~ '%ha tang%')
    Execution Time: 1.570 ms
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_vietnamese_search_and_order'),
        ('clusters', '0008_mountain_area_decree32_warnings'),
        ('tasks', '0006_business_dates_of_the_register'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='task',
            options={'ordering': ['group_number', 'code'], 'verbose_name': 'nhiệm vụ', 'verbose_name_plural': 'nhiệm vụ'},
        ),
        migrations.AddField(
            model_name='task',
            name='group_number',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='số thứ tự nhóm'),
        ),
        # The copy of each task's group number (kept since by Task.save and the audited bulk helpers).
        migrations.RunSQL(
            "UPDATE tasks_task SET group_number = "
            "(SELECT number FROM tasks_taskgroup WHERE tasks_taskgroup.id = tasks_task.group_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['group_number', 'code'], name='task_list_order_idx'),
        ),
    ]
