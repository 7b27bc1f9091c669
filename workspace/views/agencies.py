"""Agency pages: the agencies of the plan, each one's duties, its tasks by deadline status, its on-time rate.

The pages join the agencies with their work in the plan, so they sit above both, in ``workspace``; ``agencies``
holds the agencies themselves, who works where, and the permission policy.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies.models import Agency
from core.lookups import lookup_response
from core.search import Vietnamese
from tasks import figures
from tasks.models import Task


class AgencyListView(MemberRequiredMixin, TemplateView):
    """The agencies, a page at a time, each with its led tasks by deadline status, its supported tasks, and its
    on-time rate: each agency's figures count all its tasks, whatever the page."""

    template_name = "workspace/agency_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        listed = Agency.objects.visible_to(user).select_related("commune").order_by(*Agency._meta.ordering, "pk")
        page = Paginator(listed, self.paginate_by).get_page(self.request.GET.get("page"))
        agencies = list(page.object_list)
        counted = figures.agency_figures(Task.objects.visible_to(user), [agency.pk for agency in agencies])
        rows = [
            {
                "agency": agency,
                "led": counted.led.get(agency.pk) or figures.empty_counts(lead_agency=agency.pk),
                "supported": counted.supported.get(agency.pk, 0),
            }
            for agency in agencies
        ]
        return super().get_context_data(
            rows=rows, statuses=figures.STATUS_ORDER, page_obj=page, figures_at=counted.computed_at, **kwargs
        )


class AgencyDetailView(MemberRequiredMixin, TemplateView):
    """An agency's duties in the plan, its tasks (led and supported) by deadline status, its on-time rate."""

    template_name = "workspace/agency_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        agency = get_object_or_404(Agency.objects.visible_to(user).select_related("commune"), pk=pk)
        responsibilities = agency.responsibilities.select_related("plan").prefetch_related("task_groups")
        tasks = Task.objects.visible_to(user)
        supported_ids = Task.supporting_agencies.through.objects.filter(agency=agency).values("task_id")
        involved = (
            tasks.involving(agency)
            .with_deadline_status()
            .select_related("group", "lead_agency")
            .prefetch_related("supporting_agencies")
            .order_by(figures.DEADLINE_ORDER, "code")
        )
        return super().get_context_data(
            agency=agency,
            responsibilities=responsibilities,
            led=figures.status_counts(tasks.filter(lead_agency=agency), lead_agency=agency.pk),
            supported=figures.status_counts(tasks.filter(pk__in=supported_ids), supporting_agency=agency.pk),
            tasks=involved,
            **kwargs,
        )


class AgencyLookupView(MemberRequiredMixin, View):
    """The agencies a search-as-you-type filter offers (``core.lookups``), in Vietnamese order of name."""

    def get(self, request):
        agencies = Agency.objects.visible_to(request.user).order_by(Vietnamese("name"), "code")
        return lookup_response(request, agencies)
