"""The login lockout's pages in the admin, for coordinators: unlock an account by deleting its AccessAttempt."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from config.admin_base import CoordinatorAdminMixin, ReadOnlyAdminMixin


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
