"""Admin for webhook endpoints (through ``webhooks.services``, like the page) and the deliveries log, whose
"Gửi lại" action replays the chosen deliveries."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import CoordinatorModelAdmin, ReadOnlyAdminMixin, ServiceAdminForm, ServiceModelAdmin

from . import services
from .forms import events_field, url_field
from .models import Delivery, Endpoint
from .views import show_secret_once


class EndpointAdminForm(ServiceAdminForm):
    url = url_field()
    events = events_field()

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "is_active"]


@admin.register(Endpoint)
class EndpointAdmin(ServiceModelAdmin):
    """An endpoint is switched off, never deleted: its deliveries stay in the log. Its secret is never shown here:
    once created or rotated, it is shown once on the endpoint's page (``webhooks.views``), never in a message,
    which would carry it in a cookie."""

    form = EndpointAdminForm
    list_display = ["url", "description", "is_active", "created_by", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["created_by"]
    search_fields = ["url", "description"]
    readonly_fields = ["created_by", "created_at"]
    fields = ["url", "description", "events", "is_active", "created_by", "created_at"]
    actions = ["rotate_secret_selected"]

    def create_object(self, request, values, reason):
        endpoint = services.endpoint_create(actor=request.user, reason=reason, **values)
        self._show_secret(request, endpoint)
        return endpoint

    def update_object(self, request, obj, changes, reason, version):
        return services.endpoint_update(actor=request.user, endpoint=obj, reason=reason, **changes)

    def delete_object(self, request, obj, reason):
        raise PermissionDenied(_("Điểm nhận webhook không xóa được; hãy tắt “Đang hoạt động”."))

    def has_delete_permission(self, request, obj=None):
        return False

    def _show_secret(self, request, endpoint):
        show_secret_once(request, endpoint)

    def response_add(self, request, obj, post_url_continue=None):
        # The new secret waits on the endpoint's page, shown there once.
        return redirect("webhooks:endpoint_detail", pk=obj.pk)

    @admin.action(description=_("Tạo khóa bí mật mới cho các điểm nhận đã chọn"))
    def rotate_secret_selected(self, request, queryset):
        rotated = []
        for endpoint in queryset:
            rotated.append(services.endpoint_rotate_secret(actor=request.user, endpoint=endpoint))
            self._show_secret(request, rotated[-1])
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((reverse("webhooks:endpoint_detail", args=[e.pk]), e.url) for e in rotated)
        )
        self.message_user(
            request,
            format_html(_("Đã tạo khóa bí mật mới; mỗi khóa hiện một lần trên trang của điểm nhận: {}"), links),
            messages.WARNING,
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "error_label",
        "next_attempt_at",
    ]
    # The stored error is shown in words only (Delivery.error_label), never as it was stored.
    exclude = ["last_error"]
    readonly_fields = ["error_label"]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["uuid", "endpoint__url"]
    date_hierarchy = "created_at"
    actions = ["replay_selected"]

    @admin.action(description=_("Gửi lại"))
    def replay_selected(self, request, queryset):
        count = services.delivery_replay(actor=request.user, deliveries=list(queryset))
        self.message_user(request, _("Đã đưa %(count)s lần gửi vào hàng đợi để gửi lại.") % {"count": count})
