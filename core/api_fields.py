"""Serializer fields shared by the API's serializers."""

from django.utils.translation import get_language
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject


class LabelField(serializers.CharField):
    """The label, in the request's language, of a choice field: ``LabelField(source="status")``.

    The labels are read from the model field's choices (or ``choices=`` for an annotation such as the
    deadline status) and turned into text once per language. ``source="get_status_display"`` costs a
    lazy translation and DRF's inspection of a bound method for every field of every row: a quarter of a
    task list page's time.
    """

    def __init__(self, *, choices=None, none_label=None, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self._choices = choices
        self._none_label = none_label  # the label of a null value (a cancelled task's deadline status)
        self._labels = {}

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        if self._choices is None:
            self._choices = parent.Meta.model._meta.get_field(self.source).choices

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        # DRF writes null for a None attribute without asking the field; a null with a label of its own is
        # passed on as the empty string, which no choice uses.
        return "" if value is None and self._none_label is not None else value

    def labels(self):
        """The labels in the request's language, by value (``""``: the label of null, when it has one)."""
        language = get_language()
        labels = self._labels.get(language)
        if labels is None:
            labels = {key: str(label) for key, label in self._choices}
            if self._none_label is not None:
                labels[""] = str(self._none_label)
            self._labels[language] = labels
        return labels

    def to_representation(self, value):
        return self.labels().get(value, str(value))


def listed(name):
    """The attribute ``fill_listed`` sets on each row: the ids of its related records, for
    ``ListedManyRelatedField``."""
    return f"listed_{name}"


def fill_listed(rows, *names):
    """Sets ``listed(name)`` on each of ``rows`` (records of one model) to its many-to-many relation ``name`` as
    ids, in the related model's own order: one query of two id columns per relation.

    Django's ``prefetch_related`` builds a record of the related model for each pair and a queryset for each row;
    the API's lists show only the ids (a third of a 50-task page's time went there)."""
    if not rows:
        return
    meta = rows[0]._meta
    for name in names:
        field = meta.get_field(name)
        reverse = field.related_query_name()
        by_row = {row.pk: [] for row in rows}
        pairs = field.related_model._default_manager.filter(**{f"{reverse}__in": list(by_row)})
        for owner, pk in pairs.values_list(reverse, "pk"):
            by_row[owner].append(PKOnlyObject(pk))
        for row in rows:
            setattr(row, listed(name), by_row[row.pk])


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A many-to-many field read from ``listed(source)`` when the view filled it (``fill_listed``).

    Without it (a single record, a new one) the relation is read as ever.
    """

    def get_attribute(self, instance):
        rows = getattr(instance, listed(self.source), None)
        return rows if rows is not None else super().get_attribute(instance)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's, whose ``many=True`` fields read a list view's prefetched list (``ListedManyRelatedField``); a
    ModelSerializer takes it as ``serializer_related_field``."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's own, with the list field swapped
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update((key, value) for key, value in kwargs.items() if key in MANY_RELATION_KWARGS)
        return ListedManyRelatedField(**list_kwargs)
