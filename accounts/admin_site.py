"""The admin of the plan tracker: coordinators only, with two-factor login when the settings ask."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from department import letterhead


class PlanAdminSite(admin.AdminSite):
    """The admin of the plan tracker: coordinators only, with two-factor login when the settings ask."""

    site_title = _("Quản trị kế hoạch cụm công nghiệp")
    index_title = _("Kế hoạch, nhiệm vụ, cơ quan và cụm công nghiệp")

    @property
    def site_header(self):
        """ "Sở Công Thương tỉnh Bắc Ninh — Quản trị …": the Department's name from its letterhead (cached)."""
        return _("%(department)s — Quản trị kế hoạch cụm công nghiệp") % {"department": letterhead.current().name}

    def __init__(self, name="admin"):
        super().__init__(name)
        if settings.REQUIRE_2FA_FOR_ADMIN:
            from django_otp.admin import OTPAdminSite

            self.login_form = OTPAdminSite.login_form
            self.login_template = OTPAdminSite.login_template

    def has_permission(self, request):
        if not scoping.can(request.user, "admin.use"):
            return False
        return not settings.REQUIRE_2FA_FOR_ADMIN or request.user.is_verified()
