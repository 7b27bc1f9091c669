"""The trusted root certificates (coordinators add the national root CA here, with a reason kept in history) and
the signed copies (read-only: they are uploaded on the report's page or through the API, checked by the service)."""

from django.contrib import admin

from core.admin import AuditedModelAdmin, ReadOnlyAdminMixin

from .models import SignedCopy, TrustedRoot


@admin.register(TrustedRoot)
class TrustedRootAdmin(AuditedModelAdmin):
    """A root is retired (``is_active`` off), not deleted, once a signed copy names it."""

    list_display = ["name", "is_test", "is_active", "subject", "not_after"]
    list_filter = ["is_test", "is_active"]
    search_fields = ["name", "subject", "note"]
    fields = ["name", "certificate_pem", "note", "is_test", "is_active", "subject", "fingerprint_sha256", "not_after"]
    readonly_fields = ["subject", "fingerprint_sha256", "not_after"]


@admin.register(SignedCopy)
class SignedCopyAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["report", "signer_name", "signed_at", "trusted_root", "uploaded_by", "uploaded_at"]
    list_select_related = ["report", "trusted_root", "uploaded_by"]
    search_fields = ["signer_name", "report__number", "certificate_serial"]
    fields = [
        "report",
        "signer_name",
        "signed_at",
        "certificate_subject",
        "certificate_issuer",
        "certificate_serial",
        "trusted_root",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields
