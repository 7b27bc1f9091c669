from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = _("Đồng bộ tăng dần")

    def ready(self):
        from . import receivers

        receivers.connect()
