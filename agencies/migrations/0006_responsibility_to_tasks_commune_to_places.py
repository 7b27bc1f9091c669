"""An agency's commune is now ``places.Commune``; the agencies' duties in a plan (``Responsibility``, with its
history) leave for ``tasks``, which owns the plan and its groups (``tasks.0010_responsibility_from_agencies``
takes the tables). State only: no column or row changes here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_updated_at"),
        ("places", "0001_moved_from_clusters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="agency",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Chỉ dùng cho UBND xã, phường.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agencies",
                        to="places.commune",
                        verbose_name="xã, phường",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalagency",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Chỉ dùng cho UBND xã, phường.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.commune",
                        verbose_name="xã, phường",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalResponsibility_task_groups"),
                migrations.DeleteModel(name="HistoricalResponsibility"),
                migrations.DeleteModel(name="Responsibility"),
            ],
        ),
    ]
