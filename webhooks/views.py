"""The coordinators' webhook pages: the endpoints, registering and editing one, rotating its secret, and its
recent deliveries with a replay button. Every write goes through ``webhooks.services``; who may is
``agencies.scoping``'s ``webhook.manage``.

A secret is shown once: the page (or admin) that creates or rotates it keeps it in the server-side session
store for the endpoint's next page only; it never travels in a cookie (not in ``messages``, whose storage
starts with a signed, unencrypted cookie).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import PermissionRequiredMixin
from core.forms import apply_service_errors

from . import services
from .forms import EndpointForm
from .models import Delivery, Endpoint

SECRET_SESSION_KEY = "webhooks.new_secret"
RECENT_DELIVERIES = 50


def show_secret_once(request, endpoint):
    """Keep ``endpoint``'s new secret for its page's next showing (several endpoints may wait at once: the
    admin rotates a selection)."""
    waiting = request.session.get(SECRET_SESSION_KEY)
    waiting = waiting if isinstance(waiting, dict) and "endpoint" not in waiting else {}
    request.session[SECRET_SESSION_KEY] = {**waiting, str(endpoint.pk): endpoint.secret}


def take_secret(request, endpoint):
    """The secret kept for ``endpoint`` by ``show_secret_once``, taken out of the session (None if none)."""
    waiting = request.session.get(SECRET_SESSION_KEY)
    if not isinstance(waiting, dict) or str(endpoint.pk) not in waiting:
        return None
    secret = waiting.pop(str(endpoint.pk))
    if waiting:
        request.session[SECRET_SESSION_KEY] = waiting
    else:
        del request.session[SECRET_SESSION_KEY]
    return secret


class WebhookPage(PermissionRequiredMixin):
    permission = "webhook.manage"


class EndpointListView(WebhookPage, ListView):
    """Every endpoint, with how many of its deliveries wait and how many failed."""

    template_name = "webhooks/endpoint_list.html"
    context_object_name = "endpoints"

    def get_queryset(self):
        return Endpoint.objects.annotate(
            pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        ).order_by("url", "pk")


class EndpointCreateView(WebhookPage, FormView):
    form_class = EndpointForm
    template_name = "webhooks/endpoint_form.html"

    def form_valid(self, form):
        try:
            endpoint = services.endpoint_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        show_secret_once(self.request, endpoint)
        messages.success(self.request, _("Đã đăng ký điểm nhận webhook."))
        return redirect("webhooks:endpoint_detail", pk=endpoint.pk)


class EndpointUpdateView(WebhookPage, FormView):
    form_class = EndpointForm
    template_name = "webhooks/endpoint_form.html"

    @cached_property
    def endpoint(self):
        return get_object_or_404(Endpoint, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        endpoint = self.endpoint
        return {
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "is_active": endpoint.is_active,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint}

    def form_valid(self, form):
        values = dict(form.cleaned_data)
        reason = values.pop("reason")
        changes = {name: value for name, value in values.items() if name in form.changed_data}
        if changes:
            try:
                services.endpoint_update(actor=self.request.user, endpoint=self.endpoint, reason=reason, **changes)
            except ValidationError as error:
                apply_service_errors(form, error)
                return self.form_invalid(form)
            messages.success(self.request, _("Đã lưu điểm nhận webhook."))
        return redirect("webhooks:endpoint_detail", pk=self.endpoint.pk)


class EndpointDetailView(WebhookPage, DetailView):
    """The endpoint, its new secret when it was just created or rotated, and its latest deliveries."""

    model = Endpoint
    template_name = "webhooks/endpoint_detail.html"
    context_object_name = "endpoint"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["new_secret"] = take_secret(self.request, self.object)
        context["deliveries"] = self.object.deliveries.order_by("-created_at", "-pk")[:RECENT_DELIVERIES]
        return context


class EndpointRotateSecretView(WebhookPage, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        endpoint = services.endpoint_rotate_secret(actor=request.user, endpoint=get_object_or_404(Endpoint, pk=pk))
        show_secret_once(request, endpoint)
        messages.success(request, _("Đã tạo khóa bí mật mới; khóa cũ không còn dùng để kiểm tra chữ ký."))
        return redirect("webhooks:endpoint_detail", pk=endpoint.pk)


class DeliveryReplayView(WebhookPage, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        delivery = get_object_or_404(Delivery, pk=pk)
        if services.delivery_replay(actor=request.user, deliveries=[delivery]):
            messages.success(request, _("Đã đưa lần gửi vào hàng đợi để gửi lại."))
        else:
            messages.info(request, _("Lần gửi này đang chờ gửi; không cần gửi lại."))
        return redirect("webhooks:endpoint_detail", pk=delivery.endpoint_id)
