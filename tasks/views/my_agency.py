"""My agency: the tasks my agency leads or supports, what needs attention, and what waits for a decision."""

from django.conf import settings
from django.db.models import Q
from django.views.generic import TemplateView

from agencies import scoping
from agencies.views import MemberRequiredMixin

from .. import dashboard
from ..models import DeadlineStatus, ExtensionRequest, Task
from .tasks import task_queryset

ATTENTION = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)


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
            mine = dashboard.involving(agency)
            tasks = dashboard.with_last_report(task_queryset(user).filter(pk__in=mine.values("pk")))
            stale = Q(last_reported_on__isnull=True) | Q(last_reported_on__lt=dashboard.stale_cutoff())
            open_tasks = tasks.filter(status__in=[Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS])
            context.update(
                counts=dashboard.status_counts(scoping.visible_tasks(user, mine), agency=agency.pk),
                statuses=dashboard.STATUS_ORDER,
                attention=open_tasks.filter(Q(deadline_status__in=ATTENTION) | stale).order_by(
                    dashboard.DEADLINE_ORDER, "code"
                ),
                waiting_on_department=tasks.filter(
                    Q(status=Task.Status.AWAITING_ACCEPTANCE) | Q(pk__in=pending.values("task_id")),
                    lead_agency=agency,
                ).order_by(dashboard.DEADLINE_ORDER, "code"),
                stale_cutoff=dashboard.stale_cutoff(),
            )
        if scoping.can_decide(user):
            context.update(
                pending_extensions=pending.filter(task__in=scoping.visible_tasks(user))
                .select_related("task", "task__lead_agency", "requested_by")
                .order_by("requested_at"),
                awaiting_acceptance=task_queryset(user)
                .filter(status=Task.Status.AWAITING_ACCEPTANCE)
                .order_by("completion_reported_at", "code"),
            )
        return super().get_context_data(**context, **kwargs)
