"""The register of industrial clusters: a filterable list with its figures, and each cluster's record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from agencies import scoping
from core.audit import StaleVersionError
from core.forms import apply_service_errors, present_filter_form
from core.lookups import lookup_response
from core.pages import sort_links
from core.panels import render_panels
from core.uploads import file_download

from . import services
from .filtersets import ClusterFilterSet
from .forms import DOCUMENT_LABELS, ClusterDecisionForm, ClusterDocumentForm, ClusterForm, ClusterReportForm
from .models import Cluster, ClusterDecision, ClusterReport
from .selectors import cluster_timeline, land_figures, warnings_for
from .services import CLUSTER_DOCUMENTS

PAGE_SIZE = 30
SORTABLE = ("code", "name", "total_area_ha", "status")


class ClusterListView(MemberRequiredMixin, TemplateView):
    """The register, filtered by the FilterSet the API uses, with the figures of what is shown."""

    template_name = "clusters/cluster_list.html"

    def get_context_data(self, **kwargs):
        queryset = (
            Cluster.objects.with_occupancy()
            .select_related("province")
            .prefetch_related("communes")
            .visible_to(self.request.user)
        )
        filterset = ClusterFilterSet(self.request.GET or None, queryset=queryset, request=self.request)
        present_filter_form(filterset.form, gettext_lazy("Tên, mã, huyện/xã cũ hoặc chủ đầu tư"))
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
            can_create=scoping.can(self.request.user, "cluster.edit"),
        )


class ClusterDetailView(MemberRequiredMixin, TemplateView):
    """A cluster's record: place, land, legal status, investor, wastewater, reports and history; the apps
    above the register add their panels (the plan: the tasks about the cluster, the targets counting it)."""

    template_name = "clusters/cluster_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        cluster = get_object_or_404(
            Cluster.objects.with_occupancy().with_legal_history().select_related("province").visible_to(user),
            pk=pk,
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


def _save_via(form, call, *, on_stale=None):
    """Run the service ``call``; its refusals land on ``form``. Returns the saved record or None."""
    try:
        return call()
    except ValidationError as error:
        apply_service_errors(form, error)
    except StaleVersionError as error:
        if on_stale is not None and on_stale():
            return error.instance
        form.add_error(None, error.message)
    return None


class ClusterCreateView(PermissionRequiredMixin, View):
    """Add a cluster to the register (``cluster_create``)."""

    permission = "cluster.edit"
    template_name = "clusters/cluster_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ClusterForm()})

    def post(self, request):
        form = ClusterForm(request.POST)
        if form.is_valid():
            cluster = _save_via(form, lambda: services.cluster_create(actor=request.user, **form.record_values()))
            if cluster is not None:
                messages.success(request, _("Đã thêm cụm %(name)s vào sổ đăng ký.") % {"name": cluster.name})
                return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form})


class ClusterUpdateView(MemberRequiredMixin, View):
    """Edit a cluster's record with a reason and the version the editor loaded (``cluster_update``)."""

    template_name = "clusters/cluster_form.html"

    def get(self, request, pk):
        cluster = _editable_cluster(request, pk)
        return render(request, self.template_name, {"form": ClusterForm(cluster=cluster), "cluster": cluster})

    def post(self, request, pk):
        cluster = _editable_cluster(request, pk)
        form = ClusterForm(request.POST, cluster=cluster)
        if form.is_valid():
            changes = form.record_values()
            if not changes:
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("clusters:cluster_detail", pk=cluster.pk)
            saved = _save_via(
                form,
                lambda: services.cluster_update(
                    actor=request.user,
                    cluster=cluster,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                    **changes,
                ),
                on_stale=lambda: _already_saved(Cluster.objects.get(pk=cluster.pk), changes),
            )
            if saved is not None:
                messages.success(request, _("Đã lưu thay đổi của cụm %(name)s.") % {"name": cluster.name})
                return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form, "cluster": cluster})


class ClusterDecisionCreateView(MemberRequiredMixin, View):
    """Record a decision about a cluster, with its document (``cluster_decision_create``)."""

    template_name = "clusters/decision_form.html"

    def get(self, request, pk):
        cluster = _editable_cluster(request, pk)
        return render(request, self.template_name, {"form": ClusterDecisionForm(cluster=cluster), "cluster": cluster})

    def post(self, request, pk):
        cluster = _editable_cluster(request, pk)
        form = ClusterDecisionForm(request.POST, request.FILES, cluster=cluster)
        if form.is_valid():
            decision = _save_via(
                form,
                lambda: services.cluster_decision_create(
                    actor=request.user,
                    cluster=cluster,
                    reason=form.cleaned_data["reason"],
                    document=form.cleaned_data["document"],
                    **form.record_values(),
                ),
            )
            if decision is not None:
                messages.success(request, _("Đã ghi nhận quyết định số %(number)s.") % {"number": decision.number})
                return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form, "cluster": cluster})


class ClusterDecisionUpdateView(MemberRequiredMixin, View):
    """Correct a recorded decision (``cluster_decision_update``), a new document replacing the old."""

    template_name = "clusters/decision_form.html"

    def get_objects(self, request, pk):
        decision = get_object_or_404(ClusterDecision.objects.visible_to(request.user).select_related("cluster"), pk=pk)
        return _editable_cluster(request, decision.cluster_id), decision

    def get(self, request, pk):
        cluster, decision = self.get_objects(request, pk)
        form = ClusterDecisionForm(cluster=cluster, decision=decision)
        return render(request, self.template_name, {"form": form, "cluster": cluster, "decision": decision})

    def post(self, request, pk):
        cluster, decision = self.get_objects(request, pk)
        form = ClusterDecisionForm(request.POST, request.FILES, cluster=cluster, decision=decision)
        if form.is_valid():
            changes, document = form.record_values(), form.cleaned_data["document"]
            if not changes and not document:
                messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("clusters:cluster_detail", pk=cluster.pk)
            saved = _save_via(
                form,
                lambda: services.cluster_decision_update(
                    actor=request.user,
                    decision=decision,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                    document=document,
                    **changes,
                ),
                on_stale=lambda: not document and _already_saved(ClusterDecision.objects.get(pk=decision.pk), changes),
            )
            if saved is not None:
                messages.success(request, _("Đã lưu quyết định số %(number)s.") % {"number": saved.number})
                return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form, "cluster": cluster, "decision": decision})


class ClusterReportCreateView(MemberRequiredMixin, View):
    """Enter a cluster's figures for a reporting period not yet reported (``cluster_report_save``)."""

    template_name = "clusters/report_form.html"

    def get(self, request, pk):
        cluster = _editable_cluster(request, pk)
        return render(request, self.template_name, {"form": ClusterReportForm(cluster=cluster), "cluster": cluster})

    def post(self, request, pk):
        cluster = _editable_cluster(request, pk)
        form = ClusterReportForm(request.POST, cluster=cluster)
        if form.is_valid():
            year, period, figures = form.cleaned_data["year"], form.cleaned_data["period"], form.figures()
            existing = ClusterReport.objects.filter(cluster=cluster, year=year, period=period).first()
            if existing is not None and _already_saved(existing, figures):
                # The same figures sent twice (a double click): the first request saved them.
                return redirect("clusters:cluster_detail", pk=cluster.pk)
            if existing is not None:
                form.add_error(
                    "period",
                    _("Kỳ này đã có số liệu; hãy sửa số liệu của kỳ đó trên trang của cụm để ghi lý do thay đổi."),
                )
            else:
                report = _save_via(
                    form,
                    lambda: services.cluster_report_save(
                        actor=request.user,
                        cluster=cluster,
                        year=year,
                        period=period,
                        reason=form.cleaned_data["reason"],
                        **figures,
                    ),
                )
                if report is not None:
                    messages.success(request, _("Đã ghi số liệu %(report)s.") % {"report": report})
                    return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form, "cluster": cluster})


class ClusterReportUpdateView(MemberRequiredMixin, View):
    """Correct a period's figures with a reason (``cluster_report_save``)."""

    template_name = "clusters/report_form.html"

    def get_objects(self, request, pk):
        report = get_object_or_404(ClusterReport.objects.select_related("cluster"), pk=pk)
        return _editable_cluster(request, report.cluster_id), report

    def get(self, request, pk):
        cluster, report = self.get_objects(request, pk)
        form = ClusterReportForm(cluster=cluster, report=report)
        return render(request, self.template_name, {"form": form, "cluster": cluster, "report": report})

    def post(self, request, pk):
        cluster, report = self.get_objects(request, pk)
        form = ClusterReportForm(request.POST, cluster=cluster, report=report)
        if form.is_valid():
            figures = form.figures()
            if not _already_saved(report, figures):
                saved = _save_via(
                    form,
                    lambda: services.cluster_report_save(
                        actor=request.user,
                        cluster=cluster,
                        year=report.year,
                        period=report.period,
                        reason=form.cleaned_data["reason"],
                        **figures,
                    ),
                )
                if saved is None:
                    return render(request, self.template_name, {"form": form, "cluster": cluster, "report": report})
                messages.success(request, _("Đã lưu số liệu %(report)s.") % {"report": saved})
            else:
                messages.info(request, _("Không có thay đổi nào để lưu."))
            return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, {"form": form, "cluster": cluster, "report": report})


class ClusterDocumentUploadView(MemberRequiredMixin, View):
    """Keep the infrastructure acceptance or the wastewater evidence on the record (``cluster_document_attach``)."""

    template_name = "clusters/document_form.html"

    def get_cluster(self, request, pk, document):
        if document not in DOCUMENT_LABELS:
            raise Http404
        return _editable_cluster(request, pk)

    def context(self, form, cluster, document):
        return {"form": form, "cluster": cluster, "document": document, "document_label": DOCUMENT_LABELS[document]}

    def get(self, request, pk, document):
        cluster = self.get_cluster(request, pk, document)
        return render(
            request, self.template_name, self.context(ClusterDocumentForm(cluster=cluster), cluster, document)
        )

    def post(self, request, pk, document):
        cluster = self.get_cluster(request, pk, document)
        form = ClusterDocumentForm(request.POST, request.FILES, cluster=cluster)
        if form.is_valid():
            saved = _save_via(
                form,
                lambda: services.cluster_document_attach(
                    actor=request.user,
                    cluster=cluster,
                    document=document,
                    upload=form.cleaned_data["upload"],
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Đã lưu %(document)s.") % {"document": DOCUMENT_LABELS[document]})
                return redirect("clusters:cluster_detail", pk=cluster.pk)
        return render(request, self.template_name, self.context(form, cluster, document))


class ClusterLookupView(MemberRequiredMixin, View):
    """The clusters a search-as-you-type filter offers (``core.lookups``), in Vietnamese order."""

    def get(self, request):
        return lookup_response(request, Cluster.objects.visible_to(request.user).order_by(*Cluster._meta.ordering))
