"""Provinces and communes now belong to ``places`` (``places.0001_moved_from_clusters`` declared them over
this app's tables): the register's references point there. State only: the columns stay. The models leave
this app in ``0012``, once the other apps point there too."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0010_updated_at"),
        ("places", "0001_moved_from_clusters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cluster",
                    name="province",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="clusters",
                        to="places.province",
                        verbose_name="tỉnh, thành phố",
                    ),
                ),
                migrations.AlterField(
                    model_name="cluster",
                    name="communes",
                    field=models.ManyToManyField(
                        blank=True, related_name="clusters", to="places.commune", verbose_name="xã, phường hiện nay"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcluster",
                    name="province",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.province",
                        verbose_name="tỉnh, thành phố",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcluster_communes",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.commune",
                    ),
                ),
            ],
        ),
    ]
