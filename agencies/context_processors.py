"""Puts the user's membership and role in every template (the navigation shows them)."""

from . import scoping


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_membership": scoping.membership_of(user),
        "current_role": scoping.role_of(user),
        "is_coordinator": scoping.is_coordinator(user),
    }
