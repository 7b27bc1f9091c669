"""The admin app, configured to use the plan tracker's own admin site (coordinators only)."""

from django.contrib.admin.apps import AdminConfig


class PlanAdminConfig(AdminConfig):
    default_site = "config.admin_base.PlanAdminSite"
