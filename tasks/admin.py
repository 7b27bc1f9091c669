"""Admin for the plan (with the agencies' duties in it), its groups, targets and tasks, and the records the
workflow leaves behind.

Deadlines, statuses and completions of existing tasks are read-only here: they move only through the
workflow (``tasks.services``), which checks who may act and keeps the original deadline on record. The
admin's actions (approve or reject extensions, accept completions) call those same services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.admin import (
    AuditedAdminForm,
    AuditedModelAdmin,
    CoordinatorAdminMixin,
    CoordinatorModelAdmin,
    ReadOnlyInline,
    ServiceModelAdmin,
)
from core.audit import StaleVersionError

from . import services, targets
from .models import (
    Attachment,
    ExtensionRequest,
    Plan,
    ProgressReport,
    Responsibility,
    Target,
    Task,
    TaskGroup,
)


def deadline_label(task):
    """The Vietnamese label of a task's deadline status (cancelled tasks have none)."""
    return task.get_deadline_status_display()


class ResponsibilityInline(CoordinatorAdminMixin, admin.StackedInline):
    """The agencies' duties the plan states, edited with the plan."""

    model = Responsibility
    extra = 0
    fields = ["agency", "order", "text", "task_groups"]
    autocomplete_fields = ["agency", "task_groups"]


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ["number", "title", "issued_on", "issuing_body", "year", "group_count", "target_count"]
    search_fields = ["number", "title"]
    list_filter = ["year"]
    inlines = [ResponsibilityInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(num_groups=Count("task_groups", distinct=True), num_targets=Count("targets", distinct=True))
        )

    @admin.display(description=_("số nhóm nhiệm vụ"), ordering="num_groups")
    def group_count(self, obj):
        return obj.num_groups

    @admin.display(description=_("số chỉ tiêu"), ordering="num_targets")
    def target_count(self, obj):
        return obj.num_targets


@admin.register(Responsibility)
class ResponsibilityAdmin(AuditedModelAdmin):
    list_display = ["agency", "plan", "order", "short_text", "groups"]
    list_filter = ["plan", "agency__kind"]
    list_select_related = ["agency", "plan"]
    search_fields = ["text", "agency__code", "agency__name"]
    autocomplete_fields = ["agency", "task_groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("task_groups")

    @admin.display(description=_("nội dung trách nhiệm"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "…"

    @admin.display(description=_("nhóm nhiệm vụ"))
    def groups(self, obj):
        return ", ".join(str(group.number) for group in obj.task_groups.all()) or "—"


class GroupTaskInline(ReadOnlyInline):
    model = Task
    fields = ["code", "title", "lead_agency", "due_date", "status", "deadline_status_label", "progress_percent"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead_agency").with_deadline_status()

    @admin.display(description=_("tình trạng thời hạn"))
    def deadline_status_label(self, obj):
        return deadline_label(obj)


@admin.register(TaskGroup)
class TaskGroupAdmin(AuditedModelAdmin):
    list_display = ["number", "name", "plan", "task_count"]
    list_display_links = ["number", "name"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["name", "plan__number"]
    inlines = [GroupTaskInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_tasks=Count("tasks"))

    @admin.display(description=_("số nhiệm vụ"), ordering="num_tasks")
    def task_count(self, obj):
        return obj.num_tasks


class TargetAdminForm(AuditedAdminForm):
    """The target's form: its cluster list is checked by the service's rule (``services.check_target_clusters``)
    against the measure and window typed in the same form, so a misfit is refused on the field and nothing saved."""

    def clean(self):
        cleaned = super().clean()
        plan, measure = cleaned.get("plan") or getattr(self.instance, "plan", None), cleaned.get("measure")
        clusters = cleaned.get("clusters")
        if plan is None or not measure or clusters is None:
            return cleaned
        target = Target(
            plan=plan,
            measure=measure,
            window_start=cleaned.get("window_start"),
            window_end=cleaned.get("window_end"),
        )
        try:
            services.check_target_clusters(target, clusters)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    form = TargetAdminForm
    list_display = ["order", "description", "measure", "goal", "current_progress", "responsible_agency"]
    list_display_links = ["order", "description"]
    list_filter = ["plan", "measure"]
    list_select_related = ["plan", "responsible_agency"]
    search_fields = ["description"]
    autocomplete_fields = ["clusters", "responsible_agency"]
    readonly_fields = ["current_progress"]

    @admin.display(description=_("mục tiêu"))
    def goal(self, obj):
        low = number_format(obj.target_min.normalize(), use_l10n=True)
        if obj.target_max is not None:
            low = f"{low}–{number_format(obj.target_max.normalize(), use_l10n=True)}"
        return f"{low} {obj.unit}".strip()

    @admin.display(description=_("kết quả hiện tại"))
    def current_progress(self, obj):
        # The register as of today, read for the target (tasks.targets.measure); a plan has only a handful.
        if obj.pk is None:
            return "—"
        progress = targets.progress(obj)
        if progress.current is None:
            return str(targets.NO_DATA)
        current = number_format(progress.current.normalize(), use_l10n=True)
        percent = number_format(progress.percent, 1, use_l10n=True)
        return f"{current} {obj.unit} ({percent} %)"


class ProgressReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ["reported_on", "agency", "author", "progress_percent", "text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency", "author")


class ExtensionRequestInline(ReadOnlyInline):
    model = ExtensionRequest
    fields = ["requested_at", "requested_by", "previous_due_date", "proposed_due_date", "status", "decided_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_by", "decided_by")


@admin.register(Task)
class TaskAdmin(ServiceModelAdmin):
    """Tasks are created and edited through ``tasks.services`` (task_create, task_update), as on the pages:
    the deadline, the status and the completion move only through the workflow and are read-only here."""

    actions = ["accept_completion_selected"]
    list_display = [
        "code",
        "title",
        "group_number",
        "lead_agency",
        "due_date",
        "status",
        "deadline_status_label",
        "progress",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["group", "status", "priority", "lead_agency"]
    list_select_related = ["group", "lead_agency"]
    search_fields = ["code", "title", "description", "expected_output", "lead_agency__code", "lead_agency__name"]
    autocomplete_fields = ["group", "lead_agency", "supporting_agencies", "clusters", "responsible_user"]
    inlines = [ProgressReportInline, ExtensionRequestInline]
    record_fieldsets = [
        (None, {"fields": ["group", "code", "title", "description", "expected_output", "priority", "source_document"]}),
        (_("Cơ quan thực hiện"), {"fields": ["lead_agency", "supporting_agencies", "responsible_user", "clusters"]}),
    ]
    fieldsets = [
        *record_fieldsets,
        (_("Thời hạn"), {"fields": ["start_date", "due_date", "original_due_date", "deadline_status_label"]}),
        (
            _("Tiến độ và hoàn thành"),
            {
                "fields": [
                    "status",
                    "progress_percent",
                    "last_reported_on",
                    "completed_on",
                    "completion_evidence",
                    "completion_reported_at",
                    "completion_reported_by",
                    "completion_deadline",
                    "accepted_at",
                    "accepted_by",
                ]
            },
        ),
        (_("Bản ghi"), {"fields": ["version", "created_at", "updated_at"]}),
    ]
    # Set by the workflow only.
    workflow_fields = [
        "original_due_date",
        "deadline_status_label",
        "status",
        "progress_percent",
        "last_reported_on",
        "completed_on",
        "completion_evidence",
        "completion_reported_at",
        "completion_reported_by",
        "completion_deadline",
        "accepted_at",
        "accepted_by",
        "version",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_deadline_status()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new task: its record only; the workflow starts from there.
        reason = [fieldset for fieldset in fieldsets if fieldset[0] == self.reason_fieldset_title]
        return [*self.record_fieldsets, (_("Thời hạn"), {"fields": ["start_date", "due_date"]}), *reason]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = list(self.workflow_fields)
        # A deadline once set changes only by an approved extension; a task without one may get one.
        if obj.due_date is not None:
            fields.append("due_date")
        # A finished task is a record of the workflow: nothing in it is edited any more.
        if obj.is_finished:
            fields += [f for f in services.TASK_RECORD_FIELDS if f not in fields]
        return fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or scoping.can(request.user, "task.delete", obj)
        )

    def create_object(self, request, values, reason):
        return services.task_create(actor=request.user, reason=reason, **values)

    def update_object(self, request, obj, changes, reason, version):
        return services.task_update(actor=request.user, task=obj, reason=reason, version=version, **changes)

    def delete_object(self, request, obj, reason):
        services.task_delete(actor=request.user, task=obj, reason=reason)

    @admin.display(description=_("nhóm"), ordering="group_number")
    def group_number(self, obj):
        return obj.group.number

    @admin.display(description=_("tình trạng thời hạn"), ordering="deadline_status")
    def deadline_status_label(self, obj):
        return deadline_label(obj)

    @admin.display(description=_("tiến độ"), ordering="progress_percent")
    def progress(self, obj):
        return f"{obj.progress_percent} %"

    @admin.action(description=_("Xác nhận hoàn thành các nhiệm vụ đã chọn"))
    def accept_completion_selected(self, request, queryset):
        run_workflow_action(
            self,
            request,
            queryset,
            lambda task: services.task_accept_completion(actor=request.user, task=task),
            _("Đã xác nhận hoàn thành %(count)s nhiệm vụ."),
        )


@admin.register(ProgressReport)
class ProgressReportAdmin(ServiceModelAdmin):
    """Reports are made on the task pages or the API; here a coordinator corrects one, with a reason, through
    ``progress_report_update`` (the task's percent follows), and only a superuser deletes one."""

    list_display = ["task", "agency", "author", "reported_on", "progress_percent", "created_at"]
    list_filter = ["agency", "reported_on"]
    list_select_related = ["task", "agency", "author"]
    search_fields = ["task__code", "task__title", "text"]
    fields = ["task", "agency", "author", "reported_on", "progress_percent", "text", "created_at"]
    readonly_fields = ["task", "agency", "author", "created_at"]
    date_hierarchy = "reported_on"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and scoping.can(request.user, "workflow_record.delete")

    def update_object(self, request, obj, changes, reason, version):
        return services.progress_report_update(actor=request.user, report=obj, reason=reason, **changes)

    def delete_object(self, request, obj, reason):
        services.progress_report_delete(actor=request.user, report=obj, reason=reason)


@admin.register(Attachment)
class AttachmentAdmin(CoordinatorModelAdmin):
    """Files are uploaded through the task pages (which check type and size); here they are listed or removed."""

    allow_add = False
    allow_change = False
    list_display = ["original_name", "task", "purpose", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["purpose"]
    list_select_related = ["task", "uploaded_by"]
    search_fields = ["original_name", "task__code"]
    # The file itself is not shown: only the permission-checking download view sends it.
    fields = [
        "task",
        "purpose",
        "original_name",
        "content_type",
        "size",
        "progress_report",
        "extension_request",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("dung lượng"), ordering="size_bytes")
    def size(self, obj):
        return filesizeformat(obj.size_bytes)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ServiceModelAdmin):
    """Requests are made by the lead agency on the task pages or the API; coordinators decide them here with
    the two actions, which call the same services as the pages. A request is a record of the workflow:
    only a superuser deletes one, and never an approved one (it is the ground of the deadline in force)."""

    actions = ["approve_selected", "reject_selected"]
    list_display = ["task", "requested_by", "previous_due_date", "proposed_due_date", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["task", "requested_by", "decided_by"]
    search_fields = ["task__code", "task__title", "reason", "letter_number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._may_use(request) and scoping.can(request.user, "workflow_record.delete", obj)

    def delete_object(self, request, obj, reason):
        services.extension_request_delete(actor=request.user, extension_request=obj, reason=reason)

    @admin.action(description=_("Chấp thuận các đề nghị gia hạn đã chọn"))
    def approve_selected(self, request, queryset):
        run_workflow_action(
            self,
            request,
            queryset.select_related("task"),
            lambda extension: services.extension_request_approve(
                actor=request.user, extension_request=extension, decision_note="Chấp thuận qua trang quản trị"
            ),
            _("Đã chấp thuận %(count)s đề nghị gia hạn."),
        )

    @admin.action(description=_("Không chấp thuận các đề nghị gia hạn đã chọn"))
    def reject_selected(self, request, queryset):
        run_workflow_action(
            self,
            request,
            queryset.select_related("task"),
            lambda extension: services.extension_request_reject(
                actor=request.user,
                extension_request=extension,
                decision_note="Không chấp thuận qua trang quản trị",
            ),
            _("Đã không chấp thuận %(count)s đề nghị gia hạn."),
        )


def run_workflow_action(model_admin, request, objects, perform, success):
    """Apply a workflow service to each selected object; each refusal is reported, nothing half-done."""
    done = 0
    for obj in objects:
        try:
            perform(obj)
        except (PermissionDenied, ValidationError, StaleVersionError) as exc:
            reason = exc.message if isinstance(exc, StaleVersionError) else "; ".join(_messages_of(exc))
            model_admin.message_user(request, f"{obj}: {reason}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, success % {"count": done}, messages.SUCCESS)


def _messages_of(exc):
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or str(_("Bạn không có quyền thực hiện thao tác này."))]
