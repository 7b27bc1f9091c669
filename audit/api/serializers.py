"""The audit log as the API shows it."""

from rest_framework import serializers

from core.api import ACTION_CODES, FieldChangeSerializer, UserSummarySerializer

from ..filtersets import kind_choices

AUDIT_ACTIONS = [*ACTION_CODES.values(), "login", "login_failed", "logout"]


class AuditLogEntrySerializer(serializers.Serializer):
    """One line of the audit log: a change of any audited record, or a login / failed login / logout."""

    id = serializers.IntegerField(help_text="Mã của bản ghi lịch sử (hoặc của sự kiện đăng nhập).")
    kind = serializers.ChoiceField(choices=kind_choices())
    kind_label = serializers.CharField()
    object_id = serializers.IntegerField(allow_null=True)
    object_repr = serializers.CharField(source="object_label")
    time = serializers.DateTimeField(source="at")
    user = UserSummarySerializer(allow_null=True)
    action = serializers.ChoiceField(choices=AUDIT_ACTIONS)
    action_label = serializers.CharField()
    changes = FieldChangeSerializer(many=True)
    reason = serializers.CharField(allow_blank=True)
    ip_address = serializers.CharField(allow_null=True, help_text="Địa chỉ IP (chỉ với đăng nhập, đăng xuất).")
