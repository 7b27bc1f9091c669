"""Tombstones as the API shows them."""

from rest_framework import serializers

from core.api import ModelSerializer
from sync.models import SYNCED_MODELS, Tombstone


class DeletionSerializer(ModelSerializer):
    """A deleted record: its model (``app.model``, as in ``tasks.task``), its id, and when it was deleted."""

    model = serializers.ChoiceField(choices=list(SYNCED_MODELS), read_only=True)
    id = serializers.IntegerField(source="object_id", read_only=True, help_text="Mã của bản ghi đã xóa.")

    class Meta:
        model = Tombstone
        fields = ["model", "id", "deleted_at"]
        read_only_fields = fields
