"""A deletion of a listed record leaves a Tombstone, in the same transaction (rolled back with it)."""

from django.apps import apps
from django.db.models.signals import post_delete

from .models import SYNCED_MODELS, Tombstone


def leave_tombstone(sender, instance, **kwargs):
    Tombstone.objects.create(model=sender._meta.label_lower, object_id=instance.pk)


def connect():
    for label in SYNCED_MODELS:
        post_delete.connect(leave_tombstone, sender=apps.get_model(label), dispatch_uid=f"tombstone-{label}")
