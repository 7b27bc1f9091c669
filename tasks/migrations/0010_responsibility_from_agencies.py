"""The agencies' duties in a plan (``Responsibility``, its history and its history's groups) move here from
``agencies``, keeping their rows: declared over the tables ``agencies`` made, which then take this app's
names (the duties' groups table with them). Their content types follow, and so their permissions."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.moves import content_types_moved

MOVED = ("Responsibility", "HistoricalResponsibility", "HistoricalResponsibility_task_groups")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0009_task_due_status_covering_index"),
        ("agencies", "0006_responsibility_to_tasks_commune_to_places"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Responsibility",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("text", models.TextField(verbose_name="nội dung trách nhiệm")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responsibilities",
                                to="agencies.agency",
                                verbose_name="cơ quan",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responsibilities",
                                to="tasks.plan",
                                verbose_name="kế hoạch",
                            ),
                        ),
                        (
                            "task_groups",
                            models.ManyToManyField(
                                blank=True,
                                related_name="responsibilities",
                                to="tasks.taskgroup",
                                verbose_name="nhóm nhiệm vụ",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "trách nhiệm",
                        "verbose_name_plural": "trách nhiệm",
                        "ordering": ["plan", "order", "pk"],
                        "db_table": "agencies_responsibility",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalResponsibility",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                        ),
                        ("text", models.TextField(verbose_name="nội dung trách nhiệm")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="agencies.agency",
                                verbose_name="cơ quan",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="tasks.plan",
                                verbose_name="kế hoạch",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical trách nhiệm",
                        "verbose_name_plural": "historical trách nhiệm",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "agencies_historicalresponsibility",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalResponsibility_task_groups",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="tasks.historicalresponsibility",
                            ),
                        ),
                        (
                            "responsibility",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="tasks.responsibility",
                            ),
                        ),
                        (
                            "taskgroup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="tasks.taskgroup",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalResponsibility_task_groups",
                        "db_table": "agencies_historicalresponsibility_task_groups",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.AlterModelTable(name="responsibility", table=None),
        migrations.AlterModelTable(name="historicalresponsibility", table=None),
        migrations.AlterModelTable(name="historicalresponsibility_task_groups", table=None),
        migrations.RunPython(*content_types_moved("agencies", "tasks", *MOVED)),
    ]
