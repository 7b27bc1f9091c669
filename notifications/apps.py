from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo, nhắc hạn và công văn đôn đốc")

    def ready(self):
        # The bell hears the workflow; letters join task timelines; calendar feeds end with the credentials.
        from . import credentials, events, timeline  # noqa: F401
