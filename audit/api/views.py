"""The audit log under /api/v1/audit-log/: the page's FilterSet, rows and permission."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics

from accounts.models import AuthEvent
from agencies import scoping
from core.api import errors

from ..filtersets import AuditLogFilterSet
from ..rows import audit_rows
from ..selectors import AuditLog
from .serializers import AuditLogEntrySerializer


class AuditLogView(generics.GenericAPIView):
    """Every change of every audited record, and every login, newest first (coordinators)."""

    serializer_class = AuditLogEntrySerializer
    # Declared for the contract (drf-spectacular lists the FilterSet's parameters); get() applies it itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditLogFilterSet
    queryset = AuthEvent.objects.none()

    @extend_schema(
        summary="Nhật ký hệ thống (điều phối): mọi thay đổi và đăng nhập, mới nhất trước",
        responses={200: AuditLogEntrySerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request):
        scoping.require(request.user, "audit.view")
        filterset = AuditLogFilterSet(request.query_params)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        page = self.paginate_queryset(AuditLog(filterset.audit_filter()))
        return self.get_paginated_response(AuditLogEntrySerializer(audit_rows(page), many=True).data)
