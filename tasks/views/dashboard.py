"""The dashboard: the plan at a glance, for the Department's weekly deadline meeting."""

from django.conf import settings
from django.shortcuts import redirect
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from agencies.models import Agency
from clusters.models import Cluster
from clusters.selectors import PageRegister
from core.panels import render_panels
from core.text import sort_key
from reporting.reminders import escalation_summary

from .. import figures, selectors
from ..models import DeadlineStatus, Task, local_today
from ..models.tasks import DEADLINE_STATUS_FIELDS, decide_deadline_statuses

LIST_LIMIT = 10
# Lead agencies in the dashboard's table: the most overdue first; all of them are on the agencies page.
# (At national scale, 150 rows of figures and links took most of the page's time.)
AGENCY_LIMIT = 20
# What the lists of due and overdue tasks show (``task_rows.deadline_rows``) and decide their statuses from
# (``decide_deadline_statuses``): the rest of a task's and its agency's columns cost a fifth of the lists' time
# to compile and convert. A column read beyond these is one query per row, which the page's query pins catch.
LIST_FIELDS = ("code", "title", "lead_agency__short_name", "lead_agency__name", *DEADLINE_STATUS_FIELDS)


class DashboardView(MemberRequiredMixin, TemplateView):
    """Targets, deadline figures by group and agency, what is due and overdue, and the register."""

    template_name = "tasks/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        # An investor's or a commune's user has only their Circular 14 reports: their login lands there.
        if request.user.is_authenticated and scoping.is_reporter(request.user):
            return redirect("reporting:home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        choice = selectors.choose_plan(self.request.GET.get("plan"))  # ?plan=<id>, else today's plan
        plan = choice.plan
        context = {
            "plan": plan,
            "plans": choice.plans,
            "plan_choice": choice,
            "due_soon_days": settings.DUE_SOON_DAYS,
            "stale_days": settings.STALE_PROGRESS_DAYS,
            "today": local_today(),  # the day the figures are computed for: deadline statuses use it too
            # Above the figures, what apps above this one add: "Chờ tôi xử lý" of a coordinator (workspace.waiting).
            "top_panels": render_panels("dashboard.top", self.request, None),
        }
        if scoping.can(user, "reporting.track"):
            # Circular 14 reports still late after the reminders: the Department follows them up.
            count, url = escalation_summary()
            context.update(escalated_reports=count, reporting_url=url)
        # The register at the end of today, read from its dated facts (clusters.register): the same figures the
        # plan report gives for a cut-off of today, the clusters whose own columns decide counted in SQL. The
        # targets, measured first, read only the clusters that may count, in the same register read
        # (PageRegister) when the figures are of the whole register.
        whole = scoping.is_member(user)
        page_register = PageRegister(context["today"], clusters=None if whole else Cluster.objects.visible_to(user))
        target_rows = figures.target_rows(plan, page_register) if plan is not None else None
        register = page_register.figures()
        context.update(register=register, comparison=figures.comparison_rows(register, plan))
        if plan is None:
            return super().get_context_data(**context, **kwargs)

        tasks = Task.objects.filter(group__plan=plan).visible_to(user)
        # Read from the counts kept per group and lead agency (figures.plan_figures).
        plan_figures = figures.plan_figures(Task.objects.visible_to(user), plan.pk)
        counts, by_group, by_agency = plan_figures.counts, plan_figures.by_group, plan_figures.by_agency
        group_rows = [
            (group, by_group.get(group.pk) or figures.empty_counts(plan=plan.pk, group=group.pk))
            for group in plan.task_groups.all()
        ]
        for agency_id, row in by_agency.items():
            row.update = plan_figures.updates.get(agency_id)
        agency_rows = sorted(
            ((agency, by_agency[agency.pk]) for agency in Agency.objects.filter(pk__in=list(by_agency))),
            key=lambda row: (
                -row[1].counts[DeadlineStatus.OVERDUE],
                -row[1].counts[DeadlineStatus.DUE_SOON],
                sort_key(str(row[0])),
            ),
        )
        listed = tasks.select_related("lead_agency").only(*LIST_FIELDS).order_by("due_date", "code")
        today = context["today"]
        # Chosen by the plain conditions on status and dates (deadline_status_q), which the due-date index serves
        # (filtering on the annotated CASE read every task of the plan: 0.9 s at 100,000 tasks); their statuses
        # then decided from the columns read, as the annotation would (its Python twin): the CASE compiled in two
        # queries for twenty rows was a tenth of the page.
        overdue = list(listed.in_deadline_status(DeadlineStatus.OVERDUE, today=today)[:LIST_LIMIT])
        due_soon = list(listed.in_deadline_status(DeadlineStatus.DUE_SOON, today=today)[:LIST_LIMIT])
        decide_deadline_statuses([*overdue, *due_soon], today)
        context.update(
            counts=counts,
            statuses=figures.STATUS_ORDER,
            group_rows=group_rows,
            agency_rows=agency_rows[:AGENCY_LIMIT],
            agency_count=len(agency_rows),
            due_soon=due_soon,
            overdue=overdue,
            figures_at=plan_figures.computed_at,
            targets=target_rows,
            list_limit=LIST_LIMIT,
            can_write_letters=scoping.can(user, "letter.create"),
        )
        return super().get_context_data(**context, **kwargs)
