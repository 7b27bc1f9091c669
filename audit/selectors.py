"""The system-wide audit log: every change of every audited record, and every login, newest first.

Every model with a history (django-simple-history) is a kind of object in the log, found in the app
registry: a model that gains history joins the log without a line here.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Value
from django.utils import timezone

from accounts.models import AuthEvent
from core.history import entries_for

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
    "agencies.responsibility",
    "agencies.membership",
    "tasks.plan",
    "tasks.taskgroup",
    "tasks.target",
]


def _log_order(model):
    label = model._meta.label_lower
    return (LOG_ORDER.index(label) if label in LOG_ORDER else len(LOG_ORDER), label)


def audit_kinds():
    """{kind: model} for every audited model; a kind is the model's label, e.g. "tasks.task"."""
    return {model._meta.label_lower: model for model in audited_models()}


@dataclass
class AuditFilter:
    user: object = None
    agency: object = None
    kind: str = ""  # a key of audit_kinds(), or AUTH_KIND
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _audit_sources(filters):
    """One values() queryset per source (each audited history table, and the login records)."""
    users = None
    if filters.agency is not None:
        users = get_user_model().objects.filter(memberships__agency=filters.agency).values("pk")
    sources = []
    kinds = [filters.kind] if filters.kind else [*audit_kinds(), AUTH_KIND]
    for kind in kinds:
        if kind == AUTH_KIND:
            qs, date_field, user_field, id_field = AuthEvent.objects.all(), "occurred_at", "user", "pk"
        elif kind in audit_kinds():
            qs, date_field = audit_kinds()[kind].history.model.objects.all(), "history_date"
            user_field, id_field = "history_user", "history_id"
        else:
            continue
        if filters.user is not None:
            qs = qs.filter(**{user_field: filters.user})
        if users is not None:
            qs = qs.filter(**{f"{user_field}__in": users})
        if filters.date_from:
            qs = qs.filter(**{f"{date_field}__gte": _day_start(filters.date_from)})
        if filters.date_to:
            qs = qs.filter(**{f"{date_field}__lt": _day_start(filters.date_to + datetime.timedelta(days=1))})
        sources.append(
            qs.order_by()
            .annotate(audit_kind=Value(kind, output_field=CharField()))
            .values_list(id_field, date_field, "audit_kind")
        )
    return sources


class AuditLog:
    """The audit log as a sliceable sequence (for Django's Paginator): newest first, across all sources.

    One UNION query finds the page's rows; then each kind on the page is read and diffed in a fixed
    number of queries. ``len()`` is one more query.
    """

    def __init__(self, filters=None):
        self.filters = filters or AuditFilter()
        sources = _audit_sources(self.filters)
        self._union = (
            sources[0].union(*sources[1:], all=True) if len(sources) > 1 else (sources[0] if sources else None)
        )

    def count(self):
        return self._union.count() if self._union is not None else 0

    __len__ = count

    def __getitem__(self, index):
        if self._union is None:
            return []
        if isinstance(index, slice):
            rows = list(self._union.order_by("-history_date" if self._first_date_field() else "-occurred_at")[index])
            return self._materialise(rows)
        return self[index : index + 1][0]

    def _first_date_field(self):
        kind = self.filters.kind
        return not kind or kind != AUTH_KIND

    def _materialise(self, rows):
        by_kind = {}
        for object_id, _at, kind in rows:
            by_kind.setdefault(kind, []).append(object_id)
        found = {}
        for kind, ids in by_kind.items():
            if kind == AUTH_KIND:
                for event in AuthEvent.objects.filter(pk__in=ids).select_related("user"):
                    found[(kind, event.pk)] = event
            else:
                model = audit_kinds()[kind]
                for entry in entries_for(model, model.history.model.objects.filter(history_id__in=ids)):
                    found[(kind, entry.history_id)] = entry
        return [found[(kind, object_id)] for object_id, _at, kind in rows if (kind, object_id) in found]
