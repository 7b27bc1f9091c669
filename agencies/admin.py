"""Admin for agencies, their duties in the plan, and memberships."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AuditedAdminForm,
    AuditedModelAdmin,
    CoordinatorAdminMixin,
)
from core.search import Vietnamese
from core.text import display_name

from . import scoping
from .models import Agency, Membership, Responsibility


class ResponsibilityInline(CoordinatorAdminMixin, admin.StackedInline):
    model = Responsibility
    extra = 0
    fields = ["plan", "order", "text", "task_groups"]
    autocomplete_fields = ["task_groups"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind", "is_focal_point", "commune", "active_members", "is_active"]
    list_display_links = ["code", "name"]
    list_filter = ["kind", "is_focal_point", "is_active"]
    list_select_related = ["commune"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["commune"]
    inlines = [ResponsibilityInline]
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


@admin.register(Responsibility)
class ResponsibilityAdmin(AuditedModelAdmin):
    list_display = ["agency", "plan", "order", "short_text", "groups"]
    list_filter = ["plan", "agency__kind"]
    list_select_related = ["agency", "plan"]
    search_fields = ["text", "agency__code", "agency__name"]
    autocomplete_fields = ["agency", "task_groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("task_groups")

    @admin.display(description=_("nội dung trách nhiệm"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "…"

    @admin.display(description=_("nhóm nhiệm vụ"))
    def groups(self, obj):
        return ", ".join(str(group.number) for group in obj.task_groups.all()) or "—"


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
