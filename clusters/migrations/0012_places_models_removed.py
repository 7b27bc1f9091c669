"""The provinces and communes leave this app's models, once every app points at ``places`` (state only: the
tables are ``places``' now, renamed by ``places.0002_moved_tables_renamed``).

The path of a database made before the move. A new database never runs it: ``reporting``'s squash stands for
it, the lowest squash that may come after all it depends on (see ``places.0001_initial``).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0011_places_moved_out"),
        ("agencies", "0006_responsibility_to_tasks_commune_to_places"),
        ("reporting", "0003_commune_in_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Commune"),
                migrations.DeleteModel(name="Province"),
            ],
        ),
    ]
