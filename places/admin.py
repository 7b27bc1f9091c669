"""Admin for the administrative units: provinces with their number of communes, and communes."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import CoordinatorModelAdmin

from .models import Commune, Province


@admin.register(Province)
class ProvinceAdmin(CoordinatorModelAdmin):
    list_display = ["code", "name", "commune_count"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_communes=Count("communes"))

    @admin.display(description=_("số xã, phường"), ordering="num_communes")
    def commune_count(self, obj):
        return obj.num_communes


@admin.register(Commune)
class CommuneAdmin(CoordinatorModelAdmin):
    list_display = ["code", "name", "kind", "is_mountain", "province"]
    list_filter = ["kind", "is_mountain", "province"]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
