"""The exports received, read-only in the admin (they come in through the upload page or the API, with history)."""

from django.conf import settings
from django.contrib import admin

from core.admin import CoordinatorModelAdmin, ReadOnlyAdminMixin

from .models import ProvinceExport


class ProvinceExportAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = ["province", "year", "period_kind", "bieu04_number", "issued_on", "received_at"]
    list_filter = ["year", "period_kind"]
    list_select_related = ["province"]
    exclude = ["figures"]


# Only the Ministry's installation receives exports; a province's admin does not list an empty table.
if settings.NATIONAL_ROLLUP:
    admin.site.register(ProvinceExport, ProvinceExportAdmin)
