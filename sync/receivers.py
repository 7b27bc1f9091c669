"""A deletion of a listed record leaves a Tombstone, in the same transaction (rolled back with it)."""

from django.apps import apps
from django.db.models.signals import post_delete

from .models import SYNCED_MODELS, TASK_HISTORY_MODELS, Tombstone


def leave_tombstone(sender, instance, **kwargs):
    label = sender._meta.label_lower
    task_id = instance.task_id if label in TASK_HISTORY_MODELS else None
    Tombstone.objects.create(model=label, object_id=instance.pk, task_id=task_id)


def connect():
    for label in SYNCED_MODELS:
        post_delete.connect(leave_tombstone, sender=apps.get_model(label), dispatch_uid=f"tombstone-{label}")
