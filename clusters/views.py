"""The register of industrial clusters: a filterable list with its figures, and each cluster's record."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from agencies import scoping
from core.forms import present_filter_form
from core.lookups import lookup_response
from core.pages import sort_links
from core.panels import render_panels
from core.uploads import file_download
from core.views import ServiceFormView
from places.models import Commune

from . import services
from .filtersets import ClusterFilterSet
from .forms import DOCUMENT_LABELS, ClusterDecisionForm, ClusterDocumentForm, ClusterForm, ClusterReportForm
from .models import Cluster, ClusterDecision, ClusterReport
from .selectors import cluster_timeline, land_figures, warnings_for
from .services import CLUSTER_DOCUMENTS

PAGE_SIZE = 30
SORTABLE = ("code", "name", "total_area_ha", "status")
# The columns a row of the register shows (clusters.templatetags.cluster_rows): of some sixty, the others would only
# be read and converted.
ROW_FIELDS = (
    "id",
    "code",
    "name",
    "type",
    "former_district",
    "total_area_ha",
    "status",
    "wastewater_status",
    "wastewater_compliant",
)


def register_rows(clusters):
    """``clusters`` as the register's rows read them (``{% cluster_rows %}``): with their occupancy, the columns they
    show (``ROW_FIELDS``), and their communes as plain lists (a prefetch into the relation leaves each row a manager
    and a queryset)."""
    shown = clusters if "occupancy_pct" in clusters.query.annotations else clusters.with_occupancy()
    communes = Prefetch("communes", queryset=Commune.objects.only(*Commune.NAME_FIELDS), to_attr="commune_list")
    return shown.only(*ROW_FIELDS).prefetch_related(communes)


class ClusterListView(MemberRequiredMixin, TemplateView):
    """The register, filtered by the FilterSet the API uses, with the figures of what is shown."""

    template_name = "clusters/cluster_list.html"

    def get_context_data(self, **kwargs):
        # The filters on the bare register (an occupancy filter adds the occupancy it reads): the figures below read
        # the filtered clusters as a subquery several times, and the rows' occupancy and communes would only weigh
        # each one.
        queryset = Cluster.objects.visible_to(self.request.user)
        filterset = ClusterFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        present_filter_form(filterset.form, gettext_lazy("Tên, mã, huyện/xã cũ hoặc chủ đầu tư"))
        if filterset.is_bound:
            filterset.is_valid()
        clusters = filterset.qs
        if clusters.query.order_by:
            clusters = clusters.order_by(*clusters.query.order_by, "pk")
        page = Paginator(register_rows(clusters), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            clusters=page.object_list,
            # The figures of what is shown, from the register as of today (clusters.register): the dashboard's
            # occupancy when nothing is filtered.
            figures=land_figures(clusters, page.paginator.count),
            sort=sort_links(self.request, SORTABLE),
            can_create=scoping.can(self.request.user, "cluster.edit"),
        )


class ClusterDetailView(MemberRequiredMixin, TemplateView):
    """A cluster's record: place, land, legal status, investor, wastewater, reports and history; the apps
    above the register add their panels (the plan: the tasks about the cluster, the targets counting it)."""

    template_name = "clusters/cluster_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        # What its decisions say; the occupancy before an expansion only for a cluster expanded (``warnings_for``).
        cluster = get_object_or_404(
            Cluster.objects.with_occupancy().with_decisions().select_related("province").visible_to(user), pk=pk
        )
        can_view_history = scoping.can(user, "cluster.view_history", cluster)
        return super().get_context_data(
            cluster=cluster,
            can_edit=scoping.can(user, "cluster.edit", cluster),
            document_labels=DOCUMENT_LABELS,
            warnings=warnings_for(cluster),
            communes=cluster.communes.all(),
            reports=cluster.reports.all(),
            decisions=cluster.decisions.visible_to(user),
            can_view_history=can_view_history,
            timeline=cluster_timeline(cluster) if can_view_history else [],
            main_panels=render_panels("cluster_detail.main", self.request, cluster),
            side_panels=render_panels("cluster_detail.side", self.request, cluster),
            **kwargs,
        )


class ClusterDecisionDocumentView(MemberRequiredMixin, View):
    """A decision's document leaves the server only here, to users who may see the decision (its cluster)."""

    def get(self, request, pk):
        decision = get_object_or_404(ClusterDecision.objects.visible_to(request.user).exclude(document=""), pk=pk)
        return file_download(decision.document, decision.document_name, decision.document_type)


class ClusterDocumentView(MemberRequiredMixin, View):
    """A cluster's document (infrastructure acceptance, wastewater evidence), to users who may see the cluster."""

    def get(self, request, pk, document):
        field = CLUSTER_DOCUMENTS.get(document)
        if field is None:
            raise Http404
        cluster = get_object_or_404(Cluster.objects.visible_to(request.user), pk=pk)
        if not getattr(cluster, field):
            raise Http404
        return file_download(
            getattr(cluster, field), getattr(cluster, f"{field}_name"), getattr(cluster, f"{field}_type")
        )


# --- editing the register (coordinators): every write goes through clusters.services ----------------------


def _editable_cluster(request, pk):
    """The cluster ``pk`` for a coordinator's edit page (404 when unseen, 403 for those who may not edit)."""
    cluster = get_object_or_404(Cluster.objects.visible_to(request.user), pk=pk)
    scoping.require(request.user, "cluster.edit", cluster)
    return cluster


def _already_saved(record, values):
    """Whether ``record`` already holds ``values`` (a double click after the first save went through)."""
    for name, value in values.items():
        current = getattr(record, name)
        if hasattr(current, "all"):
            if {item.pk for item in current.all()} != {item.pk for item in value}:
                return False
        elif current != value:
            return False
    return True


def _to_cluster(cluster):
    return reverse("clusters:cluster_detail", args=[cluster.pk])


class ClusterCreateView(PermissionRequiredMixin, ServiceFormView):
    """Add a cluster to the register (``cluster_create``)."""

    permission = "cluster.edit"
    template_name = "clusters/cluster_form.html"
    form_class = ClusterForm

    def save(self, form):
        return services.cluster_create(actor=self.request.user, **form.record_values())

    def success_message(self, cluster):
        return _("Đã thêm cụm %(name)s vào sổ đăng ký.") % {"name": cluster.name}

    def get_success_url(self, cluster):
        return _to_cluster(cluster)


class ClusterEditView(MemberRequiredMixin, ServiceFormView):
    """A coordinator's edit page of one cluster (``pk``): back to the cluster's record once saved."""

    def get_objects(self, pk):
        return {"cluster": _editable_cluster(self.request, pk)}

    def get_success_url(self, saved):
        return _to_cluster(self.objects["cluster"])


class ClusterUpdateView(ClusterEditView):
    """Edit a cluster's record with a reason and the version the editor loaded (``cluster_update``)."""

    template_name = "clusters/cluster_form.html"
    form_class = ClusterForm

    def unchanged(self, form):
        return not form.record_values()

    def save(self, form):
        return services.cluster_update(
            actor=self.request.user,
            cluster=self.objects["cluster"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
            **form.record_values(),
        )

    def saved_already(self, form):
        return _already_saved(Cluster.objects.get(pk=self.objects["cluster"].pk), form.record_values())

    def success_message(self, saved):
        return _("Đã lưu thay đổi của cụm %(name)s.") % {"name": self.objects["cluster"].name}


class ClusterDecisionCreateView(ClusterEditView):
    """Record a decision about a cluster, with its document (``cluster_decision_create``)."""

    template_name = "clusters/decision_form.html"
    form_class = ClusterDecisionForm

    def save(self, form):
        return services.cluster_decision_create(
            actor=self.request.user,
            cluster=self.objects["cluster"],
            reason=form.cleaned_data["reason"],
            document=form.cleaned_data["document"],
            **form.record_values(),
        )

    def success_message(self, decision):
        return _("Đã ghi nhận quyết định số %(number)s.") % {"number": decision.number}


class ClusterDecisionUpdateView(ClusterEditView):
    """Correct a recorded decision (``cluster_decision_update``), a new document replacing the old."""

    template_name = "clusters/decision_form.html"
    form_class = ClusterDecisionForm

    def get_objects(self, pk):
        decision = get_object_or_404(
            ClusterDecision.objects.visible_to(self.request.user).select_related("cluster"), pk=pk
        )
        return {"cluster": _editable_cluster(self.request, decision.cluster_id), "decision": decision}

    def unchanged(self, form):
        return not form.record_values() and not form.cleaned_data["document"]

    def save(self, form):
        return services.cluster_decision_update(
            actor=self.request.user,
            decision=self.objects["decision"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
            document=form.cleaned_data["document"],
            **form.record_values(),
        )

    def saved_already(self, form):
        decision = ClusterDecision.objects.get(pk=self.objects["decision"].pk)
        return not form.cleaned_data["document"] and _already_saved(decision, form.record_values())

    def success_message(self, decision):
        return _("Đã lưu quyết định số %(number)s.") % {"number": decision.number}


class ClusterReportCreateView(ClusterEditView):
    """Enter a cluster's figures for a reporting period not yet reported (``cluster_report_save``)."""

    template_name = "clusters/report_form.html"
    form_class = ClusterReportForm

    def before_save(self, form):
        cluster, data = self.objects["cluster"], form.cleaned_data
        existing = ClusterReport.objects.filter(cluster=cluster, year=data["year"], period=data["period"]).first()
        if existing is not None and _already_saved(existing, form.figures()):
            # The same figures sent twice (a double click): the first request saved them.
            return redirect(_to_cluster(cluster))
        if existing is not None:
            form.add_error(
                "period",
                _("Kỳ này đã có số liệu; hãy sửa số liệu của kỳ đó trên trang của cụm để ghi lý do thay đổi."),
            )
        return None

    def save(self, form):
        return services.cluster_report_save(
            actor=self.request.user,
            cluster=self.objects["cluster"],
            year=form.cleaned_data["year"],
            period=form.cleaned_data["period"],
            reason=form.cleaned_data["reason"],
            **form.figures(),
        )

    def success_message(self, report):
        return _("Đã ghi số liệu %(report)s.") % {"report": report}


class ClusterReportUpdateView(ClusterEditView):
    """Correct a period's figures with a reason (``cluster_report_save``)."""

    template_name = "clusters/report_form.html"
    form_class = ClusterReportForm

    def get_objects(self, pk):
        report = get_object_or_404(ClusterReport.objects.select_related("cluster"), pk=pk)
        return {"cluster": _editable_cluster(self.request, report.cluster_id), "report": report}

    def unchanged(self, form):
        return _already_saved(self.objects["report"], form.figures())

    def save(self, form):
        report = self.objects["report"]
        return services.cluster_report_save(
            actor=self.request.user,
            cluster=self.objects["cluster"],
            year=report.year,
            period=report.period,
            reason=form.cleaned_data["reason"],
            **form.figures(),
        )

    def success_message(self, report):
        return _("Đã lưu số liệu %(report)s.") % {"report": report}


class ClusterDocumentUploadView(ClusterEditView):
    """Keep the infrastructure acceptance or the wastewater evidence on the record (``cluster_document_attach``)."""

    template_name = "clusters/document_form.html"
    form_class = ClusterDocumentForm

    def get_objects(self, pk, document):
        if document not in DOCUMENT_LABELS:
            raise Http404
        return {"cluster": _editable_cluster(self.request, pk), "document": document}

    def get_form_kwargs(self):
        return {"cluster": self.objects["cluster"]}

    def get_context(self, form):
        return {**super().get_context(form), "document_label": DOCUMENT_LABELS[self.objects["document"]]}

    def save(self, form):
        return services.cluster_document_attach(
            actor=self.request.user,
            cluster=self.objects["cluster"],
            document=self.objects["document"],
            upload=form.cleaned_data["upload"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )

    def success_message(self, saved):
        return _("Đã lưu %(document)s.") % {"document": DOCUMENT_LABELS[self.objects["document"]]}


class ClusterLookupView(MemberRequiredMixin, View):
    """The clusters a search-as-you-type filter offers (``core.lookups``), in Vietnamese order."""

    def get(self, request):
        return lookup_response(request, Cluster.objects.visible_to(request.user).order_by(*Cluster._meta.ordering))
