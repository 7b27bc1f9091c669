"""The task list (with its exports), a task's page, and the coordinators' create and edit forms."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from agencies import scoping
from agencies.views import MemberRequiredMixin
from config.audit import StaleVersionError
from config.formats.vi.formats import DATE_INPUT_FORMATS

from .. import exports, selectors, services
from ..filtersets import TaskFilterSet
from ..forms import (
    AcceptCompletionForm,
    CancelTaskForm,
    CompletionReportForm,
    DateInput,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    ReturnTaskForm,
    TaskForm,
    apply_service_errors,
    label_empty_choices,
)
from ..models import ExtensionRequest, Task, local_today

PAGE_SIZE = 25
# Columns the list can be sorted by (ordering keys of TaskFilterSet).
SORTABLE = ("code", "title", "due_date", "progress_percent", "status")


def task_queryset(user):
    """The tasks the user may see, annotated and with what the lists show, in a fixed number of queries."""
    queryset = (
        Task.objects.with_deadline_status()
        .select_related("group", "lead_agency")
        .prefetch_related("supporting_agencies")
    )
    return scoping.visible_tasks(user, queryset)


def present_filter_form(form):
    """Widgets for people (the API uses the same FilterSet): dd/mm/yyyy dates, checkboxes, a search box."""
    for name in ("due_after", "due_before"):
        form.fields[name].input_formats = DATE_INPUT_FORMATS
        form.fields[name].widget = DateInput()
    for name in ("status", "deadline_status"):
        form.fields[name].widget = forms.CheckboxSelectMultiple(choices=form.fields[name].choices)
    form.fields["q"].widget = forms.TextInput(
        attrs={"type": "search", "placeholder": _("Mã, tên, nội dung hoặc sản phẩm của nhiệm vụ")}
    )
    label_empty_choices(form)


def filter_tasks(request):
    """(filterset, queryset): the TaskFilterSet the API uses, applied to what the user may see."""
    filterset = TaskFilterSet(request.GET or None, queryset=task_queryset(request.user), request=request)
    present_filter_form(filterset.form)
    if filterset.is_bound:
        filterset.is_valid()  # records field errors; invalid fields are left out of the filtering
    queryset = filterset.qs
    if queryset.query.order_by:
        # A stable order across pages when the chosen column has ties.
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    return filterset, queryset


def sort_links(request, keys=SORTABLE):
    """For each sortable column: the URL that sorts by it (toggling direction) and its aria-sort state."""
    current = request.GET.get("ordering", "")
    links = {}
    for key in keys:
        params = request.GET.copy()
        params.pop("page", None)
        if current == key:
            state, params["ordering"] = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, params["ordering"] = "descending", key
        else:
            state, params["ordering"] = "none", key
        links[key] = {"url": f"?{params.urlencode()}", "state": state}
    return links


class TaskListView(MemberRequiredMixin, TemplateView):
    """Filterable, sortable, paginated; the filter lives in the URL so a list can be bookmarked and shared."""

    template_name = "tasks/task_list.html"

    def get_context_data(self, **kwargs):
        filterset, queryset = filter_tasks(self.request)
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            tasks=page.object_list,
            sort=sort_links(self.request),
            export_query=export_query.urlencode(),
            can_create=scoping.is_coordinator(self.request.user),
            **kwargs,
        )


class TaskExportView(MemberRequiredMixin, View):
    """The filtered list as .xlsx or .csv, in the plan's annex layout."""

    format = "xlsx"

    def get(self, request):
        _filterset, queryset = filter_tasks(request)
        return exports.tasks_xlsx(queryset) if self.format == "xlsx" else exports.tasks_csv(queryset)


# --- a task's page -------------------------------------------------------------------------------------


def get_task(request, pk):
    queryset = scoping.visible_tasks(
        request.user,
        Task.objects.with_deadline_status()
        .select_related("group__plan", "lead_agency", "responsible_user", "completion_reported_by", "accepted_by")
        .prefetch_related("supporting_agencies", "clusters"),
    )
    return get_object_or_404(queryset, pk=pk)


def allowed_actions(user, task, pending):
    """What the user may do on the task now, as the scoping module says; the services check it again."""
    decide = scoping.can_decide(user, task)
    finished = task.status in (Task.Status.DONE, Task.Status.CANCELLED)
    return {
        "progress": scoping.can_report_progress(user, task),
        "extension": scoping.can_request_extension(user, task) and pending is None,
        "completion": scoping.can_report_completion(user, task),
        "decide_extension": decide and pending is not None and pending.requested_by_id != user.pk,
        "accept": decide and task.status == Task.Status.AWAITING_ACCEPTANCE,
        "cancel": decide and not finished,
        "edit": scoping.can_edit_task(user, task) and not finished,
    }


ACTION_FORMS = {
    "progress": ProgressReportForm,
    "extension": ExtensionRequestForm,
    "decision": ExtensionDecisionForm,
    "completion": CompletionReportForm,
    "accept": AcceptCompletionForm,
    "return": ReturnTaskForm,
    "cancel": CancelTaskForm,
}
# Which permission (key of allowed_actions) shows which form.
FORM_PERMISSION = {
    "progress": "progress",
    "extension": "extension",
    "decision": "decide_extension",
    "completion": "completion",
    "accept": "accept",
    "return": "accept",
    "cancel": "cancel",
}


def initial_for(prefix, task):
    today = local_today()
    return {
        "progress": {"progress_percent": task.progress_percent},
        "completion": {"completed_on": today, "version": task.version},
        "accept": {"version": task.version},
        "return": {"version": task.version},
        "cancel": {"version": task.version},
    }.get(prefix, {})


def task_detail_context(request, task, bound=None):
    """Everything the task page shows; ``bound`` is a form that failed, shown again with its values."""
    user = request.user
    extensions = list(
        task.extension_requests.select_related("requested_by", "decided_by").order_by("-requested_at", "-pk")
    )
    pending = next((e for e in extensions if e.status == ExtensionRequest.Status.PENDING), None)
    allowed = allowed_actions(user, task, pending)
    action_forms = {}
    for prefix, form_class in ACTION_FORMS.items():
        if not allowed[FORM_PERMISSION[prefix]]:
            continue
        if bound is not None and bound.prefix == prefix:
            action_forms[prefix] = bound
        else:
            action_forms[prefix] = form_class(prefix=prefix, initial=initial_for(prefix, task))

    attachments = list(task.attachments.select_related("uploaded_by"))
    by_report, by_extension = defaultdict(list), defaultdict(list)
    for attachment in attachments:
        if attachment.progress_report_id:
            by_report[attachment.progress_report_id].append(attachment)
        if attachment.extension_request_id:
            by_extension[attachment.extension_request_id].append(attachment)
    reports = list(task.progress_reports.select_related("agency", "author"))
    for report in reports:
        report.files = by_report[report.pk]
    for extension in extensions:
        extension.files = by_extension[extension.pk]

    can_view_history = scoping.can_view_task_history(user, task)
    return {
        "task": task,
        "allowed": allowed,
        "forms": action_forms,
        "open_form": bound.prefix if bound is not None else "",
        "pending": pending,
        "extensions": extensions,
        "reports": reports,
        "attachments": attachments,
        "completion_files": [a for a in attachments if a.purpose == a.Purpose.COMPLETION],
        "deadline_history": selectors.deadline_history(task),
        "can_view_history": can_view_history,
        "timeline": selectors.task_timeline(task) if can_view_history else [],
        "today": local_today(),
    }


class TaskDetailView(MemberRequiredMixin, View):
    def get(self, request, pk):
        task = get_task(request, pk)
        return render(request, "tasks/task_detail.html", task_detail_context(request, task))


# --- create and edit (coordinators) ----------------------------------------------------------------------


class TaskCreateView(MemberRequiredMixin, View):
    template_name = "tasks/task_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.is_coordinator(request.user):
            raise PermissionDenied(_("Chỉ cán bộ điều phối của cơ quan đầu mối mới được giao nhiệm vụ."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": TaskForm()})

    def post(self, request):
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                task = services.task_create(actor=request.user, **form.record_values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ %(code)s.") % {"code": task.code})
                return redirect("tasks:task_detail", pk=task.pk)
        return render(request, self.template_name, {"form": form})


class TaskUpdateView(MemberRequiredMixin, View):
    template_name = "tasks/task_form.html"

    def get_task(self, request, pk):
        task = get_task(request, pk)
        if not scoping.can_edit_task(request.user, task):
            raise PermissionDenied(_("Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa nhiệm vụ."))
        return task

    def get(self, request, pk):
        task = self.get_task(request, pk)
        return render(request, self.template_name, {"form": TaskForm(task=task), "task": task})

    def post(self, request, pk):
        task = self.get_task(request, pk)
        form = TaskForm(request.POST, task=task)
        if form.is_valid():
            changes = form.record_values()
            if not changes:
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("tasks:task_detail", pk=task.pk)
            try:
                services.task_update(
                    actor=request.user,
                    task=task,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                    **changes,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except StaleVersionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu thay đổi của nhiệm vụ %(code)s.") % {"code": task.code})
                return redirect("tasks:task_detail", pk=task.pk)
        return render(request, self.template_name, {"form": form, "task": task})
