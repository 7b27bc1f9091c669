"""What every app's services share: the error contract and the steps of a write.

A service is a function ``<entity>_<action>(*, actor, ...)``. It asks ``agencies.scoping`` whether the
actor may act, validates, writes in one transaction and leaves one history record with the user and a
reason. Its errors, and nothing else, reach the doors (pages, admin, API):

- ``django.core.exceptions.PermissionDenied``: the actor may not act (the scoping rule's message);
- ``django.core.exceptions.ValidationError`` with a field → messages dict: bad values, or a transition
  the record's state does not allow;
- ``StateConflict`` (a ``ValidationError``): the record is no longer in the state the request was built for
  (a request already decided, a task cancelled meanwhile, a double click); the API answers 409, the pages
  show the record as it now stands with the message;
- ``core.audit.StaleVersionError``: the edit was based on an outdated version.

Nothing is written when any of them is raised.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .audit import check_version, record_save


class StateConflict(ValidationError):
    """The record moved on since the request was built (another user acted first, or the same click twice).

    A ``ValidationError`` on ``field`` so that every door that shows field errors still can; the doors that
    know it answer 409 (API) or show the record as it now stands (pages).
    """

    def __init__(self, field, message):
        super().__init__({field: [message]})
        self.text = str(message)


def conflict(field, message):
    """Refuse because the record's state no longer allows the step (see ``StateConflict``)."""
    raise StateConflict(field, message)


def invalid(field, message):
    """Refuse with ``message`` on ``field`` (``"__all__"`` for the record as a whole)."""
    raise ValidationError({field: [message]})


def require_reason(reason, field="reason"):
    """The reason of a change, stripped; a blank one is refused."""
    return require_text(reason, field, _("Cần nêu lý do."))


def require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        invalid(field, message)
    return value


def as_date(value, field):
    """``value`` when it is a date (or None); anything else is refused on ``field``."""
    if value is None or isinstance(value, datetime.date):
        return value
    invalid(field, _("Ngày không hợp lệ."))


def check_fields(values, allowed):
    """Refuse every field of ``values`` that this service does not edit."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError({name: [_("Trường này không sửa được ở đây.")] for name in sorted(unknown)})


def lock(model, pk, expected_version=None, *, select_related=()):
    """The row ``pk`` of ``model``, read under a row lock inside the caller's transaction.

    Concurrent writers queue instead of overwriting each other. When ``expected_version`` is given (the
    version the editor loaded) and the row has moved on, ``StaleVersionError`` names who changed it.
    """
    locked = model._default_manager.select_for_update().select_related(*select_related).get(pk=pk)
    check_version(locked, expected_version)
    return locked


def save(instance, *, actor, reason, m2m=None, created=False, exclude=None):
    """Validate ``instance`` and save it with one history record (``core.audit.record_save``).

    A rule only the database knows (a constraint two writers raced past) becomes a form error, never a 500.
    """
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            record_save(instance, actor=actor, reason=reason, m2m=m2m, created=created)
    except IntegrityError as exc:
        raise ValidationError({"__all__": [_("Dữ liệu vi phạm ràng buộc của hệ thống; hãy kiểm tra lại.")]}) from exc
    return instance
