"""The audit log under /api/v1/audit-log/: the page's FilterSet, rows and permission."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from accounts.models import AuthEvent
from agencies import scoping
from core.api import errors

from ..filtersets import AuditLogFilterSet
from ..rows import audit_rows
from ..selectors import AuditLog, Cursor
from .serializers import AuditLogEntrySerializer


class AuditLogPagination(BasePagination):
    """Keyset pages of the log: ``next`` and ``previous`` are links with ``before`` / ``after`` cursors, and there
    is no ``count`` (counting the whole log is what made every page slow). ``page_size`` up to 200."""

    page_size, max_page_size = 50, 200
    cursor_params = ("before", "after")

    def read(self, request):
        """(page size, before, after) from the query string; a cursor that is not one is a field error."""
        cursors = {}
        for name in self.cursor_params:
            text = request.query_params.get(name)
            cursors[name] = Cursor.parse(text) if text else None
            if text and cursors[name] is None:
                raise exceptions.ValidationError({name: ["Con trỏ trang không hợp lệ."]})
        try:
            size = min(int(request.query_params.get("page_size", self.page_size)), self.max_page_size)
        except ValueError:
            size = self.page_size
        return max(size, 1), cursors["before"], cursors["after"]

    def response(self, request, page, results):
        url = request.build_absolute_uri()
        for name in self.cursor_params:
            url = remove_query_param(url, name)
        return Response(
            {
                "next": replace_query_param(url, "before", str(page.older)) if page.older else None,
                "previous": replace_query_param(url, "after", str(page.newer)) if page.newer else None,
                "results": results,
            }
        )

    def get_schema_operation_parameters(self, view):
        def parameter(name, description, schema_type="string"):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": schema_type},
            }

        return [
            parameter("before", "Trang các mục cũ hơn mục này (lấy từ liên kết next)."),
            parameter("after", "Trang các mục mới hơn mục này (lấy từ liên kết previous)."),
            parameter(
                "page_size", f"Số mục mỗi trang (mặc định {self.page_size}, tối đa {self.max_page_size}).", "integer"
            ),
        ]

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


class AuditLogView(generics.GenericAPIView):
    """Every change of every audited record, and every login, newest first (coordinators)."""

    serializer_class = AuditLogEntrySerializer
    # Declared for the contract (drf-spectacular lists the FilterSet's parameters); get() applies it itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditLogFilterSet
    queryset = AuthEvent.objects.none()
    pagination_class = AuditLogPagination

    @extend_schema(
        summary="Nhật ký hệ thống (điều phối): mọi thay đổi và đăng nhập, mới nhất trước",
        responses={200: AuditLogEntrySerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request):
        scoping.require(request.user, "audit.view")
        filterset = AuditLogFilterSet(request.query_params)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        size, before, after = self.paginator.read(request)
        page = AuditLog(filterset.audit_filter()).page(size, before=before, after=after)
        return self.paginator.response(request, page, AuditLogEntrySerializer(audit_rows(page.entries), many=True).data)
