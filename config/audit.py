"""The audit trail's guard rails, shared by every app.

Every model whose changes matter keeps a django-simple-history trail (who, when, old → new, why).
Two things could slip past it: ``QuerySet.update()`` and the bulk operations, which send no signals.
Audited models therefore use ``AuditedManager``, whose querysets refuse those calls unless they run
through ``audited_bulk_update`` / ``audited_bulk_create``, which write the history rows in the same
transaction.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

_bulk_write_allowed = ContextVar("audited_bulk_write_allowed", default=False)


class AuditBypassError(RuntimeError):
    """Raised when code tries to change an audited model without leaving history."""


class AuditedQuerySet(models.QuerySet):
    """A queryset whose writes always leave history: bulk writes go through the audited helpers."""

    def _refuse_unless_allowed(self, operation):
        if not _bulk_write_allowed.get():
            raise AuditBypassError(
                f"{self.model.__name__}.objects.{operation}() would change audited data without history; "
                "save each object (with a user and a reason) or use config.audit.audited_bulk_update()."
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
def _bulk_writes_allowed():
    token = _bulk_write_allowed.set(True)
    try:
        yield
    finally:
        _bulk_write_allowed.reset(token)


def audited_bulk_update(objs, fields, *, actor, reason, model=None):
    """Update many objects at once and write one history row per object, with user and reason."""
    objs = list(objs)
    if not objs:
        return 0
    model = model or type(objs[0])
    with _bulk_writes_allowed():
        return bulk_update_with_history(objs, model, fields, default_user=actor, default_change_reason=reason)


def audited_bulk_create(objs, *, actor, reason, model=None):
    """Create many objects at once and write one history row per object, with user and reason."""
    objs = list(objs)
    if not objs:
        return []
    model = model or type(objs[0])
    with _bulk_writes_allowed():
        return bulk_create_with_history(objs, model, default_user=actor, default_change_reason=reason)


def history(**kwargs):
    """The HistoricalRecords every audited model uses: reasons are free text, not 100 characters."""
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    kwargs.setdefault("cascade_delete_history", False)
    return HistoricalRecords(**kwargs)
