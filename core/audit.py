"""The audit trail's guard rails, shared by every app.

Every model whose changes matter keeps a django-simple-history trail (who, when, old → new, why).
Two things could slip past it: ``QuerySet.update()`` and the bulk operations, which send no signals.
Audited models therefore use ``AuditedManager``, whose querysets refuse those calls unless they run
through ``audited_bulk_update`` / ``audited_bulk_create``, which write the history rows in the same
transaction.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.utils import timezone
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import cache
from .search import is_searchable
from .text import display_name

_bulk_write_allowed = ContextVar("audited_bulk_write_allowed", default=False)


class AuditBypassError(RuntimeError):
    """Raised when code tries to change an audited model without leaving history."""


class AuditedQuerySet(models.QuerySet):
    """A queryset whose writes always leave history: bulk writes go through the audited helpers."""

    def _refuse_unless_allowed(self, operation):
        if not _bulk_write_allowed.get():
            raise AuditBypassError(
                f"{self.model.__name__}.objects.{operation}() would change audited data without history; "
                "save each object (with a user and a reason) or use core.audit.audited_bulk_update()."
            )

    def update(self, **kwargs):
        self._refuse_unless_allowed("update")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse_unless_allowed("bulk_update")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        self._refuse_unless_allowed("bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def update_or_create(self, *args, **kwargs):
        # Goes through save(), so history is kept; listed here only to make the contract explicit.
        return super().update_or_create(*args, **kwargs)


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)


@contextmanager
def _bulk_writes_allowed(model):
    token = _bulk_write_allowed.set(True)
    try:
        yield
    finally:
        _bulk_write_allowed.reset(token)
        # Bulk writes send no signal: the cached values reading the model's domain are dropped here.
        cache.bump_for(model)


def audited_bulk_update(objs, fields, *, actor, reason, model=None):
    """Update many objects at once and write one history row per object, with user and reason."""
    objs = list(objs)
    if not objs:
        return 0
    model = model or type(objs[0])
    if hasattr(model, "refresh_derived_fields") and set(fields) & set(getattr(model, "DERIVED_FROM", ())):
        for obj in objs:
            obj.refresh_derived_fields()
        fields = [*fields, *model.DERIVED_FIELDS]
    if is_searchable(model) and set(fields) & set(model.SEARCH_FIELDS):
        # Bulk writes skip save(): the search column is kept in step here.
        for obj in objs:
            obj.refresh_search_text()
        fields = [*fields, "search_text"]
    if _has_updated_at(model):
        # bulk_update skips auto_now: set it, or an incremental sync (``updated_after``) would miss the change.
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields = [*(f for f in fields if f != "updated_at"), "updated_at"]
    with _bulk_writes_allowed(model), transaction.atomic(savepoint=False):
        rows = bulk_update_with_history(objs, model, fields, default_user=actor, default_change_reason=reason)
        _refresh_after_bulk(model, objs)
    return rows


def _refresh_after_bulk(model, objs):
    """Bulk writes send no signal: a model whose rows others keep copies of (``refresh_after_bulk``, e.g. a task's
    date of its latest progress report) has them refreshed here, as its signals do for a single save."""
    refresh = getattr(model, "refresh_after_bulk", None)
    if refresh is not None:
        refresh(objs)


def _has_updated_at(model):
    """Records the API lists carry ``updated_at`` (auto_now), which bulk writes must set themselves."""
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def audited_bulk_set(objs, *, actor, reason, model=None, **values):
    """Give many objects the same ``values`` in one UPDATE and write one history row per object.

    The fast path for a change that is the same for every object (a status moving on, a deadline set):
    ``audited_bulk_update`` writes a CASE per field with a branch per object, far slower for large batches.
    """
    objs = list(objs)
    if not objs:
        return 0
    model = model or type(objs[0])
    if is_searchable(model) and set(values) & set(model.SEARCH_FIELDS):
        raise ValueError("audited_bulk_set() cannot change searched fields; use audited_bulk_update().")
    if set(values) & set(getattr(model, "DERIVED_FROM", ())):
        raise ValueError("audited_bulk_set() cannot change fields others derive from; use audited_bulk_update().")
    if _has_updated_at(model):
        values = {**values, "updated_at": timezone.now()}  # update() skips auto_now, as bulk_update does
    for obj in objs:
        for name, value in values.items():
            setattr(obj, name, value)
    with _bulk_writes_allowed(model), transaction.atomic(savepoint=False):
        rows = model._default_manager.filter(pk__in=[obj.pk for obj in objs]).update(**values)
        model.history.bulk_history_create(objs, update=True, default_user=actor, default_change_reason=reason)
        _refresh_after_bulk(model, objs)
    return rows


def audited_bulk_create(objs, *, actor, reason, model=None):
    """Create many objects at once and write one history row per object, with user and reason."""
    objs = list(objs)
    if not objs:
        return []
    model = model or type(objs[0])
    if hasattr(model, "refresh_derived_fields"):
        for obj in objs:
            obj.refresh_derived_fields()
    if is_searchable(model):
        for obj in objs:
            obj.refresh_search_text()
    with _bulk_writes_allowed(model), transaction.atomic(savepoint=False):
        created = bulk_create_with_history(objs, model, default_user=actor, default_change_reason=reason)
        _refresh_after_bulk(model, created)
    return created


def refresh_derived(queryset, **values):
    """Set copies kept for speed (fields the model's history leaves out, e.g. ``Task.group_number``) on the
    rows of ``queryset``: nothing audited changes, so no history is written. Refuses any other field."""
    model = queryset.model
    allowed = {*getattr(model, "DERIVED_FIELDS", ()), *getattr(model, "KEPT_BY_OTHERS", ())}
    if not values or set(values) - allowed:
        raise AuditBypassError(f"{model.__name__}: only {sorted(allowed)} may be refreshed without history.")
    if _has_updated_at(model):
        # The copies are in the API's answers: a client syncing by ``updated_after`` must see them change.
        values = {**values, "updated_at": timezone.now()}
    with _bulk_writes_allowed(model):
        return queryset.update(**values)


def park(queryset, field, offset):
    """Move ``field`` of ``queryset``'s rows out of the way (``+ offset``) without history, inside the caller's
    transaction: for a unique number being dealt out again among rows (a plan's group numbers), which the caller then
    saves, each with its final value and one history record. The parked values never outlive the transaction."""
    if transaction.get_autocommit(queryset.db):
        raise AuditBypassError("park() only moves rows inside a transaction that saves their final values.")
    with _bulk_writes_allowed(queryset.model):
        return queryset.update(**{field: models.F(field) + offset})


class AppendOnlyHistoricalQuerySet(HistoricalQuerySet):
    """History is append-only for everyone, superusers included: no update, no delete."""

    def update(self, **kwargs):
        raise AuditBypassError("History records cannot be changed.")

    def delete(self):
        raise AuditBypassError("History records cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditBypassError("History records cannot be changed.")


def history(**kwargs):
    """The HistoricalRecords every audited model uses: append-only; reasons are free text."""
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    kwargs.setdefault("historical_queryset", AppendOnlyHistoricalQuerySet)
    kwargs.setdefault("cascade_delete_history", False)
    return HistoricalRecords(**kwargs)


class StaleVersionError(Exception):
    """An edit based on an outdated version of a record: someone else changed it in between."""

    def __init__(self, instance, changed_by=None, changed_at=None):
        self.instance = instance
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self):
        from django.utils import timezone
        from django.utils.formats import date_format
        from django.utils.translation import gettext as _

        who = display_name(self.changed_by, default=_("người khác"))
        when = date_format(timezone.localtime(self.changed_at), "H:i d/m/Y") if self.changed_at else _("vừa rồi")
        return _("Bản ghi này đã được %(who)s thay đổi lúc %(when)s; hãy tải lại trang để xem bản mới nhất.") % {
            "who": who,
            "when": when,
        }


def check_version(locked_instance, expected_version):
    """Raise StaleVersionError if ``expected_version`` is given and differs from the locked row's version.

    ``locked_instance`` must have been read with ``select_for_update()`` inside the caller's transaction,
    so nobody can slip in between this check and the save.
    """
    if expected_version is None or int(expected_version) == locked_instance.version:
        return
    latest = locked_instance.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    raise StaleVersionError(
        locked_instance,
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )


def is_versioned(model):
    """Records with a ``version`` (tasks, clusters) refuse edits based on a stale copy."""
    return any(f.name == "version" for f in model._meta.concrete_fields)


def record_save(instance, *, actor, reason, m2m=None, created=False):
    """Save ``instance`` (and set its many-to-many ``m2m`` values) leaving exactly one history record.

    An edit of a versioned record (``is_versioned``) moves its version on by one.

    simple-history would write one record for the save and one more per many-to-many change; here the
    row and its relations are written first without history, then one record captures them all, with
    the acting user and the reason. Call inside a transaction, after ``full_clean()``.
    """
    instance._history_user = actor
    instance._change_reason = reason
    if not created and is_versioned(type(instance)):
        # The one place a version moves on: every edit of a versioned record is saved here.
        instance.version += 1
    if not created and not m2m:
        instance.save()
        return instance
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    instance._history_type_override = "+" if created else None
    # A second save of the same values: its post_save writes the one history record, m2m included.
    instance.save()
    instance._history_type_override = None
    return instance
