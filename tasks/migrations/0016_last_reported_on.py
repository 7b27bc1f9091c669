"""A task keeps the date of its latest progress report, and the figures' indexes carry it.

"Updated recently" (a report within ``STALE_PROGRESS_DAYS``) was ``id IN (the tasks of the recent reports)``: at
100,000 tasks and 220,000 reports, the dashboard's update rates hashed the 51,000 reports of the last 30 days and
looked every open task up in the hash (about 90 ms of PostgreSQL, as much as all its other counts together), and
each agency page did the same over its tasks. With ``last_reported_on`` on the task, kept by every write of the
reports (``ProgressReport.refresh_tasks``), it is a comparison on a column the covering indexes hold: the counts
and the update rates read the same index entries, and nothing of the reports. The reports' index by date, which
served the look-up, goes.

The column is filled here from the reports already written.
"""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_last_reported_on(apps, schema_editor):
    db = schema_editor.connection.alias
    Task = apps.get_model("tasks", "Task")
    ProgressReport = apps.get_model("tasks", "ProgressReport")
    latest = (
        ProgressReport.objects.using(db)
        .filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(on=Max("reported_on"))
    )
    Task.objects.using(db).filter(progress_reports__isnull=False).distinct().update(
        last_reported_on=Subquery(latest.values("on"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0015_lead_figures_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="last_reported_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="ngày báo cáo gần nhất"),
        ),
        migrations.RunPython(fill_last_reported_on, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="progressreport", name="progress_recent_idx"),
        migrations.RemoveIndex(model_name="task", name="task_figures_idx"),
        migrations.RemoveIndex(model_name="task", name="task_lead_figures_idx"),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["group", "lead_agency"],
                include=("status", "due_date", "completed_on", "completion_deadline", "last_reported_on", "id"),
                name="task_figures_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["lead_agency"],
                include=("status", "due_date", "completed_on", "completion_deadline", "last_reported_on", "id"),
                name="task_lead_figures_idx",
            ),
        ),
    ]
