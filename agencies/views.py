"""Agency pages: the agencies of the plan, each one's duties, its tasks by deadline status, its on-time rate.

``MemberRequiredMixin`` guards every page of the application: it lives here, next to the scoping module
it asks.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from tasks import dashboard
from tasks.models import Task

from . import scoping


class LoginForm(AuthenticationForm):
    """Django's login form (django-axes watches it) with the message Django's Vietnamese catalogue lacks."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và chữ thường."),
    }


class MemberRequiredMixin(LoginRequiredMixin):
    """Logged in (else to the login page) and a member of the plan in some role (else 403)."""

    not_member_message = _(
        "Tài khoản của bạn chưa được phân công vào cơ quan nào. Hãy liên hệ Sở Công Thương để được cấp quyền."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.is_member(request.user):
            raise PermissionDenied(self.not_member_message)
        return super().dispatch(request, *args, **kwargs)


class AgencyListView(MemberRequiredMixin, TemplateView):
    """Every agency with its led tasks by deadline status, its supported tasks, and its on-time rate."""

    template_name = "agencies/agency_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        agencies = list(scoping.visible_agencies(user).select_related("commune"))
        tasks = scoping.visible_tasks(user)
        led = dashboard.status_counts_by(tasks, "lead_agency")
        supported = dict(
            Task.supporting_agencies.through.objects.filter(task__in=tasks.counted())
            .order_by()
            .values("agency")
            .annotate(n=Count("task"))
            .values_list("agency", "n")
        )
        rows = [
            {
                "agency": agency,
                "led": led.get(agency.pk) or dashboard.empty_counts(lead_agency=agency.pk),
                "supported": supported.get(agency.pk, 0),
            }
            for agency in agencies
        ]
        return super().get_context_data(rows=rows, statuses=dashboard.STATUS_ORDER, **kwargs)


class AgencyDetailView(MemberRequiredMixin, TemplateView):
    """An agency's duties in the plan, its tasks (led and supported) by deadline status, its on-time rate."""

    template_name = "agencies/agency_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        agency = get_object_or_404(scoping.visible_agencies(user).select_related("commune"), pk=pk)
        responsibilities = agency.responsibilities.select_related("plan").prefetch_related("task_groups")
        tasks = scoping.visible_tasks(user)
        supported_ids = Task.supporting_agencies.through.objects.filter(agency=agency).values("task_id")
        involved = (
            scoping.visible_tasks(user, dashboard.involving(agency))
            .with_deadline_status()
            .select_related("group", "lead_agency")
            .prefetch_related("supporting_agencies")
            .order_by(dashboard.DEADLINE_ORDER, "code")
        )
        return super().get_context_data(
            agency=agency,
            responsibilities=responsibilities,
            led=dashboard.status_counts(tasks.filter(lead_agency=agency), lead_agency=agency.pk),
            supported=dashboard.status_counts(tasks.filter(pk__in=supported_ids), supporting_agency=agency.pk),
            tasks=involved,
            **kwargs,
        )
