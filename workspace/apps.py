from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The pages that join several domains around a person's work: the agencies of the plan (each one's duties,
    tasks and figures) and "Cơ quan của tôi". Listed above the domain apps, whose selectors and figures they read.
    """

    name = "workspace"
    verbose_name = "Workspace"  # no models: the admin never shows it

    def ready(self):
        from . import waiting  # noqa: F401  ("Chờ tôi xử lý" on the dashboard, a panel of the page)
