"""The tables of provinces and communes take this app's names, once every app points at ``places`` (the
path of a database made before the move; a new database makes them under these names). Their content types
follow, and the PostgreSQL trigram index of the communes is renamed with its table.

A new database never runs it: ``reporting``'s squash stands for it (see ``0001_initial``)."""

from django.db import migrations

from core.moves import content_types_moved, trigram_index_renamed


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_moved_from_clusters"),
        ("clusters", "0012_places_models_removed"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="province", table=None),
        migrations.AlterModelTable(name="commune", table=None),
        migrations.RunPython(*trigram_index_renamed("clusters_commune", "places_commune")),
        migrations.RunPython(*content_types_moved("clusters", "places", "Province", "Commune")),
    ]
