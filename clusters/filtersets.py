"""The cluster FilterSet: one class for the register page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, OrderingFilter
from core.search import listed_order, search
from places.models import Commune

from .models import Cluster


class ClusterFilterSet(FilterSet):
    """Filters clusters; occupancy filters need the ``with_occupancy()`` annotation and add it if missing."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    status = django_filters.MultipleChoiceFilter(label=_("Tình trạng"), choices=Cluster.Status.choices)
    type = django_filters.ChoiceFilter(label=_("Loại cụm"), choices=Cluster.Type.choices)
    commune = django_filters.ModelChoiceFilter(
        label=_("Xã, phường"), field_name="communes", queryset=Commune.objects.all(), distinct=True
    )
    wastewater_status = django_filters.ChoiceFilter(label=_("Trạm xử lý nước thải"), choices=Cluster.Wastewater.choices)
    wastewater_compliant = django_filters.BooleanFilter(label=_("Nước thải đạt quy chuẩn"))
    area_min = django_filters.NumberFilter(label=_("Diện tích từ (ha)"), field_name="total_area_ha", lookup_expr="gte")
    area_max = django_filters.NumberFilter(label=_("Diện tích đến (ha)"), field_name="total_area_ha", lookup_expr="lte")
    occupancy_min = django_filters.NumberFilter(label=_("Tỷ lệ lấp đầy từ (%)"), method="filter_occupancy_min")
    occupancy_max = django_filters.NumberFilter(label=_("Tỷ lệ lấp đầy đến (%)"), method="filter_occupancy_max")
    ordering = OrderingFilter(
        label=_("Sắp xếp"),
        expressions={"status": listed_order("status", Cluster.Status.values)},
        fields=(("name", "name"), ("code", "code"), ("total_area_ha", "total_area_ha"), ("status", "status")),
        field_labels={
            "name": _("Tên cụm"),
            "code": _("Mã cụm"),
            "total_area_ha": _("Diện tích"),
            "status": _("Tình trạng"),
        },
    )

    ranges = [("area_min", "area_max"), ("occupancy_min", "occupancy_max")]

    class Meta:
        model = Cluster
        fields = []

    def filter_text(self, queryset, name, value):
        # Name, code, former district and commune, investor, folded (Cluster.SEARCH_FIELDS).
        return search(queryset, value)

    @staticmethod
    def _with_occupancy(queryset):
        return queryset if "occupancy_pct" in queryset.query.annotations else queryset.with_occupancy()

    def filter_occupancy_min(self, queryset, name, value):
        return self._with_occupancy(queryset).filter(occupancy_pct__gte=value)

    def filter_occupancy_max(self, queryset, name, value):
        return self._with_occupancy(queryset).filter(occupancy_pct__lte=value)
