from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Cơ quan và người dùng")

    def ready(self):
        import config.signals  # (history records: type, reason, append-only)

        config.signals.protect_history_models()

        from . import signals  # noqa: F401  (login / logout / failed-login records)
