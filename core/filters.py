"""The project's FilterSet base: one per list, shared by its page and the API, with its ranges checked.

A list's FilterSet names its ranges (``ranges = [("due_after", "due_before")]``); a range whose end comes
before its start is a field error on the end, in Vietnamese, on the page (a message above the list) and
in the API (400) alike.
"""

import copy
import datetime

import django_filters
from django.db.models import F
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters

from .dates import validate_business_date
from .forms import UserChoiceField
from .search import ordering_term
from .widgets import LookupSelect

DATE_RANGE_ERROR = _("Ngày kết thúc không được trước ngày bắt đầu.")
NUMBER_RANGE_ERROR = _("Giá trị tối đa phải lớn hơn hoặc bằng giá trị tối thiểu.")


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose ``ranges`` (pairs of filter names: start, end) are checked in ``is_valid``, and whose
    dates lie within the business range (``core.dates``): a field error (400 in the API), never a crash."""

    ranges = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own __init__, but each filter copied one level deep instead of ``copy.deepcopy``: the
        # deep copy walked every label, choice and ordering expression of every filter on each request (about 2 ms
        # a list page or API call). What a filter changes on itself is its ``extra`` (the queryset and validators
        # handed to its form field) and its cached form field: those are its own; the rest is read only.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.__dict__.pop("_field", None)
            filter_.extra = dict(base.extra)
            if filter_.method is not None:
                filter_.method = filter_.method  # its FilterMethod calls this copy's parent, not the class's
            if isinstance(filter_, django_filters.DateFilter):
                filter_.extra["validators"] = [validate_business_date]
            filter_.model = queryset.model
            filter_.parent = self
            self.filters[name] = filter_

    def _idle(self):
        """True when the request names none of the filters (``?page_size=50`` alone): each would be given an empty
        value, which filters nothing, so neither the form (some 20 fields with their widgets and querysets, a tenth
        of an unfiltered API list's time) nor its validation is needed to know the list is the whole queryset.
        A name that only begins like a filter's (``due_after_x``, a widget's suffix) takes the full way."""
        if not self.is_bound:
            return False
        prefix = f"{self.form_prefix}-" if self.form_prefix else ""
        names = [prefix + name for name in self.filters]
        return not any(key == name or key.startswith(f"{name}_") for key in self.data for name in names)

    @property
    def errors(self):
        return ErrorDict() if self._idle() else super().errors

    def filter_queryset(self, queryset):
        return queryset if self._idle() else super().filter_queryset(queryset)

    def is_valid(self):
        if self._idle():
            return True
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else getattr(self.form, "cleaned_data", {})
        for start, end in self.ranges:
            low, high = data.get(start), data.get(end)
            if low is not None and high is not None and low > high:
                message = DATE_RANGE_ERROR if isinstance(low, datetime.date) else NUMBER_RANGE_ERROR
                self.form.add_error(end, message)
        for name, field in self.form.fields.items():
            if isinstance(field.widget, LookupSelect) and data.get(name) is not None:
                field.widget.remember(data[name])  # the chosen record is shown without reading it again
        return valid and not self.form.errors


class FilterBackend(DjangoFilterBackend):
    """django-filter's API backend, keeping the FilterSet it applied on the view (``view.filterset``): a view may ask
    it what was filtered (the task list counts its rows from the kept counts where the filters allow)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset


class OrderingFilter(django_filters.OrderingFilter):
    """Sorting a list the way its readers expect: a name or title in Vietnamese order (``core.search.ordering_term``),
    and ``expressions`` mapping a field to what else it is ordered by (a status by its lifecycle) instead of its
    stored value."""

    def __init__(self, *args, expressions=None, **kwargs):
        self.expressions = expressions or {}
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        descending = value.startswith("-")
        expression = self.expressions.get(value.lstrip("-"))
        if expression is None:
            return ordering_term(value)
        return expression.desc() if descending else expression.asc()


class NeverOldest:
    """The ordering of a date where "never" (NULL) reads as the oldest: first going up, last going down, on every
    database (PostgreSQL sorts NULLs last going up, SQLite first). For ``OrderingFilter``'s ``expressions``."""

    def __init__(self, field):
        self.field = F(field)

    def asc(self):
        return self.field.asc(nulls_first=True)

    def desc(self):
        return self.field.desc(nulls_last=True)


class APIOrderingFilter(filters.OrderingFilter):
    """The API's ``?ordering=`` (every list's default backend), sorting names and titles in Vietnamese order as the
    pages do (``core.search.ordering_term``)."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*(ordering_term(term) for term in ordering))
        return queryset


class UserFilter(django_filters.ModelChoiceFilter):
    """A choice of user, each named as people read names."""

    field_class = UserChoiceField
