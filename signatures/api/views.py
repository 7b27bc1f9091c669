"""The plan report's PDF and signed copy under /api/v1/plan-reports/{id}/: ``pdf/`` (the PDF to sign) and
``signed-pdf/`` (GET the signed copy, POST it: multipart, field ``file``). Reading needs ``plan_report.view``,
uploading ``plan_report.sign`` (coordinators), both asked through ``signatures.services`` like the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import scoping
from core.api import Conflict, errors, parse_id
from core.pdf import PDF_TYPE, PdfError
from core.uploads import file_download
from plan_reports.api.serializers import PlanReportDetailSerializer
from plan_reports.models import PlanReport

from .. import services
from ..models import SignedCopy
from ..views import pdf_filename


class PdfUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "pdf_unavailable"


class SignedPdfUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Bản PDF của báo cáo, đã ký số (ký thêm vào tệp, không sửa nội dung).")


def _report(request, pk):
    scoping.require(request.user, "plan_report.view")
    report = (
        PlanReport.objects.select_related("issued_by", "previous", "signed_copy__trusted_root")
        .filter(pk=parse_id(pk))
        .first()
    )
    if report is None:
        raise NotFound()
    return report


BINARY = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}


class PlanReportPdfView(APIView):
    @extend_schema(
        summary="Tải bản PDF của báo cáo (bản để ký số)",
        responses={**BINARY, **errors(403, 404, 409), 503: OpenApiResponse(description="Máy chủ chưa tạo được PDF.")},
    )
    def get(self, request, pk):
        report = _report(request, pk)
        if report.is_draft:
            raise Conflict("Báo cáo còn là dự thảo: bản PDF để ký có khi báo cáo được ban hành.")
        try:
            pdf = services.plan_report_pdf(actor=request.user, report=report)
        except PdfError as exc:
            raise PdfUnavailable(str(exc)) from exc
        return file_download(pdf, pdf_filename(report), PDF_TYPE)


class SignedPdfView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(summary="Tải bản đã ký số của báo cáo (bản chính thức)", responses={**BINARY, **errors(403, 404)})
    def get(self, request, pk):
        report = _report(request, pk)
        copy = SignedCopy.objects.filter(report=report).first()
        if copy is None:
            raise NotFound("Báo cáo chưa có bản ký số.")
        return file_download(copy.file, pdf_filename(report, signed=True), PDF_TYPE)

    @extend_schema(
        summary="Tải lên bản PDF đã ký số của báo cáo (điều phối)",
        description=(
            "Tệp phải là bản PDF của chính báo cáo này (tải ở pdf/), được ký số thêm vào tệp bằng chứng thư số do "
            "tổ chức trong danh sách tin cậy cấp. Từ chối (400, lỗi ở trường file): không phải PDF, quá lớn, chưa "
            "ký số, bị sửa sau khi ký, không phải bản PDF của báo cáo này, chứng thư không do tổ chức được tin "
            "cậy cấp. Báo cáo đã có bản ký số: 409."
        ),
        request={"multipart/form-data": SignedPdfUploadSerializer},
        responses={201: PlanReportDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        report = _report(request, pk)
        scoping.require(request.user, "plan_report.sign", report)
        body = SignedPdfUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.signed_copy_upload(actor=request.user, report=report, upload=body.validated_data["file"])
        report = _report(request, pk)
        return Response(PlanReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)
