"""Writes to the agencies and to who works where: an agency created or corrected, a person given an account and a
membership. Coordinators only (``membership.manage``: never their own), with a reason and history; the error
contract is ``core.services``'.

A person created here has no usable password: they set their own through the invitation the accounts app sends
(never a password chosen for them). Users have no history of their own; the membership's record carries the
reason of the change.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import check_fields, invalid, require_reason, require_text, save

from . import scoping
from .models import Agency, Membership

AGENCY_FIELDS = {"code", "name", "short_name", "kind", "email", "phone", "commune", "is_active"}
PERSON_FIELDS = {"first_name", "last_name", "email"}
MEMBERSHIP_FIELDS = {"agency", "role", "title"}


def agency_create(*, actor, reason, **values):
    """Add an agency to the plan's list (coordinators)."""
    scoping.require(actor, "membership.manage")
    check_fields(values, AGENCY_FIELDS)
    agency = Agency(**values)
    with transaction.atomic():
        save(agency, actor=actor, reason=require_reason(reason), created=True)
    return agency


def person_create(*, actor, reason, username, email, first_name, last_name="", agency, role, title=""):
    """An account (without a usable password) and its active membership of ``agency`` in ``role``."""
    scoping.require(actor, "membership.manage")
    reason = require_reason(reason)
    username = require_text(username, "username", _("Cần tên đăng nhập."))
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        invalid("username", _("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username})
    if email and User.objects.filter(email__iexact=email).exists():
        invalid("email", _("Thư điện tử “%(email)s” đã có người dùng.") % {"email": email})
    user = User(username=username, email=email or "", first_name=first_name or "", last_name=last_name or "")
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        membership = Membership(user=user, agency=agency, role=role, title=title or "")
        save(membership, actor=actor, reason=reason, created=True)
    return user


def person_update(*, actor, user, reason, **changes):
    """Correct a person's name or email (coordinators; not their own)."""
    membership = scoping.membership_of(user)
    scoping.require(actor, "membership.manage", membership or Membership(user=user))
    check_fields(changes, PERSON_FIELDS)
    reason = require_reason(reason)
    User = get_user_model()
    if changes.get("email") and User.objects.filter(email__iexact=changes["email"]).exclude(pk=user.pk).exists():
        invalid("email", _("Thư điện tử “%(email)s” đã có người dùng.") % {"email": changes["email"]})
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save(update_fields=list(changes))
    return user


def membership_set(*, actor, user, reason, **values):
    """Give ``user`` the membership ``values`` describe: their active one is corrected, or a first one made."""
    check_fields(values, MEMBERSHIP_FIELDS)
    reason = require_reason(reason)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user, is_active=True).first()
        created = membership is None
        membership = membership or Membership(user=user)
        scoping.require(actor, "membership.manage", membership)
        for name, value in values.items():
            setattr(membership, name, value)
        save(membership, actor=actor, reason=reason, created=created)
    return membership
