from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.uploads import remove_after_commit

        from . import panels  # noqa: F401  (the plan's panels on the cluster page)
        from .figures import invalidate_figures
        from .models import Target, Task

        # The dashboard's cached figures go stale with any write to a task or a progress report (bulk
        # writes send no signal: the cache's time-to-live bounds those).
        # The targets' figures, with any write to the register or to a target.
        figure_sources = (
            "tasks.Task",
            "tasks.ProgressReport",
            "tasks.Target",
            "clusters.Cluster",
            "clusters.ClusterDecision",
            "clusters.ClusterReport",
        )
        for sender in figure_sources:
            for signal in (post_save, post_delete):
                signal.connect(invalidate_figures, sender=sender, weak=False, dispatch_uid=f"figures.{sender}.{signal}")
        m2m_changed.connect(
            invalidate_figures, sender=Task.supporting_agencies.through, weak=False, dispatch_uid="figures.support"
        )
        m2m_changed.connect(
            invalidate_figures, sender=Target.clusters.through, weak=False, dispatch_uid="figures.target_clusters"
        )

        # However an attachment goes (its task, report or request deleted with it), its file goes too.
        post_delete.connect(
            lambda sender, instance, **kwargs: remove_after_commit(instance.file),
            sender="tasks.Attachment",
            weak=False,
            dispatch_uid="tasks.attachment_file_removed",
        )
