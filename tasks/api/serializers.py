"""The plan, its tasks and their workflow as the API shows and accepts them.

Read serializers present; write serializers only check shapes and types (400 with field messages), then
the views hand the values to ``tasks.services``, where every business rule lives.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from clusters import register as cluster_register
from clusters.models import Cluster
from core.api import (
    MAX_ID,
    FieldChangeSerializer,
    ModelSerializer,
    PartialUpdateMixin,
    PlainListSerializer,
    StrictSerializerMixin,
    UserSummarySerializer,
)
from core.api_fields import LabelField
from core.history import TIMELINE_KIND_LABELS
from core.uploads import MAX_FILES
from tasks import planning, services, targets
from tasks.models import (
    Attachment,
    DeadlineStatus,
    ExtensionRequest,
    Plan,
    ProgressReport,
    Target,
    Task,
    TaskGroup,
    TaskStatus,
)

LABEL_HELP = "Nhãn hiển thị của mã, theo ngôn ngữ của tiêu đề Accept-Language (vi mặc định, en)."


class PlanSerializer(ModelSerializer):
    in_force = serializers.SerializerMethodField(
        help_text="Kế hoạch đang có hiệu lực hôm nay: kế hoạch ban hành gần nhất tính đến hôm nay (mặc định của các "
        "trang Tổng quan, Nhiệm vụ)."
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "title",
            "issued_on",
            "issuing_body",
            "year",
            "period_start",
            "period_end",
            "summary",
            "in_force",
            "updated_at",
        ]

    def get_in_force(self, plan) -> bool:
        in_force = self.context.get("in_force")
        return in_force is not None and in_force.pk == plan.pk


class TaskGroupSerializer(ModelSerializer):
    class Meta:
        model = TaskGroup
        fields = ["id", "plan", "number", "name", "description", "updated_at"]


class TargetProgressSerializer(serializers.Serializer):
    current = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Giá trị đo được hiện nay; null khi chưa có dữ liệu (tỷ lệ trên không cụm nào).",
    )
    target_min = serializers.DecimalField(max_digits=9, decimal_places=2)
    target_max = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, help_text="Tiến độ so với mức tối thiểu.")
    achieved = serializers.BooleanField()
    text = serializers.CharField(source="__str__")


class TargetSerializer(ModelSerializer):
    """A target of the plan and where it stands now, measured from the cluster register."""

    measure_label = LabelField(source="measure", help_text=LABEL_HELP)
    progress = serializers.SerializerMethodField()
    window = serializers.SerializerMethodField(help_text="Kỳ tính: [ngày bắt đầu, ngày kết thúc].")
    counted_clusters = serializers.SerializerMethodField(help_text="Mã (id) các cụm tạo nên kết quả.")

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "order",
            "description",
            "measure",
            "measure_label",
            "target_min",
            "target_max",
            "unit",
            "clusters",
            "fill_threshold_pct",
            "manual_value",
            "responsible_agency",
            "notes",
            "window_start",
            "window_end",
            "window",
            "progress",
            "counted_clusters",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DateField(), min_length=2, max_length=2))
    def get_window(self, target):
        return [day.isoformat() for day in target.window]

    def _measurement(self, target):
        """The target measured on today's register (``tasks.targets.measure``), once per target and request: its
        progress and its counted clusters are one list. The register is read once for all the targets listed."""
        measured = self.context.setdefault("_measured", {})
        if target.pk not in measured:
            if "_register" not in self.context:
                self.context["_register"] = cluster_register.as_of()
            measured[target.pk] = targets.measure(target, self.context["_register"])
        return measured[target.pk]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_counted_clusters(self, target):
        if not targets.is_measured(target):
            return []
        return sorted(row.pk for row in self._measurement(target).counted)

    @extend_schema_field(TargetProgressSerializer)
    def get_progress(self, target):
        progress = self._measurement(target).progress if targets.is_measured(target) else targets.progress(target)
        return TargetProgressSerializer(progress).data


class TaskSerializer(ModelSerializer):
    """A task of the plan with its deadline status (the six codes of government reporting, null when cancelled)."""

    plan = serializers.IntegerField(source="plan_id", read_only=True)
    status_label = LabelField(source="status", help_text=LABEL_HELP)
    deadline_status = serializers.ChoiceField(
        choices=DeadlineStatus.choices,
        read_only=True,
        allow_null=True,
        help_text="Tình trạng thời hạn; null khi nhiệm vụ đã hủy.",
    )
    deadline_status_label = LabelField(
        source="deadline_status",
        choices=DeadlineStatus.choices,
        none_label=TaskStatus.CANCELLED.label,
        help_text=LABEL_HELP,
    )
    priority_label = LabelField(source="priority", help_text=LABEL_HELP)
    last_reported_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Ngày của báo cáo tiến độ gần nhất; null khi chưa có báo cáo. Quá STALE_PROGRESS_DAYS ngày (mặc định 30) "
        "thì nhiệm vụ đang thực hiện là “chưa cập nhật” (lọc: not_updated=true).",
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "code",
            "title",
            "group",
            "plan",
            "lead_agency",
            "supporting_agencies",
            "clusters",
            "start_date",
            "due_date",
            "original_due_date",
            "status",
            "status_label",
            "deadline_status",
            "deadline_status_label",
            "progress_percent",
            "last_reported_on",
            "completed_on",
            "expected_output",
            "description",
            "priority",
            "priority_label",
            "responsible_user",
            "source_document",
            "continues",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        list_serializer_class = PlainListSerializer  # a page of 50 tasks read as plain values (core/api.py)


def _files_field():
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES,
        help_text="Tệp đính kèm (multipart/form-data): PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG.",
    )


def _version_field(required):
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=required,
        help_text="Phiên bản nhiệm vụ đã đọc; nếu đã có người sửa trong lúc đó, trả về 409.",
    )


def _reason_field(required=True, help_text="Lý do (ghi vào lịch sử)."):
    return serializers.CharField(max_length=2000, required=required, help_text=help_text)


class TaskWriteSerializer(StrictSerializerMixin, ModelSerializer):
    """Assign a new task (coordinators). The deadline given here also stays on record as the original one."""

    supporting_agencies = serializers.PrimaryKeyRelatedField(many=True, queryset=Agency.objects.all(), required=False)
    clusters = serializers.PrimaryKeyRelatedField(many=True, queryset=Cluster.objects.all(), required=False)
    responsible_user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    reason = _reason_field(required=False)

    class Meta:
        model = Task
        fields = [*services.TASK_RECORD_FIELDS, "reason"]


class TaskUpdateSerializer(PartialUpdateMixin, TaskWriteSerializer):
    """Change a task's record (coordinators): send only the fields that change, the version read, and why.
    A deadline already set moves only through an approved extension request."""

    reason = _reason_field(help_text="Lý do sửa (ghi vào lịch sử).")
    version = _version_field(required=True)

    class Meta(TaskWriteSerializer.Meta):
        fields = [*TaskWriteSerializer.Meta.fields, "version"]


class AttachmentSerializer(ModelSerializer):
    purpose_label = LabelField(source="purpose")

    class Meta:
        model = Attachment
        fields = ["id", "purpose", "purpose_label", "original_name", "content_type", "size_bytes", "uploaded_at"]


class ProgressReportSerializer(ModelSerializer):
    author = UserSummarySerializer(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "agency",
            "author",
            "reported_on",
            "text",
            "progress_percent",
            "created_at",
            "attachments",
            "updated_at",
        ]


class ProgressReportCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    text = serializers.CharField(max_length=10000, help_text="Nội dung báo cáo.")
    progress_percent = serializers.IntegerField(min_value=0, max_value=100)
    reported_on = serializers.DateField(required=False, help_text="Ngày báo cáo (mặc định: hôm nay).")
    files = _files_field()


class ExtensionRequestSerializer(ModelSerializer):
    requested_by = UserSummarySerializer(read_only=True)
    decided_by = UserSummarySerializer(read_only=True, allow_null=True)
    status_label = LabelField(source="status", help_text=LABEL_HELP)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "task",
            "requested_by",
            "requested_at",
            "previous_due_date",
            "proposed_due_date",
            "reason",
            "letter_number",
            "letter_date",
            "status",
            "status_label",
            "decided_by",
            "decided_at",
            "decided_on",
            "decision_note",
            "decision_document",
            "attachments",
            "updated_at",
        ]


class ExtensionRequestCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    proposed_due_date = serializers.DateField(help_text="Thời hạn đề nghị, sau thời hạn hiện tại.")
    reason = _reason_field(help_text="Lý do đề nghị gia hạn.")
    letter_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    letter_date = serializers.DateField(required=False, allow_null=True)
    files = _files_field()


class ExtensionApproveSerializer(StrictSerializerMixin, serializers.Serializer):
    decision_note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    decision_document = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="Văn bản chấp thuận."
    )


class ExtensionRejectSerializer(StrictSerializerMixin, serializers.Serializer):
    decision_note = serializers.CharField(max_length=2000, help_text="Lý do không chấp thuận.")
    decision_document = serializers.CharField(max_length=255, required=False, allow_blank=True)


class CompletionReportSerializer(StrictSerializerMixin, serializers.Serializer):
    completed_on = serializers.DateField(help_text="Ngày hoàn thành, không sau hôm nay.")
    evidence = serializers.CharField(max_length=10000, help_text="Kết quả, sản phẩm hoặc minh chứng hoàn thành.")
    files = _files_field()
    version = _version_field(required=False)


class AcceptSerializer(StrictSerializerMixin, serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    version = _version_field(required=False)


class ReasonSerializer(StrictSerializerMixin, serializers.Serializer):
    reason = _reason_field()
    version = _version_field(required=False)


class DeadlineChangeSerializer(serializers.Serializer):
    """One line of a deadline history: the original deadline, then each move, with who asked and who approved."""

    time = serializers.DateTimeField(source="at")
    old = serializers.DateField(allow_null=True)
    new = serializers.DateField(allow_null=True)
    is_original = serializers.BooleanField()
    requested_by = UserSummarySerializer(allow_null=True)
    requested_at = serializers.DateTimeField(allow_null=True)
    approved_by = UserSummarySerializer(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    decision_note = serializers.CharField(allow_blank=True)
    document = serializers.CharField(allow_blank=True, help_text="Văn bản chấp thuận gia hạn.")
    letter = serializers.CharField(allow_blank=True, help_text="Công văn đề nghị (số, ngày).")
    extension_id = serializers.IntegerField(allow_null=True)


class TimelineEventSerializer(serializers.Serializer):
    """One moment in a task's life, as its page's timeline shows it."""

    time = serializers.DateTimeField(source="at")
    kind = serializers.ChoiceField(choices=list(TIMELINE_KIND_LABELS))
    kind_label = serializers.CharField(help_text=LABEL_HELP)
    title = serializers.CharField()
    user = UserSummarySerializer(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)
    attachments = AttachmentSerializer(many=True)


class PlanGroupWriteSerializer(StrictSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class PlanCreateSerializer(StrictSerializerMixin, ModelSerializer):
    """A newly issued plan and its task groups, numbered 1, 2, … in the order sent (any number of them)."""

    groups = PlanGroupWriteSerializer(many=True, required=False, help_text="Các nhóm nhiệm vụ, theo thứ tự.")
    reason = _reason_field(required=False)

    class Meta:
        model = Plan
        fields = [*planning.PLAN_FIELDS, "groups", "reason"]
        extra_kwargs = {"number": {"validators": []}}  # the service says it in Vietnamese, on the field


class CarryOverSerializer(StrictSerializerMixin, serializers.Serializer):
    """Unfinished tasks of an earlier plan to carry over into this one (tasks.planning.tasks_carry_over)."""

    tasks = serializers.PrimaryKeyRelatedField(many=True, queryset=Task.objects.all(), help_text="Mã (id) nhiệm vụ.")
    group_map = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        help_text='Nhóm cũ → nhóm của kế hoạch này: {"<id nhóm cũ>": <id nhóm mới>}.',
    )
    due_date = serializers.DateField(
        required=False, allow_null=True, help_text="Thời hạn mới cho tất cả; bỏ trống: giữ thời hạn đang có."
    )
    code_prefix = serializers.CharField(max_length=16, help_text="Mã mới = tiền tố + mã cũ.")
    reason = _reason_field(help_text="Lý do chuyển tiếp (ghi vào lịch sử của các nhiệm vụ mới).")

    def validate_group_map(self, value):
        try:
            return {int(old): new for old, new in value.items()}
        except ValueError as error:
            raise serializers.ValidationError("Khóa phải là id của nhóm nhiệm vụ.") from error
