"""The plan, its tasks and their workflow over the API.

Reads go through ``agencies.scoping`` (an object the caller may not see is a 404); every write calls a
service of ``tasks.services``, which decides and leaves history. Before a service is called, the same
scoping predicate it uses answers 403, so a caller without the right gets 403 whatever the payload.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from agencies import scoping
from core import cache as core_cache
from core.api import HistoryEntrySerializer, IdLookupMixin, JSONParser, PlainListSerializer, errors, history_response
from core.api_fields import fill_listed, with_listed
from core.viewsets import ServiceModelViewSet
from tasks import planning, selectors, services
from tasks.filtersets import TaskFilterSet
from tasks.models import ExtensionRequest, Plan, ProgressReport, Target, Task, TaskGroup
from tasks.models.tasks import DEADLINE_STATUS_FIELDS, decide_deadline_statuses
from tasks.selectors import deadline_history, task_timeline

from .serializers import (
    AcceptSerializer,
    CarryOverSerializer,
    CompletionReportSerializer,
    DeadlineChangeSerializer,
    ExtensionApproveSerializer,
    ExtensionRejectSerializer,
    ExtensionRequestCreateSerializer,
    ExtensionRequestSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    ProgressReportCreateSerializer,
    ProgressReportSerializer,
    ReasonSerializer,
    TargetSerializer,
    TaskGroupSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TaskWriteSerializer,
    TimelineEventSerializer,
)

# The FilterSet's "agency" filter works through a method, whose value type drf-spectacular cannot guess:
# documented here as what it is, an agency id, without touching the shared FilterSet.
extend_schema_field(OpenApiTypes.INT)(TaskFilterSet.base_filters["agency"])

LIST_ERRORS = errors(400, 404)  # 400: a filter value that does not exist; 404: a page past the last


def _for_members(user, queryset):
    """Reference data of the plan: shown to whoever may see the plan at all."""
    return queryset if scoping.can(user, "plan.view") else queryset.none()


@extend_schema_view(
    list=extend_schema(
        summary="Các kế hoạch",
        description="in_force đánh dấu kế hoạch đang có hiệu lực hôm nay (kế hoạch ban hành gần nhất tính đến hôm nay).",
        responses={200: PlanSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Một kế hoạch", responses={200: PlanSerializer, **errors(404)}),
    create=extend_schema(
        summary="Lập kế hoạch mới với các nhóm nhiệm vụ (điều phối)",
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, **errors(400, 403)},
    ),
)
class PlanViewSet(IdLookupMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    filterset_fields = ["year"]
    ordering_fields = ["year", "issued_on", "number"]

    def get_queryset(self):
        return _for_members(self.request.user, Plan.objects.all())

    def get_serializer_context(self):
        # Every plan read once, to mark today's (tasks.selectors.in_force, the pages' one rule).
        return {**super().get_serializer_context(), "in_force": selectors.plan_in_force()}

    def _answer(self, plan, status_code=status.HTTP_200_OK):
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        scoping.require(request.user, "plan.manage")
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = planning.plan_create(actor=request.user, **serializer.validated_data)
        return self._answer(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Kế hoạch đang có hiệu lực hôm nay",
        description="Kế hoạch ban hành gần nhất tính đến hôm nay; trước khi có kế hoạch nào ban hành, kế hoạch sắp tới.",
        responses={200: PlanSerializer, **errors(404)},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def current(self, request):
        plan = selectors.plan_in_force() if scoping.can(request.user, "plan.view") else None
        if plan is None:
            raise Http404
        return self._answer(plan)

    @extend_schema(
        summary="Chuyển tiếp nhiệm vụ chưa hoàn thành của kế hoạch trước sang kế hoạch này (điều phối)",
        description=(
            "Mỗi nhiệm vụ trở thành một nhiệm vụ mới của kế hoạch này (continues = nhiệm vụ cũ); nhiệm vụ cũ giữ "
            "nguyên trạng thái và lịch sử. Tất cả hoặc không: một nhiệm vụ đã chuyển tiếp, đã hoàn thành, đã hủy "
            "hay thiếu nhóm mới thì không nhiệm vụ nào được chuyển (400, trường tasks)."
        ),
        request=CarryOverSerializer,
        responses={201: TaskSerializer(many=True), **errors(400, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="carry-over", filter_backends=[])
    def carry_over(self, request, pk=None):
        plan = self.get_object()
        scoping.require(request.user, "plan.manage", plan)
        serializer = CarryOverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = planning.tasks_carry_over(actor=request.user, plan=plan, **serializer.validated_data)
        tasks = _task_queryset(request.user).filter(pk__in=[task.pk for task in created]).order_by("code")
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Các nhóm nhiệm vụ", responses={200: TaskGroupSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="Một nhóm nhiệm vụ", responses={200: TaskGroupSerializer, **errors(404)}),
)
class TaskGroupViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskGroupSerializer
    filterset_fields = ["plan"]
    ordering_fields = ["number"]

    def get_queryset(self):
        return _for_members(self.request.user, TaskGroup.objects.all())


@extend_schema_view(
    list=extend_schema(
        summary="Các chỉ tiêu của kế hoạch, với tiến độ đo từ sổ đăng ký cụm",
        description=(
            "Mỗi chỉ tiêu được đo trên sổ đăng ký cụm tính đến hết hôm nay (clusters.register), mỗi sự kiện theo "
            "ngày hiệu lực; sổ đăng ký được đọc một lần cho cả danh sách (tasks.targets.measure)."
        ),
        responses={200: TargetSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Một chỉ tiêu, với tiến độ", responses={200: TargetSerializer, **errors(404)}),
)
class TargetViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TargetSerializer
    filterset_fields = ["plan", "measure"]
    ordering_fields = ["order"]

    def get_queryset(self):
        queryset = Target.objects.select_related("plan").prefetch_related("clusters")
        return _for_members(self.request.user, queryset)


# --- tasks ----------------------------------------------------------------------------------------


def _task_queryset(user):
    queryset = (
        Task.objects.with_deadline_status().select_related("group").prefetch_related("supporting_agencies", "clusters")
    )
    return queryset.visible_to(user)


# One documented body per operation: multipart, which carries the files (the array ``files``, one part per file).
# JSON without files is accepted too but not documented, because client generators (openapi-python-client) cannot
# tell two bodies of one operation apart.
# The many-to-many relations a page of the task list shows as ids (``core.api_fields.listed``).
LISTED = ("supporting_agencies", "clusters")

MULTIPART_NOTE = " Gửi multipart/form-data (trường files, lặp lại cho mỗi tệp); không kèm tệp thì cũng nhận JSON."


@extend_schema_view(
    list=extend_schema(
        summary="Các nhiệm vụ",
        description=(
            "Lọc bằng cùng bộ lọc với trang danh sách nhiệm vụ. Một mã không tồn tại (cơ quan, nhóm, cụm…) "
            "là lỗi 400 kèm thông báo theo trường."
        ),
        responses={200: TaskSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Một nhiệm vụ", responses={200: TaskSerializer, **errors(404)}),
    create=extend_schema(
        summary="Giao nhiệm vụ mới (điều phối)",
        request=TaskWriteSerializer,
        responses={201: TaskSerializer, **errors(400, 403)},
    ),
    partial_update=extend_schema(
        summary="Sửa nhiệm vụ (điều phối), kèm phiên bản đã đọc và lý do",
        request=TaskUpdateSerializer,
        responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    ),
)
class TaskViewSet(ServiceModelViewSet):
    serializer_class = TaskSerializer
    create_serializer_class = TaskWriteSerializer
    update_serializer_class = TaskUpdateSerializer
    # A page reads the tasks, their agencies and clusters (ids in the order of their names, filters by them).
    cache_domains = (core_cache.TASKS, core_cache.AGENCIES, core_cache.REGISTER)
    filterset_class = TaskFilterSet

    def get_queryset(self):
        if self.action == "list":
            # A page lists its tasks' agencies and clusters as ids (``LISTED``, in paginate_queryset). The other
            # actions keep whole rows: the services read them.
            return (
                Task.objects.with_plan_id()
                .visible_to(self.request.user)
                # The columns the page shows (not the search text, the completion evidence, the group's texts), and
                # those a deadline status is decided by: in Python for the page's rows (paginate_queryset), the
                # annotation's twin (tests/tasks/test_deadline_status.py), instead of a CASE of 20 conditions built,
                # compiled and planned on every request. No filter or ordering of the list reads the annotation.
                .only(*PlainListSerializer.columns(TaskSerializer), *DEADLINE_STATUS_FIELDS)
            )
        return _task_queryset(self.request.user)

    def paginate_queryset(self, queryset):
        filterset = getattr(self, "filterset", None)  # the one applied (core.filters.FilterBackend)
        if self.action == "list" and filterset is not None:
            # Counted from the counts kept per group and lead agency where the user and the filters allow
            # (``kept_count``): a COUNT over 100,000 tasks took 4-19 ms of every page.
            self.paginator.count_of = filterset.kept_count
        # The page's agencies and clusters as ids, in their own order: read by the page's query itself (``with_listed``),
        # or, when a filter through them made it DISTINCT, by one query for the page's rows (``fill_listed``).
        listed_later = self.action == "list" and queryset.query.distinct
        if self.action == "list" and not listed_later:
            queryset = with_listed(queryset, *LISTED)
        page = super().paginate_queryset(queryset)
        if self.action == "list" and page is not None:
            decide_deadline_statuses(page)  # read without the annotation (get_queryset)
            if listed_later:
                fill_listed(page, *LISTED)
        return page

    def check_create(self):
        scoping.require(self.request.user, "task.create")

    def check_update(self, task):
        scoping.require(self.request.user, "task.edit", task)

    def create_record(self, values):
        return services.task_create(actor=self.request.user, **values)

    def update_record(self, task, values):
        return services.task_update(actor=self.request.user, task=task, **values)

    # --- history ---

    def _task_with_history(self):
        task = self.get_object()
        scoping.require(self.request.user, "task.view_history", task)
        return task

    @extend_schema(
        summary="Lịch sử thay đổi của nhiệm vụ: ai, khi nào, trường nào từ gì thành gì, lý do",
        responses={200: HistoryEntrySerializer(many=True), **errors(403, 404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        task = self._task_with_history()
        return history_response(self, Task, task.history.order_by("-history_date", "-history_id"))

    @extend_schema(
        summary="Lịch sử thời hạn: thời hạn ban đầu, rồi từng lần gia hạn (ai đề nghị, ai duyệt, văn bản)",
        responses={200: DeadlineChangeSerializer(many=True), **errors(403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="deadline-history", filter_backends=[], pagination_class=None)
    def deadline_history(self, request, pk=None):
        task = self._task_with_history()
        return Response(DeadlineChangeSerializer(deadline_history(task), many=True).data)

    @extend_schema(
        summary="Dòng thời gian của nhiệm vụ: thay đổi, báo cáo tiến độ, gia hạn, công văn đôn đốc, mới nhất trước",
        responses={200: TimelineEventSerializer(many=True), **errors(403, 404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def timeline(self, request, pk=None):
        task = self._task_with_history()
        return Response(TimelineEventSerializer(task_timeline(task), many=True).data)

    # --- workflow actions: each calls one service ---

    @extend_schema(
        summary="Báo cáo tiến độ (cơ quan chủ trì hoặc phối hợp; điều phối)",
        description="Báo cáo của cơ quan chủ trì cập nhật tiến độ của nhiệm vụ." + MULTIPART_NOTE,
        request={"multipart/form-data": ProgressReportCreateSerializer},
        responses={201: ProgressReportSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="progress-reports", parser_classes=[JSONParser, MultiPartParser])
    def progress_reports(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "task.report_progress", task)
        values = self.validated(ProgressReportCreateSerializer)
        report = services.progress_report_create(actor=request.user, task=task, **values)
        report = ProgressReport.objects.select_related("author").prefetch_related("attachments").get(pk=report.pk)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Đề nghị gia hạn (cơ quan chủ trì; điều phối)",
        description="Mỗi nhiệm vụ chỉ có một đề nghị đang chờ xem xét." + MULTIPART_NOTE,
        request={"multipart/form-data": ExtensionRequestCreateSerializer},
        responses={201: ExtensionRequestSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="extension-requests", parser_classes=[JSONParser, MultiPartParser])
    def extension_requests(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "task.request_extension", task)
        values = self.validated(ExtensionRequestCreateSerializer)
        extension = services.extension_request_create(actor=request.user, task=task, **values)
        return Response(ExtensionRequestSerializer(_extension(extension.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Báo cáo hoàn thành (cơ quan chủ trì; điều phối): nhiệm vụ chờ xác nhận",
        description=MULTIPART_NOTE.strip(),
        request={"multipart/form-data": CompletionReportSerializer},
        responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="report-completion", parser_classes=[JSONParser, MultiPartParser])
    def report_completion(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "task.report_completion", task)
        values = self.validated(CompletionReportSerializer)
        task = services.task_report_completion(actor=request.user, task=task, **values)
        return self.answer(task)

    @extend_schema(
        summary="Xác nhận hoàn thành (điều phối)",
        request=AcceptSerializer,
        responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "completion.accept", task)
        task = services.task_accept_completion(actor=request.user, task=task, **self.validated(AcceptSerializer))
        return self.answer(task)

    @extend_schema(
        summary="Trả lại nhiệm vụ đã báo cáo hoàn thành, yêu cầu thực hiện tiếp (điều phối)",
        request=ReasonSerializer,
        responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "task.decide", task)
        task = services.task_return(actor=request.user, task=task, **self.validated(ReasonSerializer))
        return self.answer(task)

    @extend_schema(
        summary="Hủy nhiệm vụ (điều phối)",
        request=ReasonSerializer,
        responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        task = self.get_object()
        scoping.require(request.user, "task.decide", task)
        task = services.task_cancel(actor=request.user, task=task, **self.validated(ReasonSerializer))
        return self.answer(task)


# --- progress reports and extension requests ------------------------------------------------------


def _extension(pk):
    return (
        ExtensionRequest.objects.select_related("requested_by", "decided_by").prefetch_related("attachments").get(pk=pk)
    )


@extend_schema_view(
    list=extend_schema(
        summary="Các báo cáo tiến độ", responses={200: ProgressReportSerializer(many=True), **LIST_ERRORS}
    ),
    retrieve=extend_schema(summary="Một báo cáo tiến độ", responses={200: ProgressReportSerializer, **errors(404)}),
)
class ProgressReportViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Read here; a report is posted to ``tasks/{id}/progress-reports/``."""

    serializer_class = ProgressReportSerializer
    filterset_fields = ["task", "agency", "author"]
    ordering_fields = ["reported_on", "created_at", "progress_percent"]

    def get_queryset(self):
        tasks = Task.objects.visible_to(self.request.user)
        return ProgressReport.objects.filter(task__in=tasks).select_related("author").prefetch_related("attachments")


@extend_schema_view(
    list=extend_schema(
        summary="Các đề nghị gia hạn", responses={200: ExtensionRequestSerializer(many=True), **LIST_ERRORS}
    ),
    retrieve=extend_schema(summary="Một đề nghị gia hạn", responses={200: ExtensionRequestSerializer, **errors(404)}),
)
class ExtensionRequestViewSet(IdLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Read here; a request is posted to ``tasks/{id}/extension-requests/`` and decided below."""

    serializer_class = ExtensionRequestSerializer
    filterset_fields = ["task", "status", "requested_by"]
    ordering_fields = ["requested_at", "proposed_due_date", "decided_at"]

    def get_queryset(self):
        return (
            ExtensionRequest.objects.visible_to(self.request.user)
            .select_related("requested_by", "decided_by")
            .prefetch_related("attachments")
        )

    @extend_schema(
        summary="Chấp thuận gia hạn (điều phối, không tự duyệt đề nghị của mình): thời hạn được dời",
        request=ExtensionApproveSerializer,
        responses={200: ExtensionRequestSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        extension = self.get_object()
        scoping.require(request.user, "extension.decide", extension)
        serializer = ExtensionApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.extension_request_approve(actor=request.user, extension_request=extension, **serializer.validated_data)
        return Response(ExtensionRequestSerializer(_extension(extension.pk)).data)

    @extend_schema(
        summary="Không chấp thuận gia hạn (điều phối, kèm lý do): thời hạn giữ nguyên",
        request=ExtensionRejectSerializer,
        responses={200: ExtensionRequestSerializer, **errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        extension = self.get_object()
        scoping.require(request.user, "extension.decide", extension)
        serializer = ExtensionRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.extension_request_reject(actor=request.user, extension_request=extension, **serializer.validated_data)
        return Response(ExtensionRequestSerializer(_extension(extension.pk)).data)
