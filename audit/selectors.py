"""The system-wide audit log: every change of every audited record, and every login, newest first.

Every model with a history (django-simple-history) is a kind of object in the log, found in the app
registry: a model that gains history joins the log without a line here.
"""

import datetime
import functools
import types
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, Q, Value
from django.utils import timezone

from accounts.models import AuthEvent
from core.exports import EXPORT_CHUNK_SIZE
from core.history import entries_for_pages, history_model

AUTH_KIND = "auth"


def audited_models():
    """Every model that keeps history, tasks first: the order the log offers them as "kind of object"."""
    models = [model for model in apps.get_models() if getattr(model._meta, "simple_history_manager_attribute", None)]
    return sorted(models, key=_log_order)


# The kinds people look for most come first in the log's filter; a model that gains history later is
# offered after these, by name.
LOG_ORDER = [
    "tasks.task",
    "tasks.extensionrequest",
    "tasks.progressreport",
    "clusters.cluster",
    "clusters.clusterreport",
    "agencies.agency",
    "tasks.responsibility",
    "agencies.membership",
    "tasks.plan",
    "tasks.taskgroup",
    "tasks.target",
]


def _log_order(model):
    label = model._meta.label_lower
    return (LOG_ORDER.index(label) if label in LOG_ORDER else len(LOG_ORDER), label)


@functools.cache
def audit_kinds():
    """{kind: model} for every audited model; a kind is the model's label, e.g. "tasks.task". Read once: the
    models are those of the app registry, and a page asks for every row's kind."""
    return types.MappingProxyType({model._meta.label_lower: model for model in audited_models()})


@dataclass
class AuditFilter:
    user: object = None
    agency: object = None
    kind: str = ""  # a key of audit_kinds(), or AUTH_KIND
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Cursor:
    """A row's place in the log's total order: newest first by time, then kind, then id (ids repeat across
    kinds). A page starts after one; in a URL it is ``<microseconds since 1970>.<kind>.<id>``."""

    at: datetime.datetime
    kind: str
    id: int

    EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

    def __str__(self):
        return f"{(self.at - self.EPOCH) // datetime.timedelta(microseconds=1)}.{self.kind}.{self.id}"

    @classmethod
    def parse(cls, text):
        """The cursor written in ``text``, or None for anything else (a hand-edited URL is the first page)."""
        micros, _dot, rest = (text or "").partition(".")
        kind, _dot, object_id = rest.rpartition(".")
        # ASCII digits only: "²".isdigit() is true, and int() of it a ValueError.
        digits = micros.isascii() and micros.isdigit() and object_id.isascii() and object_id.isdigit()
        if not (digits and (kind in audit_kinds() or kind == AUTH_KIND)):
            return None
        try:
            return cls(cls.EPOCH + datetime.timedelta(microseconds=int(micros)), kind, int(object_id))
        except OverflowError:
            return None


def _rank(kind):
    """A number per kind, to order rows of the same instant: compared the same in Python and SQL (a string's
    order would depend on the database's collation)."""
    return _ranks()[kind]


@functools.cache
def _ranks():
    return {kind: rank for rank, kind in enumerate(sorted([*audit_kinds(), AUTH_KIND]))}


def _beyond(kind, date_field, id_field, cursor, older):
    """The rows of one source past ``cursor`` in the log's order (older rows, or newer ones): a condition on
    the source's own date and id, which its history_date index serves."""
    after = "lt" if older else "gt"
    same_time = "lte" if older else "gte"
    if kind == cursor.kind:
        return Q(**{f"{date_field}__{after}": cursor.at}) | Q(
            **{date_field: cursor.at, f"{id_field}__{after}": cursor.id}
        )
    # At the same instant, kinds follow one another by rank (descending, as the ids).
    kind_is_past = _rank(kind) < _rank(cursor.kind) if older else _rank(kind) > _rank(cursor.kind)
    return Q(**{f"{date_field}__{same_time if kind_is_past else after}": cursor.at})


def _audit_sources(filters, cursor=None, older=True):
    """One values() queryset per source (each audited history table, and the login records), each past
    ``cursor`` when one is given."""
    users = None
    if filters.agency is not None:
        users = get_user_model().objects.filter(memberships__agency=filters.agency).values("pk")
    sources = []
    kinds = [filters.kind] if filters.kind else [*audit_kinds(), AUTH_KIND]
    for kind in kinds:
        if kind != AUTH_KIND and kind not in audit_kinds():
            continue
        template, date_field, user_field, id_field = _source(kind)
        qs = template.all()  # a copy: the kept one is never evaluated
        if filters.user is not None:
            qs = qs.filter(**{user_field: filters.user})
        if users is not None:
            qs = qs.filter(**{f"{user_field}__in": users})
        if filters.date_from:
            qs = qs.filter(**{f"{date_field}__gte": _day_start(filters.date_from)})
        if filters.date_to:
            qs = qs.filter(**{f"{date_field}__lt": _day_start(filters.date_to + datetime.timedelta(days=1))})
        if cursor is not None:
            qs = qs.filter(_beyond(kind, date_field, id_field, cursor, older))
        sources.append(qs)
    return sources


@functools.cache
def _source(kind):
    """(the rows of one source as the union reads them, its date, user and id fields): built once per kind, as
    some 25 sources each cost a page several querysets built again on every request. A row is (id, time, kind,
    rank, the id of the object it is about: the record's, or the person's who logged in)."""
    if kind == AUTH_KIND:
        qs, date_field, user_field, id_field = AuthEvent.objects.all(), "occurred_at", "user", "pk"
        object_field = "user"
    else:
        qs, date_field = history_model(audit_kinds()[kind]).objects.all(), "history_date"
        user_field, id_field, object_field = "history_user", "history_id", "id"
    rows = (
        qs.order_by()
        .annotate(audit_kind=Value(kind, output_field=CharField()), audit_rank=Value(_rank(kind)))
        .values_list(id_field, date_field, "audit_kind", "audit_rank", object_field)
    )
    return rows, date_field, user_field, id_field


@dataclass
class LogPage:
    """A page of the log: its entries, newest first, and the cursors of the pages beside it (None: none)."""

    entries: list
    newer: Cursor | None
    older: Cursor | None


class AuditLog:
    """The audit log, newest first across all sources, read a page at a time by keyset.

    ``page(before=…)`` / ``page(after=…)`` finds the page's rows with one UNION ALL ordered by (time, kind, id)
    and limited to a page and one more row; each source carries the keyset condition, so PostgreSQL walks each
    history_date index (a merge of index scans) and stops after a page, never counting or sorting the whole
    log. Then each kind on the page is read and diffed in a fixed number of queries. Pages do not shift as
    rows are added: a page starts after a row, not at a row number.

    It is also a sliceable sequence (``count()``/``log[a:b]``) for the tests of what the union holds.
    """

    def __init__(self, filters=None):
        self.filters = filters or AuditFilter()

    def _union(self, cursor=None, older=True, limit=None):
        sources = _audit_sources(self.filters, cursor, older)
        if not sources:
            return None
        if limit is not None and len(sources) > 1 and connection.features.supports_slicing_ordering_in_compound:
            # Each source is cut to the page before the union (PostgreSQL): each walks its own history_date
            # index and stops, instead of the union being sorted whole. SQLite cannot order inside a UNION.
            sign = "-" if older else ""
            sources = [
                source.order_by(*(f"{sign}{field}" for field in source.query.values_select[1::-1]))[:limit]
                for source in sources
            ]
        union = sources[0].union(*sources[1:], all=True) if len(sources) > 1 else sources[0]
        # The union's columns take the first source's names.
        date_field = "occurred_at" if self.filters.kind == AUTH_KIND else "history_date"
        id_field = "id" if self.filters.kind == AUTH_KIND else "history_id"
        sign = "-" if older else ""
        return union.order_by(f"{sign}{date_field}", f"{sign}audit_rank", f"{sign}{id_field}")

    def count(self):
        union = self._union()
        return union.count() if union is not None else 0

    __len__ = count

    def __getitem__(self, index):
        if isinstance(index, slice):
            union = self._union()
            return self._materialise(list(union[index])) if union is not None else []
        return self[index : index + 1][0]

    def page(self, size, *, before=None, after=None):
        """The ``size`` rows older than ``before``, or newer than ``after``, or the newest ones."""
        older = after is None
        union = self._union(before if older else after, older, limit=size + 1)
        rows = list(union[: size + 1]) if union is not None else []
        more = len(rows) > size
        rows = rows[:size] if older else rows[:size][::-1]
        if not rows:
            return LogPage([], None, None)
        # Past a cursor there is always its own row on the other side.
        has_newer = before is not None if older else more
        has_older = more if older else True
        first, last = (Cursor(at, kind, row_id) for row_id, at, kind, *_rest in (rows[0], rows[-1]))
        return LogPage(self._materialise(rows), first if has_newer else None, last if has_older else None)

    def iterate(self, limit, chunk=EXPORT_CHUNK_SIZE):
        """The log's entries newest first, up to ``limit``, read ``chunk`` at a time (for exports)."""
        cursor, given = None, 0
        while given < limit:
            page = self.page(min(chunk, limit - given), before=cursor)
            yield from page.entries
            given += len(page.entries)
            if page.older is None:
                return
            cursor = page.older

    def _materialise(self, rows):
        by_kind = {}
        for row_id, at, kind, _rank, object_id in rows:
            ids, object_ids, newest = by_kind.get(kind, ([], set(), at))
            ids.append(row_id)
            object_ids.add(object_id)
            by_kind[kind] = (ids, object_ids, max(newest, at))
        found = {}
        if AUTH_KIND in by_kind:
            for event in AuthEvent.objects.filter(pk__in=by_kind.pop(AUTH_KIND)[0]).select_related("user", "actor"):
                found[(AUTH_KIND, event.pk)] = event
        # Every kind at once: the names their records show (people, agencies, tasks) are read once for the page.
        kinds = list(by_kind)
        pages = [(audit_kinds()[kind], ids, object_ids, newest) for kind, (ids, object_ids, newest) in by_kind.items()]
        for kind, entries in zip(kinds, entries_for_pages(pages), strict=True):
            for entry in entries:
                found[(kind, entry.history_id)] = entry
        return [found[(kind, row_id)] for row_id, _at, kind, *_rest in rows if (kind, row_id) in found]
