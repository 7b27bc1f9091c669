"""Where a login lands: each role where its work is (``LOGIN_REDIRECT_URL``)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View

from agencies import scoping


class LandingView(LoginRequiredMixin, View):
    """An investor or a commune to their reports, an officer to their agency's work ("Cơ quan của tôi"), a
    coordinator, a viewer and anyone else to the dashboard (whose "Chờ tôi xử lý" is the coordinator's)."""

    def get(self, request):
        user = request.user
        if scoping.is_reporter(user):
            return redirect("reporting:home")
        if scoping.working_agency(user) is not None:
            return redirect("workspace:my_agency")
        return redirect("dashboard")
