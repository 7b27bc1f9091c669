from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhook: báo sự kiện cho hệ thống khác")

    def ready(self):
        from . import queue  # noqa: F401  (the workflow's events queue deliveries)
