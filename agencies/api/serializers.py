"""Agencies and memberships as the API shows them."""

from agencies.models import Agency, Membership
from core.api import ModelSerializer, UserSummarySerializer
from core.api_fields import LabelField


class AgencySerializer(ModelSerializer):
    kind_label = LabelField(source="kind")

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "is_focal_point",
            "commune",
            "email",
            "phone",
            "is_active",
            "updated_at",
        ]


class MembershipSerializer(ModelSerializer):
    user = UserSummarySerializer(read_only=True)
    role_label = LabelField(source="role")

    class Meta:
        model = Membership
        fields = ["id", "user", "agency", "role", "role_label", "title", "is_active", "created_at", "updated_at"]
