"""The plan's panels on the register's cluster page: the tasks about the cluster, the targets counting it."""

from core.panels import panel

from .figures import DEADLINE_ORDER
from .models import Task


@panel("cluster_detail.main")
def cluster_tasks(request, cluster):
    tasks = (
        Task.objects.filter(clusters=cluster)
        .with_deadline_status()
        .select_related("lead_agency")
        .order_by(DEADLINE_ORDER, "code")
        .visible_to(request.user)
    )
    return "tasks/panels/cluster_tasks.html", {"tasks": tasks}


@panel("cluster_detail.side")
def cluster_targets(request, cluster):
    return "tasks/panels/cluster_targets.html", {"targets": cluster.targets.select_related("plan")}
