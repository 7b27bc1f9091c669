"""Locking and reopening a person's account.

``account_deactivate(*, actor, user, reason)`` stops the account at once: the save of ``is_active`` ends the
person's sessions, API tokens and calendar feed URL in the same transaction (``accounts.credentials``, through
``accounts.signals``), and the login refuses them from then on. ``account_reactivate`` lets them log in again;
what was ended stays ended (they log in afresh, mint new tokens, and the calendar page gives a new feed URL).

Errors are ``ValidationError`` by field (``reason``) or without one; refusals of permission are
``agencies.scoping``'s ``PermissionDenied``. Each leaves an ``AuthEvent`` with who, when and why.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies import scoping

from .invitations import record_event
from .models import AuthEvent


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do.")})
    return reason


def account_deactivate(*, actor, user, reason):
    scoping.require(actor, "account.manage", user)
    reason = _require_reason(reason)
    with transaction.atomic():
        user = type(user)._default_manager.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError(_("Tài khoản này đã bị khóa."))
        user.is_active = False
        user.save(update_fields=["is_active"])  # ends sessions, tokens and the calendar feed (accounts.signals)
        record_event(AuthEvent.Kind.DEACTIVATED, user=user, actor=actor, note=reason)
    return user


def account_reactivate(*, actor, user, reason):
    scoping.require(actor, "account.manage", user)
    reason = _require_reason(reason)
    with transaction.atomic():
        user = type(user)._default_manager.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise ValidationError(_("Tài khoản này đang hoạt động."))
        user.is_active = True
        user.save(update_fields=["is_active"])
        record_event(AuthEvent.Kind.REACTIVATED, user=user, actor=actor, note=reason)
    return user
