"""The register of industrial clusters: a filterable list with its figures, and each cluster's record."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from agencies import scoping
from agencies.views import MemberRequiredMixin
from tasks import dashboard
from tasks.forms import label_empty_choices
from tasks.models import Task
from tasks.selectors import cluster_timeline
from tasks.views.tasks import sort_links

from .filtersets import ClusterFilterSet
from .models import Cluster

PAGE_SIZE = 30
SORTABLE = ("code", "name", "total_area_ha", "status")


def present_filter_form(form):
    """Widgets for people (the API uses the same FilterSet): status as checkboxes, a search box."""
    form.fields["status"].widget = forms.CheckboxSelectMultiple(choices=form.fields["status"].choices)
    form.fields["q"].widget = forms.TextInput(
        attrs={"type": "search", "placeholder": _("Tên, mã, huyện/xã cũ hoặc chủ đầu tư")}
    )
    label_empty_choices(form)


class ClusterListView(MemberRequiredMixin, TemplateView):
    """The register, filtered by the FilterSet the API uses, with the figures of what is shown."""

    template_name = "clusters/cluster_list.html"

    def get_context_data(self, **kwargs):
        queryset = scoping.visible_clusters(
            self.request.user,
            Cluster.objects.with_occupancy().select_related("province").prefetch_related("communes"),
        )
        filterset = ClusterFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        present_filter_form(filterset.form)
        if filterset.is_bound:
            filterset.is_valid()
        clusters = filterset.qs
        if clusters.query.order_by:
            clusters = clusters.order_by(*clusters.query.order_by, "pk")
        known_land = Q(industrial_land_ha__gt=0, leased_land_ha__isnull=False)
        figures = clusters.order_by().aggregate(
            count=Count("pk", distinct=True),
            total_area=Sum("total_area_ha"),
            industrial_land=Sum("industrial_land_ha", filter=known_land),
            leased_land=Sum("leased_land_ha", filter=known_land),
        )
        figures["occupancy"] = dashboard.percent(figures["leased_land"] or 0, figures["industrial_land"])
        page = Paginator(clusters, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            clusters=page.object_list,
            figures=figures,
            sort=sort_links(self.request, SORTABLE),
        )


class ClusterDetailView(MemberRequiredMixin, TemplateView):
    """A cluster's record: place, land, legal status, investor, wastewater, reports, tasks and history."""

    template_name = "clusters/cluster_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        cluster = get_object_or_404(
            scoping.visible_clusters(user, Cluster.objects.with_occupancy().select_related("province")), pk=pk
        )
        tasks = scoping.visible_tasks(
            user,
            Task.objects.filter(clusters=cluster)
            .with_deadline_status()
            .select_related("lead_agency")
            .order_by(dashboard.DEADLINE_ORDER, "code"),
        )
        can_view_history = scoping.can_view_cluster_history(user, cluster)
        return super().get_context_data(
            cluster=cluster,
            communes=cluster.communes.all(),
            reports=cluster.reports.all(),
            tasks=tasks,
            targets=cluster.targets.select_related("plan"),
            can_view_history=can_view_history,
            timeline=cluster_timeline(cluster) if can_view_history else [],
            **kwargs,
        )
