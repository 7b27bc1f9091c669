"""The cluster register as the API shows and accepts it: clusters, periodic reports (communes: ``places.api``)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, ClusterDecision, ClusterReport
from clusters.selectors import warnings_for
from clusters.services import CLUSTER_FIELDS, REPORT_FIELDS
from core.api import MAX_ID, ModelSerializer, PartialUpdateMixin, StrictSerializerMixin
from core.api_fields import LabelField

# Bounds the database would otherwise enforce with an error; stated here so the schema shows them.
CLUSTER_EXTRA_KWARGS = {
    "site_clearance_percent": {"max_value": 100},
    "latitude": {"min_value": -90, "max_value": 90},
    "longitude": {"min_value": -180, "max_value": 180},
    "total_area_ha": {"min_value": 0},
    "industrial_land_ha": {"min_value": 0},
    "serviced_land_ha": {"min_value": 0},
    "leased_land_ha": {"min_value": 0},
    "committed_land_ha": {"min_value": 0},
    "approved_investment_vnd": {"min_value": 0},
    "disbursed_investment_vnd": {"min_value": 0},
    "state_support_vnd": {"min_value": 0},
}


class ClusterSerializer(ModelSerializer):
    """A cluster record with its derived occupancy and the Decree 32 area warnings."""

    # Declared: a read-only field generated from the model would lose "may be blank" in the schema.
    investor_kind = serializers.ChoiceField(choices=Cluster.InvestorKind.choices, allow_blank=True, read_only=True)
    type_label = LabelField(source="type")
    status_label = LabelField(source="status")
    wastewater_status_label = LabelField(source="wastewater_status")
    investor_kind_label = LabelField(source="investor_kind")
    occupancy_pct = serializers.DecimalField(
        max_digits=9, decimal_places=2, read_only=True, allow_null=True, help_text="Tỷ lệ lấp đầy (%)."
    )
    warnings = serializers.SerializerMethodField(help_text="Cảnh báo theo Nghị định 32/2024/NĐ-CP (không chặn).")
    established_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Ngày quyết định thành lập (mở rộng không thay thế)."
    )
    establishment_number = serializers.CharField(read_only=True, allow_null=True, help_text="Số quyết định thành lập.")
    legal_status = serializers.CharField(read_only=True, help_text="Tình trạng pháp lý theo quyết định mới nhất.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, cluster):
        return warnings_for(cluster)

    class Meta:
        model = Cluster
        fields = [
            "id",
            *sorted(CLUSTER_FIELDS),
            "type_label",
            "status_label",
            "wastewater_status_label",
            "investor_kind_label",
            "occupancy_pct",
            "warnings",
            "established_on",
            "establishment_number",
            "legal_status",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class ClusterWriteSerializer(StrictSerializerMixin, ModelSerializer):
    """Create a cluster; ``reason`` goes into the history."""

    reason = serializers.CharField(max_length=2000, required=False, help_text="Lý do (ghi vào lịch sử).")

    class Meta:
        model = Cluster
        fields = [*sorted(CLUSTER_FIELDS), "reason"]
        extra_kwargs = CLUSTER_EXTRA_KWARGS


class ClusterUpdateSerializer(PartialUpdateMixin, ClusterWriteSerializer):
    """Change some fields of a cluster: ``version`` is the one read (a stale one gets 409), ``reason`` is kept."""

    reason = serializers.CharField(max_length=2000, help_text="Lý do sửa (ghi vào lịch sử).")
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Phiên bản đã đọc.")

    class Meta(ClusterWriteSerializer.Meta):
        fields = [*ClusterWriteSerializer.Meta.fields, "version"]


class ClusterDecisionSerializer(ModelSerializer):
    """A decision about a cluster; its document is downloaded through ``document_url`` (members only)."""

    kind_label = LabelField(source="kind")
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = ClusterDecision
        fields = [
            "id",
            "cluster",
            "kind",
            "kind_label",
            "number",
            "date",
            "issuing_body",
            "area_before_ha",
            "area_after_ha",
            "document_name",
            "document_url",
            "notes",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document_url(self, decision):
        if not decision.document:
            return None
        return reverse("clusters:cluster_decision_document", args=[decision.pk])


class ClusterReportSerializer(ModelSerializer):
    period_label = LabelField(source="period")
    data_window = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = ClusterReport
        fields = ["id", "cluster", *sorted(REPORT_FIELDS), "period_label", "data_window", "created_at"]
        read_only_fields = fields


class ClusterReportWriteSerializer(StrictSerializerMixin, ModelSerializer):
    """A cluster's figures for one period: a second report for the same period replaces the first."""

    reason = serializers.CharField(max_length=2000, required=False, help_text="Lý do (ghi vào lịch sử).")

    class Meta:
        model = ClusterReport
        fields = [*sorted(REPORT_FIELDS), "reason"]
        extra_kwargs = {
            "year": {"min_value": 2000, "max_value": 2100},
            "leased_land_ha": {"min_value": 0},
            "committed_land_ha": {"min_value": 0},
            "average_income_vnd": {"min_value": 0},
            "revenue_vnd": {"min_value": 0},
            "budget_paid_vnd": {"min_value": 0},
        }
        # One report per (cluster, year, period) is the service's rule: it replaces, it does not refuse.
        validators = []
