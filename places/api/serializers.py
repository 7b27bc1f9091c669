"""Communes as the API shows them (the endpoint, which asks who may see them, is ``clusters.api.views``)."""

from rest_framework import serializers

from core.api import ModelSerializer
from core.api_fields import LabelField
from places.models import Commune


class CommuneSerializer(ModelSerializer):
    kind_label = LabelField(source="kind")
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Commune
        fields = ["id", "code", "name", "kind", "kind_label", "full_name", "province", "updated_at"]
