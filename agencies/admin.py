"""Admin for agencies and memberships (the agencies' duties in a plan are edited with the plan: ``tasks.admin``)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AuditedAdminForm,
    AuditedModelAdmin,
)
from core.search import Vietnamese
from core.text import display_name

from . import scoping
from .models import Agency, Membership


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind", "is_focal_point", "commune", "active_members", "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["kind", "is_focal_point", "is_active"]
    list_select_related = ["commune"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["commune"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "is_focal_point", "commune", "is_active"]}),
        (_("Liên hệ"), {"fields": ["email", "phone"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        )

    @admin.display(description=_("số người dùng"), ordering="active_member_count")
    def active_members(self, obj):
        return obj.active_member_count


class MembershipAdminForm(AuditedAdminForm):
    """Refuses a coordinator's change to their own membership (no self-promotion, no self-lockout)."""

    current_user = None  # set per request by MembershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and self.current_user is not None:
            trial = Membership(user=user)
            refusal = scoping.refusal(self.current_user, "membership.manage", trial)
            if refusal is not None:
                raise ValidationError(refusal)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "full_name", "agency", "role", "title", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    list_select_related = ["user", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__code", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    readonly_fields = ["created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and scoping.can(request.user, "membership.manage", obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and scoping.can(request.user, "membership.manage", obj)

    @admin.display(description=_("họ và tên"), ordering=Vietnamese("user__first_name"))
    def full_name(self, obj):
        return display_name(obj.user)
