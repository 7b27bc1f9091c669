"""The Circular 14 cycle over the API: the forms and their indicators, the periods with their due dates, the
submissions with their values, the bodies of the workflow's steps, and the rows of Biểu 04."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster
from core.api import MAX_ID, StrictSerializerMixin, TextKeyRelatedField, UserSummarySerializer
from core.api_fields import LabelField
from places.models import Commune
from reporting import obligations
from reporting.models import Indicator, ReportForm, ReportingPeriod, Submission, SubmissionValue

SOURCE_TYPES = [("cluster", "cluster"), ("submission", "submission")]
# A typed figure: a number, or text as a person types it ("1.234,5"); the rules decide (reporting.rules).
VALUE_MAX_LENGTH = 40


class IndicatorSerializer(serializers.ModelSerializer):
    """A row of a form: its stable key, number, label, unit, nature and the rows it is tied to."""

    # A slug or nothing: a plain string in the contract (a slug's pattern would refuse the empty one).
    not_above = serializers.CharField(
        help_text="Mã chỉ tiêu cùng biểu mà chỉ tiêu này không được vượt; rỗng khi không có."
    )
    sum_of = serializers.ListField(
        source="sum_keys", child=serializers.CharField(), help_text="Mã các chỉ tiêu mà chỉ tiêu này bằng tổng."
    )

    class Meta:
        model = Indicator
        fields = ["key", "row", "section", "label", "unit", "nature", "not_above", "sum_of"]
        read_only_fields = fields


class ReportFormSerializer(serializers.ModelSerializer):
    """One of the circular's forms, with its indicators in row order."""

    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "title",
            "reporter",
            "sender",
            "recipients",
            "signer_title",
            "result_column",
            "collected",
            "indicators",
            "updated_at",
        ]
        read_only_fields = fields


class DueDateSerializer(serializers.Serializer):
    form = serializers.CharField(help_text="Mã biểu (01–04).")
    due_on = serializers.DateField(help_text="Ngày cuối cùng nộp đúng hạn.")


class ReportingPeriodSerializer(serializers.ModelSerializer):
    """A half-year or annual period: its data window, each form's due date, and whether Biểu 04 is issued."""

    label = serializers.CharField(source="__str__", read_only=True)
    data_start = serializers.DateField(read_only=True)
    data_end = serializers.DateField(read_only=True)
    due_dates = serializers.SerializerMethodField()
    bieu04_issued = serializers.SerializerMethodField(help_text="Biểu 04 của kỳ đã ban hành (đã chốt số liệu).")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "year", "kind", "label", "data_start", "data_end", "due_dates", "bieu04_issued", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(DueDateSerializer(many=True))
    def get_due_dates(self, period):
        forms = self.context.get("forms", [])
        return [{"form": form.code, "due_on": form.due_on(period)} for form in forms]

    def get_bieu04_issued(self, period) -> bool:
        return period.bieu04_issued


class SubmissionValueSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="indicator.key")
    row = serializers.CharField(source="indicator.row")
    value = serializers.DecimalField(max_digits=20, decimal_places=3, coerce_to_string=True, allow_null=True)

    class Meta:
        model = SubmissionValue
        fields = ["key", "row", "value", "note"]
        read_only_fields = fields


class SubmissionSerializer(serializers.ModelSerializer):
    """A submission as the tracker shows it: whose, its state, how late, how often reminded."""

    form = serializers.CharField(source="form.code", help_text="Mã biểu: 02 (cụm) hoặc 03 (xã, phường).")
    state_label = LabelField(source="state")
    submitted_by = UserSummarySerializer(read_only=True, allow_null=True)
    decided_by = UserSummarySerializer(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True)
    days_late = serializers.SerializerMethodField(help_text="Số ngày quá hạn (0 khi đã gửi hoặc chưa đến hạn).")
    received_on_paper = serializers.BooleanField(
        read_only=True, help_text="Nhận bản giấy: cán bộ điều phối nhập và tiếp nhận thay đơn vị báo cáo."
    )
    paper_scan_url = serializers.SerializerMethodField(
        help_text="Tải bản chụp công văn của báo cáo nhận bản giấy; null khi không có."
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "period",
            "form",
            "cluster",
            "commune",
            "state",
            "state_label",
            "due_on",
            "days_late",
            "signer_name",
            "signer_title",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "return_reason",
            "reminders_sent",
            "last_reminded_on",
            "escalated_on",
            "received_on_paper",
            "paper_letter_number",
            "paper_received_on",
            "paper_scan_url",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_days_late(self, submission) -> int:
        return obligations.days_late(submission.due_on, submission.state)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_paper_scan_url(self, submission):
        if not submission.paper_scan:
            return None
        return reverse("reporting:paper_scan", args=[submission.pk])


class SubmissionDetailSerializer(SubmissionSerializer):
    """A submission with the values it holds (rows without a value are left out)."""

    values = SubmissionValueSerializer(many=True, read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "values"]
        read_only_fields = fields


def _values_field(required):
    return serializers.DictField(
        child=serializers.CharField(max_length=VALUE_MAX_LENGTH, allow_null=True, allow_blank=True),
        required=required,
        help_text=(
            "Mã chỉ tiêu → số liệu: số, hoặc chuỗi như người dùng gõ (“1.234,5” hoặc “1234.5”); rỗng hoặc null "
            "để xóa. Chỉ gửi các chỉ tiêu thay đổi."
        ),
    )


def _notes_field():
    return serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        help_text="Mã chỉ tiêu → ghi chú (cột “Ghi chú”); mỗi ghi chú đi kèm số liệu của chỉ tiêu đó trong values.",
    )


def _version_field(required=True):
    """The version the client read. Required on every write of figures (as on tasks): a write without it would
    overwrite whatever was saved since; a first draft (nothing to overwrite yet) may leave it out."""
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=required,
        help_text="Phiên bản báo cáo đã đọc; nếu đã có người sửa trong lúc đó, trả về 409."
        + ("" if required else " Bỏ trống khi lưu nháp lần đầu."),
    )


class ValuesMixin:
    """``values`` and ``notes`` as the service takes them: key → value, or (value, note) where a note is given."""

    def validate(self, attrs):
        values, notes = attrs.get("values") or {}, attrs.pop("notes", None) or {}
        stray = sorted(set(notes) - set(values))
        if stray:
            raise serializers.ValidationError({key: [_("Ghi chú phải gửi kèm số liệu của chỉ tiêu.")] for key in stray})
        attrs["values"] = {key: (value, notes[key]) if key in notes else value for key, value in values.items()}
        return super().validate(attrs)


class SubmissionDraftSerializer(ValuesMixin, StrictSerializerMixin, serializers.Serializer):
    """Save figures as a draft: Biểu 02 of a cluster, or Biểu 03 of a commune."""

    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    form = TextKeyRelatedField(
        slug_field="code", queryset=ReportForm.objects.all(), help_text="Mã biểu: 02 (cụm) hoặc 03 (xã, phường)."
    )
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.all(), required=False, allow_null=True)
    commune = serializers.PrimaryKeyRelatedField(queryset=Commune.objects.all(), required=False, allow_null=True)
    values = _values_field(required=True)
    notes = _notes_field()
    version = _version_field(required=False)


class SubmissionUpdateSerializer(ValuesMixin, StrictSerializerMixin, serializers.Serializer):
    """Change a draft's (or a returned report's) figures."""

    values = _values_field(required=True)
    notes = _notes_field()
    version = _version_field()


class SubmitSerializer(ValuesMixin, StrictSerializerMixin, serializers.Serializer):
    """Send the report with its signer; last changes to the figures may come with it."""

    signer_name = serializers.CharField(max_length=255, help_text="Họ tên người ký báo cáo.")
    signer_title = serializers.CharField(max_length=255, help_text="Chức vụ người ký.")
    values = _values_field(required=False)
    notes = _notes_field()
    version = _version_field()


# A decision changes no figure (a sent report cannot be edited, and a second decision is a 409): its version is
# checked when given.
class SubmissionAcceptSerializer(StrictSerializerMixin, serializers.Serializer):
    version = _version_field(required=False)


class SubmissionReturnSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Lý do trả lại (người báo cáo đọc và sửa theo).")
    version = _version_field(required=False)


class SourceSerializer(serializers.Serializer):
    """Where a figure of Biểu 04 comes from: a cluster of the register, or an accepted submission."""

    type = serializers.ChoiceField(choices=SOURCE_TYPES)
    id = serializers.IntegerField()
    label = serializers.CharField()
    value = serializers.SerializerMethodField(help_text="Phần đóng góp (chuỗi số thập phân); null khi không có.")
    received_on_paper = serializers.BooleanField(
        read_only=True, help_text="Báo cáo nguồn được nhận bản giấy (cán bộ điều phối nhập và tiếp nhận)."
    )

    def get_value(self, source) -> str | None:
        value = source.get("value")
        return None if value is None else str(value)


class Bieu04RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    row = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.CharField(allow_null=True, help_text="Chuỗi số thập phân; null khi chưa có số liệu.")
    origin = serializers.ChoiceField(choices=["register", "bieu02", "bieu03"])
    sources = SourceSerializer(many=True)


class Bieu04Serializer(serializers.Serializer):
    """Biểu 04 of a period: as issued (frozen) when it is, else computed now from the register and the accepted
    submissions."""

    period = serializers.IntegerField()
    issued = serializers.BooleanField()
    number = serializers.CharField(allow_null=True, help_text="Số hiệu khi đã ban hành.")
    issued_on = serializers.DateField(allow_null=True)
    rows = Bieu04RowSerializer(many=True)
