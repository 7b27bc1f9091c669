"""The register of industrial clusters: a filterable list with its figures, and each cluster's record."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from core.forms import present_filter_form
from core.pages import sort_links
from core.panels import render_panels
from core.uploads import file_download

from .filtersets import ClusterFilterSet
from .models import Cluster
from .selectors import cluster_timeline, land_figures, warnings_for
from .services import CLUSTER_DOCUMENTS

PAGE_SIZE = 30
SORTABLE = ("code", "name", "total_area_ha", "status")


class ClusterListView(MemberRequiredMixin, TemplateView):
    """The register, filtered by the FilterSet the API uses, with the figures of what is shown."""

    template_name = "clusters/cluster_list.html"

    def get_context_data(self, **kwargs):
        queryset = scoping.visible_clusters(
            self.request.user,
            Cluster.objects.with_occupancy().select_related("province").prefetch_related("communes"),
        )
        filterset = ClusterFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        present_filter_form(filterset.form, _("Tên, mã, huyện/xã cũ hoặc chủ đầu tư"))
        if filterset.is_bound:
            filterset.is_valid()
        clusters = filterset.qs
        if clusters.query.order_by:
            clusters = clusters.order_by(*clusters.query.order_by, "pk")
        page = Paginator(clusters, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            clusters=page.object_list,
            figures=land_figures(clusters),
            sort=sort_links(self.request, SORTABLE),
        )


class ClusterDetailView(MemberRequiredMixin, TemplateView):
    """A cluster's record: place, land, legal status, investor, wastewater, reports and history; the apps
    above the register add their panels (the plan: the tasks about the cluster, the targets counting it)."""

    template_name = "clusters/cluster_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        cluster = get_object_or_404(
            scoping.visible_clusters(
                user, Cluster.objects.with_occupancy().with_legal_history().select_related("province")
            ),
            pk=pk,
        )
        can_view_history = scoping.can(user, "cluster.view_history", cluster)
        return super().get_context_data(
            cluster=cluster,
            warnings=warnings_for(cluster),
            communes=cluster.communes.all(),
            reports=cluster.reports.all(),
            decisions=scoping.visible_cluster_decisions(user, cluster.decisions.all()),
            can_view_history=can_view_history,
            timeline=cluster_timeline(cluster) if can_view_history else [],
            main_panels=render_panels("cluster_detail.main", self.request, cluster),
            side_panels=render_panels("cluster_detail.side", self.request, cluster),
            **kwargs,
        )


class ClusterDecisionDocumentView(MemberRequiredMixin, View):
    """A decision's document leaves the server only here, to users ``scoping`` lets see the decision."""

    def get(self, request, pk):
        decision = get_object_or_404(scoping.visible_cluster_decisions(request.user).exclude(document=""), pk=pk)
        return file_download(decision.document, decision.document_name, decision.document_type)


class ClusterDocumentView(MemberRequiredMixin, View):
    """A cluster's document (infrastructure acceptance, wastewater evidence), to users who may see the cluster."""

    def get(self, request, pk, document):
        field = CLUSTER_DOCUMENTS.get(document)
        if field is None:
            raise Http404
        cluster = get_object_or_404(scoping.visible_clusters(request.user), pk=pk)
        if not getattr(cluster, field):
            raise Http404
        return file_download(
            getattr(cluster, field), getattr(cluster, f"{field}_name"), getattr(cluster, f"{field}_type")
        )
