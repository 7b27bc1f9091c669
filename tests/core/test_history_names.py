"""A history names many records at once (``core.history``): of a model that lists what its ``__str__`` reads
(``NAME_FIELDS``), it reads those columns alone, so the list must be whole: a column left out would cost a query per
record named, or name it wrongly."""

import datetime

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db

NAMED_MODELS = sorted((m for m in apps.get_models() if hasattr(m, "NAME_FIELDS")), key=lambda m: m._meta.label)


def _sample(field):
    if field.choices:
        return field.flatchoices[0][0]
    if isinstance(field, models.DateField):
        return datetime.date(2026, 6, 30)
    if isinstance(field, models.IntegerField):
        return 7
    return "Tên mẫu"


@pytest.mark.parametrize("model", NAMED_MODELS, ids=lambda model: model._meta.label)
def test_a_record_read_with_only_its_name_fields_names_itself_as_the_whole_record(model, django_assert_num_queries):
    fields = [f for f in model._meta.concrete_fields if f.attname in model.NAME_FIELDS]
    values = [_sample(f) for f in fields]
    whole = model(**{f.attname: value for f, value in zip(fields, values, strict=True)})
    named = model.from_db("default", [f.attname for f in fields], values)  # the others deferred, as only() leaves them
    with django_assert_num_queries(0):
        assert str(named) == str(whole)


def test_the_models_the_audit_log_names_most_list_their_name_fields():
    assert {m._meta.label for m in NAMED_MODELS} >= {"tasks.Task", "clusters.Cluster", "agencies.Agency"}
