"""A submission's commune is now ``places.Commune`` (the same table, renamed by ``places``). State only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_updated_at"),
        ("places", "0001_moved_from_clusters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="submission",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="submissions",
                        to="places.commune",
                        verbose_name="xã, phường",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalsubmission",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.commune",
                        verbose_name="xã, phường",
                    ),
                ),
            ],
        ),
    ]
