from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.uploads import remove_after_commit

        from . import panels  # noqa: F401  (the plan's panels on the cluster page)

        # However an attachment goes (its task, report or request deleted with it), its file goes too.
        post_delete.connect(
            lambda sender, instance, **kwargs: remove_after_commit(instance.file),
            sender="tasks.Attachment",
            weak=False,
            dispatch_uid="tasks.attachment_file_removed",
        )
        # A report saved or deleted, however (a service, the admin, a task deleted with its reports): its task's date
        # of the latest report follows (``ProgressReport.refresh_tasks``; bulk writes call it themselves).
        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, instance, **kwargs: sender.refresh_tasks([instance.task_id]),
                sender="tasks.ProgressReport",
                weak=False,
                dispatch_uid=f"tasks.progress_report_dates_{signal is post_save}",
            )
