"""Who may use the API at all: a member of the plan in some role, as on every page."""

from rest_framework import permissions

from agencies import scoping


class IsMember(permissions.BasePermission):
    """A member of the plan in some role (any logged-in user without a membership sees nothing)."""

    def has_permission(self, request, view):
        self.message = scoping.refusal(request.user, "plan.view")
        return self.message is None
