"""Communes moved from ``clusters`` to ``places``: a tombstone of a deleted commune names it as its model does
now (``places.commune``), the label the deletions feed offers."""

from django.db import migrations


def relabel(old, new):
    def run(apps, schema_editor):
        tombstones = apps.get_model("sync", "Tombstone").objects.using(schema_editor.connection.alias)
        tombstones.filter(model=old).update(model=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(relabel("clusters.commune", "places.commune"), relabel("places.commune", "clusters.commune")),
    ]
