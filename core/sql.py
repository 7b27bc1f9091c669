"""SQL the ORM does not write the way PostgreSQL plans best.

``field__any=[…]``: "id = ANY(%s)" with the whole list as one array parameter on PostgreSQL, where ``__in``
writes one parameter per value: for an agency's 1,346 task ids, psycopg binding 2,692 parameters cost ~90 ms
against the query's 8 ms (/my/). Elsewhere (SQLite) it is ``IN (…)``, as ``__in``.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


@Field.register_lookup
class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if self.rhs_is_direct_value():
            lhs, lhs_params = self.process_lhs(compiler, connection)
            # Prepared already (``In.get_prep_lookup``): only what the database needs is left to do.
            prep = self.lhs.output_field.get_db_prep_value
            values = [prep(v, connection, prepared=True) for v in self.rhs if v is not None]
            if not values:
                raise EmptyResultSet  # as ``__in=[]``: nothing matches, and no query is run
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        return super().as_sql(compiler, connection)


@ForeignObject.register_lookup
class RelatedAnyOf(RelatedIn):
    """``fk__any=[ids]``, as ``fk__in``."""

    lookup_name = "any"
    as_postgresql = AnyOf.as_postgresql
