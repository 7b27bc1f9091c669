"""Provinces and communes, as a new database makes them (Django's squashed migrations).

It stands for ``clusters.0001_initial``, which made these tables before they moved here, and for
``0001_moved_from_clusters``: a database that applied neither runs only this; one that applied
``clusters.0001_initial`` alone (made before the move) runs the old path, ``0001_moved_from_clusters`` and
``0002_moved_tables_renamed``, and keeps its rows; one that applied both counts this as applied.

Why the squashes stand for migrations of other apps: a squash takes over the dependencies of the migrations
it replaces, and the old migrations depended on later apps (agencies on clusters and tasks). Each old
migration is stood for by the squash of the lowest app that may depend on everything it depended on; the
tables are made by each app's own squash, written from the models. tests/test_layers.py checks that the
migrations a new database runs name only earlier apps; tests/core/test_layer_migrations.py that both paths
end in the same models.
"""

import core.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('clusters', '0001_initial'),
        ('places', '0001_moved_from_clusters'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=10, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=100, verbose_name='tên')),
            ],
            options={
                'verbose_name': 'tỉnh, thành phố',
                'verbose_name_plural': 'tỉnh, thành phố',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Commune',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('search_text', models.TextField(blank=True, default='', editable=False, verbose_name='nội dung tìm kiếm')),
                ('code', models.CharField(max_length=10, unique=True, verbose_name='mã đơn vị')),
                ('name', models.CharField(max_length=100, verbose_name='tên')),
                ('kind', models.CharField(choices=[('ward', 'Phường'), ('commune', 'Xã')], max_length=10, verbose_name='loại')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='cập nhật lúc')),
                ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='places.province', verbose_name='tỉnh, thành phố')),
            ],
            options={
                'verbose_name': 'xã, phường',
                'verbose_name_plural': 'xã, phường',
                'ordering': [core.search.Vietnamese('name'), 'code'],
            },
        ),
        core.search.TrigramIndex('commune'),
    ]
