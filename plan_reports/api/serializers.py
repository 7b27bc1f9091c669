"""The plan report over the API: the issued reports, one with its figures, and the body that issues one."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import StrictSerializerMixin, UserSummarySerializer
from department.models import Capacity, Signatory
from tasks.models import Plan

from .. import selectors
from ..models import PlanReport


class SignatureSerializer(serializers.Serializer):
    """The report's signed copy (app ``signatures``): who signed it, when, with a certificate from which issuer."""

    signed_by = serializers.CharField(source="signer_name", help_text="Tên người ký (CN của chứng thư số).")
    signed_at = serializers.DateTimeField(allow_null=True, help_text="Thời điểm ký do phần mềm ký ghi lại.")
    issuer = serializers.CharField(source="certificate_issuer", help_text="Tổ chức cấp chứng thư số của người ký.")
    trusted = serializers.SerializerMethodField(
        help_text="Chứng thư gốc còn trong danh sách tin cậy và không phải chứng thư thử nghiệm."
    )
    signed_pdf_url = serializers.SerializerMethodField(help_text="Tải bản đã ký số (bản chính thức).")

    def get_trusted(self, copy) -> bool:
        return copy.trusted_root.is_active and not copy.trusted_root.is_test

    def get_signed_pdf_url(self, copy) -> str:
        return reverse("planreport-signed-pdf", args=[copy.report_id])


class PlanReportSerializer(serializers.ModelSerializer):
    """An issued report: its number, date, signer, cut-off, and where its files are."""

    issued_by = UserSummarySerializer(read_only=True, allow_null=True)
    created_by = UserSummarySerializer(read_only=True, allow_null=True)
    docx_url = serializers.SerializerMethodField(help_text="Tải báo cáo (.docx) đã lưu khi ban hành; null: dự thảo.")
    xlsx_url = serializers.SerializerMethodField(
        help_text="Tải bảng số liệu (.xlsx) đã lưu khi ban hành; null: dự thảo."
    )
    pdf_url = serializers.SerializerMethodField(help_text="Tải bản PDF của báo cáo (bản để ký số); null: dự thảo.")
    signature = serializers.SerializerMethodField(help_text="Bản ký số của báo cáo; null khi chưa có.")

    class Meta:
        model = PlanReport
        fields = [
            "id",
            "plan",
            "status",
            "cut_off",
            "number",
            "issued_on",
            "signatory",
            "capacity",
            "signer",
            "signer_title",
            "general_assessment",
            "shortcomings",
            "next_tasks",
            "recommendations",
            "created_by",
            "created_at",
            "issued_by",
            "issued_at",
            "previous",
            "docx_url",
            "xlsx_url",
            "pdf_url",
            "signature",
            "updated_at",
        ]
        read_only_fields = fields

    def get_docx_url(self, report) -> str | None:
        return None if report.is_draft else reverse("planreport-docx", args=[report.pk])

    def get_xlsx_url(self, report) -> str | None:
        return None if report.is_draft else reverse("planreport-xlsx", args=[report.pk])

    def get_pdf_url(self, report) -> str | None:
        return None if report.is_draft else reverse("planreport-pdf", args=[report.pk])

    @extend_schema_field(SignatureSerializer(allow_null=True))
    def get_signature(self, report):
        # The reverse one-to-one of signatures.SignedCopy (a later app): absent when the report is not signed.
        copy = getattr(report, "signed_copy", None)
        return SignatureSerializer(copy).data if copy is not None else None


class ComparisonRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField(help_text="Số liệu kỳ này (số, hoặc chuỗi số thập phân; null: chưa có dữ liệu).")
    previous = serializers.JSONField(help_text="Số liệu của báo cáo trước; null khi chưa có.")
    change = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True)


class PlanReportDetailSerializer(PlanReportSerializer):
    """An issued report with its stored figures and their comparison with the report before it."""

    figures = serializers.JSONField(
        read_only=True,
        help_text=(
            "Số liệu lưu khi ban hành: totals, groups, agencies (số nhiệm vụ theo tình trạng thời hạn), overdue, "
            "extended, targets, register."
        ),
    )
    comparison = serializers.SerializerMethodField()

    class Meta(PlanReportSerializer.Meta):
        fields = [*PlanReportSerializer.Meta.fields, "figures", "comparison"]
        read_only_fields = fields

    def get_comparison(self, report) -> ComparisonRowSerializer(many=True):
        previous = report.previous.figures if report.previous_id else None
        return ComparisonRowSerializer(selectors.comparison(report.figures, previous), many=True).data


class PlanReportIssueSerializer(StrictSerializerMixin, serializers.Serializer):
    """Draft a report and issue it at once: the figures of the plan as of the end of ``cut_off`` are computed from
    history and stored with the narrative (blank "general_assessment": worded from the figures) and the signer."""

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(),
        required=False,
        help_text="Mặc định: kế hoạch đang có hiệu lực hôm nay (ban hành gần nhất tính đến hôm nay).",
    )
    cut_off = serializers.DateField(
        help_text="Ngày chốt số liệu; không sau hôm nay, không trước ngày ban hành Kế hoạch."
    )
    number = serializers.CharField(max_length=64)
    issued_on = serializers.DateField()
    signatory = serializers.PrimaryKeyRelatedField(
        queryset=Signatory.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Người ký (danh sách người ký của Sở).",
    )
    capacity = serializers.ChoiceField(choices=Capacity.choices, required=False, allow_blank=True)
    signer = serializers.CharField(
        max_length=255,
        required=False,
        help_text="Họ tên người ký, khi không chọn signatory (ký với chức danh Giám đốc).",
    )
    general_assessment = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    shortcomings = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    next_tasks = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    recommendations = serializers.CharField(required=False, allow_blank=True, max_length=20000)
