"""The plans ("Kế hoạch"): the list and a plan's page for every member; for coordinators, a new plan with its
groups, its record, its groups (any number, in any order), its targets, and the carrying over of an earlier plan's
unfinished tasks. Every write is a service of ``tasks.planning``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from agencies import scoping
from core.forms import apply_service_errors
from core.views import ServiceFormView

from .. import planning, selectors
from ..models import Plan, Task
from ..plan_forms import CarryOverForm, GroupsReasonForm, PlanForm, TargetForm, group_formset


class PlanListView(MemberRequiredMixin, TemplateView):
    """Every plan, newest first, today's plan marked."""

    template_name = "tasks/plan_list.html"

    def get_context_data(self, **kwargs):
        plans = list(
            Plan.objects.annotate(group_count=Count("task_groups", distinct=True)).order_by(
                "-year", "-issued_on", "-pk"
            )
        )
        return super().get_context_data(
            plans=plans,
            in_force=selectors.in_force(plans),
            can_manage=scoping.can(self.request.user, "plan.manage"),
            **kwargs,
        )


class PlanDetailView(MemberRequiredMixin, TemplateView):
    """A plan: its record, its groups with their task counts, its targets, and what a coordinator may do."""

    template_name = "tasks/plan_detail.html"

    def get_context_data(self, pk, **kwargs):
        plan = get_object_or_404(Plan, pk=pk)
        groups = plan.task_groups.annotate(task_count=Count("tasks"))
        carried_in = Task.objects.filter(group__plan=plan, continues__isnull=False).count()
        return super().get_context_data(
            plan=plan,
            groups=groups,
            targets=plan.targets.select_related("responsible_agency"),
            carried_in=carried_in,
            is_in_force=selectors.plan_in_force() == plan,
            can_manage=scoping.can(self.request.user, "plan.manage", plan),
            **kwargs,
        )


def _add_row_requested(request):
    return "add_row" in request.POST


def _with_added_row(data):
    """The posted groups with one more empty row: "Thêm dòng" works without JavaScript."""
    data = data.copy()
    count = data.get("groups-TOTAL_FORMS", "")
    if (
        count.isascii() and count.isdigit()
    ):  # a forged count is left as sent: the formset reports its management form as broken
        data["groups-TOTAL_FORMS"] = str(min(int(count) + 1, 100))
    return data


class PlanCreateView(PermissionRequiredMixin, View):
    """A new plan and its groups on one page."""

    permission = "plan.manage"
    template_name = "tasks/plan_form.html"

    def get(self, request):
        return self.render(PlanForm(), group_formset(blank_rows=5))

    def render(self, form, formset):
        return render(
            request=self.request, template_name=self.template_name, context={"form": form, "formset": formset}
        )

    def post(self, request):
        if _add_row_requested(request):
            return self.render(PlanForm(initial=request.POST.dict()), group_formset(_with_added_row(request.POST)))
        form = PlanForm(request.POST)
        formset = group_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                plan = planning.plan_create(actor=request.user, groups=formset.groups(), **form.record_values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã lập %(plan)s với %(count)s nhóm nhiệm vụ.") % {"plan": plan, "count": len(formset.groups())},
                )
                return redirect("tasks:plan_detail", plan.pk)
        return self.render(form, formset)


class PlanUpdateView(MemberRequiredMixin, ServiceFormView):
    template_name = "tasks/plan_form.html"
    form_class = PlanForm

    def get_objects(self, pk):
        plan = get_object_or_404(Plan, pk=pk)
        scoping.require(self.request.user, "plan.manage", plan)
        return {"plan": plan}

    def unchanged(self, form):
        return not form.record_values()

    def save(self, form):
        return planning.plan_update(
            actor=self.request.user,
            plan=self.objects["plan"],
            reason=form.cleaned_data["reason"],
            **form.record_values(),
        )

    def success_message(self, saved):
        return _("Đã lưu thay đổi của %(plan)s.") % {"plan": self.objects["plan"]}

    def get_success_url(self, saved):
        return reverse("tasks:plan_detail", args=[self.objects["plan"].pk])


class PlanGroupsView(MemberRequiredMixin, View):
    """The plan's groups: rename, describe, reorder ("Thứ tự"), add rows, remove a group without tasks."""

    template_name = "tasks/plan_groups.html"

    def setup_plan(self, pk):
        plan = get_object_or_404(Plan, pk=pk)
        scoping.require(self.request.user, "plan.manage", plan)
        return plan

    def render(self, plan, formset, form):
        return render(self.request, self.template_name, {"plan": plan, "formset": formset, "form": form})

    def get(self, request, pk):
        plan = self.setup_plan(pk)
        return self.render(plan, group_formset(plan=plan, blank_rows=1), GroupsReasonForm())

    def post(self, request, pk):
        plan = self.setup_plan(pk)
        if _add_row_requested(request):
            formset = group_formset(_with_added_row(request.POST), plan=plan)
            return self.render(plan, formset, GroupsReasonForm(initial=request.POST.dict()))
        formset = group_formset(request.POST, plan=plan)
        form = GroupsReasonForm(request.POST)
        if formset.is_valid() and form.is_valid():
            try:
                groups = planning.plan_groups_set(
                    actor=request.user, plan=plan, groups=formset.groups(), reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("Đã lưu %(count)s nhóm nhiệm vụ của %(plan)s.") % {"count": len(groups), "plan": plan}
                )
                return redirect("tasks:plan_detail", plan.pk)
        return self.render(plan, formset, form)


class TargetCreateView(MemberRequiredMixin, ServiceFormView):
    template_name = "tasks/plan_target_form.html"
    form_class = TargetForm

    def get_objects(self, pk):
        plan = get_object_or_404(Plan, pk=pk)
        scoping.require(self.request.user, "plan.manage", plan)
        return {"plan": plan}

    def get_form_kwargs(self):
        return {}

    def save(self, form):
        return planning.target_create(actor=self.request.user, plan=self.objects["plan"], **form.record_values())

    def success_message(self, target):
        return _("Đã thêm chỉ tiêu “%(target)s”.") % {"target": target}

    def get_success_url(self, target):
        return reverse("tasks:plan_detail", args=[self.objects["plan"].pk])


class CarryOverView(MemberRequiredMixin, View):
    """An earlier plan's unfinished tasks (``?from=<id>``, else the plan issued before this one), to carry over."""

    template_name = "tasks/plan_carry_over.html"

    def setup_plans(self, pk):
        plan = get_object_or_404(Plan, pk=pk)
        scoping.require(self.request.user, "plan.manage", plan)
        others = list(Plan.objects.exclude(pk=plan.pk).order_by("-issued_on", "-pk"))
        wanted = self.request.GET.get("from") or self.request.POST.get("from")
        source = next((p for p in others if str(p.pk) == str(wanted)), None) or selectors.previous_plan(plan)
        return plan, source, others

    def render(self, plan, source, others, form):
        rows, group_fields = [], []
        if form is not None:
            rows = list(zip(form["tasks"], form.task_list, strict=True))  # each checkbox beside its task
            group_fields = [form[name] for name in form.group_fields]
        context = {"plan": plan, "source": source, "others": others, "form": form, "rows": rows}
        return render(self.request, self.template_name, {**context, "group_fields": group_fields})

    def form(self, plan, source, data=None):
        if source is None:
            return None
        return CarryOverForm(data, plan=plan, source=source, tasks=selectors.unfinished_tasks(source))

    def get(self, request, pk):
        plan, source, others = self.setup_plans(pk)
        return self.render(plan, source, others, self.form(plan, source))

    def post(self, request, pk):
        plan, source, others = self.setup_plans(pk)
        form = self.form(plan, source, request.POST)
        if form is None:
            return redirect("tasks:plan_carry_over", plan.pk)
        if form.is_valid():
            try:
                created = planning.tasks_carry_over(
                    actor=request.user,
                    plan=plan,
                    tasks=form.cleaned_data["tasks"],
                    group_map=form.group_map(),
                    reason=form.cleaned_data["reason"],
                    code_prefix=form.cleaned_data["code_prefix"],
                    due_date=form.due_date_value(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã chuyển tiếp %(count)s nhiệm vụ từ %(source)s sang %(plan)s.")
                    % {"count": len(created), "source": source, "plan": plan},
                )
                return redirect(reverse("tasks:task_list") + f"?plan={plan.pk}")
        return self.render(plan, source, others, form)
