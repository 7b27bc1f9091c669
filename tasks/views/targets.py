"""A target of the plan: its figure, its goal, and exactly the clusters that make the figure."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from core.search import Vietnamese

from .. import targets
from ..models import Target


class TargetDetailView(MemberRequiredMixin, TemplateView):
    """The dashboard's link for a target: the clusters counted (for a share, its base, each marked)."""

    template_name = "tasks/target_detail.html"

    def get_context_data(self, pk, **kwargs):
        target = get_object_or_404(Target.objects.select_related("plan", "responsible_agency"), pk=pk)
        if not targets.is_measured(target):
            raise Http404("Chỉ tiêu nhập tay không đo từ sổ đăng ký cụm.")
        user = self.request.user
        counted = scoping.visible_clusters(user, targets.counted(target)).with_occupancy()
        base = targets.base(target)
        counted_ids = set(counted.values_list("pk", flat=True))
        rows = scoping.visible_clusters(user, base).with_occupancy() if base is not None else counted
        rows = rows.select_related("province").prefetch_related("communes").order_by(Vietnamese("name"), "code")
        return super().get_context_data(
            target=target,
            progress=targets.progress(target),
            clusters=rows,
            counted_ids=counted_ids,
            counted_count=len(counted_ids),
            is_share=base is not None,
            **kwargs,
        )
