"""What every page of the application asks first: is the user logged in, and may they be here?

Both answers come from ``agencies.scoping``: a page names the action it serves (``permission``), and the
refusal is that action's own message.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin

from agencies import scoping


class ActionRequiredMixin(LoginRequiredMixin):
    """Logged in (else to the login page) and allowed ``permission`` (else 403, with the rule's words), whether or
    not a member of the plan: the pages the Circular 14 reporters (investors, communes) open too."""

    permission = None  # an action of agencies.scoping

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            scoping.require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(LoginRequiredMixin):
    """Logged in (else to the login page) and a member of the plan in some role (else 403)."""

    permission = None  # an action of agencies.scoping the page also requires

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            scoping.require(request.user, "plan.view")
            if self.permission is not None:
                scoping.require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)


def member_required(view):
    """The function-view form of ``MemberRequiredMixin``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            scoping.require(request.user, "plan.view")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


class PermissionRequiredMixin(MemberRequiredMixin):
    """A page for those who may do ``permission`` (set by the subclass), e.g. ``"audit.view"``."""

    def dispatch(self, request, *args, **kwargs):
        assert self.permission is not None, f"{type(self).__name__} names no permission"
        return super().dispatch(request, *args, **kwargs)
