"""The Circular 14 cycle under /api/v1/: report-forms/, reporting-periods/ (with a period's Biểu 04) and
submissions/ with the actions submit, accept and return.

The reporters (investors, commune People's Committees) are not members of the plan, so these endpoints let in
whoever ``scoping`` allows ``reporting.view``; officers get 403. Submissions are read through
``Submission.objects.visible_to`` (one the caller may not see is a 404); every write calls ``reporting.services``,
after the same scoping rule it uses has answered 403, so a caller without the right gets 403 whatever the body.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.permissions import CanReadReporting, IsMember
from agencies import scoping
from core.api import IdLookupMixin, errors
from core.dates import local_today
from reporting import bieu, export, selectors, services
from reporting.models import Bieu04, Indicator, ReportForm, ReportingPeriod, Submission, SubmissionValue

from .serializers import (
    Bieu04Serializer,
    ReportFormSerializer,
    ReportingPeriodSerializer,
    SubmissionAcceptSerializer,
    SubmissionDetailSerializer,
    SubmissionDraftSerializer,
    SubmissionReturnSerializer,
    SubmissionSerializer,
    SubmissionUpdateSerializer,
    SubmitSerializer,
)

LIST_ERRORS = errors(400, 403, 404)  # 400: a filter value that does not exist; 404: a page past the last


class ReportingAPIMixin(IdLookupMixin):
    permission_classes = [IsAuthenticated, CanReadReporting]


@extend_schema_view(
    list=extend_schema(
        summary="Các biểu báo cáo của Thông tư 14/2024/TT-BCT, với các chỉ tiêu",
        responses={200: ReportFormSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Một biểu báo cáo, với các chỉ tiêu", responses={200: ReportFormSerializer, **errors(403, 404)}
    ),
)
class ReportFormViewSet(ReportingAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportFormSerializer
    filterset_fields = ["code", "collected"]
    ordering_fields = ["code"]

    def get_queryset(self):
        indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
        return ReportForm.objects.prefetch_related(indicators).order_by("code")


@extend_schema_view(
    list=extend_schema(
        summary="Các kỳ báo cáo (6 tháng, năm) với khoảng số liệu và hạn nộp từng biểu",
        description="Hai kỳ của năm hiện tại được tạo khi cần.",
        responses={200: ReportingPeriodSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Một kỳ báo cáo", responses={200: ReportingPeriodSerializer, **errors(403, 404)}),
)
class ReportingPeriodViewSet(ReportingAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportingPeriodSerializer
    filterset_fields = ["year", "kind"]
    ordering_fields = ["year"]

    def get_queryset(self):
        issued = Bieu04.objects.filter(period=OuterRef("pk"))
        return ReportingPeriod.objects.annotate(bieu04_issued=Exists(issued)).order_by("-year", "kind")

    def list(self, request, *args, **kwargs):
        services.ensure_periods(local_today().year)
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "forms": list(ReportForm.objects.order_by("code"))}

    @extend_schema(
        summary="Biểu 04 của kỳ: bản đã ban hành, hoặc số liệu tính từ sổ đăng ký và các báo cáo đã tiếp nhận",
        description=(
            "Mỗi dòng kèm nguồn của số liệu (các cụm, các báo cáo). Dành cho cơ quan đầu mối và lãnh đạo; người "
            "báo cáo nhận 403."
        ),
        responses={200: Bieu04Serializer, **errors(403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="bieu-04", filter_backends=[], pagination_class=None)
    def bieu_04(self, request, pk=None):
        period = self.get_object()
        scoping.require(request.user, "reporting.track")
        indicators = list(Indicator.objects.filter(form__code="04").order_by("order"))
        if not indicators:
            raise NotFound(_("Chưa nạp danh mục biểu báo cáo (load_reference_data)."))
        issued = Bieu04.objects.current().filter(period=period).first()
        figures = (issued.figures if issued is not None else bieu.frozen(bieu.compute(period)))["rows"]
        on_paper = selectors.received_on_paper(source for row in figures.values() for source in row["sources"])
        for row in figures.values():
            row["sources"] = [
                {**source, "received_on_paper": source["type"] == "submission" and source["id"] in on_paper}
                for source in row["sources"]
            ]
        rows = [
            {
                "key": indicator.key,
                "row": indicator.row,
                "label": indicator.label,
                "unit": indicator.unit,
                **figures.get(indicator.key, {"value": None, "origin": bieu.origin_of(indicator.key), "sources": []}),
            }
            for indicator in indicators
        ]
        body = {
            "period": period.pk,
            "issued": issued is not None,
            "number": issued.number if issued else None,
            "issued_on": issued.issued_on if issued else None,
            "rows": rows,
        }
        return Response(Bieu04Serializer(body).data)


def _submission_queryset(user, *, with_values=False):
    queryset = Submission.objects.select_related("period", "form", "submitted_by", "decided_by")
    if with_values:
        values = SubmissionValue.objects.select_related("indicator").order_by("indicator__order")
        queryset = queryset.prefetch_related(Prefetch("values", queryset=values))
    return queryset.visible_to(user)


@extend_schema_view(
    list=extend_schema(
        summary="Các báo cáo định kỳ (Biểu 02, 03) người dùng được xem",
        description=(
            "Cơ quan đầu mối và lãnh đạo xem mọi báo cáo; chủ đầu tư hạ tầng xem Biểu 02 của cụm mình; UBND xã, "
            "phường xem Biểu 03 của mình và Biểu 02 của các cụm trên địa bàn."
        ),
        responses={200: SubmissionSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Một báo cáo định kỳ, với số liệu", responses={200: SubmissionDetailSerializer, **errors(403, 404)}
    ),
    create=extend_schema(
        summary="Lưu nháp số liệu báo cáo của một cụm (Biểu 02) hoặc một xã, phường (Biểu 03)",
        description=(
            "Tạo báo cáo của kỳ nếu chưa có (201), hoặc sửa bản nháp đã có (200). Số liệu sai: 400 theo mã chỉ "
            "tiêu. Báo cáo đã gửi hoặc đã tiếp nhận: 409."
        ),
        request=SubmissionDraftSerializer,
        responses={200: SubmissionDetailSerializer, 201: SubmissionDetailSerializer, **errors(400, 403, 409)},
    ),
    partial_update=extend_schema(
        summary="Sửa số liệu của bản nháp hoặc báo cáo bị trả lại",
        request=SubmissionUpdateSerializer,
        responses={200: SubmissionDetailSerializer, **errors(400, 403, 404, 409)},
    ),
)
class SubmissionViewSet(
    ReportingAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubmissionSerializer
    filterset_fields = ["period", "form", "state", "cluster", "commune"]
    ordering_fields = ["submitted_at", "updated_at", "reminders_sent"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return _submission_queryset(self.request.user, with_values=self.action == "retrieve")

    def get_serializer_class(self):
        return SubmissionDetailSerializer if self.action == "retrieve" else SubmissionSerializer

    def _answer(self, submission, status_code=status.HTTP_200_OK):
        fresh = _submission_queryset(self.request.user, with_values=True).get(pk=submission.pk)
        return Response(SubmissionDetailSerializer(fresh).data, status=status_code)

    def _validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def _subject(submission):
        # A Biểu 02 is found by its cluster alone; its commune is the cluster's, set when it was opened.
        if submission.cluster_id:
            return {"cluster": submission.cluster, "commune": None}
        return {"cluster": None, "commune": submission.commune}

    def create(self, request, *args, **kwargs):
        scoping.require(request.user, "submission.edit")
        values = self._validated(SubmissionDraftSerializer)
        existing = Submission.objects.filter(
            period=values["period"],
            form=values["form"],
            cluster=values.get("cluster"),
            **({} if values.get("cluster") else {"commune": values.get("commune")}),
        ).first()
        existed = existing is not None
        if existed and "version" not in values:  # it would overwrite whatever was saved since the client read it
            scoping.require(request.user, "submission.edit", existing)
            raise ValidationError({"version": [_("Báo cáo này đã có; hãy gửi kèm phiên bản đã đọc (version).")]})
        submission = services.submission_save(actor=request.user, **values)
        return self._answer(submission, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        scoping.require(request.user, "submission.edit", submission)
        values = self._validated(SubmissionUpdateSerializer)
        submission = services.submission_save(
            actor=request.user, period=submission.period, form=submission.form, **self._subject(submission), **values
        )
        return self._answer(submission)

    @extend_schema(
        summary="Gửi báo cáo kèm người ký (chủ đầu tư, UBND xã, phường; điều phối nhập báo cáo giấy)",
        description="Mọi chỉ tiêu phải có số liệu (ghi 0 nếu không có).",
        request=SubmitSerializer,
        responses={200: SubmissionDetailSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        submission = self.get_object()
        scoping.require(request.user, "submission.edit", submission)
        values = self._validated(SubmitSerializer)
        values.setdefault("values", {})
        submission = services.submission_save(
            actor=request.user,
            period=submission.period,
            form=submission.form,
            submit=True,
            **self._subject(submission),
            **values,
        )
        return self._answer(submission)

    @extend_schema(
        summary="Tiếp nhận báo cáo (điều phối, không tự tiếp nhận báo cáo mình gửi)",
        description="Biểu 02 được tiếp nhận cập nhật số liệu định kỳ của cụm trong sổ đăng ký.",
        request=SubmissionAcceptSerializer,
        responses={200: SubmissionDetailSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        submission = self.get_object()
        scoping.require(request.user, "submission.decide", submission)
        values = self._validated(SubmissionAcceptSerializer)
        submission = services.submission_accept(actor=request.user, submission=submission, **values)
        return self._answer(submission)

    @extend_schema(
        summary="Trả lại báo cáo kèm lý do (điều phối): người báo cáo sửa và gửi lại",
        request=SubmissionReturnSerializer,
        responses={200: SubmissionDetailSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="return", filter_backends=[])
    def return_(self, request, pk=None):
        submission = self.get_object()
        scoping.require(request.user, "submission.decide", submission)
        values = self._validated(SubmissionReturnSerializer)
        submission = services.submission_return(actor=request.user, submission=submission, **values)
        return self._answer(submission)


class NationalExportSchemaView(APIView):
    """The JSON Schema of the national export (``reporting/schemas/national-export.schema.json``), as committed. It is
    a contract of its own, outside the OpenAPI one; members read it, like the OpenAPI schema."""

    schema = None
    permission_classes = [IsAuthenticated, IsMember]

    def get(self, request):
        return HttpResponse(export.SCHEMA_FILE.read_bytes(), content_type="application/schema+json")
