"""The task list (with its exports), a task's page, and the coordinators' create and edit forms."""

from collections import defaultdict

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from agencies import scoping
from core.forms import present_filter_form
from core.pages import KnownCountPaginator, sort_links
from core.views import ServiceFormView

from .. import exports, rules, selectors, services
from ..filtersets import TaskFilterSet
from ..forms import (
    AcceptCompletionForm,
    CancelTaskForm,
    CompletionReportForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    ReturnTaskForm,
    TaskForm,
)
from ..models import ExtensionRequest, Task, TaskGroup, local_today

PAGE_SIZE = 25
# Columns the list can be sorted by (ordering keys of TaskFilterSet).
SORTABLE = ("code", "title", "due_date", "progress_percent", "last_reported_on", "status")


def task_queryset(user):
    """The tasks the user may see, annotated and with what the lists show, in a fixed number of queries."""
    queryset = (
        Task.objects.with_deadline_status()
        .select_related("group", "lead_agency")
        .prefetch_related("supporting_agencies")
    )
    return queryset.visible_to(user)


def filter_tasks(request):
    """(filterset, queryset, plan choice): the TaskFilterSet the API uses, applied to what the user may see in the
    chosen plan (``?plan=<id>``, else today's: ``selectors.choose_plan``).

    The plan is chosen here, not by the FilterSet's ``plan`` filter: a page always shows one plan, and reading every
    plan once serves both the choice and the selector (the FilterSet would read them for its options, then the
    chosen one again to check it)."""
    choice = selectors.choose_plan(request.GET.get("plan"))
    data = request.GET.copy()
    data.pop("plan", None)
    queryset = task_queryset(request.user)
    if choice.plan is not None:
        queryset = queryset.filter(group__plan=choice.plan)
    filterset = TaskFilterSet(data or None, queryset=queryset, request=request)
    # The groups offered are the chosen plan's.
    filterset.filters["group"].queryset = TaskGroup.objects.filter(plan=choice.plan)
    del filterset.form.fields["plan"]
    present_filter_form(filterset.form, _("Mã, tên, nội dung hoặc sản phẩm của nhiệm vụ"))
    if filterset.is_bound:
        filterset.is_valid()  # records field errors; invalid fields are left out of the filtering
    queryset = filterset.qs
    if queryset.query.order_by:
        # A stable order across pages when the chosen column has ties.
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    return filterset, queryset, choice


class TaskListView(MemberRequiredMixin, TemplateView):
    """Filterable, sortable, paginated; the filter lives in the URL so a list can be bookmarked and shared."""

    template_name = "tasks/task_list.html"

    def get_context_data(self, **kwargs):
        filterset, queryset, choice = filter_tasks(self.request)
        # Counted from the counts kept per group and lead agency where the user and the filters allow (a COUNT over
        # the plan's tasks took 19 ms at 100,000 tasks).
        paginator = KnownCountPaginator(queryset, PAGE_SIZE, count_of=lambda: filterset.kept_count(plan=choice.plan))
        page = paginator.get_page(self.request.GET.get("page"))
        export_query = self.request.GET.copy()
        export_query.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            tasks=page.object_list,
            sort=sort_links(self.request, SORTABLE),
            export_query=export_query.urlencode(),
            plan_choice=choice,
            can_create=scoping.can(self.request.user, "task.create"),
            **kwargs,
        )


class TaskExportView(MemberRequiredMixin, View):
    """The filtered list as .xlsx or .csv, in the plan's annex layout."""

    format = "xlsx"

    def get(self, request):
        _filterset, queryset, _choice = filter_tasks(request)
        return exports.tasks_xlsx(queryset) if self.format == "xlsx" else exports.tasks_csv(queryset)


# --- a task's page -------------------------------------------------------------------------------------


def get_task(request, pk):
    queryset = (
        Task.objects.with_deadline_status()
        .select_related("group__plan", "lead_agency", "responsible_user", "completion_reported_by", "accepted_by")
        .prefetch_related("supporting_agencies", "clusters")
        .visible_to(request.user)
    )
    return get_object_or_404(queryset, pk=pk)


def read_carry_over(task):
    """The task ``task`` carries on and the one carrying it on, with their plans, for the page's two notes: one
    query of their own. Joined to the task's own (``get_task``) they made a join of twelve tables, which PostgreSQL
    took longer to plan (8-19 ms) than to read."""
    continues = continued_by = None
    for other in Task.objects.select_related("group__plan").filter(Q(pk=task.continues_id) | Q(continues_id=task.pk)):
        if other.pk == task.continues_id:
            continues = other
        else:
            continued_by = other
    Task._meta.get_field("continues").set_cached_value(task, continues)
    Task._meta.get_field("continued_by").set_cached_value(task, continued_by)


def allowed_actions(user, task, pending):
    """What the user may do on the task now: the policy (``agencies.scoping``) and the task's state
    (``tasks.rules``) both say yes. The services ask the same two questions again."""
    return {
        "progress": rules.may(user, task, "task.report_progress"),
        "extension": rules.may(user, task, "task.request_extension") and pending is None,
        "completion": rules.may(user, task, "task.report_completion"),
        "decide_extension": pending is not None
        and rules.may(user, task, "task.decide_extension")
        and scoping.can(user, "extension.decide", pending),
        "accept": rules.may(user, task, "task.accept"),
        "return": rules.may(user, task, "task.return"),
        "cancel": rules.may(user, task, "task.cancel"),
        "edit": rules.may(user, task, "task.edit"),
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
    "return": "return",
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
    read_carry_over(task)
    can_view_history = scoping.can(user, "task.view_history", task)
    # Extension requests are the deadline's history: shown where that history may be read.
    extensions = (
        list(task.extension_requests.select_related("requested_by", "decided_by").order_by("-requested_at", "-pk"))
        if can_view_history
        else []
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

    attachments = list(task.attachments.select_related("uploaded_by").visible_to(user))
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
        # The timeline and the deadline's history shown from the reports and requests read above.
        "deadline_history": selectors.deadline_history(task, extensions) if can_view_history else [],
        "can_view_history": can_view_history,
        "timeline": selectors.task_timeline(task, reports, extensions) if can_view_history else [],
        "today": local_today(),
    }


class TaskDetailView(MemberRequiredMixin, View):
    def get(self, request, pk):
        task = get_task(request, pk)
        return render(request, "tasks/task_detail.html", task_detail_context(request, task))


# --- create and edit (coordinators) ----------------------------------------------------------------------


class TaskCreateView(PermissionRequiredMixin, ServiceFormView):
    permission = "task.create"
    template_name = "tasks/task_form.html"
    form_class = TaskForm

    def save(self, form):
        return services.task_create(actor=self.request.user, **form.record_values())

    def success_message(self, task):
        return _("Đã giao nhiệm vụ %(code)s.") % {"code": task.code}

    def get_success_url(self, task):
        return reverse("tasks:task_detail", args=[task.pk])


class TaskUpdateView(MemberRequiredMixin, ServiceFormView):
    template_name = "tasks/task_form.html"
    form_class = TaskForm

    def get_objects(self, pk):
        task = get_task(self.request, pk)
        scoping.require(self.request.user, "task.edit", task)
        return {"task": task}

    def unchanged(self, form):
        return not form.record_values()

    def save(self, form):
        return services.task_update(
            actor=self.request.user,
            task=self.objects["task"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
            **form.record_values(),
        )

    def success_message(self, saved):
        return _("Đã lưu thay đổi của nhiệm vụ %(code)s.") % {"code": self.objects["task"].code}

    def get_success_url(self, saved):
        return reverse("tasks:task_detail", args=[self.objects["task"].pk])
