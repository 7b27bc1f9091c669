"""Serializer fields shared by the API's serializers."""

from django.utils.translation import get_language
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS


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
    """The attribute a list view's ``Prefetch(name, …, to_attr=listed(name))`` fills with the related rows."""
    return f"listed_{name}"


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A many-to-many field read from ``listed(source)`` when the view prefetched it there.

    A prefetch into the relation itself leaves on every row a manager and a queryset cloned and filtered for
    it (two per task for the agencies and clusters: a third of the API list's time); a ``to_attr`` prefetch
    leaves a plain list. Without one (a single record, a new one) the relation is read as ever.
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
