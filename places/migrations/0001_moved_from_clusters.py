"""Provinces and communes move from ``clusters`` to ``places``, keeping their rows: here the models are
declared, as they are now, over the tables ``clusters.0001_initial`` made (state only); ``clusters.0011``
points the register at them and ``0002_moved_tables_renamed`` gives the tables this app's names.

The path of a database made before the move. A new database never runs it: ``0001_initial`` stands for it
and for ``clusters.0001_initial`` (Django's squashed migrations; see ``0001_initial``).
"""

import django.db.models.deletion
from django.db import migrations, models

import core.search


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Province",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("code", models.CharField(max_length=10, unique=True, verbose_name="mã")),
                        ("name", models.CharField(max_length=100, verbose_name="tên")),
                    ],
                    options={
                        "verbose_name": "tỉnh, thành phố",
                        "verbose_name_plural": "tỉnh, thành phố",
                        "ordering": ["code"],
                        "db_table": "clusters_province",
                    },
                ),
                migrations.CreateModel(
                    name="Commune",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "search_text",
                            models.TextField(blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"),
                        ),
                        ("code", models.CharField(max_length=10, unique=True, verbose_name="mã đơn vị")),
                        ("name", models.CharField(max_length=100, verbose_name="tên")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("ward", "Phường"), ("commune", "Xã")], max_length=10, verbose_name="loại"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, db_index=True, verbose_name="cập nhật lúc")),
                        (
                            "province",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="communes",
                                to="places.province",
                                verbose_name="tỉnh, thành phố",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "xã, phường",
                        "verbose_name_plural": "xã, phường",
                        "ordering": [core.search.Vietnamese("name"), "code"],
                        "db_table": "clusters_commune",
                    },
                ),
            ],
        ),
    ]
