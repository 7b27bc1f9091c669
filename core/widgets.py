"""Choices over unbounded lists (clusters, agencies, people) as search-as-you-type boxes.

A filter over thousands of records must not render thousands of ``<option>``: ``LookupSelect`` renders a
``<select>`` holding only the selected record(s) (so the form still submits them without JavaScript), and
names the JSON endpoint (``core.lookups``) the static script (core/static/js/app.js) asks as one types.
The field keeps its whole queryset: a typed or linked id is validated against it exactly as before.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from .api import MAX_ID


class LookupSelect(forms.Select):
    """A select of the chosen record only, searched through ``lookup`` (a URL name) as one types."""

    def __init__(self, lookup, attrs=None):
        self.lookup = lookup
        self.known = {}  # id → record already read (the form's cleaned value): rendered without a query
        super().__init__(attrs)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.lookup = self.lookup
        copy.known = {}
        return copy

    def remember(self, value):
        """Records the cleaned value(s) (``core.filters.FilterSet.is_valid``), so rendering reads nothing."""
        for obj in value if isinstance(value, (list, tuple)) or hasattr(value, "model") else [value]:
            if getattr(obj, "pk", None) is not None:
                self.known[obj.pk] = obj

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({"data-lookup": reverse(self.lookup), "data-placeholder": _("Gõ để tìm…")})
        return context

    def _selected_ids(self, value):
        """The ids in ``value`` that could name a record: a form sent back with junk (a word, a number past the
        database's integers) shows no option for it, and asks the database nothing about it."""
        ids = []
        for item in value:
            try:
                number = int(item)
            except (TypeError, ValueError):
                continue
            if 0 < number <= MAX_ID:
                ids.append(number)
        return ids

    def optgroups(self, name, value, attrs=None):
        # One query for the selected record(s), none without a selection; never the whole queryset.
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None:
            return super().optgroups(name, value, attrs)
        choices = []
        if field.empty_label is not None and not self.allow_multiple_selected:
            choices.append(("", field.empty_label))
        ids = self._selected_ids(value)
        missing = [pk for pk in ids if pk not in self.known]
        found = dict(self.known)
        if missing:
            found.update((obj.pk, obj) for obj in field.queryset.filter(pk__in=missing))
        choices.extend(iterator.choice(found[pk]) for pk in ids if pk in found)
        groups = []
        for index, (option_value, label) in enumerate(choices):
            selected = str(option_value) in value
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


class LookupSelectMultiple(LookupSelect, forms.SelectMultiple):
    """``LookupSelect`` for several records: the chosen ones rendered, more found as one types."""
