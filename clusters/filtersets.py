"""The cluster FilterSet: one class for the register page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, OrderingFilter
from core.search import listed_order, search
from places.models import Commune

from . import register as cluster_register
from .models import Cluster

# What the register says of a cluster today (``clusters.register``): the dashboard's figures link here, so each
# list is the figure's own rule, read from the dated facts rather than the stage stored at the last write.
REGISTER_TERMS = {
    "in_register": (_("Trong sổ đăng ký"), lambda register: register.in_register),
    "established": (_("Đã thành lập"), lambda register: register.where("established")),
    "operating": (_("Đã hoạt động"), lambda register: register.where("operating")),
    "building": (
        _("Đang đầu tư xây dựng hạ tầng"),
        lambda register: [s for s in register.in_register if s.stage in Cluster.BUILDING_STATUSES],
    ),
    "occupancy": (_("Đã hoạt động, có số liệu lấp đầy"), lambda register: register.occupancy()[1]),
    "wastewater_built": (
        _("Đã hoặc đang đầu tư trạm xử lý nước thải"),
        lambda register: register.where("wastewater_built"),
    ),
    "wastewater_compliant": (
        _("Trạm xử lý nước thải đạt quy chuẩn"),
        lambda register: register.where("wastewater_compliant_now"),
    ),
}


class ClusterFilterSet(FilterSet):
    """Filters clusters; occupancy filters need the ``with_occupancy()`` annotation and add it if missing."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    status = django_filters.MultipleChoiceFilter(label=_("Tình trạng"), choices=Cluster.Status.choices)
    type = django_filters.ChoiceFilter(label=_("Loại cụm"), choices=Cluster.Type.choices)
    commune = django_filters.ModelChoiceFilter(
        label=_("Xã, phường"),
        field_name="communes",
        queryset=Commune.objects.only(*Commune.NAME_FIELDS),  # its options name every commune
        distinct=True,
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Giai đoạn hôm nay (theo quyết định và mốc ngày)"),
        choices=Cluster.Status.choices,
        method="filter_stage",
    )
    register = django_filters.ChoiceFilter(
        label=_("Theo sổ đăng ký hôm nay"),
        choices=[(key, label) for key, (label, _states) in REGISTER_TERMS.items()],
        method="filter_register",
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

    def filter_stage(self, queryset, name, value):
        """The clusters whose stage today, from the dated facts (``ClusterState.stage``), is one of ``value``."""
        if not value:
            return queryset
        states = cluster_register.as_of(clusters=queryset, communes=False)
        return queryset.filter(pk__in=[state.id for state in states if state.stage in value])

    def filter_register(self, queryset, name, value):
        """The clusters the register says ``value`` of today (``REGISTER_TERMS``)."""
        states = REGISTER_TERMS[value][1](cluster_register.as_of(clusters=queryset, communes=False))
        return queryset.filter(pk__in=[state.id for state in states])
