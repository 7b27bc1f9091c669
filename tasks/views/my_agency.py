"""My agency: the tasks my agency leads or supports, what needs attention, and what waits for a decision."""

from django.conf import settings
from django.db.models import Q
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping

from .. import figures
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
            tasks = task_queryset(user).involving(agency).with_last_report().with_update_state()
            context.update(
                counts=figures.status_counts(scoping.visible_tasks(user).involving(agency), agency=agency.pk),
                statuses=figures.STATUS_ORDER,
                attention=tasks.open()
                .filter(Q(deadline_status__in=ATTENTION) | Q(recently_updated=False))
                .order_by(figures.DEADLINE_ORDER, "code"),
                waiting_on_department=tasks.filter(
                    Q(status=Task.Status.AWAITING_ACCEPTANCE) | Q(pk__in=pending.values("task_id")),
                    lead_agency=agency,
                ).order_by(figures.DEADLINE_ORDER, "code"),
            )
        if scoping.can(user, "task.decide"):
            context.update(
                pending_extensions=scoping.visible_extension_requests(user, pending)
                .select_related("task", "task__lead_agency", "requested_by")
                .order_by("requested_at"),
                awaiting_acceptance=task_queryset(user)
                .filter(status=Task.Status.AWAITING_ACCEPTANCE)
                .order_by("completion_reported_at", "code"),
            )
        return super().get_context_data(**context, **kwargs)
