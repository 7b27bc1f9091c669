"""Invitations: a coordinator invites a person, who receives an email with a one-time link to set their password.

The stable entry points (the people import calls ``invite_many`` after creating its users with unusable
passwords):

- ``invite(*, actor, user, reason="")``: send ``user`` (an active account without a usable password, with an
  email address) an invitation, or a new one: the link of the previous one stops working.
- ``invite_many(*, actor, users, reason="")``: ``invite`` each; returns an ``InviteOutcome`` (who was invited,
  who was not and why), never stopping at the first refusal.
- ``invite_person(*, actor, email, first_name, last_name, agency, role, title="", reason="")``: the invite
  form's service: creates the account and its agency membership, then ``invite``.

The link carries a signed token (``django.core.signing``, salted for invitations) naming the user and a
fingerprint of their password hash: it expires after ``INVITATION_EXPIRY_DAYS``, and it stops working as soon as
the password is set or a new invitation replaces the unusable password the fingerprint was taken from.

Errors are ``ValidationError`` by field (``email``, ``agency``, ``role``…) or without one; refusals of
permission are ``agencies.scoping``'s ``PermissionDenied``. Every step leaves an ``AuthEvent`` (who, when, why).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from agencies import scoping
from agencies.models import Membership
from core.audit import record_save
from department import letterhead

from .models import AuthEvent

SALT = "accounts.invitation"


def record_event(kind, *, user, actor=None, note="", request=None):
    """One account step in the audit log (``AuthEvent``): whose account, who did it, why."""
    from .credentials import _client_address, current_request

    request = request if request is not None else current_request()
    return AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=user.get_username()[:150] if user is not None else "",
        actor=actor,
        note=note or "",
        ip_address=_client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
    )


# --- the link -----------------------------------------------------------------------------------------------


def _fingerprint(user):
    """Changes whenever the password hash does: set by the person, or replaced by a new invitation."""
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:32]


def invitation_token(user):
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT, compress=True)


def invitation_url(user):
    return settings.SITE_URL + reverse("invitation_accept", args=[invitation_token(user)])


class InvalidInvitation(Exception):
    """Why a link cannot be used: ``expired``, or ``invalid`` (forged, used, or replaced by a newer one)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def user_for_invitation(token):
    """The user ``token`` invites, while it is valid; else ``InvalidInvitation``."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INVITATION_EXPIRY_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise InvalidInvitation("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidInvitation("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("f"), str):
        raise InvalidInvitation("invalid")
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None or user.has_usable_password() or not constant_time_compare(data["f"], _fingerprint(user)):
        raise InvalidInvitation("invalid")
    return user


# --- inviting -----------------------------------------------------------------------------------------------


def _check_invitable(user):
    if not user.is_active:
        raise ValidationError(_("Tài khoản %(name)s đang bị khóa; hãy mở lại trước khi mời.") % {"name": user})
    if not user.email:
        raise ValidationError({"email": _("Tài khoản %(name)s chưa có địa chỉ thư điện tử.") % {"name": user}})
    if user.has_usable_password():
        raise ValidationError(
            _("%(name)s đã đặt mật khẩu; nếu quên, họ dùng chức năng “Quên mật khẩu” ở trang đăng nhập.")
            % {"name": user}
        )


def invite(*, actor, user, reason=""):
    """Send ``user`` an invitation (or a new one, whose link replaces the previous one's). Returns the event."""
    scoping.require(actor, "account.manage", user)
    _check_invitable(user)
    with transaction.atomic():
        already = AuthEvent.objects.filter(user=user, kind=AuthEvent.Kind.INVITED).exists()
        # A fresh unusable password: the previous link's fingerprint no longer matches.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        kind = AuthEvent.Kind.INVITATION_RESENT if already else AuthEvent.Kind.INVITED
        event = record_event(kind, user=user, actor=actor, note=reason)
        _send_invitation(user, actor)
    return event


def _send_invitation(user, actor):
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "link": invitation_url(user),
        "days": settings.INVITATION_EXPIRY_DAYS,
        "inviter": (actor.get_full_name() or actor.get_username()) if actor is not None else "",
        "site_url": settings.SITE_URL,
        "department": letterhead.current(),  # rendered outside a request: no context processor
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, letterhead.sender(), [user.email])


@dataclass
class InviteOutcome:
    """What ``invite_many`` did: the users invited, and those not invited with the reason in words."""

    invited: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (user, message)


def invite_many(*, actor, users, reason=""):
    """``invite`` each of ``users``, each in its own transaction: one refusal (no email, already has a password)
    or one failed send does not stop the others."""
    outcome = InviteOutcome()
    for user in users:
        try:
            invite(actor=actor, user=user, reason=reason)
        except ValidationError as error:
            outcome.refused.append((user, " ".join(error.messages)))
        except OSError as error:  # the mail server refused or could not be reached
            outcome.refused.append((user, _("Không gửi được thư: %(error)s") % {"error": error}))
        else:
            outcome.invited.append(user)
    return outcome


def _username_for(email):
    """The email address itself when it is a valid username (people log in with what they know), else its
    local part; numbered when taken."""
    User = get_user_model()
    candidate = email.lower()
    try:
        UnicodeUsernameValidator()(candidate)
    except ValidationError:
        candidate = "".join(ch for ch in email.split("@")[0].lower() if ch.isalnum() or ch in ".-_") or "nguoidung"
    candidate = candidate[:140]
    username, number = candidate, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{candidate}{number}"
    return username


def email_taken(email, exclude=None):
    users = get_user_model().objects.filter(email__iexact=email.strip())
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.first()


def invite_person(*, actor, email, first_name, last_name, agency, role, title="", reason=""):
    """Create an account for ``email`` with its agency membership, and invite it. Returns the user."""
    scoping.require(actor, "account.manage")
    email = (email or "").strip()
    User = get_user_model()
    taken = email_taken(email) if email else None
    if taken is not None:
        raise ValidationError(
            {
                "email": _(
                    "Địa chỉ thư này đã thuộc tài khoản %(username)s; nếu người đó chưa đặt mật khẩu, hãy dùng "
                    "“Gửi lại thư mời” trong danh sách người dùng."
                )
                % {"username": taken.get_username()}
            }
        )
    with transaction.atomic():
        user = User(username=_username_for(email), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        membership = Membership(user=user, agency=agency, role=role, title=title)
        scoping.require(actor, "membership.manage", membership)
        membership.full_clean()
        record_save(membership, actor=actor, reason=reason or _("Mời sử dụng hệ thống"), created=True)
        invite(actor=actor, user=user, reason=reason)
    return user


def accept_invitation(*, user, password):
    """The invited person sets their first password (already validated by the form). Returns the user."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(AuthEvent.Kind.PASSWORD_SET, user=user, actor=user)
    return user
