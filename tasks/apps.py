from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from django.db.models.signals import post_delete

        from core.uploads import remove_after_commit

        from . import panels  # noqa: F401  (the plan's panels on the cluster page)

        # However an attachment goes (its task, report or request deleted with it), its file goes too.
        post_delete.connect(
            lambda sender, instance, **kwargs: remove_after_commit(instance.file),
            sender="tasks.Attachment",
            weak=False,
            dispatch_uid="tasks.attachment_file_removed",
        )
