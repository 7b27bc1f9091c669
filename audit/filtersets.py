"""The audit log's FilterSet: one class for the page, its exports and the API.

The log is a union of every history table and the login records, not one queryset: the FilterSet
validates the filters (the ranges included, as every list's) and ``audit_filter()`` hands them to
``selectors.AuditLog``.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AuthEvent
from agencies.models import Agency
from core.filters import FilterSet, UserFilter
from core.search import people_order
from core.widgets import LookupSelect

from .rows import AUTH_KIND_LABEL
from .selectors import AUTH_KIND, AuditFilter, audit_kinds


def kind_choices():
    kinds = [(kind, capfirst(str(model._meta.verbose_name))) for kind, model in audit_kinds().items()]
    return [(AUTH_KIND, AUTH_KIND_LABEL), *kinds]


class AuditLogFilterSet(FilterSet):
    user = UserFilter(
        label=_("Người thực hiện"),
        queryset=get_user_model().objects.order_by(*people_order()),
        widget=LookupSelect("lookup:users"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan của người thực hiện"), queryset=Agency.objects.all(), widget=LookupSelect("lookup:agencies")
    )
    kind = django_filters.ChoiceFilter(label=_("Loại đối tượng"), choices=kind_choices)
    date_from = django_filters.DateFilter(label=_("Từ ngày"))
    date_to = django_filters.DateFilter(label=_("Đến ngày"))

    ranges = [("date_from", "date_to")]

    class Meta:
        # Required by django-filter; the log itself is built by audit_filter(), never from this model alone.
        model = AuthEvent
        fields = []

    def audit_filter(self):
        """The valid filters as an ``AuditFilter`` (an invalid field is left out, as on every list)."""
        data = getattr(self.form, "cleaned_data", {})
        return AuditFilter(
            user=data.get("user"),
            agency=data.get("agency"),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


# Filters that are no field of the placeholder model: their value types are stated for the contract.
extend_schema_field(OpenApiTypes.INT)(AuditLogFilterSet.base_filters["agency"])
extend_schema_field(serializers.ChoiceField(choices=kind_choices()))(AuditLogFilterSet.base_filters["kind"])
