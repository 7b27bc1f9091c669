"""My agency: the tasks my agency leads or supports, what needs attention, and what waits for a decision."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from core import cache as core_cache
from tasks import figures, selectors
from tasks.models import DeadlineStatus, ExtensionRequest, Task, local_today
from tasks.models.tasks import (
    DEADLINE_STATUS_FIELDS,
    OPEN_STATUSES,
    deadline_status_for,
    decide_deadline_statuses,
    involving_ids,
)

from .. import waiting

# Each list is paged on its own (its own page parameter in the URL), in an order with no ties.
PAGE_SIZE = 50
# What a row of the two lists shows (templates/workspace/my_agency.html, includes/waiting_panel.html).
LISTED_COLUMNS = (
    "code",
    "title",
    "lead_agency",
    "progress_percent",
    "last_reported_on",
    *DEADLINE_STATUS_FIELDS,
)
# An open task needs attention when it is overdue or due soon, or has not been updated (``recently_updated_q``).
NEEDS_ATTENTION = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)


class MyAgencyView(MemberRequiredMixin, TemplateView):
    template_name = "workspace/my_agency.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        agency = scoping.agency_of(user)
        context = {
            "agency": agency,
            "stale_days": settings.STALE_PROGRESS_DAYS,
            "due_soon_days": settings.DUE_SOON_DAYS,
        }
        if agency is not None:
            lists = agency_lists(user, agency)
            context.update(
                # The figures count every task of the agency; the lists below show a page each.
                counts=lists["counts"],
                statuses=figures.STATUS_ORDER,
                attention=self.page_of(lists["attention"], "attention_page"),
                waiting_on_department=self.page_of(lists["waiting"], "waiting_page"),
            )
            if scoping.working_agency(user) is not None:
                # An officer lands here: "Chờ tôi xử lý" on top, the first of the attention list, read above.
                context["waiting"] = waiting.agency_groups(context["attention"])
        if scoping.can(user, "task.decide"):
            context.update(
                pending_extensions=self.page(
                    selectors.extensions_to_decide(user).select_related("task", "task__lead_agency", "requested_by"),
                    "extensions_page",
                ),
                awaiting_acceptance=self.page(
                    selectors.completions_to_accept(user)
                    .with_deadline_status()
                    .select_related("group", "lead_agency")
                    .prefetch_related("supporting_agencies"),
                    "acceptance_page",
                ),
            )
        return super().get_context_data(**context, **kwargs)

    def page(self, queryset, parameter):
        """One page of a list (``includes/pagination.html`` with ``page_param`` links to the others)."""
        return Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get(parameter))

    def page_of(self, ids, parameter):
        """One page of a list given as its ordered task ids: the page's tasks read by id, only the columns the lists
        show (no group, agency or supporting agencies: a row names its role from ``lead_agency_id``)."""
        page = self.page(ids, parameter)
        listed = list(page.object_list)
        rows = list(
            Task.objects.visible_to(self.request.user).filter(pk__any=listed).only(*LISTED_COLUMNS).with_update_state()
        )
        decide_deadline_statuses(rows)  # from the columns read, as the annotation would (its twin's tests)
        found = {task.pk: task for task in rows}
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page


def agency_lists(user, agency):
    """What /my/ shows of the agency's tasks: its figures ("counts") and the ordered ids of "attention" (open and
    overdue, due soon or not updated) and "waiting" (on the Department's decision).

    Worked out from one read of the agency's tasks, a few columns each, in the lists' order: at national scale an
    agency leads or supports some 1,300 tasks, and counting them and filtering them twice in SQL (three passes over
    the same rows) took most of the page's time. Their deadline statuses are judged in Python by the annotation's
    twin (``deadline_status_for``), "not updated" in SQL (``with_update_state``).

    Kept in the cache (``core.cache``: a write to the tasks or the agencies drops it) per user and day, since deadline
    statuses and "not updated" are judged on the day.
    """

    def compute():
        today = local_today()
        # The agency's task ids read first (one indexed query): PostgreSQL plans "id = ANY(an array)" by the
        # primary key, where the same subquery made it scan every task; ``__any`` (core.sql) binds one array.
        ids = sorted({row["pk"] for row in involving_ids(agency)})
        pending = ExtensionRequest.objects.pending().filter(task=OuterRef("pk"))
        rows = (
            Task.objects.visible_to(user)
            .filter(pk__any=ids)
            .with_update_state(today)
            .annotate(extension_pending=Exists(pending))
            .order_by(figures.DEADLINE_ORDER, "code")
            .values_list(
                "pk",
                "lead_agency",
                "recently_updated",
                "extension_pending",
                "status",
                "due_date",
                "completed_on",
                "completion_deadline",
            )
        )
        counts = figures.empty_counts(agency=agency.pk)
        attention, waiting = [], []
        for pk, lead, recently_updated, extension_pending, status, due_date, completed_on, deadline in rows:
            judged = deadline_status_for(
                status=status, due_date=due_date, completed_on=completed_on, completion_deadline=deadline, today=today
            )
            if judged is not None:  # a cancelled task counts in no figure
                counts.add(judged, 1)
            if status in OPEN_STATUSES and (judged in NEEDS_ATTENTION or not recently_updated):
                attention.append(pk)
            if lead == agency.pk and (status == Task.Status.AWAITING_ACCEPTANCE or extension_pending):
                waiting.append(pk)
        return {"counts": counts, "attention": attention, "waiting": waiting}

    return core_cache.cached(
        figures.TASK_FIGURE_DOMAINS,
        ["my-agency", user.pk, agency.pk, local_today()],
        compute,
        settings.TASK_FIGURES_CACHE_SECONDS,
    )
