"""The plan report under /api/v1/plan-reports/: list (drafts and issued, with their narrative and signer), draft
and issue at once, one report with its figures, and its files.

Reading needs ``plan_report.view`` (coordinators, leadership), issuing ``plan_report.issue`` (coordinators); the
issue goes through ``plan_reports.services.plan_report_issue`` like the page.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies import scoping
from core.api import IdLookupMixin, errors
from core.exports import XLSX_TYPE
from core.uploads import file_download
from tasks.selectors import plan_in_force

from .. import documents, services
from ..models import PlanReport
from ..views import DOCX_TYPE
from .serializers import PlanReportDetailSerializer, PlanReportIssueSerializer, PlanReportSerializer


def _file(description):
    return extend_schema(
        summary=description,
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), **errors(403, 404)},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Các báo cáo tình hình thực hiện Kế hoạch đã ban hành",
        responses={200: PlanReportSerializer(many=True), **errors(400, 403, 404)},  # 400: an unknown plan filter
    ),
    retrieve=extend_schema(
        summary="Một báo cáo, với số liệu đã lưu và so sánh với báo cáo trước",
        responses={200: PlanReportDetailSerializer, **errors(403, 404)},
    ),
    create=extend_schema(
        summary="Ban hành báo cáo: số liệu đến hết ngày chốt, lấy từ lịch sử dữ liệu, được lưu lại",
        request=PlanReportIssueSerializer,
        responses={201: PlanReportDetailSerializer, **errors(400, 403)},
    ),
)
class PlanReportViewSet(IdLookupMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanReportSerializer
    filterset_fields = ["plan"]
    ordering_fields = ["cut_off", "issued_on", "number"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        scoping.require(request.user, "plan_report.issue" if self.action == "create" else "plan_report.view")

    def get_queryset(self):
        return PlanReport.objects.select_related(
            "issued_by", "created_by", "previous", "signed_copy__trusted_root"
        ).order_by("-cut_off", "-issued_at", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return PlanReportIssueSerializer
        if self.action == "retrieve":
            return PlanReportDetailSerializer
        return PlanReportSerializer

    def create(self, request, *args, **kwargs):
        body = PlanReportIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        values.setdefault("plan", plan_in_force())  # today's plan, as every page chooses it
        if values["plan"] is None:
            return Response({"plan": [_("Chưa có kế hoạch nào.")]}, status=status.HTTP_400_BAD_REQUEST)
        report = services.plan_report_issue(actor=request.user, **values)
        return Response(PlanReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)

    def _issued(self):
        """The report, when issued: a draft has no stored files (404)."""
        report = self.get_object()
        if report.is_draft:
            raise Http404
        return report

    @_file("Tải báo cáo (.docx) đã lưu khi ban hành")
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        report = self._issued()
        return file_download(report.docx_file, documents.filename(report, "docx"), DOCX_TYPE)

    @_file("Tải bảng số liệu (.xlsx) đã lưu khi ban hành")
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        report = self._issued()
        return file_download(report.xlsx_file, documents.filename(report, "xlsx"), XLSX_TYPE)
