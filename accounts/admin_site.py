"""The admin of the plan tracker: coordinators only, with two-factor login when the settings ask."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies import scoping


class PlanAdminSite(admin.AdminSite):
    """The admin of the plan tracker: coordinators only, with two-factor login when the settings ask."""

    site_header = _("Sở Công Thương Hà Nội — Quản trị kế hoạch cụm công nghiệp")
    site_title = _("Quản trị kế hoạch cụm công nghiệp")
    index_title = _("Kế hoạch, nhiệm vụ, cơ quan và cụm công nghiệp")

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
