"""The Department's names and signers, edited by its coordinators in the admin (with history and a reason)."""

from django.contrib import admin

from core.admin import AuditedModelAdmin

from .models import Department, Signatory


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "governing_body", "short_name", "place_name", "province"]
    fields = [
        "province",
        "governing_body",
        "governing_body_name",
        "header_name",
        "name",
        "short_name",
        "place_name",
        "head_title",
        "contact_unit",
        "contact_address",
        "contact_phone",
        "contact_email",
    ]

    def has_add_permission(self, request):
        # One installation, one Department: ``load_reference_data --province`` creates it, people edit it.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Signatory)
class SignatoryAdmin(AuditedModelAdmin):
    list_display = ["full_name", "title", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["full_name", "title"]
    fields = ["department", "full_name", "title", "order", "is_active"]
