"""Who may use the API at all: a member of the plan in some role, as on every page; the reporting cycle also
lets its reporters in."""

from rest_framework import permissions

from agencies import scoping


class IsMember(permissions.BasePermission):
    """A member of the plan in some role (any logged-in user without a membership sees nothing)."""

    def has_permission(self, request, view):
        self.message = scoping.refusal(request.user, "plan.view")
        return self.message is None


class CanReadReporting(permissions.BasePermission):
    """The Circular 14 endpoints: the Department's coordinators and viewers, and the reporters (investors,
    commune People's Committees), who are not members of the plan; officers get 403."""

    def has_permission(self, request, view):
        self.message = scoping.refusal(request.user, "reporting.view")
        return self.message is None
