"""The cluster register over the API: read by every member, written by coordinators through the services."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies import scoping
from clusters import services
from clusters.filtersets import ClusterFilterSet
from clusters.models import Cluster, ClusterReport
from core import cache as core_cache
from core.api import HistoryEntrySerializer, IdLookupMixin, errors, history_response
from core.viewsets import ServiceModelViewSet
from places.api.serializers import CommuneSerializer
from places.models import Commune

from .serializers import (
    ClusterDecisionSerializer,
    ClusterReportSerializer,
    ClusterReportWriteSerializer,
    ClusterSerializer,
    ClusterUpdateSerializer,
    ClusterWriteSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Các xã, phường", responses={200: CommuneSerializer(many=True), **errors(400, 404)}),
    retrieve=extend_schema(summary="Một xã, phường", responses={200: CommuneSerializer, **errors(404)}),
)
class CommuneViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommuneSerializer
    filterset_fields = ["kind", "province"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        # Reference data, shown to whoever may see the register.
        queryset = Commune.objects.all()
        return queryset if scoping.can(self.request.user, "plan.view") else queryset.none()


@extend_schema_view(
    list=extend_schema(
        summary="Sổ đăng ký cụm công nghiệp",
        description="Lọc bằng cùng bộ lọc với trang danh sách cụm; mã không tồn tại (xã, phường) là lỗi 400.",
        responses={200: ClusterSerializer(many=True), **errors(400, 404)},
    ),
    retrieve=extend_schema(summary="Một cụm công nghiệp", responses={200: ClusterSerializer, **errors(404)}),
    create=extend_schema(
        summary="Thêm cụm công nghiệp (điều phối)",
        request=ClusterWriteSerializer,
        responses={201: ClusterSerializer, **errors(400, 403)},
    ),
    partial_update=extend_schema(
        summary="Sửa cụm công nghiệp (điều phối), kèm phiên bản đã đọc và lý do",
        request=ClusterUpdateSerializer,
        responses={200: ClusterSerializer, **errors(400, 403, 404, 409)},
    ),
)
class ClusterViewSet(ServiceModelViewSet):
    serializer_class = ClusterSerializer
    create_serializer_class = ClusterWriteSerializer
    update_serializer_class = ClusterUpdateSerializer
    # A page reads the register; who sees which clusters (an investor's, a commune's) reads the agencies.
    cache_domains = (core_cache.REGISTER, core_cache.AGENCIES)
    filterset_class = ClusterFilterSet

    def get_queryset(self):
        queryset = (
            Cluster.objects.with_occupancy()
            .with_legal_history()
            .select_related("province")
            .prefetch_related("communes")
        )
        return queryset.visible_to(self.request.user)

    def _require_editor(self, cluster=None):
        scoping.require(self.request.user, "cluster.edit", cluster)

    def check_create(self):
        self._require_editor()

    def check_update(self, cluster):
        self._require_editor()

    def create_record(self, values):
        return services.cluster_create(actor=self.request.user, **values)

    def update_record(self, cluster, values):
        return services.cluster_update(actor=self.request.user, cluster=cluster, **values)

    @extend_schema(
        summary="Lịch sử thay đổi của cụm: ai, khi nào, trường nào từ gì thành gì, lý do",
        responses={200: HistoryEntrySerializer(many=True), **errors(403, 404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        cluster = self.get_object()
        scoping.require(request.user, "cluster.view_history", cluster)
        return history_response(self, Cluster, cluster.history.order_by("-history_date", "-history_id"))

    @extend_schema(
        summary="Các quyết định về cụm: thành lập, mở rộng, điều chỉnh, thu hồi, đưa ra khỏi phương án",
        responses={200: ClusterDecisionSerializer(many=True), **errors(404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def decisions(self, request, pk=None):
        cluster = self.get_object()
        decisions = cluster.decisions.order_by("date", "pk").visible_to(request.user)
        page = self.paginate_queryset(decisions)
        return self.get_paginated_response(ClusterDecisionSerializer(page, many=True).data)

    @extend_schema(
        methods=["get"],
        summary="Báo cáo định kỳ của cụm (Thông tư 14/2024/TT-BCT)",
        responses={200: ClusterReportSerializer(many=True), **errors(404)},
    )
    @extend_schema(
        methods=["post"],
        summary="Ghi báo cáo định kỳ của cụm (điều phối); báo cáo cùng kỳ được thay thế",
        request=ClusterReportWriteSerializer,
        responses={201: ClusterReportSerializer, 200: ClusterReportSerializer, **errors(400, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def reports(self, request, pk=None):
        cluster = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(ClusterReport.objects.filter(cluster=cluster).order_by("-year", "-period"))
            return self.get_paginated_response(ClusterReportSerializer(page, many=True).data)
        self._require_editor()
        serializer = ClusterReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        existed = ClusterReport.objects.filter(cluster=cluster, year=values["year"], period=values["period"]).exists()
        report = services.cluster_report_save(actor=request.user, cluster=cluster, **values)
        return Response(
            ClusterReportSerializer(report).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )
