"""Accounts in the admin: users (coordinators look them up, superusers manage them), the login log, and the
login lockout's pages, where coordinators unlock an account by deleting its AccessAttempt."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.admin import CoordinatorAdminMixin, CoordinatorModelAdmin, ReadOnlyAdminMixin
from core.search import Vietnamese, people_order
from core.text import display_name

from .models import AuthEvent


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = ["occurred_at", "kind", "username", "actor", "note", "ip_address", "user_agent"]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "occurred_at"


# Coordinators look users up (for memberships and tasks) but only superusers manage accounts.
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PlanUserAdmin(UserAdmin):
    list_display = ["username", "name", "email", "is_staff", "is_active"]
    ordering = people_order()

    @admin.display(description=_("họ và tên"), ordering=Vietnamese("first_name"))
    def name(self, user):
        return display_name(user)

    def has_module_permission(self, request):
        return scoping.can(request.user, "admin.use")

    def has_view_permission(self, request, obj=None):
        return scoping.can(request.user, "admin.use")


class AccessAttemptAdmin(CoordinatorAdminMixin, axes_admin.AccessAttemptAdmin):
    """Failed logins per account and address; deleting one lifts its lockout at once."""

    allow_add = False
    allow_change = False


class AccessLogAdmin(ReadOnlyAdminMixin, CoordinatorAdminMixin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(ReadOnlyAdminMixin, CoordinatorAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


REPLACEMENTS = {
    AccessAttempt: (axes_admin.AccessAttemptAdmin, AccessAttemptAdmin),
    AccessLog: (axes_admin.AccessLogAdmin, AccessLogAdmin),
    AccessFailureLog: (axes_admin.AccessFailureLogAdmin, AccessFailureLogAdmin),
}


def register_for_coordinators(site):
    """Swaps axes' stock registrations for these; a registration made elsewhere in the project is left alone."""
    for model, (stock, ours) in REPLACEMENTS.items():
        if type(site._registry.get(model)) is stock:
            site.unregister(model)
            site.register(model, ours)
