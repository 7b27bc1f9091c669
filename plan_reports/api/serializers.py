"""The plan report over the API: the issued reports, one with its figures, and the body that issues one."""

from django.urls import reverse
from rest_framework import serializers

from core.api import StrictSerializerMixin, UserSummarySerializer
from tasks.models import Plan

from .. import selectors
from ..models import PlanReport


class PlanReportSerializer(serializers.ModelSerializer):
    """An issued report: its number, date, signer, cut-off, and where its files are."""

    issued_by = UserSummarySerializer(read_only=True)
    docx_url = serializers.SerializerMethodField(help_text="Tải báo cáo (.docx) đã lưu khi ban hành.")
    xlsx_url = serializers.SerializerMethodField(help_text="Tải bảng số liệu (.xlsx) đã lưu khi ban hành.")

    class Meta:
        model = PlanReport
        fields = [
            "id",
            "plan",
            "cut_off",
            "number",
            "issued_on",
            "signer",
            "issued_by",
            "issued_at",
            "previous",
            "docx_url",
            "xlsx_url",
            "updated_at",
        ]
        read_only_fields = fields

    def get_docx_url(self, report) -> str:
        return reverse("planreport-docx", args=[report.pk])

    def get_xlsx_url(self, report) -> str:
        return reverse("planreport-xlsx", args=[report.pk])


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
    """Issue a report: the figures of the plan as of the end of ``cut_off`` are computed from history and stored."""

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
    signer = serializers.CharField(max_length=255)
