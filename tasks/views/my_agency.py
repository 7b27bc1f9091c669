"""My agency: the tasks my agency leads or supports, what needs attention, and what waits for a decision."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping

from .. import figures
from ..models import DeadlineStatus, ExtensionRequest, Task
from ..models.tasks import deadline_status_q, involving_ids
from .tasks import task_queryset

# Each list is paged on its own (its own page parameter in the URL), in an order with no ties.
PAGE_SIZE = 50


class MyAgencyView(MemberRequiredMixin, TemplateView):
    template_name = "tasks/my_agency.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        agency = scoping.agency_of(user)
        pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        context = {
            "agency": agency,
            "stale_days": settings.STALE_PROGRESS_DAYS,
            "due_soon_days": settings.DUE_SOON_DAYS,
        }
        if agency is not None:
            # The agency's task ids read first (one indexed query): PostgreSQL plans "id IN (a list)" by the primary
            # key, where the same subquery made it scan every task (/my/'s attention list: 122 → 24 ms at 100,000);
            # ``__any`` (core.sql) binds the list as one array.
            ids = sorted({row["pk"] for row in involving_ids(agency)})
            tasks = task_queryset(user).filter(pk__any=ids).with_last_report().with_update_state(among=ids)
            needs_attention = deadline_status_q(DeadlineStatus.OVERDUE) | deadline_status_q(DeadlineStatus.DUE_SOON)
            context.update(
                # The figures count every task of the agency; the lists below show a page each.
                counts=figures.status_counts(scoping.visible_tasks(user).filter(pk__any=ids), agency=agency.pk),
                statuses=figures.STATUS_ORDER,
                attention=self.page(
                    tasks.open()
                    .filter(needs_attention | Q(recently_updated=False))
                    .order_by(figures.DEADLINE_ORDER, "code"),
                    "attention_page",
                ),
                waiting_on_department=self.page(
                    tasks.filter(
                        Q(status=Task.Status.AWAITING_ACCEPTANCE) | Q(pk__in=pending.values("task_id")),
                        lead_agency=agency,
                    ).order_by(figures.DEADLINE_ORDER, "code"),
                    "waiting_page",
                ),
            )
        if scoping.can(user, "task.decide"):
            context.update(
                pending_extensions=self.page(
                    scoping.visible_extension_requests(user, pending)
                    .select_related("task", "task__lead_agency", "requested_by")
                    .order_by("requested_at", "pk"),
                    "extensions_page",
                ),
                awaiting_acceptance=self.page(
                    task_queryset(user)
                    .filter(status=Task.Status.AWAITING_ACCEPTANCE)
                    .order_by("completion_reported_at", "code"),
                    "acceptance_page",
                ),
            )
        return super().get_context_data(**context, **kwargs)

    def page(self, queryset, parameter):
        """One page of a list (``includes/pagination.html`` with ``page_param`` links to the others)."""
        return Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get(parameter))
