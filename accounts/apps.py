from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")

    def ready(self):
        from . import kept_forms, sessions, signals  # noqa: F401  (kept forms; the idle timeout's start; login records)


class PlanAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the coordinators-only site (``accounts.admin_site``), named in INSTALLED_APPS
    in its place."""

    default = False
    default_site = "accounts.admin_site.PlanAdminSite"
