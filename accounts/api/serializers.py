"""The caller and API tokens as the API shows them."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from knox.models import AuthToken
from rest_framework import serializers

from agencies import scoping
from agencies.api.serializers import AgencySerializer
from agencies.models import Membership
from core.api import ModelSerializer, StrictSerializerMixin, UserSummarySerializer
from core.text import display_name


class PermissionsSerializer(serializers.Serializer):
    """What the caller may do across the board (per object, the endpoints answer 403 when not)."""

    create_tasks = serializers.BooleanField()
    edit_clusters = serializers.BooleanField()
    decide = serializers.BooleanField(help_text="Duyệt gia hạn, xác nhận/trả lại hoàn thành, hủy nhiệm vụ.")
    view_audit_log = serializers.BooleanField()


class MeSerializer(ModelSerializer):
    display_name = serializers.SerializerMethodField(help_text="Họ đệm tên, như người Việt viết.")
    full_name = serializers.SerializerMethodField(help_text="Như display_name (giữ cho các ứng dụng cũ).")
    role = serializers.SerializerMethodField()
    role_label = serializers.SerializerMethodField()
    agency = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "display_name",
            "full_name",
            "email",
            "is_superuser",
            "role",
            "role_label",
            "agency",
            "permissions",
        ]

    def get_display_name(self, user) -> str:
        return display_name(user)

    def get_full_name(self, user) -> str:
        return display_name(user)

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[*Membership.Role.choices, (scoping.SUPERUSER, scoping.SUPERUSER_LABEL)], allow_null=True
        )
    )
    def get_role(self, user):
        return scoping.role_of(user)

    def get_role_label(self, user) -> str:
        return scoping.role_label(user)

    @extend_schema_field(AgencySerializer(allow_null=True))
    def get_agency(self, user):
        agency = scoping.agency_of(user)
        return AgencySerializer(agency).data if agency else None

    @extend_schema_field(PermissionsSerializer)
    def get_permissions(self, user):
        return {
            "create_tasks": scoping.can(user, "task.create"),
            "edit_clusters": scoping.can(user, "cluster.edit"),
            "decide": scoping.can(user, "task.decide"),
            "view_audit_log": scoping.can(user, "audit.view"),
        }


class TokenRequestSerializer(StrictSerializerMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    otp_token = serializers.RegexField(
        r"^\d{6,8}$",
        required=False,
        help_text="Mã xác thực hai bước (6 chữ số), bắt buộc với người dùng đã bật xác thực hai bước.",
    )


class TokenSerializer(serializers.Serializer):
    """A new token: shown once, stored only as a hash."""

    token = serializers.CharField(help_text="Gửi trong tiêu đề: Authorization: Token <token>.")
    token_key = serializers.CharField(help_text="Phần đầu của mã, dùng để liệt kê và thu hồi.")
    expiry = serializers.DateTimeField(allow_null=True)
    user = UserSummarySerializer()


class TokenInfoSerializer(ModelSerializer):
    """An existing token: never the token itself, only its key, owner and dates."""

    user = UserSummarySerializer(read_only=True)
    current = serializers.SerializerMethodField(help_text="Mã đang dùng cho chính yêu cầu này.")

    class Meta:
        model = AuthToken
        fields = ["token_key", "user", "created", "expiry", "current"]

    def get_current(self, token) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, AuthToken) and auth.digest == token.digest
