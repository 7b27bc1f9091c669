"""Serializer fields shared by the API's serializers."""

import json

from django.db import models
from django.db.models import F, OuterRef, Subquery
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
    """The attribute ``fill_listed`` and ``with_listed`` set on each row: the ids of its related records (a list),
    for ``ListedManyRelatedField``."""
    return f"listed_{name}"


class ListedIds(Subquery):
    """The primary keys ``queryset`` selects (correlated to the outer row by ``OuterRef``), in its order, as one value
    per outer row: a list of ids. ``ARRAY(subquery)`` on PostgreSQL; on SQLite, which has no arrays, a JSON array
    built by ``json_group_array`` over the ordered subquery (SQLite aggregates a FROM subquery's rows in its ORDER BY),
    read back as a list. The two backends the project runs on; the queries of any other would fail."""

    template = "ARRAY(%(subquery)s)"
    sqlite_template = '(SELECT json_group_array("listed_id") FROM (%(subquery)s))'

    def __init__(self, queryset):
        super().__init__(queryset.values(listed_id=F("pk")), output_field=models.Field())

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra_context)

    def get_db_converters(self, connection):
        return [_id_list]


def _id_list(value, expression, connection):
    return json.loads(value) if isinstance(value, str) else value


def listed_ids(model, name):
    """``ListedIds`` of the many-to-many relation ``name`` of ``model``'s rows, in the related model's own order
    (``Meta.ordering``: agencies by focal point, kind and Vietnamese name, clusters by Vietnamese name…)."""
    field = model._meta.get_field(name)
    related = field.related_model
    return ListedIds(
        related._default_manager.filter(**{field.related_query_name(): OuterRef("pk")}).order_by(
            *related._meta.ordering
        )
    )


def with_listed(queryset, *names):
    """``queryset`` whose rows carry ``listed(name)`` for each many-to-many relation ``name``, read in its own
    query (``listed_ids``): one correlated subquery per row and relation, which PostgreSQL serves by the through
    table's and the related table's primary key indexes, instead of a query per relation joining every pair.
    Not for a DISTINCT queryset (a filter through a many-to-many relation): every row it reads before the DISTINCT
    would compute its lists (``fill_listed`` reads them for the page's rows alone)."""
    return queryset.annotate(**{listed(name): listed_ids(queryset.model, name) for name in names})


def fill_listed(rows, *names):
    """Sets ``listed(name)`` on each of ``rows`` (records of one model) to its many-to-many relation ``name`` as
    ids, in the related model's own order: one query for all the relations (``listed_ids``).

    Django's ``prefetch_related`` builds a record of the related model for each pair and a queryset for each row;
    the API's lists show only the ids (a third of a 50-task page's time went there)."""
    if not rows:
        return
    model = type(rows[0])
    read = model._default_manager.filter(pk__in=[row.pk for row in rows]).order_by()
    lists = {pk: ids for pk, *ids in read.values_list("pk", *(listed_ids(model, name) for name in names))}
    for row in rows:
        for name, ids in zip(names, lists[row.pk], strict=True):
            setattr(row, listed(name), ids)


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A many-to-many field read from ``listed(source)`` when the view filled it (``fill_listed``).

    Without it (a single record, a new one) the relation is read as ever.
    """

    def get_attribute(self, instance):
        ids = getattr(instance, listed(self.source), None)
        return [PKOnlyObject(pk) for pk in ids] if ids is not None else super().get_attribute(instance)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's, whose ``many=True`` fields read a list view's prefetched list (``ListedManyRelatedField``); a
    ModelSerializer takes it as ``serializer_related_field``."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's own, with the list field swapped
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update((key, value) for key, value in kwargs.items() if key in MANY_RELATION_KWARGS)
        return ListedManyRelatedField(**list_kwargs)
