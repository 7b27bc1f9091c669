"""A target of the plan: its figure, its goal, the clusters that make the figure and those that do not yet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from clusters.models import Cluster
from core.forms import apply_service_errors
from core.text import sort_key

from .. import services, targets
from ..forms import TargetClustersForm
from ..models import Target

# The chart's drawing box (SVG user units): bars are sized here, not in CSS, so no inline style is needed.
CHART_WIDTH, CHART_HEIGHT = 480, 120


def chart(points):
    """Bars of the monthly course, with their geometry computed here for an SVG without inline style."""
    biggest = max((point["count"] for point in points), default=0) or 1
    step = CHART_WIDTH / max(len(points), 1)
    bars = []
    for index, point in enumerate(points):
        height = round(point["count"] * (CHART_HEIGHT - 20) / biggest, 1)
        bars.append(
            {
                **point,
                "x": round(index * step + 2, 1),
                "width": round(step - 4, 1),
                "y": round(CHART_HEIGHT - 14 - height, 1),
                "height": height,
                "label_x": round(index * step + step / 2, 1),
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "base_y": CHART_HEIGHT - 14}


class TargetDetailView(MemberRequiredMixin, TemplateView):
    """The dashboard's link for a target: the clusters counted (for a share, its base, each marked), those
    that do not count yet with the reason, and the figure's course by month."""

    template_name = "tasks/target_detail.html"

    def get_context_data(self, pk, **kwargs):
        target = get_object_or_404(Target.objects.select_related("plan", "responsible_agency"), pk=pk)
        if not targets.is_measured(target):
            raise Http404(_("Chỉ tiêu nhập tay không đo từ sổ đăng ký cụm."))
        # One measurement on the register as of today: its rows are the page's lists and its figure the number.
        measurement = targets.measure(target)
        visible = set(Cluster.objects.visible_to(self.request.user).values_list("pk", flat=True))
        rows = sorted(
            (row for row in measurement.rows if row.pk in visible), key=lambda row: (sort_key(row.name), row.code)
        )
        counted = [row for row in rows if row.counted_on]
        pending = [row for row in rows if not row.counted_on]
        return super().get_context_data(
            target=target,
            can_edit_clusters=scoping.can(self.request.user, "target.edit", target),
            named_count=target.clusters.count(),
            window=target.window,
            day=measurement.day,
            progress=measurement.progress,
            counted=counted,
            pending=pending,
            counted_count=len(counted),
            base_count=len(rows),
            is_share=targets.is_share(target),
            new_cluster_definition=targets.NEW_CLUSTER_DEFINITION if targets.is_share(target) else "",
            chart=chart(targets.course(target, [row.counted_on for row in counted])),
            **kwargs,
        )


class TargetClustersView(MemberRequiredMixin, View):
    """Danh sách cụm của chỉ tiêu: coordinators name the clusters a target is measured on
    (``services.target_clusters_set``, with a reason and history)."""

    template_name = "tasks/target_clusters.html"

    def get_target(self, request, pk):
        target = get_object_or_404(Target.objects.select_related("plan"), pk=pk)
        scoping.require(request.user, "target.edit", target)
        return target

    def get(self, request, pk):
        target = self.get_target(request, pk)
        form = TargetClustersForm(initial={"clusters": list(target.clusters.all())})
        return render(request, self.template_name, {"form": form, "target": target})

    def post(self, request, pk):
        target = self.get_target(request, pk)
        form = TargetClustersForm(request.POST)
        if form.is_valid():
            try:
                services.target_clusters_set(
                    actor=request.user,
                    target=target,
                    clusters=form.cleaned_data["clusters"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu danh sách cụm của chỉ tiêu."))
                return redirect("tasks:target_detail", pk=target.pk)
        return render(request, self.template_name, {"form": form, "target": target})
