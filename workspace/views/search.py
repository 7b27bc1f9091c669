"""The header's search box: tasks, clusters and Circular 14 reports matching what was typed, among those the user
may see (each model's ``visible_to``), found the way every search box finds them (``core.search``: accents and
case ignored, "dong anh" finds "Đông Anh")."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.views.generic import TemplateView

from agencies import scoping
from clusters.models import Cluster
from core.search import Vietnamese, search, search_q
from core.text import fold
from reporting.models import Submission
from tasks.models import Task

# Each kind shows its first results; the task and cluster lists show them all, filtered by the same words.
LIMIT = 20
MAX_LENGTH = 100


def _first(queryset):
    rows = list(queryset[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


class SearchView(LoginRequiredMixin, TemplateView):
    template_name = "workspace/search.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        q = self.request.GET.get("q", "").strip()[:MAX_LENGTH]
        context = {"q": q, "searched": bool(fold(q)), "results": []}
        if not context["searched"]:
            return super().get_context_data(**context, **kwargs)
        if scoping.is_member(user):
            tasks, more = _first(
                search(Task.objects.visible_to(user), q)
                .with_deadline_status()
                .select_related("lead_agency")
                .order_by("code")
            )
            context["tasks"], context["more_tasks"] = tasks, more
        clusters, more = _first(search(Cluster.objects.visible_to(user), q).order_by(Vietnamese("name"), "code"))
        context["clusters"], context["more_clusters"] = clusters, more
        if scoping.can(user, "reporting.view"):
            submissions, more = _first(
                Submission.objects.visible_to(user)
                .filter(Q(search_q(q, "cluster")) | Q(search_q(q, "commune")))
                .select_related("period", "form", "cluster", "commune")
                .order_by("-period__year", "-period__kind", "form__code", "pk")
            )
            context["submissions"], context["more_submissions"] = submissions, more
        context["found"] = any(context.get(kind) for kind in ("tasks", "clusters", "submissions"))
        return super().get_context_data(**context, **kwargs)
