"""The agencies' order by kind written as one expression (core.search.ListedOrder), the same SQL as the Case it
replaces. State only: no column or row changes here."""

from django.db import migrations

import core.search


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_squashed_0006_responsibility_to_tasks_commune_to_places"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agency",
            options={
                "ordering": [
                    "-is_focal_point",
                    core.search.ListedOrder(
                        "kind",
                        (
                            "ministry",
                            "city_committee",
                            "department",
                            "police",
                            "project_board",
                            "commune_committee",
                            "investor",
                            "other",
                        ),
                    ),
                    core.search.Vietnamese("name"),
                    "code",
                ],
                "verbose_name": "cơ quan",
                "verbose_name_plural": "cơ quan",
            },
        ),
    ]
