"""The figures scripts/check_backup_restore.sh compares between a database and its restored copy.

Run through ``manage.py shell -c "$(cat scripts/backup_figures.py)"`` with DATABASE_URL (and MEDIA_ROOT or the
S3 settings) of the copy to measure; prints one ``name<TAB>value`` line per figure, sorted."""

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

from clusters import register as cluster_register
from clusters.models import Cluster
from clusters.selectors import register_figures
from tasks import figures
from tasks.models import Plan, Task

found = {"tasks": Task.objects.count(), "clusters": Cluster.objects.count()}

# The dashboard's headline: the latest plan's tasks by deadline status, computed (never read from a cache).
plan = Plan.objects.order_by("-year", "-issued_on").first()
counts = figures.status_counts(Task.objects.filter(group__plan=plan))
found["dashboard.total"] = counts.total
for status, number in counts.counts.items():
    found[f"dashboard.{status}"] = number
register = register_figures(cluster_register.as_of())
found["register.total_area_ha"] = register["total_area"]
found["register.workers"] = register["workers"]

# Every history record of every audited model.
historical = [model for model in apps.get_models() if model._meta.model_name.startswith("historical")]
found["history_rows"] = sum(model._default_manager.count() for model in historical)

# Stored files: how many rows name one, and how many of those the storage holds.
named = present = 0
for model in apps.get_models():
    if model in historical:
        continue
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for name in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                named += 1
                present += default_storage.exists(name)
found["files_named"] = named
found["files_present"] = present

for key, value in sorted(found.items()):
    print(f"{key}\t{value}")
