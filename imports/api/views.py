"""The imports over the API: POST the workbook (multipart, field ``file``) to /api/v1/imports/<kind>/; with
``?dry_run=true`` the answer is the preview and nothing is written. ``choices`` (JSON {row: commune code}) settles
the rows an old commune split between several 2025 units; ``plan`` (id or number) names an annex's plan.
GET /api/v1/imports/<kind>/template/ gives the template."""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import scoping
from core.api import errors

from ..base import Refused, parse_choices
from ..registry import IMPORTS, importer_for
from ..views import xlsx_download

KINDS = OpenApiParameter(
    "kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(IMPORTS), description="clusters, tasks hoặc people"
)


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class ChoiceSerializer(serializers.Serializer):
    prompt = serializers.CharField()
    options = OptionSerializer(many=True)
    chosen = serializers.CharField(allow_null=True)


class RowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Số dòng trong Excel.")
    label = serializers.CharField()
    action = serializers.ChoiceField(choices=["create", "change", "unchanged", "error", "choice"])
    changes = ChangeSerializer(many=True)
    errors = serializers.ListField(child=serializers.CharField())
    choice = ChoiceSerializer(allow_null=True)


class PreviewSerializer(serializers.Serializer):
    kind = serializers.CharField()
    file = serializers.CharField()
    sheet = serializers.CharField()
    ready = serializers.BooleanField(help_text="Không còn lỗi và không còn dòng cần chọn.")
    counts = serializers.DictField(child=serializers.IntegerField())
    errors = serializers.ListField(child=serializers.CharField(), help_text="Lỗi theo trang tính, dòng, cột.")
    rows = RowSerializer(many=True)


UPLOAD = inline_serializer(
    "ImportUpload",
    {
        "file": serializers.FileField(help_text="Tệp Excel .xlsx."),
        "choices": serializers.CharField(
            required=False, help_text='JSON {số dòng: mã xã, phường}, ví dụ {"5": "00643"}.'
        ),
        "plan": serializers.CharField(
            required=False, help_text="Kế hoạch của phụ lục (id hoặc số hiệu); chỉ với tasks."
        ),
    },
)


class ImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Nhập từ tệp Excel (điều phối); ?dry_run=true chỉ xem trước",
        parameters=[
            KINDS,
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="true: trả bản xem trước, không ghi gì."),
        ],
        request={"multipart/form-data": UPLOAD},
        responses={
            200: OpenApiResponse(PreviewSerializer, description="Bản xem trước (dry_run) hoặc kết quả đã ghi."),
            **errors(400, 403, 404),
        },
    )
    def post(self, request, kind):
        importer = importer_for(kind)
        scoping.require(request.user, "data.import")
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Cần gửi tệp Excel trong trường “file”."]})
        choices = parse_choices(request.data.get("choices") or "{}")
        options = importer.options_from(request.data)
        dry_run = str(request.query_params.get("dry_run", "")).lower() in ("1", "true", "yes")
        if dry_run:
            preview = importer.preview(upload, actor=request.user, choices=choices, options=options)
            return Response(preview.as_dict())
        try:
            preview = importer.run(upload, actor=request.user, choices=choices, options=options)
        except Refused as refused:
            body = refused.preview.as_dict()
            messages = body["errors"] or ["Còn dòng cần chọn xã, phường (trường “choices”)."]
            return Response({"non_field_errors": messages, "preview": body}, status=status.HTTP_400_BAD_REQUEST)
        return Response(preview.as_dict())

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = exceptions.NotFound()
        if isinstance(exc, ValidationError) and not hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError({"file": [str(m) for m in exc.messages]})
        return super().handle_exception(exc)


class TemplateView(APIView):
    @extend_schema(
        summary="Mẫu Excel của một loại nhập",
        parameters=[KINDS],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            **errors(403, 404),
        },
    )
    def get(self, request, kind):
        importer = importer_for(kind)
        scoping.require(request.user, "data.import")
        return xlsx_download(importer.template_bytes(), importer.template_filename())

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = exceptions.NotFound()
        return super().handle_exception(exc)
