"""Vietnamese text in the database: the folded search column, its filter, and Vietnamese collation.

A searchable model keeps ``search_text``, the ``core.text.fold`` of the fields people search it by
(``SEARCH_FIELDS``), computed on every ``save()`` and by the audited bulk helpers (``core.audit``).
Every search box (the lists' ``q`` filters, the admin, the reminder deliveries page) folds what was typed
the same way and looks for it in that column, so "dong anh" finds "Đông Anh" and "hoa" finds "Hòa"
and "Hoà", on SQLite as on PostgreSQL. On PostgreSQL a trigram index (``TrigramIndex``) keeps that fast.

``Vietnamese("name")`` orders by a name in Vietnamese alphabetical order: ICU's "vi-x-icu" collation on
PostgreSQL, and on SQLite a collation "vi" registered on each connection with ``core.text.compare``.
``ordering_term`` applies it to every ``?ordering=`` by a name or title, on the pages and in the API.
``listed_order`` orders choices by a stated order (a status by its lifecycle), not by their codes.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.migrations.operations.base import Operation
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .text import compare, fold

ICU_VIETNAMESE = "vi-x-icu"


class Vietnamese(Collate):
    """``expression`` compared in Vietnamese alphabetical order (``Vietnamese("name")`` in an ordering)."""

    def __init__(self, expression):
        super().__init__(expression, "vi")

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(ICU_VIETNAMESE)
        return self.as_sql(compiler, connection, **extra_context)


# Fields holding a name or a title people read: a list ordered by one follows the Vietnamese alphabet ("Ba Đình"
# before "Ba Vì"), not the code points ("Đ" after "V"). Codes, usernames and dates keep their stored order.
NAME_FIELDS = frozenset({"name", "title", "full_name", "short_name", "first_name", "last_name"})


def ordering_term(term):
    """An ordering term ("name", "-lead_agency__name") as lists sort it: a name or title (``NAME_FIELDS``, through
    relations too) in Vietnamese order, anything else as it is. The one rule behind ``?ordering=`` on the pages
    (``core.filters.OrderingFilter``) and in the API (``core.filters.APIOrderingFilter``)."""
    if not isinstance(term, str):
        return term
    field = term.lstrip("-")
    if field.rsplit("__", 1)[-1] not in NAME_FIELDS:
        return term
    return Vietnamese(field).desc() if term.startswith("-") else Vietnamese(field).asc()


class ListedOrder(models.Expression):
    """``CASE WHEN field = values[0] THEN 0 WHEN field = values[1] THEN 1 … ELSE len(values) END``, the SQL of a
    ``Case`` of ``When(Exact(F(field), value))``, as one expression: Django resolves and compiles a Case clause by
    clause (some 25 expressions for the eight agency kinds, half the compiling of a query ordered by agency, on
    every query of agencies); this one compiles its field once. Its only source is ``F(field)``, which an
    ordering through a relation (``order_by("agency")``) re-prefixes."""

    output_field = models.IntegerField()

    def __init__(self, field, values):
        super().__init__()
        self.ranked = F(field) if isinstance(field, str) else field
        self.values = tuple(values)

    def get_source_expressions(self):
        return [self.ranked]

    def set_source_expressions(self, exprs):
        (self.ranked,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.ranked)
        target = self.ranked.output_field
        whens, when_params = [], []
        for rank, value in enumerate(self.values):
            whens.append(f"WHEN {sql} = %s THEN %s")
            when_params += [*params, target.get_db_prep_value(value, connection, prepared=False), rank]
        return f"CASE {' '.join(whens)} ELSE %s END", (*when_params, len(self.values))


def listed_order(field, values):
    """Orders ``field`` by its place in ``values`` (a lifecycle, an administrative order), unknown last.

    Choices are stored as English codes, whose alphabetical order means nothing to a reader.
    """
    return ListedOrder(field, values)


def people_order(prefix=""):
    """People in Vietnamese order: by tên (``first_name``), then họ đệm (``last_name``), then username."""
    return [Vietnamese(f"{prefix}first_name").asc(), Vietnamese(f"{prefix}last_name").asc(), f"{prefix}username"]


@receiver(connection_created, dispatch_uid="core.search.sqlite_vietnamese_collation")
def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", compare)


class Searchable(models.Model):
    """A model found by search boxes through ``search_text``; subclasses name their ``SEARCH_FIELDS``."""

    SEARCH_FIELDS = ()

    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def searchable_text(self):
        return fold(" ".join(str(getattr(self, name) or "") for name in self.SEARCH_FIELDS))

    def refresh_search_text(self):
        self.search_text = self.searchable_text()
        return self.search_text

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


def is_searchable(model):
    return isinstance(model, type) and issubclass(model, Searchable)


def search_q(value, prefix=""):
    """The condition "``value`` folded appears in the search column" (of the related ``prefix`` record)."""
    lookup = f"{prefix}__search_text__contains" if prefix else "search_text__contains"
    return Q(**{lookup: fold(value)})


def search(queryset, value, prefix=""):
    """``queryset`` narrowed to records whose search column holds ``value`` folded; blank searches nothing."""
    if not fold(value):
        return queryset
    return queryset.filter(search_q(value, prefix))


def _search_prefix(model, path):
    """The relation prefix whose search column covers the search field ``path`` (``"agency__name"`` →
    ``"agency"``), or None when no searchable model folds that field."""
    prefix, parts = [], path.lstrip("^=@").split("__")
    for part in parts[:-1]:
        try:
            model = model._meta.get_field(part).related_model
        except Exception:
            return None
        if model is None:
            return None
        prefix.append(part)
    if is_searchable(model) and parts[-1] in model.SEARCH_FIELDS:
        return "__".join(prefix)
    return None


def folded_condition(model, search_fields, term):
    """The admin's search through the folded columns: every word of ``term`` found in the search column of
    one of the records ``search_fields`` reach; None when none of them is folded or nothing was typed."""
    prefixes = []
    for path in search_fields:
        prefix = _search_prefix(model, path)
        if prefix is not None and prefix not in prefixes:
            prefixes.append(prefix)
    words = fold(term).split()
    if not prefixes or not words:
        return None
    condition = Q()
    for word in words:
        either = Q()
        for prefix in prefixes:
            either |= search_q(word, prefix)
        condition &= either
    return condition


class TrigramIndex(Operation):
    """On PostgreSQL, a pg_trgm GIN index on a model's ``search_text`` (``LIKE '%…%'`` then uses it).

    SQLite has no such index and is left alone, so the same migrations run on both databases.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name):
        self.model_name = model_name

    def _table(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = self._table(app_label, to_state)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" ON "{table}" USING gin (search_text gin_trgm_ops)'
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self._table(app_label, from_state)}_search_trgm"')

    def describe(self):
        return f"Trigram index on {self.model_name}.search_text (PostgreSQL only)"

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name], {}


class Backfill(Operation):
    """Fill ``search_text`` for the records already stored (a data migration; history is not touched)."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name, fields):
        self.model_name = model_name
        self.fields = list(fields)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        # Historical models in migrations have plain managers, so update() is allowed here.
        for pk, *values in model._base_manager.using(schema_editor.connection.alias).values_list("pk", *self.fields):
            text = fold(" ".join(str(value or "") for value in values))
            model._base_manager.using(schema_editor.connection.alias).filter(pk=pk).update(search_text=text)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Fill {self.model_name}.search_text"

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.fields], {}
