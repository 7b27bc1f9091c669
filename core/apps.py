"""The core app: what every domain app shares (the audit trail, the admin and API bases, Vietnamese text),
and the admin app configured with the plan tracker's own site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import signals

        # Every historical model, whichever app defines it, is append-only.
        signals.protect_history_models()


class PlanAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the coordinators-only site (``core.admin.PlanAdminSite``)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin; "core" is CoreConfig
    default_site = "core.admin.PlanAdminSite"
